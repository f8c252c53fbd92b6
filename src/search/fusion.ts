/** Score fusion: several signals over the same passages → one ranking. */
import type { ScoredIndex } from './bm25.ts';

/**
 * Weighted sum of standard scores over the candidates of all signals. A candidate a signal did not
 * return gets that signal's lowest returned score, not zero: absent means "ranked below the list".
 */
export function weightedZMix(signals: readonly { scores: ReadonlyMap<number, number>; weight: number }[]): ScoredIndex[] {
  const candidates = new Set<number>();
  for (const { scores } of signals) for (const index of scores.keys()) candidates.add(index);
  const order = [...candidates];
  const total = new Float64Array(order.length);
  const values = new Float64Array(order.length);
  for (const { scores, weight } of signals) {
    if (weight === 0 || scores.size === 0) continue;
    let floor = Infinity;
    for (const value of scores.values()) floor = Math.min(floor, value);
    let sum = 0;
    for (let i = 0; i < order.length; i++) sum += values[i] = scores.get(order[i] as number) ?? floor;
    const mean = sum / order.length;
    let squares = 0;
    for (let i = 0; i < order.length; i++) squares += ((values[i] as number) - mean) ** 2;
    const sd = Math.sqrt(squares / order.length);
    if (sd <= 1e-9) continue;
    for (let i = 0; i < order.length; i++) total[i] = (total[i] as number) + (weight * ((values[i] as number) - mean)) / sd;
  }
  return order.map((index, i) => ({ index, score: total[i] as number })).sort((a, b) => b.score - a.score);
}
