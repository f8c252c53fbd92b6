/** Lexical retrieval: BM25F on character bigrams and on jieba words, each passage knowing its document. */
import type { Chunk, PolicyDocument } from '../library/schema.ts';
import { Bm25Index, type ScoredIndex } from './bm25.ts';
import { bigrams, words } from './tokenize.ts';

/** Field weights: the clause text, then its context (document title, region, issuer, clause path). */
const FIELD_WEIGHTS = [1, 0.6] as const;

export interface LexicalIndex {
  /** Both streams' rankings, each best first. */
  search(query: string, limit: number, accept?: (index: number) => boolean): { bigram: ScoredIndex[]; word: ScoredIndex[] };
  /** How rare a jieba word is in the library: weights question terms when answers are composed. */
  wordIdf(word: string): number;
}

/** What a passage is about beyond its own words: questions name the region or issuer, clauses rarely do. */
export function passageContext(chunk: Chunk, document: PolicyDocument | undefined): string {
  return [chunk.docTitle, document?.region ?? '', document?.issuer ?? '', chunk.clause].join(' ');
}

export function createLexicalIndex(chunks: readonly Chunk[], documents: readonly PolicyDocument[]): LexicalIndex {
  const byId = new Map(documents.map((document) => [document.id, document]));
  const contexts = chunks.map((chunk) => passageContext(chunk, byId.get(chunk.docId)));
  const bigramIndex = new Bm25Index(chunks.map((chunk, i) => [bigrams(chunk.text), bigrams(contexts[i] ?? '')]), { fieldWeights: FIELD_WEIGHTS });
  const wordIndex = new Bm25Index(chunks.map((chunk, i) => [words(chunk.text), words(contexts[i] ?? '')]), { fieldWeights: FIELD_WEIGHTS });
  return {
    search(query, limit, accept) {
      return { bigram: bigramIndex.search(bigrams(query), limit, accept), word: wordIndex.search(words(query), limit, accept) };
    },
    wordIdf: (word) => wordIndex.idf(word),
  };
}
