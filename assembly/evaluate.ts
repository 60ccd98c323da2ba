import { ld, st, row } from "./mem";
import { dot, dot4, fill, axpy, maxAbs, powerOfTwoScale } from "./linalg";

/**
 * Recomputes, from the caller's data and the returned x, everything the API reports: the residual e = A x + c − b of
 * the original problem (c = the optimal offset when `center`, else 0), the gradient g = A_eqᵀ(A_eq x − b_eq) of the
 * equivalent plain problem A_eq = diag(√ω)(A − 1mᵀ), b_eq = √ω∘(b − b̄), and its scale
 * s = max(‖A_eqᵀ b_eq‖∞, ‖A_eq‖max·‖b_eq‖∞, 1e-300), with ‖A_eq‖max² added for the simplex (`sumOne`), whose fitted
 * values reach ‖A_eq‖max even when b = 0. ω = 1/n when `omega` = 0 (the scale-free KKT ratios do not
 * depend on that factor). stats (f64 ×7, out): [c, s, ‖e‖₂, rmse, mae, maxAbs, d] with the errors ω-weighted (maxAbs
 * over the rows of positive weight) and d the scale-free dual residual in the residual space:
 *   d = max_j v_j / (‖a_eq,j‖ · max(‖r_eq‖, 2^-21·(‖b_eq‖ + Σ_j ‖a_eq,j‖·|x_j|))),
 * v_j = max(0, −g_j) at x_j = 0 and |g_j| at x_j > 0 over ‖a_eq,j‖; for the simplex (`sumOne`) h_j = g_j − gᵀx in
 * place of g_j over ‖a_eq,j − A_eq x‖, the rates of its feasible moves toward and away from vertex j: no such exact
 * line search could still decrease ‖r_eq‖² by more than (d·‖r_eq‖)²; with an offset ‖r_eq‖ is
 * taken at the exact offset, and d is at least 1 when the returned offset's rounding alone breaks SPEC's residual or
 * objective bar. work: 5k doubles.
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
  const colSq = work + ((<usize>(2 * k)) << 3);
  fill(means, k, 0.0);
  fill(atb, k, 0.0);
  fill(colSq, k, 0.0);
  fill(gradient, k, 0.0);
  const fwR = work + ((<usize>(3 * k)) << 3);
  const fwSq = work + ((<usize>(4 * k)) << 3);
  let fSq = 0.0, fAbs = 0.0, xSum = 0.0;
  if (sumOne != 0) {
    fill(fwR, k, 0.0);
    fill(fwSq, k, 0.0);
    for (let q = 0; q < k; q++) xSum += ld(x, q);
    if (!(xSum > 0.0)) xSum = 1.0;
  }
  const uniform = 1.0 / <f64>n;
  // the means (and so the offset) from the scaled data: when t ≠ 1 the unscaled products w·a_ij may have lost their
  // digits (subnormal data), and the residual is judged at the exact offset of the scaled data, whose rounding to
  // the caller's units (c below) no fit can avoid; t = 1 gives the same bits as before (a·1 = a)
  let bMean = 0.0;
  if (center != 0) {
    for (let i = 0; i < n; i++) {
      const w = omega != 0 ? ld(omega, i) : uniform;
      if (t == 1.0) axpy(w, row(a, i, k), means, k);
      else { const pr = row(a, i, k); for (let j = 0; j < k; j++) st(means, j, ld(means, j) + w * (ld(pr, j) * t)); }
      bMean += w * (ld(b, i) * t);
    }
  }
  const cs = center != 0 ? bMean - dot(means, x, k) : 0.0;   // the offset, scaled by t
  const c = t == 1.0 ? cs : cs / t;
  let aMax = 0.0, bMax = 0.0, rss = 0.0, bss = 0.0;
  let eSum = 0.0, wSum = 0.0, bssU = 0.0;
  const nBlocked = n & ~3;
  const swUniform = sqrt<f64>(uniform);
  // no offset and no rescaling: v = a_ij·1 − (+0) is a_ij itself (±0 included), so it is read as is
  const plain = center == 0 && t == 1.0;
  let pend = 0;   // rows waiting for their share of g, Aᵀb and the column norms (below)
  let pr0: usize = 0, pr1: usize = 0, pr2: usize = 0;
  let we0 = 0.0, we1 = 0.0, we2 = 0.0, wb0 = 0.0, wb1 = 0.0, wb2 = 0.0, w0 = 0.0, w1 = 0.0, w2 = 0.0, sw0 = 0.0, sw1 = 0.0, sw2 = 0.0;
  for (let i = 0; i < n; i++) {
    const w = omega != 0 ? ld(omega, i) : uniform;
    const sw = omega != 0 ? sqrt<f64>(w) : swUniform;
    const pr = row(a, i, k);
    // A x four rows per sweep of x (each sum in dot's order: the same bits), the last n mod 4 rows one by one
    if ((i & 3) == 0 && i + 4 <= n) dot4(pr, row(a, i + 1, k), row(a, i + 2, k), row(a, i + 3, k), x, k, residual + ((<usize>i) << 3));
    const e = (i < nBlocked ? ld(residual, i) : dot(pr, x, k)) + c - ld(b, i);
    st(residual, i, e);
    // the scaled residual from the scaled data when t ≠ 1 (the unscaled products may have underflowed)
    let et = e * t;
    if (t != 1.0) {
      et = (c - ld(b, i)) * t;
      for (let j = 0; j < k; j++) et += (ld(pr, j) * t) * ld(x, j);
    }
    const bc = ld(b, i) * t - bMean;
    bMax = max(bMax, sw * abs(bc));
    rss += w * et * et;
    eSum += w * et;
    wSum += w;
    bssU += w * (ld(b, i) * t) * (ld(b, i) * t);
    bss += w * bc * bc;
    const we = w * et, wb = w * bc;
    // the row's share of g, Aᵀb and the column norms waits for three more rows: flushRows4 then streams the three
    // accumulators once for four rows, applying them in row order (the same operations in the same order: the same bits)
    if (pend == 0) { pr0 = pr; we0 = we; wb0 = wb; w0 = w; sw0 = sw; }
    else if (pend == 1) { pr1 = pr; we1 = we; wb1 = wb; w1 = w; sw1 = sw; }
    else if (pend == 2) { pr2 = pr; we2 = we; wb2 = wb; w2 = w; sw2 = sw; }
    else {
      aMax = max(aMax, flushRows4(pr0, pr1, pr2, pr, we0, we1, we2, we, wb0, wb1, wb2, wb, w0, w1, w2, w, sw0, sw1, sw2, sw, t, means, gradient, atb, colSq, k, plain));
      pend = -1;
    }
    pend++;
    if (sumOne != 0) {
      // the simplex's own directions, toward a vertex and away from one (e_q − x, x − e_q): their rates
      // h_q = (a_q − A x)ᵀ r = g_q − gᵀx and squared lengths ‖a_q − A x‖², from the row's fitted value f (summed
      // from the centred data itself, not as e + b: at x = e_q that gives a_q − f = 0 exactly)
      // (x normalised to sum 1: a returned x off the sum by ulps is not a move); fAbs bounds its rounding
      // (zero weights are skipped: their terms are ±0, which leave the sums' bits unchanged — f starts at +0)
      let f = 0.0, fa = 0.0;
      for (let q = 0; q < k; q++) {
        const xq = ld(x, q);
        if (xq == 0.0) continue;
        const vq = (ld(pr, q) * t - ld(means, q)) * xq;
        f += vq;
        fa += abs(vq);
      }
      f /= xSum;
      fa /= xSum;
      fSq += w * f * f;
      fAbs += w * fa * fa;
      let q = 0;
      if (ASC_FEATURE_SIMD) {
        // lane-wise, the same operations in the same order as the scalar tail: the same bits
        const vt = f64x2.splat(t), vf = f64x2.splat(f), vwe = f64x2.splat(we), vw = f64x2.splat(w);
        for (; q + 2 <= k; q += 2) {
          const o = <usize>q << 3;
          const dv = f64x2.sub(f64x2.sub(f64x2.mul(v128.load(pr + o), vt), v128.load(means + o)), vf);
          v128.store(fwR + o, f64x2.add(v128.load(fwR + o), f64x2.mul(vwe, dv)));
          v128.store(fwSq + o, f64x2.add(v128.load(fwSq + o), f64x2.mul(f64x2.mul(vw, dv), dv)));
        }
      }
      for (; q < k; q++) {
        const dv = (ld(pr, q) * t - ld(means, q)) - f;
        st(fwR, q, ld(fwR, q) + we * dv);
        st(fwSq, q, ld(fwSq, q) + w * dv * dv);
      }
    }
  }
  if (pend > 0) aMax = max(aMax, flushRow(pr0, we0, wb0, w0, sw0, t, means, gradient, atb, colSq, k));
  if (pend > 1) aMax = max(aMax, flushRow(pr1, we1, wb1, w1, sw1, t, means, gradient, atb, colSq, k));
  if (pend > 2) aMax = max(aMax, flushRow(pr2, we2, wb2, w2, sw2, t, means, gradient, atb, colSq, k));
  let atbMax = 0.0;
  for (let j = 0; j < k; j++) atbMax = max(atbMax, abs(ld(atb, j)));
  evaluateClose(n, k, x, omega, center, sumOne, residual, gradient, fwR, fwSq, colSq, t, c, bMax, aMax, atbMax, rss, eSum, wSum, bss, bssU, fAbs, stats);
  return max(aMax, bMax);
}

/**
 * The closing computations of an evaluation, from its accumulated sums (shared with assembly/blocks.ts, which
 * accumulates a block of right-hand sides at once, t = 1): the scale-free dual residual d, the offset's rounding test,
 * the error norms and SPEC's KKT scale, into stats[0..6] (offset, scale, ‖e‖₂, rmse, mae, maxAbs, d).
 */
