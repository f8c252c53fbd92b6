/** Score fusion: several signals over the same passages → one ranking. */
import type { ScoredIndex } from './bm25.ts';

export interface Signal {
  /** The passages this signal returned, each once. */
  scored: readonly ScoredIndex[];
  weight: number;
}

/**
 * Weighted sum of standard scores over the candidates of all signals. A candidate a signal did not
 * return gets that signal's lowest returned score, not zero: absent means "ranked below the list".
 * `slots` is scratch space of one entry per passage, all −1, left so: the candidates' positions are
 * kept in it rather than in a Map per query (a search runs this on every request).
 */
export function weightedZMix(signals: readonly Signal[], slots: Int32Array): ScoredIndex[] {
  const order: number[] = [];
  for (const { scored } of signals) {
    for (const { index } of scored) {
      if (slots[index] !== -1) continue;
      slots[index] = order.length;
      order.push(index);
    }
  }
  const total = new Float64Array(order.length);
  const values = new Float64Array(order.length);
  for (const { scored, weight } of signals) {
    if (weight === 0 || scored.length === 0) continue;
    let floor = Infinity;
    for (const { score } of scored) floor = Math.min(floor, score);
    values.fill(floor);
    for (const { index, score } of scored) values[slots[index] as number] = score;
    let sum = 0;
    for (let i = 0; i < order.length; i++) sum += values[i] as number;
    const mean = sum / order.length;
    let squares = 0;
    for (let i = 0; i < order.length; i++) squares += ((values[i] as number) - mean) ** 2;
    const sd = Math.sqrt(squares / order.length);
    if (sd <= 1e-9) continue;
    for (let i = 0; i < order.length; i++) total[i] = (total[i] as number) + (weight * ((values[i] as number) - mean)) / sd;
  }
  for (const index of order) slots[index] = -1;
  return order.map((index, i) => ({ index, score: total[i] as number })).sort((a, b) => b.score - a.score);
}
