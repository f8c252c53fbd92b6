/**
 * BM25F over a fixed set of passages: each passage has several fields (its text, its document's
 * title and region…) weighted and length-normalized separately, then saturated once.
 */

export interface Bm25Options {
  k1?: number;
  b?: number;
  /** Weight of each field, in the order the fields are given. */
  fieldWeights: readonly number[];
}

export interface ScoredIndex {
  index: number;
  score: number;
}

/** Everything a built index holds, as arrays that can be written to disk and read back. */
export interface Bm25Snapshot {
  /** Term strings by term id. */
  terms: string[];
  size: number;
  k1: number;
  offsets: Uint32Array;
  docs: Uint32Array;
  tfs: Float32Array;
  idfs: Float32Array;
}

export class Bm25Index {
  readonly size: number;
  private readonly k1: number;
  private readonly termIds: Map<string, number>;
  /** Postings of term t are `docs/tfs[offsets[t] … offsets[t+1])`, passages ascending. */
  private readonly offsets: Uint32Array;
  private readonly docs: Uint32Array;
  /** Weighted, length-normalized term frequency per posting, ready for saturation. */
  private readonly tfs: Float32Array;
  private readonly idfs: Float32Array;
  private readonly scores: Float32Array;
  private readonly seen: Uint8Array;

  private constructor(snapshot: Bm25Snapshot) {
    const termCount = snapshot.terms.length;
    const postings = snapshot.docs.length;
    if (snapshot.offsets.length !== termCount + 1 || snapshot.idfs.length !== termCount || snapshot.tfs.length !== postings || snapshot.offsets[termCount] !== postings) {
      throw new Error('a BM25 snapshot whose arrays do not fit together');
    }
    this.size = snapshot.size;
    this.k1 = snapshot.k1;
    this.termIds = new Map(snapshot.terms.map((term, id) => [term, id]));
    this.offsets = snapshot.offsets;
    this.docs = snapshot.docs;
    this.tfs = snapshot.tfs;
    this.idfs = snapshot.idfs;
    this.scores = new Float32Array(this.size);
    this.seen = new Uint8Array(this.size);
  }

  static restore(snapshot: Bm25Snapshot): Bm25Index {
    return new Bm25Index(snapshot);
  }

  snapshot(): Bm25Snapshot {
    return { terms: [...this.termIds.keys()], size: this.size, k1: this.k1, offsets: this.offsets, docs: this.docs, tfs: this.tfs, idfs: this.idfs };
  }

  /** `passages[i][f]` are the tokens of field f of passage i. */
  static build(passages: readonly (readonly (readonly string[])[])[], options: Bm25Options): Bm25Index {
    const { fieldWeights } = options;
    const b = options.b ?? 0.75;
    const size = passages.length;
    const termIds = new Map<string, number>();
    const averages = fieldWeights.map((_, f) => passages.reduce((sum, fields) => sum + (fields[f]?.length ?? 0), 0) / Math.max(1, size) || 1);
    // One (term, passage, weight) triple per token, in passage order; grouped by term below.
    let total = 0;
    for (const fields of passages) fields.forEach((tokens, f) => (total += (fieldWeights[f] ?? 0) === 0 ? 0 : tokens.length));
    const terms = new Uint32Array(total);
    const owners = new Uint32Array(total);
    const weights = new Float32Array(total);
    let k = 0;
    for (let i = 0; i < passages.length; i++) {
      const fields = passages[i] as readonly (readonly string[])[];
      for (let f = 0; f < fields.length; f++) {
        const tokens = fields[f] as readonly string[];
        const weight = fieldWeights[f] ?? 0;
        if (weight === 0 || tokens.length === 0) continue;
        const norm = weight / (1 - b + (b * tokens.length) / (averages[f] ?? 1));
        for (const token of tokens) {
          let id = termIds.get(token);
          if (id === undefined) termIds.set(token, (id = termIds.size));
          terms[k] = id;
          owners[k] = i;
          weights[k++] = norm;
        }
      }
    }
    const termCount = termIds.size;
    const starts = new Uint32Array(termCount + 1);
    for (const term of terms) starts[term + 1] = (starts[term + 1] as number) + 1;
    for (let t = 0; t < termCount; t++) starts[t + 1] = (starts[t + 1] as number) + (starts[t] as number);
    // Counting sort by term keeps passage order, so repeats of a term in one passage are adjacent.
    const fill = starts.slice(0, termCount);
    const sortedDocs = new Uint32Array(total);
    const sortedWeights = new Float32Array(total);
    for (let j = 0; j < total; j++) {
      const term = terms[j] as number;
      const at = fill[term] as number;
      fill[term] = at + 1;
      sortedDocs[at] = owners[j] as number;
      sortedWeights[at] = weights[j] as number;
    }
    const offsets = new Uint32Array(termCount + 1);
    const docs = new Uint32Array(total);
    const tfs = new Float32Array(total);
    const idfs = new Float32Array(termCount);
    let out = 0;
    for (let t = 0; t < termCount; t++) {
      offsets[t] = out;
      for (let j = starts[t] as number; j < (starts[t + 1] as number); j++) {
        const doc = sortedDocs[j] as number;
        if (out > (offsets[t] as number) && docs[out - 1] === doc) tfs[out - 1] = (tfs[out - 1] as number) + (sortedWeights[j] as number);
        else {
          docs[out] = doc;
          tfs[out] = sortedWeights[j] as number;
          out++;
        }
      }
      const df = out - (offsets[t] as number);
      idfs[t] = Math.log(1 + (size - df + 0.5) / (df + 0.5));
    }
    offsets[termCount] = out;
    return new Bm25Index({ terms: [...termIds.keys()], size, k1: options.k1 ?? 1.2, offsets, docs: docs.slice(0, out), tfs: tfs.slice(0, out), idfs });
  }

