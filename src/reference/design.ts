import { dot, axpy, axpy4 } from "./linalg.js";

/** Twin of assembly/design.ts: the same arithmetic in the same order. */

/** prepareDesign: centre A and b by the ω-means (when `center`), then scale row i by √ω_i (when ω is given). */
export function prepareDesign(
  a: Float64Array, b: Float64Array, n: number, k: number, omega: Float64Array | null, center: boolean, means: Float64Array,
): void {
  if (center) {
    means.fill(0, 0, k);
    let bmean = 0;
    const uniform = 1 / n;
    for (let i = 0; i < n; i++) {
      const w = omega ? omega[i]! : uniform;
      axpy(w, a, i * k, means, 0, k);
      bmean += w * b[i]!;
    }
    for (let i = 0; i < n; i++) {
      axpy(-1, means, 0, a, i * k, k);
      b[i] = b[i]! - bmean;
    }
  }
  if (omega) {
    for (let i = 0; i < n; i++) {
      const s = Math.sqrt(omega[i]!);
      const o = i * k;
      for (let j = 0; j < k; j++) a[o + j] = a[o + j]! * s;
      b[i] = b[i]! * s;
    }
  }
}

/**
 * residualGradient: r = A[:, :p]·xw − b and g = Aᵀr over all k columns (A row-major n×lda), in one pass; returns ½‖r‖².
 * colSq (or null) accumulates the squared column norms.
 */
export function residualGradient(
  a: Float64Array, n: number, lda: number, k: number, p: number, xw: Float64Array, b: Float64Array,
  r: Float64Array, g: Float64Array, colSq: Float64Array | null,
): number {
  g.fill(0, 0, k);
  if (colSq) colSq.fill(0, 0, k);
  let half = 0;
  let i = 0;
  // four rows per sweep of g, then the remaining rows one by one (as the kernel)
  for (; i + 4 <= n; i += 4) {
    const o0 = i * lda, o1 = o0 + lda, o2 = o1 + lda, o3 = o2 + lda;
    const r0 = (p > 0 ? dot(a, o0, xw, 0, p) : 0) - b[i]!;
    const r1 = (p > 0 ? dot(a, o1, xw, 0, p) : 0) - b[i + 1]!;
    const r2 = (p > 0 ? dot(a, o2, xw, 0, p) : 0) - b[i + 2]!;
    const r3 = (p > 0 ? dot(a, o3, xw, 0, p) : 0) - b[i + 3]!;
    r[i] = r0; r[i + 1] = r1; r[i + 2] = r2; r[i + 3] = r3;
    half += r0 * r0; half += r1 * r1; half += r2 * r2; half += r3 * r3;
    axpy4(r0, r1, r2, r3, a, o0, o1, o2, o3, g, k);
  }
  for (; i < n; i++) {
    const o = i * lda;
    const ri = (p > 0 ? dot(a, o, xw, 0, p) : 0) - b[i]!;
    r[i] = ri;
    half += ri * ri;
    axpy(ri, a, o, g, 0, k);
  }
  if (colSq) {
    for (let ii = 0; ii < n; ii++) {
      const o = ii * lda;
      for (let j = 0; j < k; j++) { const v = a[o + j]!; colSq[j] = colSq[j]! + v * v; }
    }
  }
  return 0.5 * half;
}

/** max |A_ij| over an n×k row-major block. */
export function matrixMaxAbs(a: Float64Array, n: number, k: number): number {
  let m = 0;
  const total = n * k;
  for (let i = 0; i < total; i++) { const v = Math.abs(a[i]!); if (v > m) m = v; }
  return m;
}
