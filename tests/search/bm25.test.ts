import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../src/search/bm25.ts';

/** A deterministic library large enough for pruning: Zipf-like tokens, so a few terms are in most passages. */
function syntheticPassages(count: number, seed = 7): string[][][] {
  // mulberry32: a small generator without the short cycles of a plain LCG.
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const token = () => `t${Math.floor(400 ** random() ** 2.5)}`;
  return Array.from({ length: count }, () => [
    Array.from({ length: 5 + Math.floor(random() * 60) }, token),
    Array.from({ length: 1 + Math.floor(random() * 6) }, token),
  ]);
}

describe('BM25 index', () => {
  const passages = syntheticPassages(8000);
  const index = Bm25Index.build(passages, { fieldWeights: [1, 0.6] });
  const queries = Array.from({ length: 40 }, (_, i) => [...(passages[i * 97]?.[0] ?? []).slice(0, 25), 't0', 't1', 't2']);

  describe('with queries whose common terms would cost a scan of most passages', () => {
    it('should return exactly the top k of scoring every posting', () => {
      for (const query of queries) {
        const all = index.search(query, index.size);
        const exact = new Map(all.map((hit) => [hit.index, hit.score]));
        for (const k of [10, 100]) {
          const top = index.search(query, k);
          // Equal scores may come in either order: compare the scores rank by rank, and each passage's own.
          expect(top.map((hit) => hit.score.toFixed(3))).toEqual(all.slice(0, k).map((hit) => hit.score.toFixed(3)));
          for (const hit of top) expect(hit.score).toBeCloseTo(exact.get(hit.index) ?? Number.NaN, 4);
        }
      }
    });

    it('should break ties of repeated passages by passage order, however the passages were reached', () => {
      // Policy libraries repeat clauses word for word: equal scores at the k-th place must not make the top k depend on the path.
      const repeated = passages.flatMap((passage, i) => (i % 4 === 0 ? [passage, passage] : [passage]));
      const withRepeats = Bm25Index.build(repeated, { fieldWeights: [1, 0.6] });
      for (const query of queries) {
        const all = withRepeats.search(query, withRepeats.size);
        for (const k of [10, 100]) expect(withRepeats.search(query, k).map((hit) => hit.index)).toEqual(all.slice(0, k).map((hit) => hit.index));
      }
    });

    it('should apply a filter before choosing the top k', () => {
      const accept = (passage: number) => passage % 3 === 0;
      for (const query of queries.slice(0, 10)) {
        const top = index.search(query, 20, accept);
        expect(top.every((hit) => accept(hit.index))).toBe(true);
        expect(top.map((hit) => hit.score.toFixed(3))).toEqual(index.search(query, index.size).filter((hit) => accept(hit.index)).slice(0, 20).map((hit) => hit.score.toFixed(3)));
      }
    });
  });

  describe('restored from postings that are not in passage order', () => {
    it('should rank as the index it was taken from', () => {
      const snapshot = index.snapshot();
      const docs = snapshot.docs.slice();
      const tfs = snapshot.tfs.slice();
      // Reverse every term's list, as an index updated in place may leave it.
      for (let t = 0; t + 1 < snapshot.offsets.length; t++) {
        const start = snapshot.offsets[t] as number;
        const end = snapshot.offsets[t + 1] as number;
        docs.subarray(start, end).reverse();
        tfs.subarray(start, end).reverse();
      }
      const restored = Bm25Index.restore({ ...snapshot, docs, tfs });
      for (const query of queries.slice(0, 10)) expect(restored.search(query, 10)).toEqual(index.search(query, 10));
    });
  });
});
