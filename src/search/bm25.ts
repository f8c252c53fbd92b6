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

interface Posting {
  docs: Uint32Array;
  /** Weighted, length-normalized term frequency per passage, ready for saturation. */
  tfs: Float32Array;
  idf: number;
}

export interface ScoredIndex {
  index: number;
  score: number;
}

export class Bm25Index {
  readonly size: number;
  private readonly postings = new Map<string, Posting>();
  private readonly k1: number;
  private readonly scores: Float32Array;
  private readonly seen: Uint8Array;

  /** `passages[i][f]` are the tokens of field f of passage i. */
  constructor(passages: readonly (readonly (readonly string[])[])[], options: Bm25Options) {
    const { fieldWeights } = options;
    const b = options.b ?? 0.75;
    this.k1 = options.k1 ?? 1.2;
    this.size = passages.length;
    this.scores = new Float32Array(this.size);
    this.seen = new Uint8Array(this.size);
    const averages = fieldWeights.map((_, f) => passages.reduce((sum, fields) => sum + (fields[f]?.length ?? 0), 0) / Math.max(1, this.size) || 1);
    const raw = new Map<string, Map<number, number>>();
    passages.forEach((fields, i) => {
      fields.forEach((tokens, f) => {
        const weight = fieldWeights[f] ?? 0;
        if (weight === 0 || tokens.length === 0) return;
        const norm = weight / (1 - b + (b * tokens.length) / (averages[f] ?? 1));
        for (const token of tokens) {
          let perDoc = raw.get(token);
          if (!perDoc) raw.set(token, (perDoc = new Map()));
          perDoc.set(i, (perDoc.get(i) ?? 0) + norm);
        }
      });
    });
    for (const [token, perDoc] of raw) {
      const df = perDoc.size;
      this.postings.set(token, {
        docs: Uint32Array.from(perDoc.keys()),
        tfs: Float32Array.from(perDoc.values()),
        idf: Math.log(1 + (this.size - df + 0.5) / (df + 0.5)),
      });
    }
  }

  /** Inverse document frequency of a token; a token no passage has gets the highest. */
  idf(token: string): number {
    return this.postings.get(token)?.idf ?? Math.log(1 + (this.size + 0.5) / 0.5);
  }

  /** Passages matching any query token, best first; `accept` filters passages by index. */
  search(tokens: readonly string[], limit: number, accept?: (index: number) => boolean): ScoredIndex[] {
    const touched: number[] = [];
    const counts = new Map<string, number>();
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
    for (const [token, repeat] of counts) {
      const posting = this.postings.get(token);
      if (!posting) continue;
      const { docs, tfs, idf } = posting;
      for (let j = 0; j < docs.length; j++) {
        const doc = docs[j] as number;
        const tf = tfs[j] as number;
        if (this.seen[doc] === 0) {
          this.seen[doc] = 1;
          touched.push(doc);
        }
        this.scores[doc] = (this.scores[doc] as number) + (repeat * idf * tf * (this.k1 + 1)) / (tf + this.k1);
      }
    }
    const results: ScoredIndex[] = [];
    for (const doc of touched) {
      if (!accept || accept(doc)) results.push({ index: doc, score: this.scores[doc] as number });
      this.scores[doc] = 0;
      this.seen[doc] = 0;
    }
    return topK(results, limit);
  }
}

/** The `limit` best by score, without sorting everything. */
export function topK(items: ScoredIndex[], limit: number): ScoredIndex[] {
  if (items.length <= limit * 4) return items.sort((a, b) => b.score - a.score).slice(0, limit);
  let threshold = -Infinity;
  const kept: ScoredIndex[] = [];
  for (const item of items) {
    if (item.score <= threshold) continue;
    kept.push(item);
    if (kept.length >= limit * 4) {
      kept.sort((a, b) => b.score - a.score).length = limit;
      threshold = (kept.at(-1) as ScoredIndex).score;
    }
  }
  return kept.sort((a, b) => b.score - a.score).slice(0, limit);
}
