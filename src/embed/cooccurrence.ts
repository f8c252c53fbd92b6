/** A sparse matrix in compressed-row form. */
export interface CsrMatrix {
  rows: number;
  cols: number;
  rowStart: Int32Array;
  colIndex: Int32Array;
  values: Float64Array;
}

/** Words this far apart still share a context; nearer words count more (1/distance), as in GloVe. */
const WINDOW = 5;
/** Context-distribution smoothing (Levy et al. 2015): raises rare contexts' probability, taming PMI's bias to them. */
const CONTEXT_SMOOTHING = 0.75;

/**
 * Positive pointwise mutual information of word pairs that co-occur within a window of the same passage.
 * `passages` hold word ids in [0, size); words of different passages never co-occur.
 */
export function ppmiMatrix(passages: Int32Array[], size: number): CsrMatrix {
  // Pair counts keyed by row * size + col: a plain Map is fast enough for a few million pairs.
  const pairs = new Map<number, number>();
  for (const ids of passages) {
    for (let i = 0; i < ids.length; i++) {
      const word = ids[i]!;
      for (let d = 1; d <= WINDOW && i + d < ids.length; d++) {
        const other = ids[i + d]!;
        const weight = 1 / d;
        pairs.set(word * size + other, (pairs.get(word * size + other) ?? 0) + weight);
        pairs.set(other * size + word, (pairs.get(other * size + word) ?? 0) + weight);
      }
    }
  }

  const rowSum = new Float64Array(size);
  const contextMass = new Float64Array(size);
  for (const [key, count] of pairs) {
    rowSum[Math.floor(key / size)]! += count;
    contextMass[key % size]! += count;
  }
  let smoothedTotal = 0;
  for (let j = 0; j < size; j++) {
    contextMass[j] = contextMass[j]! ** CONTEXT_SMOOTHING;
    smoothedTotal += contextMass[j]!;
  }

  const keys = [...pairs.keys()].sort((a, b) => a - b);
  const entries: { key: number; pmi: number }[] = [];
  for (const key of keys) {
    const row = Math.floor(key / size);
    const col = key % size;
    // PMI = log P(w,c) / (P(w) P_α(c)) = log n(w,c) Σn^α / (n(w) n(c)^α)
    const pmi = Math.log((pairs.get(key)! * smoothedTotal) / (rowSum[row]! * contextMass[col]!));
    if (pmi > 0) entries.push({ key, pmi });
  }
  return toCsr(entries, size);
}

function toCsr(entries: { key: number; pmi: number }[], size: number): CsrMatrix {
  const rowStart = new Int32Array(size + 1);
  const colIndex = new Int32Array(entries.length);
  const values = new Float64Array(entries.length);
  entries.forEach(({ key, pmi }, n) => {
    rowStart[Math.floor(key / size) + 1]!++;
    colIndex[n] = key % size;
    values[n] = pmi;
  });
  for (let r = 0; r < size; r++) rowStart[r + 1]! += rowStart[r]!;
  return { rows: size, cols: size, rowStart, colIndex, values };
}
