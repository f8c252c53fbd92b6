/** Rank fusion: lists of scored passages → one ranking. */
import type { ScoredIndex } from './bm25.ts';

/** Reciprocal-rank fusion (Cormack et al.): robust when the scores of the lists are not comparable. */
export function reciprocalRank(lists: readonly (readonly ScoredIndex[])[], k = 60): ScoredIndex[] {
  const fused = new Map<number, number>();
  for (const list of lists) list.forEach((item, rank) => fused.set(item.index, (fused.get(item.index) ?? 0) + 1 / (k + rank + 1)));
  return [...fused].map(([index, score]) => ({ index, score })).sort((a, b) => b.score - a.score);
}

/** Standard scores of `values`; all zero when they do not vary. */
export function zScores(values: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return [];
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  const sd = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / n);
  return values.map((v) => (sd > 1e-9 ? (v - mean) / sd : 0));
}

/**
 * Weighted sum of standard scores over the candidates of all signals. A candidate a signal did not
 * return gets that signal's lowest returned score, not zero: absent means "ranked below the list".
 */
export function weightedZMix(signals: readonly { scores: ReadonlyMap<number, number>; weight: number }[]): ScoredIndex[] {
  const candidates = [...new Set(signals.flatMap((signal) => [...signal.scores.keys()]))];
  const total = new Float64Array(candidates.length);
  for (const { scores, weight } of signals) {
    if (weight === 0 || scores.size === 0) continue;
    const floor = Math.min(...scores.values());
    zScores(candidates.map((index) => scores.get(index) ?? floor)).forEach((z, i) => (total[i] = (total[i] ?? 0) + weight * z));
  }
  return candidates.map((index, i) => ({ index, score: total[i] ?? 0 })).sort((a, b) => b.score - a.score);
}
