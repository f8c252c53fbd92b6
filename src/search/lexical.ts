/** Lexical retrieval: BM25F on character bigrams and on jieba words, each passage knowing its document. */
import { headingTrails } from '../library/heading-trail.ts';
import type { Chunk, PolicyDocument } from '../library/schema.ts';
import { Bm25Index, type Bm25Snapshot, type ScoredIndex } from './bm25.ts';
import { bigrams, dictionaryCounts, TOKENIZER_SIGNATURE, words } from './tokenize.ts';

/** Field weights: the clause text, then its context (document title, region, issuer, clause path). */
const FIELD_WEIGHTS = [1, 0.6] as const;

/** jieba's dictionary counts (a general Chinese corpus) of the library's words it has, and the corpus total. */
export interface GeneralCounts {
  total: number;
  words: string[];
  counts: number[];
}

export interface LexicalSnapshots {
  bigram: Bm25Snapshot;
  word: Bm25Snapshot;
  general: GeneralCounts;
}

export interface LexicalIndex {
  /** Both streams' rankings, each best first. */
  search(query: string, limit: number, accept?: (index: number) => boolean): { bigram: ScoredIndex[]; word: ScoredIndex[] };
  /** How rare a jieba word is in the library: weights question terms when answers are composed. */
  wordIdf(word: string): number;
  /** Whether any passage (text or context) has this jieba word. */
  hasWord(word: string): boolean;
  /** Share of the passages (text or context) that have this jieba word. */
  wordShare(word: string): number;
  /** The word's share of a general Chinese corpus (jieba's dictionary counts, plus one); null when jieba's dictionary lacks it. */
  generalShare(word: string): number | null;
  snapshots(): LexicalSnapshots;
  /**
   * The index of a changed library, this one untouched: chunk i is this index's passage `keep[i]`, or a
   * new chunk (tokenized now) where that is -1; `contexts` are the changed library's `passageContexts`.
   */
  update(keep: Int32Array, chunks: readonly Chunk[], contexts: readonly PassageContext[]): LexicalIndex;
}

/** Names what a persisted index was built with; any change means a rebuild. */
export const LEXICAL_SIGNATURE = `${TOKENIZER_SIGNATURE}|fields:${FIELD_WEIGHTS.join(',')}`;

/** What a passage is about beyond its own words: questions name the region or issuer, clauses rarely do. */
function passageContext(chunk: Chunk, document: PolicyDocument | undefined): string {
  return [chunk.docTitle, document?.region ?? '', document?.issuer ?? '', chunk.clause].join(' ');
}

/** A chunk's context in two parts: its document's (shared by all its chunks) and its own (clause path, headings above). */
export interface PassageContext {
  document: string;
  own: string;
}

/**
 * Every chunk's context. Only opening an index needs them (keys, then the new chunks' tokens): the caller
 * passes them along and drops them, since kept they would cost a string pair per chunk while serving.
 */
export function passageContexts(chunks: readonly Chunk[], documents: readonly PolicyDocument[]): PassageContext[] {
  const byId = new Map(documents.map((document) => [document.id, document]));
  const trails = headingTrails(chunks);
  return chunks.map((chunk) => ({ document: passageContext({ ...chunk, clause: '' }, byId.get(chunk.docId)), own: `${chunk.clause} ${trails.get(chunk.id) ?? ''}` }));
}

/** Tokens of each chunk's context; the document's part is tokenized once per document, not once per chunk. */
function contextTokens(contexts: readonly PassageContext[], tokenize: (text: string) => string[]): string[][] {
  const perDocument = new Map<string, string[]>();
  return contexts.map(({ document, own }) => {
    let documentTokens = perDocument.get(document);
    if (!documentTokens) perDocument.set(document, (documentTokens = tokenize(document)));
    return [...documentTokens, ...tokenize(own)];
  });
}

/** Each chunk's fields, text then context, for the chunks at `indices`, tokenized by `tokenize`. */
function passageFields(chunks: readonly Chunk[], contexts: readonly PassageContext[], indices: readonly number[], tokenize: (text: string) => string[]): string[][][] {
  const tokens = contextTokens(indices.map((i) => contexts[i] as PassageContext), tokenize);
  return indices.map((i, n) => [tokenize((chunks[i] as Chunk).text), tokens[n] ?? []]);
}

/** Read once per build or change, not per start: scanning jieba's dictionary costs ≈ 150 ms. */
function generalCounts(wordIndex: Bm25Index): GeneralCounts {
  const { counts, total } = dictionaryCounts((word) => wordIndex.has(word));
  return { total, words: [...counts.keys()], counts: [...counts.values()] };
}

function wrap(bigramIndex: Bm25Index, wordIndex: Bm25Index, general = generalCounts(wordIndex)): LexicalIndex {
  const generalCount = new Map(general.words.map((word, i) => [word, general.counts[i] as number]));
  return {
    update(keep, chunks, contexts) {
      const fresh = [...keep.keys()].filter((i) => (keep[i] as number) < 0);
      const added = (tokenize: (text: string) => string[]) => {
        const fields = passageFields(chunks, contexts, fresh, tokenize);
        return new Map(fresh.map((index, n) => [index, fields[n] ?? []]));
      };
      return wrap(bigramIndex.update(keep, added(bigrams), FIELD_WEIGHTS), wordIndex.update(keep, added(words), FIELD_WEIGHTS));
    },
    search(query, limit, accept) {
      return { bigram: bigramIndex.search(bigrams(query), limit, accept), word: wordIndex.search(words(query), limit, accept) };
    },
    wordIdf: (word) => wordIndex.idf(word),
    hasWord: (word) => wordIndex.has(word),
    wordShare: (word) => wordIndex.share(word),
    generalShare: (word) => {
      const count = generalCount.get(word);
      return count === undefined ? null : (count + 1) / general.total;
    },
    snapshots: () => ({ bigram: bigramIndex.snapshot(), word: wordIndex.snapshot(), general }),
  };
}

export function createLexicalIndex(chunks: readonly Chunk[], documents: readonly PolicyDocument[], contexts = passageContexts(chunks, documents)): LexicalIndex {
  const all = chunks.map((_, i) => i);
  return wrap(
    Bm25Index.build(passageFields(chunks, contexts, all, bigrams), { fieldWeights: FIELD_WEIGHTS }),
    Bm25Index.build(passageFields(chunks, contexts, all, words), { fieldWeights: FIELD_WEIGHTS }),
  );
}

export function restoreLexicalIndex(snapshots: LexicalSnapshots): LexicalIndex {
  return wrap(Bm25Index.restore(snapshots.bigram), Bm25Index.restore(snapshots.word), snapshots.general);
}
