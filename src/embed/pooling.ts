import type { Pooling } from './model-source.ts';

/** What the pipeline's tokenizer and model hand over: plain typed arrays with their shapes. */
export interface TensorData<T> {
  dims: number[];
  data: T;
}

/**
 * One unit vector per text from `last_hidden_state` [batch, sequence, dim]: the mask-weighted mean of the
 * tokens, or the first token's vector ([CLS]). The same computation as transformers.js' `mean_pooling` +
 * `normalize`, done over the typed arrays directly: the library's version reads every element through a
 * Proxy and costs more than the model itself. A text with no token, or only zero vectors, gets the zero vector.
 */
export function poolAndNormalize(hidden: TensorData<Float32Array>, mask: TensorData<BigInt64Array>, pooling: Pooling): Float32Array[] {
  const [batch = 0, sequence = 0, dimension = 0] = hidden.dims;
  // transformers.js tensors are Proxies: read their arrays once, not per element.
  const states = hidden.data;
  const attention = mask.data;
  const vectors: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const vector = new Float32Array(dimension);
    const positions = pooling === 'cls' ? 1 : sequence;
    for (let s = 0; s < positions; s++) {
      if (pooling === 'mean' && attention[b * sequence + s] === 0n) continue;
      const offset = (b * sequence + s) * dimension;
      for (let k = 0; k < dimension; k++) vector[k]! += states[offset + k]!;
    }
    // The mean's divisor vanishes in the normalization, so the sum is normalized directly.
    let norm = 0;
    for (let k = 0; k < dimension; k++) norm += vector[k]! ** 2;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let k = 0; k < dimension; k++) vector[k]! /= norm;
    vectors.push(vector);
  }
  return vectors;
}
