/**
 * Dense vectors of the chunks in an HNSW graph (cosine), with int8 codes of them kept for exact re-scoring
 * (a quarter of float32; on the dev set every ranking and answer figure is the same as with float32).
 * Graph points have stable labels: a chunk added later gets a new label, a removed one is marked deleted,
 * so the library changes without a rebuild; `labelOf` maps the searcher's chunk index to its label.
 */
import hnswlib, { type HierarchicalNSW } from 'hnswlib-node';
import type { ScoredIndex } from './bm25.ts';

const M = 16;
const EF_CONSTRUCTION = 200;
const EF_SEARCH = 64;
/** Largest int8 code: each row is scaled so its largest component maps to it. */
const CODE_MAX = 127;

/** How the graph changes: vectors to add (at labels after the last), labels whose chunks are gone. */
export interface VectorChanges {
  added: readonly Float32Array[];
  deleted: readonly number[];
}

/** A store and the float32 rows it was made from (`labels × dimension`), which only writing them to disk needs. */
export interface MadeStore {
  store: VectorStore;
  rows: Float32Array;
}

export class VectorStore {
  private readonly chunkOf: Int32Array;
  /** No label of the graph belongs to a removed chunk. */
  private readonly everyLabelServed: boolean;
  /** Row-major, `labels × dimension`: each row's components over its scale, rounded; deleted labels keep their rows. */
  private readonly codes: Int8Array;
  private readonly scales: Float32Array;

  private constructor(
    private readonly graph: HierarchicalNSW,
    rows: Float32Array,
    readonly dimension: number,
    /** The graph label of each chunk, by chunk index. */
    readonly labelOf: Int32Array,
  ) {
    const labels = rows.length / dimension;
    this.codes = new Int8Array(rows.length);
    this.scales = new Float32Array(labels);
    for (let label = 0; label < labels; label++) {
      const offset = label * dimension;
      let largest = 0;
      for (let d = 0; d < dimension; d++) largest = Math.max(largest, Math.abs(rows[offset + d] as number));
      const scale = largest / CODE_MAX || 1;
      this.scales[label] = scale;
      for (let d = 0; d < dimension; d++) this.codes[offset + d] = Math.round((rows[offset + d] as number) / scale);
    }
    this.chunkOf = new Int32Array(labels).fill(-1);
    labelOf.forEach((label, index) => (this.chunkOf[label] = index));
    this.everyLabelServed = !this.chunkOf.includes(-1);
  }

  /** Chunks served (deleted points excluded). */
  get count(): number {
    return this.labelOf.length;
  }

  static build(vectors: readonly Float32Array[], dimension: number): MadeStore {
    const graph = new hnswlib.HierarchicalNSW('cosine', dimension);
    graph.initIndex(Math.max(1, vectors.length), M, EF_CONSTRUCTION);
    const matrix = new Float32Array(vectors.length * dimension);
    vectors.forEach((vector, i) => {
      if (vector.length !== dimension) throw new Error(`vector ${i} has dimension ${vector.length}, expected ${dimension}`);
      matrix.set(vector, i * dimension);
      graph.addPoint(Array.from(vector), i);
    });
    graph.setEf(EF_SEARCH);
    return { store: new VectorStore(graph, matrix, dimension, Int32Array.from(vectors, (_, i) => i)), rows: matrix };
  }

  /**
   * Reads a graph written by `writeGraph`, with the matrix (by label) stored beside it, and applies
   * `changes` to this fresh copy: a store serving queries meanwhile keeps its own graph untouched.
   */
  static async read(graphFile: string, matrix: Float32Array, dimension: number, labelOf: Int32Array, changes?: VectorChanges): Promise<MadeStore> {
    const labels = matrix.length / dimension;
    const graph = new hnswlib.HierarchicalNSW('cosine', dimension);
    await graph.readIndex(graphFile);
    if (graph.getCurrentCount() !== labels) throw new Error(`HNSW graph holds ${graph.getCurrentCount()} points, vectors file ${labels}`);
    let rows = matrix;
    if (changes && (changes.added.length > 0 || changes.deleted.length > 0)) {
      rows = new Float32Array((labels + changes.added.length) * dimension);
      rows.set(matrix);
      if (changes.added.length > 0) graph.resizeIndex(labels + changes.added.length);
      changes.added.forEach((vector, i) => {
        rows.set(vector, (labels + i) * dimension);
        graph.addPoint(Array.from(vector), labels + i);
      });
      for (const label of changes.deleted) graph.markDelete(label);
    }
    graph.setEf(EF_SEARCH);
    return { store: new VectorStore(graph, rows, dimension, labelOf), rows };
  }

  async writeGraph(file: string): Promise<void> {
    await this.graph.writeIndex(file);
  }

  /** Nearest chunks by cosine similarity; `accept` filters by chunk index. */
  search(query: Float32Array, k: number, accept?: (index: number) => boolean): ScoredIndex[] {
    const limit = Math.min(k, this.count);
    if (limit === 0) return [];
    const { chunkOf } = this;
    try {
      const filter = (label: number) => {
        const index = chunkOf[label] ?? -1;
        return index >= 0 && (!accept || accept(index));
      };
      // The native search calls a filter back for every point it visits: pass one only when some label must be left out.
      const { neighbors, distances } = this.graph.searchKnn(Array.from(query), limit, accept || !this.everyLabelServed ? filter : undefined);
      return neighbors.map((label, j) => ({ index: chunkOf[label] as number, score: 1 - (distances[j] ?? 1) }));
    } catch {
      // hnswlib throws when a filter leaves fewer than k points reachable: scan those exactly.
      return this.exact(query, limit, accept);
    }
  }

  private exact(query: Float32Array, k: number, accept?: (index: number) => boolean): ScoredIndex[] {
    const scored: ScoredIndex[] = [];
    for (let i = 0; i < this.count; i++) if (!accept || accept(i)) scored.push({ index: i, score: this.similarity(query, i) });
    return scored.sort((a, b) => b.score - a.score).slice(0, k);
  }

  /** Exact cosine of a unit query with chunk `index`. */
  similarity(query: Float32Array, index: number): number {
    const { codes, dimension } = this;
    const label = this.labelOf[index] as number;
    const offset = label * dimension;
    let dot = 0;
    for (let d = 0; d < dimension; d++) dot += (query[d] as number) * (codes[offset + d] as number);
    return dot * (this.scales[label] as number);
  }
}