export function evaluateClose(
  n: i32, k: i32, x: usize, omega: usize, center: i32, sumOne: i32, residual: usize, gradient: usize, fwR: usize,
  fwSq: usize, colSq: usize, t: f64, c: f64, bMax: f64, aMax: f64, atbMax: f64, rss: f64, eSum: f64, wSum: f64,
  bss: f64, bssU: f64, fAbs: f64, stats: usize,
): void {
  const uniform = 1.0 / <f64>n;
  // the scale-free dual residual d (see evaluateFit)
  let ref = sqrt<f64>(bss);
  for (let q = 0; q < k; q++) ref += sqrt<f64>(ld(colSq, q)) * abs(ld(x, q));
  // with an offset, the residual at the exact offset (the weighted mean residual removed): the returned offset is
  // its rounding to f64, which no weights can make up for, so it is judged on its own below
  const em = center != 0 && wSum > 0.0 ? eSum / wSum : 0.0;
  const rssEx = max(0.0, rss - wSum * em * em);
  // 2^-21: below, g is rounding — ulps of ref, up to ~20 of them (a centred, weighted design and its offset each add
  // theirs; at the bar of 1e-8 the floor 2^-23 left room for ~5)
  const rr = max(sqrt<f64>(rssEx), 4.76837158203125e-7 * ref);
  let dual = 0.0;
  // the rounding of h_q from that of A x: |δf_i| ≤ (k + 2)·2^-52·(|A| x)_i, so |δh_q| ≤ that · ‖|A| x‖·‖r‖
  const hErr = <f64>(k + 2) * 2.220446049250313e-16 * sqrt<f64>(fAbs) * sqrt<f64>(rss);
  for (let q = 0; q < k; q++) {
    const cq = sqrt<f64>(ld(colSq, q));
    if (!(rr > 0.0)) continue;
    let gq = 0.0, dq = 0.0;
    if (sumOne != 0) {
      // the simplex moves mass between columns: a column's rate along e_q − x (or x − e_q), less its rounding, over
      // that direction's length ‖a_q − A x‖, not over ‖a_q‖ — a tiny column next to a large one would read the
      // large one's rate as its own
      const h = ld(fwR, q);
      gq = h > 0.0 ? max(0.0, h - hErr) : min(0.0, h + hErr);
      dq = sqrt<f64>(ld(fwSq, q));
    } else {
      gq = ld(gradient, q);
      dq = cq;
    }
    if (!(dq > 0.0)) continue;
    const v = ld(x, q) > 0.0 ? abs(gq) : max(0.0, -gq);
    dual = max(dual, (v / dq) / rr);   // two divisions: dq·rr can underflow to 0 on data of extreme scales
  }
  if (center != 0) {
    // the rounded offset costs more than SPEC's bars (residual: 1e-9·max(1, ‖b‖) + 5e-9·r*; objective:
    // 1e-8·f* + 1e-12·‖b‖²), with a margin of 10: no f64 answer is optimal then (data of 1e109 fitting a b of 1e39)
    // (the objective bar in the caller's units, in f64: on subnormal data it underflows to no bar, as the rule itself
    // does when evaluated in doubles)
    const rAct = sqrt<f64>(rss), rEx = sqrt<f64>(rssEx), bU = sqrt<f64>(bssU);
    const it2 = 1.0 / (t * t);
    const fAct = rss * it2, fEx = rssEx * it2, fb = bssU * it2;
    if (rAct - rEx > 1e-10 * max(t * sqrt<f64>(wSum), bU) + 5e-10 * rEx || fAct - fEx > 1e-9 * fEx + 1e-13 * fb) dual = max(dual, 1.0);
  }
  st(stats, 6, dual);
  // ‖e‖₂ without overflow: scaled by max |e_i| (as LAPACK's dnrm2); and the ω-weighted errors, over the rows of
  // positive weight only (scaled by their own maximum: a row of weight 0 may hold any residual, even one beyond the
  // f64 range, and takes no part in them)
  const eMax = maxAbs(residual, n);
  let eMaxW = 0.0;
  let ss = 0.0, wss = 0.0, wsa = 0.0, wmax = 0.0;
  if (omega == 0 && eMax > 0.0 && eMax < Infinity) {
    // uniform weights: every row counts, so eMaxW = eMax and both sums share one q per row (the same bits as below)
    eMaxW = eMax;
    for (let i = 0; i < n; i++) {
      const q = ld(residual, i) / eMax;
      ss += q * q;
      wss += uniform * q * q;
      wsa += uniform * abs(q);
      wmax = max(wmax, abs(q));
    }
  } else {
    for (let i = 0; i < n; i++) {
      const w = omega != 0 ? ld(omega, i) : uniform;
      if (w > 0.0) eMaxW = max(eMaxW, abs(ld(residual, i)));
    }
    if (eMax > 0.0 && eMax < Infinity) {
      for (let i = 0; i < n; i++) { const q = ld(residual, i) / eMax; ss += q * q; }
    }
    if (eMaxW > 0.0) {
      for (let i = 0; i < n; i++) {
        const w = omega != 0 ? ld(omega, i) : uniform;
        if (!(w > 0.0)) continue;
        const q = ld(residual, i) / eMaxW;
        wss += w * q * q;
        wsa += w * abs(q);
        wmax = max(wmax, abs(q));
      }
    }
  }
  st(stats, 2, eMax < Infinity ? eMax * sqrt<f64>(ss) : Infinity);
  st(stats, 3, eMaxW * sqrt<f64>(wss));
  st(stats, 4, eMaxW * wsa);
  st(stats, 5, eMaxW * wmax);
  st(stats, 0, c);
  st(stats, 1, max(max(atbMax, aMax * max(bMax, sumOne != 0 ? aMax : 0.0)), 1e-300));
}

