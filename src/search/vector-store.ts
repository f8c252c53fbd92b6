/** Dense vectors of the chunks in an HNSW graph (cosine), with the raw vectors kept for exact re-scoring. */
import hnswlib, { type HierarchicalNSW } from 'hnswlib-node';
import type { ScoredIndex } from './bm25.ts';

const M = 16;
const EF_CONSTRUCTION = 200;
const EF_SEARCH = 64;

export class VectorStore {
  private constructor(
    private readonly graph: HierarchicalNSW,
    /** Row-major, `count × dimension`, unit-length rows. */
    readonly matrix: Float32Array,
    readonly dimension: number,
    readonly count: number,
  ) {}

  static build(vectors: readonly Float32Array[], dimension: number): VectorStore {
    const graph = new hnswlib.HierarchicalNSW('cosine', dimension);
    graph.initIndex(Math.max(1, vectors.length), M, EF_CONSTRUCTION);
    const matrix = new Float32Array(vectors.length * dimension);
    vectors.forEach((vector, i) => {
      if (vector.length !== dimension) throw new Error(`vector ${i} has dimension ${vector.length}, expected ${dimension}`);
      matrix.set(vector, i * dimension);
      graph.addPoint(Array.from(vector), i);
    });
    graph.setEf(EF_SEARCH);
    return new VectorStore(graph, matrix, dimension, vectors.length);
  }

  /** Reads a graph written by `writeGraph`, with the matrix stored beside it. */
  static async read(graphFile: string, matrix: Float32Array, dimension: number): Promise<VectorStore> {
    const count = matrix.length / dimension;
    const graph = new hnswlib.HierarchicalNSW('cosine', dimension);
    await graph.readIndex(graphFile);
    if (graph.getCurrentCount() !== count) throw new Error(`HNSW graph holds ${graph.getCurrentCount()} points, vectors file ${count}`);
    graph.setEf(EF_SEARCH);
    return new VectorStore(graph, matrix, dimension, count);
  }

  async writeGraph(file: string): Promise<void> {
    await this.graph.writeIndex(file);
  }

  /** Nearest chunks by cosine similarity; `accept` filters by chunk index. */
  search(query: Float32Array, k: number, accept?: (index: number) => boolean): ScoredIndex[] {
    const limit = Math.min(k, this.count);
    if (limit === 0) return [];
    try {
      const { neighbors, distances } = this.graph.searchKnn(Array.from(query), limit, accept);
      return neighbors.map((index, j) => ({ index, score: 1 - (distances[j] ?? 1) }));
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
    const offset = index * this.dimension;
    let dot = 0;
    for (let d = 0; d < this.dimension; d++) dot += (query[d] as number) * (this.matrix[offset + d] as number);
    return dot;
  }
}