  has(token: string): boolean {
    return this.termIds.has(token);
  }

  /** Inverse document frequency of a token; a token no passage has gets the highest. */
  idf(token: string): number {
    const id = this.termIds.get(token);
    return id === undefined ? Math.log(1 + (this.size + 0.5) / 0.5) : (this.idfs[id] as number);
  }

  /** Passages matching any query token, best first; `accept` filters passages by index. */
  search(tokens: readonly string[], limit: number, accept?: (index: number) => boolean): ScoredIndex[] {
    const touched: number[] = [];
    const counts = new Map<string, number>();
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
    for (const [token, repeat] of counts) {
      const id = this.termIds.get(token);
      if (id === undefined) continue;
      const idf = this.idfs[id] as number;
      const { docs, tfs, k1 } = this;
      for (let j = this.offsets[id] as number, end = this.offsets[id + 1] as number; j < end; j++) {
        const doc = docs[j] as number;
        const tf = tfs[j] as number;
        if (this.seen[doc] === 0) {
          this.seen[doc] = 1;
          touched.push(doc);
        }
        this.scores[doc] = (this.scores[doc] as number) + (repeat * idf * tf * (k1 + 1)) / (tf + k1);
      }
    }
    // Keep the best `limit` in a min-heap over the score buffer: no object per touched passage.
    const heap = new MinHeap(limit, this.scores);
    for (const doc of touched) {
      if (!accept || accept(doc)) heap.offer(doc);
    }
    const results = heap.drain();
    for (const doc of touched) {
      this.scores[doc] = 0;
      this.seen[doc] = 0;
    }
    return results;
  }
}

/** A bounded min-heap of passage indices ordered by `scores`; `drain` gives them best first. */
class MinHeap {
  private readonly items: number[] = [];
  constructor(private readonly limit: number, private readonly scores: Float32Array) {}

  private less(a: number, b: number): boolean {
    return (this.scores[this.items[a] as number] as number) < (this.scores[this.items[b] as number] as number);
  }

  private swap(a: number, b: number): void {
    const item = this.items[a] as number;
    this.items[a] = this.items[b] as number;
    this.items[b] = item;
  }

  offer(doc: number): void {
    const { items } = this;
    if (items.length < this.limit) {
      items.push(doc);
      for (let i = items.length - 1; i > 0 && this.less(i, (i - 1) >> 1); i = (i - 1) >> 1) this.swap(i, (i - 1) >> 1);
      return;
    }
    if ((this.scores[doc] as number) <= (this.scores[items[0] as number] as number)) return;
    items[0] = doc;
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < items.length && this.less(left, smallest)) smallest = left;
      if (right < items.length && this.less(right, smallest)) smallest = right;
      if (smallest === i) break;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  drain(): ScoredIndex[] {
    return this.items.map((index) => ({ index, score: this.scores[index] as number })).sort((a, b) => b.score - a.score);
  }
}
