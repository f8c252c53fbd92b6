/** Lexical retrieval: BM25F on character bigrams and on jieba words, each passage knowing its document. */
import { headingTrails } from '../library/heading-trail.ts';
import type { Chunk, PolicyDocument } from '../library/schema.ts';
import { Bm25Index, type Bm25Snapshot, type ScoredIndex } from './bm25.ts';
import { bigrams, TOKENIZER_SIGNATURE, words } from './tokenize.ts';

/** Field weights: the clause text, then its context (document title, region, issuer, clause path). */
const FIELD_WEIGHTS = [1, 0.6] as const;

export interface LexicalSnapshots {
  bigram: Bm25Snapshot;
  word: Bm25Snapshot;
}

export interface LexicalIndex {
  /** Both streams' rankings, each best first. */
  search(query: string, limit: number, accept?: (index: number) => boolean): { bigram: ScoredIndex[]; word: ScoredIndex[] };
  /** How rare a jieba word is in the library: weights question terms when answers are composed. */
  wordIdf(word: string): number;
  /** Whether any passage (text or context) has this jieba word. */
  hasWord(word: string): boolean;
  snapshots(): LexicalSnapshots;
}

/** Names what a persisted index was built with; any change means a rebuild. */
export const LEXICAL_SIGNATURE = `${TOKENIZER_SIGNATURE}|fields:${FIELD_WEIGHTS.join(',')}`;

/** What a passage is about beyond its own words: questions name the region or issuer, clauses rarely do. */
function passageContext(chunk: Chunk, document: PolicyDocument | undefined): string {
  return [chunk.docTitle, document?.region ?? '', document?.issuer ?? '', chunk.clause].join(' ');
}

/** Each chunk's context in two parts: its document's (shared by all its chunks) and its own (clause path, headings above). */
export function passageContexts(chunks: readonly Chunk[], documents: readonly PolicyDocument[]): { document: string; own: string }[] {
  const byId = new Map(documents.map((document) => [document.id, document]));
  const trails = headingTrails(chunks);
  return chunks.map((chunk) => ({ document: passageContext({ ...chunk, clause: '' }, byId.get(chunk.docId)), own: `${chunk.clause} ${trails.get(chunk.id) ?? ''}` }));
}

/** Tokens of each chunk's context; the document's part is tokenized once per document, not once per chunk. */
function contextTokens(contexts: readonly { document: string; own: string }[], tokenize: (text: string) => string[]): string[][] {
  const perDocument = new Map<string, string[]>();
  return contexts.map(({ document, own }) => {
    let documentTokens = perDocument.get(document);
    if (!documentTokens) perDocument.set(document, (documentTokens = tokenize(document)));
    return [...documentTokens, ...tokenize(own)];
  });
}

function wrap(bigramIndex: Bm25Index, wordIndex: Bm25Index): LexicalIndex {
  return {
    search(query, limit, accept) {
      return { bigram: bigramIndex.search(bigrams(query), limit, accept), word: wordIndex.search(words(query), limit, accept) };
    },
    wordIdf: (word) => wordIndex.idf(word),
    hasWord: (word) => wordIndex.has(word),
    snapshots: () => ({ bigram: bigramIndex.snapshot(), word: wordIndex.snapshot() }),
  };
}

export function createLexicalIndex(chunks: readonly Chunk[], documents: readonly PolicyDocument[]): LexicalIndex {
  const contexts = passageContexts(chunks, documents);
  const bigramContexts = contextTokens(contexts, bigrams);
  const wordContexts = contextTokens(contexts, words);
  return wrap(
    Bm25Index.build(chunks.map((chunk, i) => [bigrams(chunk.text), bigramContexts[i] ?? []]), { fieldWeights: FIELD_WEIGHTS }),
    Bm25Index.build(chunks.map((chunk, i) => [words(chunk.text), wordContexts[i] ?? []]), { fieldWeights: FIELD_WEIGHTS }),
  );
}

export function restoreLexicalIndex(snapshots: LexicalSnapshots): LexicalIndex {
  return wrap(Bm25Index.restore(snapshots.bigram), Bm25Index.restore(snapshots.word));
}
