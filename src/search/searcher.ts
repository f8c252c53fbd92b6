/** Retrieval over the library: lexical, dense, or the hybrid of both, with metadata filters. */
import { AppError } from '../errors.ts';
import type { Chunk, PolicyDocument } from '../library/schema.ts';
import type { ScoredIndex } from './bm25.ts';
import { placeNames } from '../library/places.ts';
import { filterPredicate, type SearchFilters } from './filters.ts';
import { type Signal, weightedZMix } from './fusion.ts';
import type { LexicalIndex } from './lexical.ts';
import type { VectorStore } from './vector-store.ts';

export type { SearchFilters } from './filters.ts';

export const RETRIEVERS = ['hybrid', 'lexical', 'dense'] as const;
export type RetrieverKind = (typeof RETRIEVERS)[number];

export interface SearchOptions {
  k: number;
  filters?: SearchFilters | undefined;
  retriever?: RetrieverKind | undefined;
  /** Lift clauses of documents about the places the query names (default true). */
  placeBoost?: boolean | undefined;
}

export interface SearchHit {
  chunk: Chunk;
  document: PolicyDocument;
  score: number;
}

export interface QueryEmbedder {
  embedQuery(text: string): Promise<Float32Array>;
}

export interface Searcher {
  readonly chunks: readonly Chunk[];
  /** Place names a query may use: provinces, and the cities the library's documents are about. */
  readonly places: ReadonlySet<string>;
  readonly documents: readonly PolicyDocument[];
  readonly lexical: LexicalIndex;
  readonly hasDense: boolean;
  search(query: string, options: SearchOptions): Promise<SearchHit[]>;
}

export interface SearcherParts {
  chunks: readonly Chunk[];
  documents: readonly PolicyDocument[];
  lexical: LexicalIndex;
  dense?: { embedder: QueryEmbedder; store: VectorStore } | undefined;
  /** Weight of the dense signal against the lexical one in the hybrid mix. */
  denseWeight: number;
}

/** Candidates each signal contributes before fusion. */
const CANDIDATES = 100;
/** Candidates the dense graph adds; lexical candidates get their exact cosine anyway. */
const DENSE_CANDIDATES = 50;
/** How deep the place lift looks for clauses to lift into the top k. */
const BOOST_DEPTH = 50;
const QUERY_CACHE = 2000;

/** Standard-score units added to clauses of documents about a place the query names. */
const PLACE_BOOST = 1;

/** Places named in a text; a city also names its province's text (西安 in 陕西), so only the longest distinct names. */
export function placesIn(text: string, places: ReadonlySet<string>): string[] {
  const named = [...places].filter((place) => text.includes(place));
  return named.filter((place) => !named.some((other) => other !== place && other.includes(place)));
}

export function isAbout(document: PolicyDocument, place: string): boolean {
  return document.title.includes(place) || document.region === place || (document.issuer ?? '').includes(place);
}

/**
 * Most questions name the region or city whose policy they ask about, and the answering clause rarely
 * repeats it: clauses of documents about a named place move up by a fixed margin, others keep their order.
 */
export function boostPlaces(hits: readonly SearchHit[], named: readonly string[]): SearchHit[] {
  if (named.length === 0) return [...hits];
  return hits
    .map((hit) => (named.some((place) => isAbout(hit.document, place)) ? { ...hit, score: hit.score + PLACE_BOOST } : hit))
    .sort((a, b) => b.score - a.score);
}

/**
 * Standard scores of both BM25 streams, weighted equally, plus the dense cosine at `denseWeight`:
 * measured on the dev set, a z-score mix keeps the lexical precision on factual questions while the
 * dense signal lifts paraphrases; equal-weight rank fusion with weak vectors costs precision.
 */
function mix(slots: Int32Array, bigram: readonly ScoredIndex[], word: readonly ScoredIndex[], dense?: Signal): ScoredIndex[] {
  const signals: Signal[] = [{ scored: bigram, weight: 0.5 }, { scored: word, weight: 0.5 }];
  return weightedZMix(dense ? [...signals, dense] : signals, slots);
}

export function createSearcher(parts: SearcherParts): Searcher {
  const { chunks, lexical, dense, denseWeight } = parts;
  const byId = new Map(parts.documents.map((document) => [document.id, document]));
  const places = placeNames(parts.documents);
  const queryVectors = new Map<string, Promise<Float32Array>>();
  // Scratch of one entry per chunk for fusion and for marking the graph's results; left cleared after each use.
  const slots = new Int32Array(chunks.length).fill(-1);
  const fromGraph = new Uint8Array(chunks.length);

  function embedQuery(embedder: QueryEmbedder, query: string): Promise<Float32Array> {
    const cached = queryVectors.get(query);
    if (cached) return cached;
    const pending = embedder.embedQuery(query);
    pending.catch(() => queryVectors.delete(query));
    if (queryVectors.size >= QUERY_CACHE) queryVectors.delete(queryVectors.keys().next().value as string);
    queryVectors.set(query, pending);
    return pending;
  }

  async function rank(query: string, retriever: RetrieverKind, accept?: (index: number) => boolean): Promise<ScoredIndex[]> {
    if (retriever === 'dense') {
      // Lexical results under the name of dense ones would mislead whoever asked for dense.
      if (!dense) throw new AppError('DENSE_UNAVAILABLE');
      return dense.store.search(await embedQuery(dense.embedder, query), CANDIDATES, accept);
    }
    const { bigram, word } = lexical.search(query, CANDIDATES, accept);
    if (retriever === 'lexical' || !dense) return mix(slots, bigram, word);
    const vector = await embedQuery(dense.embedder, query);
    const scored = dense.store.search(vector, DENSE_CANDIDATES, accept);
    for (const { index } of scored) fromGraph[index] = 1;
    // Lexical candidates the graph did not return still get their exact cosine.
    for (const list of [bigram, word]) {
      for (const { index } of list) {
        if (fromGraph[index] === 1) continue;
        fromGraph[index] = 1;
        scored.push({ index, score: dense.store.similarity(vector, index) });
      }
    }
    for (const { index } of scored) fromGraph[index] = 0;
    return mix(slots, bigram, word, { scored, weight: denseWeight });
  }

  return {
    chunks,
    places,
    documents: parts.documents,
    lexical,
    hasDense: dense !== undefined,
    async search(query, options) {
      const accept = filterPredicate(chunks, parts.documents, options.filters);
      const boost = options.placeBoost !== false;
      const ranked = (await rank(query, options.retriever ?? 'hybrid', accept)).slice(0, boost ? Math.max(options.k, BOOST_DEPTH) : options.k).map(({ index, score }) => {
        const chunk = chunks[index] as Chunk;
        return { chunk, document: byId.get(chunk.docId) as PolicyDocument, score };
      });
      return (boost ? boostPlaces(ranked, placesIn(query, places)) : ranked).slice(0, options.k);
    },
  };
}
