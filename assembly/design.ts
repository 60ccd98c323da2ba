import { ld, st, row } from "./mem";
import { dot, axpy, axpy4, fill, dot4 } from "./linalg";

/**
 * Turns the user's problem into the equivalent plain least-squares one, in place on the kernel's own copy:
 * with a free offset, subtract the (weighted) column means of A and the mean of b (the optimal offset is the mean
 * residual, so centering removes it exactly); with point weights ω (normalised to sum 1), scale row i by √ω_i.
 * `omega` = 0 means uniform weights; `means` is scratch of length k.
 */
export function prepareDesign(a: usize, b: usize, n: i32, k: i32, omega: usize, center: i32, means: usize): void {
  if (center != 0) {
    fill(means, k, 0.0);
    let bmean = 0.0;
    const uniform = 1.0 / <f64>n;
    for (let i = 0; i < n; i++) {
      const w = omega != 0 ? ld(omega, i) : uniform;
      axpy(w, row(a, i, k), means, k);
      bmean += w * ld(b, i);
    }
    for (let i = 0; i < n; i++) {
      axpy(-1.0, means, row(a, i, k), k);
      st(b, i, ld(b, i) - bmean);
    }
  }
  if (omega != 0) {
    for (let i = 0; i < n; i++) {
      const s = sqrt<f64>(ld(omega, i));
      const pr = row(a, i, k);
      for (let j = 0; j < k; j++) st(pr, j, ld(pr, j) * s);
      st(b, i, ld(b, i) * s);
    }
  }
}

/**
 * One pass over A (row-major n×lda, the first p columns are the working set): r = A[:, :p]·xw − b and
 * g = Aᵀr over all k columns. Returns ½‖r‖². When `colSq` ≠ 0 it also accumulates the squared column norms.
 */
export function residualGradient(a: usize, n: i32, lda: i32, k: i32, p: i32, xw: usize, b: usize, r: usize, g: usize, colSq: usize): f64 {
  fill(g, k, 0.0);
  if (colSq != 0) fill(colSq, k, 0.0);
  let half = 0.0;
  let i = 0;
  // four rows per sweep of g (axpy4), then the remaining rows one by one
  for (; i + 4 <= n; i += 4) {
    const p0 = row(a, i, lda), p1 = row(a, i + 1, lda), p2 = row(a, i + 2, lda), p3 = row(a, i + 3, lda);
    if (p > 0) dot4(p0, p1, p2, p3, xw, p, r + ((<usize>i) << 3));
    else fill(r + ((<usize>i) << 3), 4, 0.0);
    const r0 = ld(r, i) - ld(b, i);
    const r1 = ld(r, i + 1) - ld(b, i + 1);
    const r2 = ld(r, i + 2) - ld(b, i + 2);
    const r3 = ld(r, i + 3) - ld(b, i + 3);
    st(r, i, r0); st(r, i + 1, r1); st(r, i + 2, r2); st(r, i + 3, r3);
    half += r0 * r0; half += r1 * r1; half += r2 * r2; half += r3 * r3;
    axpy4(r0, r1, r2, r3, p0, p1, p2, p3, g, k);
  }
  for (; i < n; i++) {
    const pr = row(a, i, lda);
    const ri = (p > 0 ? dot(pr, xw, p) : 0.0) - ld(b, i);
    st(r, i, ri);
    half += ri * ri;
    axpy(ri, pr, g, k);
  }
  if (colSq != 0) {
    for (let ii = 0; ii < n; ii++) {
      const pr = row(a, ii, lda);
      for (let j = 0; j < k; j++) { const v = ld(pr, j); st(colSq, j, ld(colSq, j) + v * v); }
    }
  }
  return 0.5 * half;
}

/** max |A_ij| over an n×k row-major block. */
export function matrixMaxAbs(a: usize, n: i32, k: i32): f64 {
  let m = 0.0;
  const total = n * k;
  for (let i = 0; i < total; i++) { const v = abs(ld(a, i)); if (v > m) m = v; }
  return m;
}
