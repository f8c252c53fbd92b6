/** Question → retrieval → refusal or composed answer with citations; the same for HTTP and WebSocket. */
import { PROVINCES, placeNames } from '../library/places.ts';
import type { SearchHit, Searcher } from '../search/searcher.ts';
import { composeAnswer } from './compose.ts';
import { rewriteQuery } from './followup.ts';
import { profileQuestion } from './question.ts';
import { gatherEvidence, type Evidence } from './refusal.ts';
import type { Answer, AskRequest, Citation } from './schema.ts';

/** Clauses the answer is composed from. */
const ANSWER_HITS = 5;

export interface AnswerEvents {
  onSentence?(sentence: string): void;
}

export interface Answerer {
  answer(request: AskRequest, events?: AnswerEvents): Promise<Answer>;
}

function refusal(query: string, hits: readonly SearchHit[], evidence: Evidence): Answer {
  const suggestions = [...new Set(hits.slice(0, 3).map((hit) => hit.chunk.docTitle))];
  const place = evidence.unknownPlaces.length > 0 ? `政策库中没有${evidence.unknownPlaces.join('、')}的相关文件，` : '';
  const closest = suggestions.length > 0 && evidence.unknownPlaces.length === 0 ? `可参考的相近文件：${suggestions.map((title) => `《${title.replace(/^.*《|》.*$/gu, '')}》`).join('、')}。` : '';
  return { answer: `${place}政策库中没有找到与该问题直接相关的条款，无法给出有依据的回答。${closest}`, refused: true, citations: [], query, by: 'extractive' };
}

export function createAnswerer(searcher: Searcher): Answerer {
  const libraryPlaces = placeNames(searcher.documents);
  const libraryRegions = new Set(searcher.documents.map((document) => document.region).filter((region): region is string => region !== null));
  // Provinces with no document are still places a question can name (and the library cannot answer for).
  for (const province of PROVINCES) if (!libraryRegions.has(province)) libraryPlaces.delete(province);
  const allPlaces = new Set([...PROVINCES, ...libraryPlaces]);
  const idf = (word: string) => searcher.lexical.wordIdf(word);

  return {
    async answer(request, events) {
      const { query } = rewriteQuery(request, allPlaces);
      const hits = await searcher.search(query, { k: ANSWER_HITS, filters: request.filters });
      const profile = profileQuestion(query, idf, allPlaces);
      const evidence = gatherEvidence(query, profile, hits, libraryPlaces);
      if (evidence.reason !== null) return refusal(query, hits, evidence);
      const composed = composeAnswer(profile, hits);
      for (const sentence of composed.sentences) events?.onSentence?.(sentence);
      const citations: Citation[] = composed.citations;
      return { answer: composed.sentences.join(''), refused: false, citations, query, by: 'extractive' };
    },
  };
}
