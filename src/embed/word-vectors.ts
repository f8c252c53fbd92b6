/** Word vectors as rows of one array: row i is data[i * dimension, (i + 1) * dimension). */
export interface WordVectors {
  dimension: number;
  data: Float64Array;
}

function rowCount(vectors: WordVectors): number {
  return vectors.data.length / vectors.dimension;
}

export function normalizeRows(vectors: WordVectors): void {
  const { dimension, data } = vectors;
  for (let r = 0; r < rowCount(vectors); r++) {
    let norm = 0;
    for (let k = 0; k < dimension; k++) norm += data[r * dimension + k]! ** 2;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let k = 0; k < dimension; k++) data[r * dimension + k]! /= norm;
  }
}

/**
 * Retrofitting (Faruqui et al. 2015): each word moves towards its lexicon neighbours while staying near its own
 * distributional vector. A word without one (`learned[i]` false: known to the lexicon only) becomes the mean of
 * its neighbours, which is what gives a question's wording a place near the library's.
 */
export function retrofit(vectors: WordVectors, learned: readonly boolean[], neighbours: readonly number[][], iterations = 10): void {
  const { dimension, data } = vectors;
  const original = Float64Array.from(data);
  const sum = new Float64Array(dimension);
  for (let iteration = 0; iteration < iterations; iteration++) {
    neighbours.forEach((around, word) => {
      if (around.length === 0) return;
      const selfWeight = learned[word] ? 1 : 0;
      // β = 1/degree: a word's neighbours together weigh as much as its own vector (α = 1).
      const neighbourWeight = 1 / around.length;
      for (let k = 0; k < dimension; k++) sum[k] = selfWeight * original[word * dimension + k]!;
      for (const other of around) {
        for (let k = 0; k < dimension; k++) sum[k]! += neighbourWeight * data[other * dimension + k]!;
      }
      const total = selfWeight + 1;
      for (let k = 0; k < dimension; k++) data[word * dimension + k] = sum[k]! / total;
    });
  }
}

/** Row `target` := mean of rows `sources` (already normalized), the stand-in for a character seen only inside words. */
export function averageInto(vectors: WordVectors, target: number, sources: readonly number[]): void {
  const { dimension, data } = vectors;
  for (const source of sources) {
    for (let k = 0; k < dimension; k++) data[target * dimension + k]! += data[source * dimension + k]! / sources.length;
  }
}

/** Smooth inverse frequency (Arora et al. 2017): frequent words say little about what a passage is about. */
export function applySifWeights(vectors: WordVectors, probabilities: Float64Array, smoothing: number): void {
  const { dimension, data } = vectors;
  probabilities.forEach((p, r) => {
    const weight = smoothing / (smoothing + p);
    for (let k = 0; k < dimension; k++) data[r * dimension + k]! *= weight;
  });
}

/**
 * Removes from every row the first principal direction of the passages' mean vectors, the component shared
 * by all text of the library. Removal is linear, so it commutes with the mean pooling done at query time.
 */
export function removeCommonDirection(vectors: WordVectors, passages: readonly Int32Array[]): void {
  const { dimension, data } = vectors;
  const means = passages
    .filter((ids) => ids.length > 0)
    .map((ids) => {
      const mean = new Float64Array(dimension);
      for (const id of ids) for (let k = 0; k < dimension; k++) mean[k]! += data[id * dimension + k]! / ids.length;
      return mean;
    });
  const direction = firstSingularVector(means, dimension);
  for (let r = 0; r < rowCount(vectors); r++) {
    let projection = 0;
    for (let k = 0; k < dimension; k++) projection += data[r * dimension + k]! * direction[k]!;
    for (let k = 0; k < dimension; k++) data[r * dimension + k]! -= projection * direction[k]!;
  }
}

/** Power iteration on MᵀM: converges fast because the common direction dominates. */
function firstSingularVector(rows: readonly Float64Array[], dimension: number): Float64Array {
  let direction = new Float64Array(dimension).fill(1 / Math.sqrt(dimension));
  for (let iteration = 0; iteration < 50; iteration++) {
    const next = new Float64Array(dimension);
    for (const row of rows) {
      let projection = 0;
      for (let k = 0; k < dimension; k++) projection += row[k]! * direction[k]!;
      for (let k = 0; k < dimension; k++) next[k]! += projection * row[k]!;
    }
    const norm = Math.sqrt(next.reduce((sum, x) => sum + x * x, 0)) || 1;
    direction = next.map((x) => x / norm);
  }
  return direction;
}