/** One row's share: g += we·v, Aᵀb += wb·v, colSq += (w·v)·v with v = t·a_i − means; returns sw·max_j |v_j|. */
function flushRow(pr: usize, we: f64, wb: f64, w: f64, sw: f64, t: f64, means: usize, gradient: usize, atb: usize, colSq: usize, k: i32): f64 {
  let rowMax = 0.0;
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const vwe = f64x2.splat(we), vwb = f64x2.splat(wb), vt = f64x2.splat(t), vw = f64x2.splat(w);
    let vmax = f64x2.splat(0);
    for (; j + 2 <= k; j += 2) {
      const o = <usize>j << 3;
      const v = f64x2.sub(f64x2.mul(v128.load(pr + o), vt), v128.load(means + o));
      v128.store(gradient + o, f64x2.add(v128.load(gradient + o), f64x2.mul(vwe, v)));
      v128.store(atb + o, f64x2.add(v128.load(atb + o), f64x2.mul(vwb, v)));
      // (w·v)·v, as the scalar tail: lane-wise IEEE operations in the same order, so the same bits
      v128.store(colSq + o, f64x2.add(v128.load(colSq + o), f64x2.mul(f64x2.mul(vw, v), v)));
      vmax = f64x2.pmax(vmax, f64x2.abs(v));   // pmax: one maxpd (inputs are finite)
    }
    rowMax = max(f64x2.extract_lane(vmax, 0), f64x2.extract_lane(vmax, 1));
  }
  for (; j < k; j++) {
    const v = ld(pr, j) * t - ld(means, j);
    st(gradient, j, ld(gradient, j) + we * v);
    st(atb, j, ld(atb, j) + wb * v);
    st(colSq, j, ld(colSq, j) + w * v * v);
    rowMax = max(rowMax, abs(v));
  }
  return sw * rowMax;
}

