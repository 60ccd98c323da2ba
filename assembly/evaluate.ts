import { ld, st, row } from "./mem";
import { dot, fill, axpy, maxAbs, powerOfTwoScale } from "./linalg";

/**
 * Recomputes, from the caller's data and the returned x, everything the API reports: the residual e = A x + c − b of
 * the original problem (c = the optimal offset when `center`, else 0), the gradient g = A_eqᵀ(A_eq x − b_eq) of the
 * equivalent plain problem A_eq = diag(√ω)(A − 1mᵀ), b_eq = √ω∘(b − b̄), and its scale
 * s = max(‖A_eqᵀ b_eq‖∞, ‖A_eq‖max·‖b_eq‖∞, 1e-300), with ‖A_eq‖max² added for the simplex (`sumOne`), whose fitted
 * values reach ‖A_eq‖max even when b = 0. ω = 1/n when `omega` = 0 (the scale-free KKT ratios do not
 * depend on that factor). stats (f64 ×6, out): [c, s, ‖e‖₂, rmse, mae, maxAbs] with the errors ω-weighted (maxAbs over
 * the rows of positive weight). work: 2k doubles.
 */
export function evaluateFit(
  a: usize, b: usize, n: i32, k: i32, x: usize, omega: usize, center: i32, sumOne: i32,
  residual: usize, gradient: usize, work: usize, stats: usize,
): void {
  // Products of two data values (g, Aᵀb, ‖A‖·‖b‖) overflow beyond about 1e154 and lose digits below 1e-154: when the
  // data is that far from 1, redo the pass with the centred data scaled by a power of two t (exact), which reports
  // g and s both multiplied by t², so every ratio is unchanged.
  const big = evaluatePass(a, b, n, k, x, omega, center, sumOne, residual, gradient, work, stats, 1.0);
  const t = powerOfTwoScale(big);
  if (t != 1.0) evaluatePass(a, b, n, k, x, omega, center, sumOne, residual, gradient, work, stats, t);
}

/** One recomputation pass with the product terms scaled by t; returns the largest scaled data magnitude seen. */
function evaluatePass(
  a: usize, b: usize, n: i32, k: i32, x: usize, omega: usize, center: i32, sumOne: i32,
  residual: usize, gradient: usize, work: usize, stats: usize, t: f64,
): f64 {
  const means = work;
  const atb = work + ((<usize>k) << 3);
  fill(means, k, 0.0);
  fill(atb, k, 0.0);
  fill(gradient, k, 0.0);
  const uniform = 1.0 / <f64>n;
  let bMean = 0.0;
  if (center != 0) {
    for (let i = 0; i < n; i++) {
      const w = omega != 0 ? ld(omega, i) : uniform;
      axpy(w, row(a, i, k), means, k);
      bMean += w * ld(b, i);
    }
  }
  const c = center != 0 ? bMean - dot(means, x, k) : 0.0;
  let aMax = 0.0, bMax = 0.0;
  for (let i = 0; i < n; i++) {
    const w = omega != 0 ? ld(omega, i) : uniform;
    const sw = sqrt<f64>(w);
    const pr = row(a, i, k);
    const e = dot(pr, x, k) + c - ld(b, i);
    st(residual, i, e);
    const bc = (ld(b, i) - bMean) * t;
    bMax = max(bMax, sw * abs(bc));
    const we = w * (e * t), wb = w * bc;
    let rowMax = 0.0;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      const vwe = f64x2.splat(we), vwb = f64x2.splat(wb), vt = f64x2.splat(t);
      let vmax = f64x2.splat(0);
      for (; j + 2 <= k; j += 2) {
        const o = <usize>j << 3;
        const v = f64x2.mul(f64x2.sub(v128.load(pr + o), v128.load(means + o)), vt);
        v128.store(gradient + o, f64x2.add(v128.load(gradient + o), f64x2.mul(vwe, v)));
        v128.store(atb + o, f64x2.add(v128.load(atb + o), f64x2.mul(vwb, v)));
        vmax = f64x2.pmax(vmax, f64x2.abs(v));   // pmax: one maxpd (inputs are finite)
      }
      rowMax = max(f64x2.extract_lane(vmax, 0), f64x2.extract_lane(vmax, 1));
    }
    for (; j < k; j++) {
      const v = (ld(pr, j) - ld(means, j)) * t;
      st(gradient, j, ld(gradient, j) + we * v);
      st(atb, j, ld(atb, j) + wb * v);
      rowMax = max(rowMax, abs(v));
    }
    aMax = max(aMax, sw * rowMax);
  }
  let atbMax = 0.0;
  for (let j = 0; j < k; j++) atbMax = max(atbMax, abs(ld(atb, j)));
  // ‖e‖₂ without overflow: scaled by max |e_i| (as LAPACK's dnrm2); and the ω-weighted errors
  const eMax = maxAbs(residual, n);
  let ss = 0.0, wss = 0.0, wsa = 0.0, wmax = 0.0;
  if (eMax > 0.0) {
    for (let i = 0; i < n; i++) {
      const w = omega != 0 ? ld(omega, i) : uniform;
      const q = ld(residual, i) / eMax;
      ss += q * q;
      wss += w * q * q;
      wsa += w * abs(q);
      if (w > 0.0) wmax = max(wmax, abs(q));
    }
  }
  st(stats, 2, eMax * sqrt<f64>(ss));
  st(stats, 3, eMax * sqrt<f64>(wss));
  st(stats, 4, eMax * wsa);
  st(stats, 5, eMax * wmax);
  st(stats, 0, c);
  st(stats, 1, max(max(atbMax, aMax * max(bMax, sumOne != 0 ? aMax : 0.0)), 1e-300));
  return max(aMax, bMax);
}
