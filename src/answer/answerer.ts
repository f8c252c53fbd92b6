/** Question → retrieval → refusal or composed answer with citations; the same for HTTP and WebSocket. */
import { PROVINCES } from '../library/places.ts';
import { LRUCache } from 'lru-cache';
import type { Chunk } from '../library/schema.ts';
import type { Logger } from '../logger.ts';
import { boostPlaces, type SearchHit, type Searcher } from '../search/searcher.ts';
import { citationOf, composeAnswer } from './compose.ts';
import { LLM_REFUSAL, markersIn } from './llm-clean.ts';
import type { LlmBackend } from './llm.ts';
import { type RewrittenQuery, rewriteQuery } from './followup.ts';
import { profileQuestion } from './question.ts';
import { gatherEvidence, type Evidence } from './refusal.ts';
import type { Answer, AskRequest, Citation } from './schema.ts';

/** Clauses the answer is composed from. */
const ANSWER_HITS = 5;
/** Clauses retrieved, so that lifting the named places' documents has some to lift. */
const CANDIDATE_HITS = 20;
/** Distinct requests whose extractive answers are kept. */
const ANSWER_CACHE = 2000;

export interface AnswerEvents {
  /** One sentence of an extractive answer, with its marker. */
  onSentence?(sentence: string): void;
  /** A raw piece of an LLM answer as it streams. */
  onToken?(text: string): void;
  /** The LLM failed after streaming: what was streamed is void, the extractive sentences follow. */
  onReset?(): void;
  /** Ends the LLM generation when the client has gone. */
  signal?: AbortSignal;
}

export interface Answerer {
  answer(request: AskRequest, events?: AnswerEvents): Promise<Answer>;
}

/** Why the library cannot answer, and where to look instead when something is close. */
function refusalText(hits: readonly SearchHit[], evidence: Evidence): string {
  if (evidence.reason === 'off-topic') return '这个问题似乎与营商环境政策无关。请询问具体的政策问题，例如：个体工商户能享受哪些税费减免？';
  if (evidence.reason === 'unknown-place') return `政策库中没有${evidence.unknownPlaces.join('、')}的相关文件，无法回答该问题。`;
  const suggestions = [...new Set(hits.slice(0, 3).map((hit) => hit.chunk.docTitle))].map((title) => `《${title.replace(/^.*《|》.*$/gu, '')}》`);
  const closest = suggestions.length > 0 ? `可参考的相近文件：${suggestions.join('、')}。` : '';
  return `政策库中没有找到与该问题直接相关的条款，无法给出有依据的回答。${closest}`;
}

function refusal(query: string, hits: readonly SearchHit[], evidence: Evidence): Answer {
  return { answer: refusalText(hits, evidence), refused: true, citations: [], query, by: 'extractive' };
}

export interface AnswererParts {
  searcher: Searcher;
  /** Optional: writes the answer from the same clauses; the extractive answer remains the fallback. */
  llm?: LlmBackend | undefined;
  log?: Pick<Logger, 'warn'>;
}

/** The LLM's answer over the numbered clauses, or null when it failed or cited nothing. */
async function llmAnswer(llm: LlmBackend, request: AskRequest, hits: readonly SearchHit[], events: AnswerEvents | undefined, log: AnswererParts['log']): Promise<{ text: string; citations: Citation[] } | null> {
  const numbered = hits.map((hit, i) => citationOf(hit, i + 1));
  let streamed = false;
  try {
    const text = await llm.answer(
      { question: request.question, history: request.history ?? [], clauses: numbered.map(({ n, docTitle, clause, page, text: body }) => ({ n, docTitle, clause, page, text: body })) },
      (token) => {
        streamed = true;
        events?.onToken?.(token);
      },
      events?.signal,
    );
    if (text.startsWith(LLM_REFUSAL)) return { text, citations: [] };
    const cited = new Set(markersIn(text));
    if (cited.size === 0) throw new Error('the LLM answer cites no clause');
    return { text, citations: numbered.filter((citation) => cited.has(citation.n)) };
  } catch (error) {
    log?.warn({ err: error }, 'LLM answer failed, using the extractive answer');
    if (streamed) events?.onReset?.();
    return null;
  }
}

