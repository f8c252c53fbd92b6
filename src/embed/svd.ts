import type { CsrMatrix } from './cooccurrence.ts';

/** Extra random directions beyond the rank asked for: they make the captured subspace accurate (Halko et al. 2011). */
const OVERSAMPLING = 10;
/** Power iterations sharpen a slowly decaying spectrum, which PPMI matrices have. */
const POWER_ITERATIONS = 2;

/** A dense matrix stored row after row. */
interface DenseMatrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** A fixed seed so that the same library always builds the same model. */
function gaussianSource(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** A · X, for X with A.cols rows. */
function multiply(a: CsrMatrix, x: DenseMatrix): DenseMatrix {
  const width = x.cols;
  const out = new Float64Array(a.rows * width);
  for (let r = 0; r < a.rows; r++) {
    const base = r * width;
    for (let n = a.rowStart[r]!; n < a.rowStart[r + 1]!; n++) {
      const v = a.values[n]!;
      const from = a.colIndex[n]! * width;
      for (let c = 0; c < width; c++) out[base + c]! += v * x.data[from + c]!;
    }
  }
  return { rows: a.rows, cols: width, data: out };
}

/** Aᵀ · Y, for Y with A.rows rows. */
function multiplyTransposed(a: CsrMatrix, y: DenseMatrix): DenseMatrix {
  const width = y.cols;
  const out = new Float64Array(a.cols * width);
  for (let r = 0; r < a.rows; r++) {
    const from = r * width;
    for (let n = a.rowStart[r]!; n < a.rowStart[r + 1]!; n++) {
      const v = a.values[n]!;
      const base = a.colIndex[n]! * width;
      for (let c = 0; c < width; c++) out[base + c]! += v * y.data[from + c]!;
    }
  }
  return { rows: a.cols, cols: width, data: out };
}

function columns(m: DenseMatrix): Float64Array[] {
  return Array.from({ length: m.cols }, (_, c) => {
    const column = new Float64Array(m.rows);
    for (let r = 0; r < m.rows; r++) column[r] = m.data[r * m.cols + c]!;
    return column;
  });
}

function fromColumns(cols: Float64Array[], rows: number): DenseMatrix {
  const data = new Float64Array(rows * cols.length);
  cols.forEach((column, c) => {
    for (let r = 0; r < rows; r++) data[r * cols.length + c] = column[r]!;
  });
  return { rows, cols: cols.length, data };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** Orthonormal basis of the columns: modified Gram–Schmidt, run twice because one pass loses orthogonality. */
function orthonormalize(m: DenseMatrix): DenseMatrix {
  const cols = columns(m);
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < cols.length; j++) {
      const column = cols[j]!;
      for (let i = 0; i < j; i++) {
        const basis = cols[i]!;
        const projection = dot(basis, column);
        for (let r = 0; r < column.length; r++) column[r]! -= projection * basis[r]!;
      }
      const norm = Math.sqrt(dot(column, column)) || 1;
      for (let r = 0; r < column.length; r++) column[r]! /= norm;
    }
  }
  return fromColumns(cols, m.rows);
}

/** Rescales each column to unit length: keeps power iterations in range without the cost of a QR. */
function normalizeColumns(m: DenseMatrix): DenseMatrix {
  const norms = new Float64Array(m.cols);
  for (let i = 0; i < m.data.length; i++) norms[i % m.cols]! += m.data[i]! ** 2;
  for (let i = 0; i < m.data.length; i++) m.data[i]! /= Math.sqrt(norms[i % m.cols]!) || 1;
  return m;
}

/** Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations; eigenvectors are columns of `vectors`. */
function symmetricEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 50; sweep++) {
    let offDiagonal = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) offDiagonal += a[p * n + q]! ** 2;
    if (offDiagonal < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i]!;
  return { values, vectors: v };
}

/**
 * Rows of U_k · Σ_k^½ for the top `rank` singular triplets of `a`, by randomized SVD. The square root of Σ
 * (eigenvalue weighting p = ½, Levy et al. 2015) gives better word similarities than U alone or U · Σ.
 */
export function truncatedSvdEmbedding(a: CsrMatrix, rank: number, seed = 1): { rows: number; dimension: number; data: Float64Array } {
  const width = Math.min(rank + OVERSAMPLING, a.rows, a.cols);
  const gaussian = gaussianSource(seed);
  const omega: DenseMatrix = { rows: a.cols, cols: width, data: Float64Array.from({ length: a.cols * width }, gaussian) };
  let y = normalizeColumns(multiply(a, omega));
  for (let i = 0; i < POWER_ITERATIONS; i++) {
    y = normalizeColumns(multiply(a, normalizeColumns(multiplyTransposed(a, y))));
  }
  const q = orthonormalize(y);
  // B = Qᵀ A is width × cols; its left singular vectors are the eigenvectors of B Bᵀ, computed from Bᵀ = Aᵀ Q.
  const bt = multiplyTransposed(a, q);
  const gram = new Float64Array(width * width);
  for (let r = 0; r < bt.rows; r++) {
    const base = r * width;
    for (let i = 0; i < width; i++) {
      const x = bt.data[base + i]!;
      for (let j = i; j < width; j++) gram[i * width + j]! += x * bt.data[base + j]!;
    }
  }
  for (let i = 0; i < width; i++) for (let j = 0; j < i; j++) gram[i * width + j] = gram[j * width + i]!;
  const { values, vectors } = symmetricEigen(gram, width);
  const order = Array.from({ length: width }, (_, i) => i).sort((i, j) => values[j]! - values[i]!);
  const dimension = Math.min(rank, width);
  const top = order.slice(0, dimension);
  // U = Q · V_top, scaled per column by σ^½ = λ^¼.
  const data = new Float64Array(a.rows * dimension);
  const scale = top.map((i) => Math.max(values[i]!, 0) ** 0.25);
  for (let r = 0; r < a.rows; r++) {
    for (let k = 0; k < dimension; k++) {
      const column = top[k]!;
      let sum = 0;
      for (let i = 0; i < width; i++) sum += q.data[r * width + i]! * vectors[i * width + column]!;
      data[r * dimension + k] = sum * scale[k]!;
    }
  }
  return { rows: a.rows, dimension, data };
}