/** flushRow for four rows in one sweep of the accumulators, rows applied in order (the same bits as four flushRow
 *  calls); returns the largest sw·max_j |v_j| of the four. */
function flushRows4(
  p0: usize, p1: usize, p2: usize, p3: usize, we0: f64, we1: f64, we2: f64, we3: f64, wb0: f64, wb1: f64, wb2: f64, wb3: f64,
  w0: f64, w1: f64, w2: f64, w3: f64, sw0: f64, sw1: f64, sw2: f64, sw3: f64, t: f64, means: usize, gradient: usize,
  atb: usize, colSq: usize, k: i32, plain: bool,
): f64 {
  let m0 = 0.0, m1 = 0.0, m2 = 0.0, m3 = 0.0;
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const vt = f64x2.splat(t);
    let x0 = f64x2.splat(0), x1 = f64x2.splat(0), x2 = f64x2.splat(0), x3 = f64x2.splat(0);
    const e0 = f64x2.splat(we0), e1 = f64x2.splat(we1), e2 = f64x2.splat(we2), e3 = f64x2.splat(we3);
    const c0 = f64x2.splat(wb0), c1 = f64x2.splat(wb1), c2 = f64x2.splat(wb2), c3 = f64x2.splat(wb3);
    const q0 = f64x2.splat(w0), q1 = f64x2.splat(w1), q2 = f64x2.splat(w2), q3 = f64x2.splat(w3);
    for (; plain && j + 2 <= k; j += 2) {
      const o = <usize>j << 3;
      const v0 = v128.load(p0 + o), v1 = v128.load(p1 + o), v2 = v128.load(p2 + o), v3 = v128.load(p3 + o);
      v128.store(gradient + o, f64x2.add(f64x2.add(f64x2.add(f64x2.add(v128.load(gradient + o),
        f64x2.mul(e0, v0)), f64x2.mul(e1, v1)), f64x2.mul(e2, v2)), f64x2.mul(e3, v3)));
      v128.store(atb + o, f64x2.add(f64x2.add(f64x2.add(f64x2.add(v128.load(atb + o),
        f64x2.mul(c0, v0)), f64x2.mul(c1, v1)), f64x2.mul(c2, v2)), f64x2.mul(c3, v3)));
      v128.store(colSq + o, f64x2.add(f64x2.add(f64x2.add(f64x2.add(v128.load(colSq + o),
        f64x2.mul(f64x2.mul(q0, v0), v0)), f64x2.mul(f64x2.mul(q1, v1), v1)), f64x2.mul(f64x2.mul(q2, v2), v2)), f64x2.mul(f64x2.mul(q3, v3), v3)));
      x0 = f64x2.pmax(x0, f64x2.abs(v0)); x1 = f64x2.pmax(x1, f64x2.abs(v1));
      x2 = f64x2.pmax(x2, f64x2.abs(v2)); x3 = f64x2.pmax(x3, f64x2.abs(v3));
    }
    for (; j + 2 <= k; j += 2) {
      const o = <usize>j << 3;
      const mj = v128.load(means + o);
      let g = v128.load(gradient + o), ab = v128.load(atb + o), cq = v128.load(colSq + o);
      let v = f64x2.sub(f64x2.mul(v128.load(p0 + o), vt), mj);
      g = f64x2.add(g, f64x2.mul(f64x2.splat(we0), v)); ab = f64x2.add(ab, f64x2.mul(f64x2.splat(wb0), v));
      cq = f64x2.add(cq, f64x2.mul(f64x2.mul(f64x2.splat(w0), v), v)); x0 = f64x2.pmax(x0, f64x2.abs(v));
      v = f64x2.sub(f64x2.mul(v128.load(p1 + o), vt), mj);
      g = f64x2.add(g, f64x2.mul(f64x2.splat(we1), v)); ab = f64x2.add(ab, f64x2.mul(f64x2.splat(wb1), v));
      cq = f64x2.add(cq, f64x2.mul(f64x2.mul(f64x2.splat(w1), v), v)); x1 = f64x2.pmax(x1, f64x2.abs(v));
      v = f64x2.sub(f64x2.mul(v128.load(p2 + o), vt), mj);
      g = f64x2.add(g, f64x2.mul(f64x2.splat(we2), v)); ab = f64x2.add(ab, f64x2.mul(f64x2.splat(wb2), v));
      cq = f64x2.add(cq, f64x2.mul(f64x2.mul(f64x2.splat(w2), v), v)); x2 = f64x2.pmax(x2, f64x2.abs(v));
      v = f64x2.sub(f64x2.mul(v128.load(p3 + o), vt), mj);
      g = f64x2.add(g, f64x2.mul(f64x2.splat(we3), v)); ab = f64x2.add(ab, f64x2.mul(f64x2.splat(wb3), v));
      cq = f64x2.add(cq, f64x2.mul(f64x2.mul(f64x2.splat(w3), v), v)); x3 = f64x2.pmax(x3, f64x2.abs(v));
      v128.store(gradient + o, g); v128.store(atb + o, ab); v128.store(colSq + o, cq);
    }
    m0 = max(f64x2.extract_lane(x0, 0), f64x2.extract_lane(x0, 1));
    m1 = max(f64x2.extract_lane(x1, 0), f64x2.extract_lane(x1, 1));
    m2 = max(f64x2.extract_lane(x2, 0), f64x2.extract_lane(x2, 1));
    m3 = max(f64x2.extract_lane(x3, 0), f64x2.extract_lane(x3, 1));
  }
  for (; j < k; j++) {
    const mj = ld(means, j);
    let g = ld(gradient, j), ab = ld(atb, j), cq = ld(colSq, j);
    let v = ld(p0, j) * t - mj; g += we0 * v; ab += wb0 * v; cq += w0 * v * v; m0 = max(m0, abs(v));
    v = ld(p1, j) * t - mj; g += we1 * v; ab += wb1 * v; cq += w1 * v * v; m1 = max(m1, abs(v));
    v = ld(p2, j) * t - mj; g += we2 * v; ab += wb2 * v; cq += w2 * v * v; m2 = max(m2, abs(v));
    v = ld(p3, j) * t - mj; g += we3 * v; ab += wb3 * v; cq += w3 * v * v; m3 = max(m3, abs(v));
    st(gradient, j, g); st(atb, j, ab); st(colSq, j, cq);
  }
  return max(max(sw0 * m0, sw1 * m1), max(sw2 * m2, sw3 * m3));
}