/** "这个政策什么时候发布的？": the date and number of the document the conversation is about, cited to its opening. */
function metadataAnswer(query: string, hit: SearchHit, chunks: readonly Chunk[]): Answer {
  const { document } = hit;
  const opening = chunks.find((chunk) => chunk.docId === document.id) ?? hit.chunk;
  const facts = [document.date ? `发布日期为${document.date.replace(/^(\d{4})-0?(\d{1,2})(?:-0?(\d{1,2}))?$/u, (_m, y: string, mo: string, d?: string) => `${y}年${mo}月${d ? `${d}日` : ''}`)}` : '', document.docNumber ? `文号${document.docNumber}` : '']
    .filter(Boolean)
    .join('，');
  const sentence = facts ? `《${document.title}》${facts}。[1]` : `《${document.title}》。[1]政策库中该文件未注明发布日期。`;
  return { answer: sentence, refused: false, citations: [citationOf({ ...hit, chunk: opening }, 1)], query, by: 'extractive' };
}

export function createAnswerer({ searcher, llm, log }: AnswererParts): Answerer {
  // Places the library has documents about; a province without any can still be named (and not answered for).
  const libraryRegions = new Set(searcher.documents.map((document) => document.region).filter((region): region is string => region !== null));
  const libraryPlaces = new Set([...searcher.places].filter((place) => !PROVINCES.includes(place) || libraryRegions.has(place)));
  const idf = (word: string) => searcher.lexical.wordIdf(word);

  /** The answer and, for extractive answers, its sentences (what a stream sends one by one). */
  async function compute(request: AskRequest, rewritten: RewrittenQuery, events: AnswerEvents | undefined): Promise<{ answer: Answer; sentences: string[] }> {
    const { query, asksMetadata } = rewritten;
    // One search, two rankings: evidence of coverage comes before lifting the named places' documents.
    const candidates = await searcher.search(query, { k: CANDIDATE_HITS, filters: request.filters, placeBoost: false });
    const profile = profileQuestion(query, idf, searcher.places);
    const hits = boostPlaces(candidates, profile.places).slice(0, ANSWER_HITS);
    if (asksMetadata && hits[0]) {
      const answer = metadataAnswer(query, hits[0], searcher.chunks);
      return { answer, sentences: [answer.answer] };
    }
    const evidence = gatherEvidence(query, profile, candidates.slice(0, ANSWER_HITS), { places: libraryPlaces, hasWord: (word) => searcher.lexical.hasWord(word) });
    if (evidence.reason !== null) return { answer: refusal(query, hits, evidence), sentences: [] };
    if (llm) {
      const written = await llmAnswer(llm, { ...request, question: query }, hits, events, log);
      if (written && written.citations.length === 0) return { answer: refusal(query, hits, evidence), sentences: [] };
      if (written) return { answer: { answer: written.text, refused: false, citations: written.citations, query, by: llm.model }, sentences: [] };
    }
    const composed = composeAnswer(profile, hits);
    return { answer: { answer: composed.sentences.join(''), refused: false, citations: composed.citations, query, by: 'extractive' }, sentences: composed.sentences };
  }

  // Extractive answers depend only on the rewritten query and the filters: the same question is answered once.
  const cache = llm ? null : new LRUCache<string, { answer: Answer; sentences: string[] }>({ max: ANSWER_CACHE });

  return {
    async answer(request, events) {
      const rewritten = rewriteQuery(request, searcher.places);
      const key = JSON.stringify([rewritten.query, rewritten.asksMetadata, request.filters ?? {}]);
      const result = cache?.get(key) ?? (await compute(request, rewritten, events));
      cache?.set(key, result);
      for (const sentence of result.sentences) events?.onSentence?.(sentence);
      return result.answer;
    },
  };
}
