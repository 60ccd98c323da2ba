import { Status } from "./status";
import { ld, st, ldi, sti, row, copy } from "./mem";
import { axpy, fill, maxAbs } from "./linalg";

const ULP4: f64 = 8.881784197001252e-16;         // 2^-50: four ulps
const LAMBDA_TOP: f64 = 4294967296.0;            // 2^32: the sum row's weight against unit columns
/** Problems up to this many entries keep a copy of the data for the exact-dependence test (2 MB). */
const COPY_LIMIT: f64 = 262144.0;
/** The minor certificate's limits: at most this many columns in its span, and this many products. */
const MINOR_Q: i32 = 8;
const MINOR_WORK: f64 = 4.0e6;
const U: f64 = 1.1102230246251565e-16;           // 2^-53, the unit roundoff

/** Scratch bytes needed by lsqPolish (k columns; the rotated right-hand side, n + 1 doubles, is the caller's). */
export function polishScratchBytes(n: i32, k: i32): f64 {
  const nk = <f64>n * <f64>k;
  const hasCopy = nk <= COPY_LIMIT;
  const copyWords = hasCopy ? nk + <f64>k + 2.0 * (<f64>n + 1.0) : 0.0;
  // the minor certificate (below): x and the simplex's sum row (k doubles each) and minorCore's scratch
  const minor = hasCopy ? 16.0 * <f64>k + minorBytes(n, k) : 0.0;
  return 8.0 * (8.0 * <f64>k + copyWords) + 4.0 * 5.0 * <f64>k + 72.0 + minor;
}

/** Row i of the polished system: with the sum row (sumOne) it is row 0 and the data rows follow. */
@inline function rp(a: usize, crow: usize, sumOne: i32, i: i32, k: i32): usize {
  return sumOne != 0 ? (i == 0 ? crow : row(a, i - 1, k)) : row(a, i, k);
}

/**
 * The backward-stable polish and certificate of a least-squares answer on its passive set:
 *   min ‖A x − b‖₂  s.t. x ≥ 0   (sumOne = 0),  and with 1ᵀx = 1 (sumOne = 1, by a sum row of weight λ ≫ ‖A‖ put first).
 * Lawson–Hanson in its original form: Householder QR of the passive columns applied in place to all of A and b (the
 * columns first equilibrated by powers of two, exact), so that the residual, the multipliers w = Aᵀ(b − A x) and each
 * outside column's part orthogonal to the passive ones are computed in the rotated space, never through AᵀA (which
 * loses cond(A)²: row-scaled, nearly collinear columns). Warm: x's support is factored first, then the usual
 * Lawson–Hanson loop (enter the column of largest scale-free gain ρ_j = w_j/‖a_j⊥‖ among those whose w_j is above its
 * rounding, step back while the passive solution leaves the orthant, Givens re-triangularisation on removal).
 * The certificate (r the rotated residual, bar = 1e-10·‖b‖ + 1e-9·‖r_data‖: SPEC's residual and objective rules with
 * a margin): (i) the columns J⁺ whose multiplier w_j is not below −(its rounding) could lower ‖r‖² by at most the
 * squared projection of r on the span of their parts orthogonal to A_P (Householder with column pivoting on the
 * rotated tails: orthogonal, so the coordinates carry only ulps of ref = ‖b‖ + Σ‖a_j‖x_j); (ii) a column whose
 * orthogonal part is rounding (≤ 32·(|P|+2) ulps of ‖a_j‖) is in span(A_P) up to a δ f64 cannot see: it gains
 * nothing if it is exactly dependent (a negative multiple of a passive column, or — on small problems given in the
 * caller's bits — (a_j − A_P c)ᵀr at u² level in double-double on a copy of the data), nor if that exact rate is
 * negative; else its step along (−c, 1) is bounded by the passive x it would drive to 0 (coordinates an exactly
 * dependent column can raise excepted), and unbounded it counts as the whole ‖r‖; (iii) the residual itself is
 * known to ulps of ref. Certified when the sum is within the bar: Optimal; else NumericalError (x is the polished
 * point); IterationLimit when the loop ran out of its budget. Positive multiples of a column are merged into it.
 * A (the kernel's own scaled copy) is destroyed, b is read only; bb (n + 1 doubles) receives the rotated right-hand
 * side. x: in, a feasible start; out, the answer. exact: A and b are the caller's data up to powers of two (not
 * centred or weighted), so an exact dependence in them is one of the caller's problem.
 * see: Lawson & Hanson (1974), Solving Least Squares Problems, ch. 23 (NNLS with Householder transformations);
 *      Björck (1996), Numerical Methods for Least Squares Problems, §2.7.1 (weighting method for equality
 *      constraints, heavy rows first), §5.2 (NNLS).
 */
export function lsqPolish(a: usize, b: usize, n: i32, k: i32, sumOne: i32, x: usize, bb: usize, scratch: usize, budget: i32, exact: bool): i32 {
  const kk = <usize>k;
  const m = n + (sumOne != 0 ? 1 : 0);
  let p_ = scratch;
  const cs = p_; p_ += kk << 3;                // column scale (power of two)
  const cnorm = p_; p_ += kk << 3;             // norm of the scaled column (with the sum row)
  const cdat = p_; p_ += kk << 3;              // its norm over the data rows
  const wv = p_; p_ += kk << 3;                // multipliers / reflector products
  const z = p_; p_ += kk << 3;                 // passive solution by passive order
  const crow = p_; p_ += kk << 3;              // the sum row (sumOne)
  const vj = p_; p_ += kk << 3;                // the certificate's v_j
  const x0 = p_; p_ += kk << 3;                // the start, kept for a failure
  const pidx = p_; p_ += kk << 2;              // passive order → column
  const state = p_; p_ += kk << 2;             // 0 free, 1 passive, 2 rejected, 3 duplicate, 4/5 certificate, 6 exact
  const twin = p_; p_ += kk << 2;              // an earlier column exactly proportional with a negative ratio, or −1
  const freeP = p_; p_ += kk << 2;             // by passive order: 1 when an exactly dependent column can raise it
  p_ = (p_ + 7) & ~(<usize>7);
  // small problems keep a copy of the equilibrated data (and the sum row) for the exact-dependence test below
  const hasCopy = <f64>n * <f64>k <= COPY_LIMIT;
  const acopy = p_; p_ += hasCopy ? (<usize>n * kk) << 3 : 0;
  const ccopy = p_; p_ += hasCopy ? kk << 3 : 0;
  const rhi = p_; p_ += hasCopy ? (<usize>n + 1) << 3 : 0;
  const rlo = p_; p_ += hasCopy ? (<usize>n + 1) << 3 : 0;
  const minorWs = p_;

  copy(x0, x, k);
  // ---- equilibrate the columns by powers of two (x' = x / cs), and the sum row
  for (let j = 0; j < k; j++) {
    let cm = 0.0;
    for (let i = 0; i < n; i++) cm = max(cm, abs(ld(row(a, i, k), j)));
    let t = 1.0;
    if (cm > 0.0) {
      while (cm * t >= 1.0 && t > 1e-300) t *= 0.5;
      while (cm * t < 0.5 && t < 1e300) t *= 2.0;
    }
    st(cs, j, t);
    sti(state, j, 0);
  }
  // for the simplex the sum row λ·cs_j must outweigh every column's data (λ·cs_j ≥ 2^32·√n, columns ≤ 1) while
  // staying finite: the scales of small columns are capped at 2^60 times the smallest scale (they stay below 1,
  // only less equilibrated), so the row spans at most 2^92·√n
  let csLo = Infinity;
  for (let j = 0; j < k; j++) csLo = min(csLo, ld(cs, j));
  if (sumOne != 0) for (let j = 0; j < k; j++) st(cs, j, min(ld(cs, j), csLo * 1152921504606846976.0));   // 2^60
  // (whether the scaling rounded an entry: then the copy is not the kernel's data times powers of two, and the
  // minor certificate below does not run)
  let lossy = false;
  for (let i = 0; i < n; i++) {
    const pr = row(a, i, k);
    for (let j = 0; j < k; j++) {
      const v = ld(pr, j), sv = v * ld(cs, j);
      if (v != 0.0 && !(abs(sv) >= 2.2250738585072014e-308)) lossy = true;
      st(pr, j, sv);
    }
  }
  for (let j = 0; j < k; j++) st(x, j, ld(x, j) / ld(cs, j));
  if (hasCopy) copy(acopy, a, n * k);
  // ‖b‖ of the data rows (the bar's scale), scaled against overflow
  const bMax = maxAbs(b, n);
  let bNorm = 0.0;
  if (bMax > 0.0) {
    let s = 0.0;
    for (let i = 0; i < n; i++) { const v = ld(b, i) / bMax; s += v * v; }
    bNorm = bMax * sqrt<f64>(s);
  }
  let lambda = 0.0;
  if (sumOne != 0) {
    // λ·cs_j ≥ 2^32·‖a_j‖ for every column (a unit change of x_j costs 2^32 times more in the sum row than in the
    // data); and when b is far above the largest column (‖b‖·csLo > 2^20, ~‖b‖/‖a‖max) λ² also 2^64 times above
    // ‖a‖max·‖b‖: the weighted solution leaves the sum by about the multiplier aᵀr over λ², which b of 1e22 against
    // columns of 1e-47 once made 2^162 (x = 0 came back)
    lambda = LAMBDA_TOP * sqrt<f64>(<f64>n) / csLo;
    const bRatio = bNorm * csLo;
    if (bRatio > 1048576.0) { let f = 1.0; while (f * f < bRatio && f < 1e150) f *= 2.0; lambda *= f; }
    for (let j = 0; j < k; j++) st(crow, j, lambda * ld(cs, j));
    if (hasCopy) copy(ccopy, crow, k);
    st(bb, 0, lambda);
    for (let i = 0; i < n; i++) st(bb, i + 1, ld(b, i));
  } else {
    for (let i = 0; i < n; i++) st(bb, i, ld(b, i));
  }
  for (let j = 0; j < k; j++) {
    let s = 0.0;
    for (let i = 0; i < m; i++) { const v = ld(rp(a, crow, sumOne, i, k), j); s += v * v; }
    st(cnorm, j, sqrt<f64>(s));
    let sd = 0.0;
    for (let i = 0; i < n; i++) { const v = ld(row(a, i, k), j); sd += v * v; }
    st(cdat, j, sqrt<f64>(sd));
  }
  // exactly proportional columns (the data and, for the simplex, the sum row; products compared exactly): a positive
  // multiple of an earlier column adds nothing (its mass moves there, and it is never a candidate); a negative one is
  // remembered, since it is in the span of P exactly (no gain at all) when its twin is passive
  for (let j = 0; j < k; j++) sti(twin, j, -1);
  for (let j = 1; j < k; j++) {
    if (!(ld(cnorm, j) > 0.0)) continue;
    for (let q = 0; q < j; q++) {
      if (ldi(state, q) == 3 || !(ld(cnorm, q) > 0.0)) continue;
      const ratio = proportional(a, n, k, j, q, sumOne, cs);
      if (ratio == 0.0) continue;
      if (ratio > 0.0) {
        if (ld(x, j) > 0.0) st(x, q, ld(x, q) + ratio * ld(x, j));
        st(x, j, 0.0);
        sti(state, j, 3);
      } else sti(twin, j, q);
      break;
    }
  }

  // ---- factor the starting support
  let np = 0;
  for (let j = 0; j < k; j++) {
    if (!(ld(x, j) > 0.0) || ldi(state, j) == 3) { st(x, j, 0.0); continue; }
    if (columnTail(a, crow, sumOne, m, k, np, j) > 32.0 * ULP4 * <f64>(np + 2) * ld(cdat, j)) {
      householder(a, crow, sumOne, m, k, np, j, bb, wv);
      sti(pidx, np, j); sti(state, j, 1); np++;
    } else st(x, j, 0.0);
  }
  if (sumOne != 0) {
    let s = 0.0;
    for (let j = 0; j < k; j++) s += ld(x, j) * ld(cs, j);
    if (s > 0.0) for (let j = 0; j < k; j++) st(x, j, ld(x, j) / s);
  }

  let it = 0;
  let added = -1;
  let status = Status.Optimal;
  let certified = false;
  while (true) {
    // ---- passive solve, stepping back while it leaves the orthant (Lawson–Hanson steps 6–11)
    while (np > 0) {
      triSolve(a, crow, sumOne, k, np, pidx, bb, -1, z);
      if (added >= 0 && !(ld(z, np - 1) > 0.0)) {
        // the entering column comes in at ≤ 0: rounding; undo and reject it until the next entry
        removePassive(a, crow, sumOne, k, np, np - 1, pidx, bb);
        np--;
        sti(state, added, 2);
        st(x, added, 0.0);
        added = -1;
        continue;
      }
      added = -1;
      let alpha = 2.0;
      let leave = -1;
      for (let t = 0; t < np; t++) {
        const zq = ld(z, t);
        if (!(zq > 0.0)) {
          const xq = ld(x, ldi(pidx, t));
          const s = xq / (xq - zq);
          if (s < alpha) { alpha = s; leave = t; }
        }
      }
      if (leave < 0) {
        for (let t = 0; t < np; t++) st(x, ldi(pidx, t), ld(z, t));
        break;
      }
      it++;
      for (let t = 0; t < np; t++) {
        const q = ldi(pidx, t);
        st(x, q, ld(x, q) + alpha * (ld(z, t) - ld(x, q)));
      }
      st(x, ldi(pidx, leave), 0.0);
      for (let t = np - 1; t >= 0; t--) {
        const q = ldi(pidx, t);
        if (!(ld(x, q) > 0.0)) { st(x, q, 0.0); removePassive(a, crow, sumOne, k, np, t, pidx, bb); np--; sti(state, q, 0); }
      }
      if (it >= budget) break;
    }
    if (it >= budget) { status = Status.IterationLimit; break; }

    // ---- multipliers and gains of the outside columns, in the rotated space
    let rs = 0.0;
    const rMax = tailMax(bb, np, m);
    if (rMax > 0.0) for (let i = np; i < m; i++) { const v = ld(bb, i) / rMax; rs += v * v; }
    const rn = rMax * sqrt<f64>(rs);
    // the data's scale (the sum row's rounding moves 1ᵀx by ulps, i.e. A x by ulps of the data, not of λ)
    let ref = bNorm;
    for (let t = 0; t < np; t++) { const q = ldi(pidx, t); ref += ld(cdat, q) * abs(ld(x, q)); }
    const noiseR = ULP4 * <f64>(np + 2) * ref;
    // with the sum row, ‖r‖² = r₀² + ‖r_data‖² (r₀ = λ(1 − Σ cs_j x_j), known to within its rounding): the bar and the
    // gains are judged on a lower bound of the data's residual (smaller is stricter)
    let rd = rn;
    if (sumOne != 0) {
      let sx = 0.0, sa = 0.0;
      for (let t = 0; t < np; t++) { const q = ldi(pidx, t); const v = ld(cs, q) * ld(x, q); sx += v; sa += abs(v); }
      const r0 = abs(lambda * (1.0 - sx)) + lambda * ULP4 * <f64>(np + 2) * (1.0 + sa);
      rd = r0 < rn ? sqrt<f64>((rn - r0) * (rn + r0)) : 0.0;
    }
    // SPEC's residual rule (1e-9·max(1, ‖b‖) + 5e-9·r*) and objective rule (1e-8·f* + 1e-12·‖b‖², i.e. ~1e-6·‖b‖ when
    // r* = 0) with a margin (so with b = 0 and r* = 0 only an exact fit passes: the objective rule asks for f = 0)
    const bar = 1e-10 * bNorm + 1e-9 * rd;
    fill(wv, k, 0.0);
    for (let i = np; i < m; i++) axpy(ld(bb, i), rp(a, crow, sumOne, i, k), wv, k);
    // w_j = a_j⊥ᵀ r carries the rounding of r (~(np+2) ulps of ref, seen through ‖a_j⊥‖) and of the rotated column
    // (~(np+2) ulps of ‖a_j‖, times ‖r‖); a tail within 32 such ulps of ‖a_j‖ is rounding: the column is in span(A_P)
    let best = -1;
    let bestRho = 0.0;
    let loss = noiseR;
    // exactly dependent outside columns (a negative multiple of a passive column, or in double-double on the data's
    // copy): no gain of their own (a null direction of A), but one whose coordinates c_e on P are all ≤ 0 can raise
    // those with c_e,u < 0 for free (a_e = A_P c_e), so they do not bound another dependent column's step below
    for (let u = 0; u < np; u++) sti(freeP, u, 0);
    let haveR = false;
    for (let j = 0; j < k; j++) {
      const s = ldi(state, j);
      if (s == 1 || s == 3 || !(ld(cnorm, j) > 0.0)) continue;
      if (columnTail(a, crow, sumOne, m, k, np, j) > 32.0 * ULP4 * <f64>(np + 2) * ld(cdat, j)) continue;
      triSolve(a, crow, sumOne, k, np, pidx, 0, j, z);
      const tw = ldi(twin, j);
      let exactDep = tw >= 0 && ldi(state, tw) == 1;
      if (!exactDep && hasCopy && exact) {
        // ρ = a_jᵀr − cᵀA_Pᵀr = (a_j − A_P c)ᵀr is at the level of u²·(|a_j|ᵀ|r| + |c|ᵀ|A_P|ᵀ|r|) exactly when
        // a_j − A_P c lies in span(A_P), i.e. a_j does
        if (!haveR) { exactResidual(acopy, ccopy, b, lambda, n, k, sumOne, np, pidx, x, rhi, rlo); haveR = true; }
        exactDep = abs(dependenceRate(acopy, ccopy, n, k, sumOne, np, pidx, j, z, rhi, rlo)) <= 1.0;
      }
      if (!exactDep) continue;
      sti(state, j, 6);
      let nonPos = true;
      for (let u = 0; u < np; u++) if (ld(z, u) > 0.0) nonPos = false;
      if (nonPos) for (let u = 0; u < np; u++) if (ld(z, u) < 0.0) sti(freeP, u, 1);
    }
    let nj = 0;
    for (let j = 0; j < k; j++) {
      const s = ldi(state, j);
      if (s == 1 || s == 3 || s == 6) continue;
      const cj = ld(cnorm, j);
      if (!(cj > 0.0)) continue;
      const w = ld(wv, j);
      const tj = columnTail(a, crow, sumOne, m, k, np, j);
      // |w_j|'s rounding: the dot product's own (ulps of Σ|a_ij||r_i| over the tail), and once reflectors have
      // mixed the rows, theirs (ulps of ‖a_j‖·‖r‖ and of ref·‖a_j⊥‖)
      let absDot = 0.0;
      for (let i = np; i < m; i++) absDot += abs(ld(rp(a, crow, sumOne, i, k), j) * ld(bb, i));
      const nw = ULP4 * <f64>(np + 2) * absDot + (np > 0 ? ULP4 * <f64>(np + 1) * (ref * tj + ld(cdat, j) * rn) : 0.0);
      if (w < -nw) continue;                     // x_j would have to fall below 0: no gain, whatever the others do
      if (!(tj > 32.0 * ULP4 * <f64>(np + 2) * ld(cdat, j))) {
        // a_j = A_P c + δ with δ at rounding level (not exactly 0: see above): the gain lies along d = (−c, 1)·t,
        // feasible for t up to min over c_u > 0 of x_u/c_u (coordinates an exact column can raise excepted;
        // unbounded when nothing bounds it: then f64 cannot judge it, and the whole ‖r‖ counts); ½‖r‖² falls by at
        // most t·(w_j + its rounding)
        triSolve(a, crow, sumOne, k, np, pidx, 0, j, z);
        let tmax = Infinity;
        for (let u = 0; u < np; u++) {
          const cu = ld(z, u);
          if (cu > 0.0 && ldi(freeP, u) == 0) tmax = min(tmax, ld(x, ldi(pidx, u)) / cu);
        }
        // the rate δᵀr itself, in double-double on the data's copy: a negative one (beyond its rounding) means the
        // only feasible direction, x_j up, raises ‖r‖ — nothing to gain, however small δ is
        if (tmax == Infinity && hasCopy && exact) {
          if (!haveR) { exactResidual(acopy, ccopy, b, lambda, n, k, sumOne, np, pidx, x, rhi, rlo); haveR = true; }
          if (dependenceRate(acopy, ccopy, n, k, sumOne, np, pidx, j, z, rhi, rlo) < -1.0) continue;
        }
        const rate = max(0.0, w) + nw;
        const drop = rate > 0.0 ? tmax * rate : 0.0;
        loss += normDrop(rd, 2.0 * drop);
        continue;
      }
      // a candidate: its sign is above rounding; ranked by the scale-free gain rate w_j/‖a_j⊥‖
      if (s == 0 && w > 4.0 * nw && w / tj > bestRho) { bestRho = w / tj; best = j; }
      st(vj, j, max(0.0, w) + nw);
      sti(state, j, 4);                          // in J⁺, the columns the certificate bounds jointly
      nj++;
    }
    if (best >= 0 && it < budget) {
      for (let j = 0; j < k; j++) { const s = ldi(state, j); if (s == 4 || s == 6) sti(state, j, 0); }
      it++;
      householder(a, crow, sumOne, m, k, np, best, bb, wv);
      sti(pidx, np, best); sti(state, best, 1); np++;
      added = best;
      // a new column may let the rejected ones in again
      for (let j = 0; j < k; j++) if (ldi(state, j) == 2) sti(state, j, 0);
      continue;
    }
    if (it >= budget) { status = Status.IterationLimit; break; }
    // ---- the certificate: entering J⁺ (with P free, signs relaxed) lowers ‖r‖² by at most ‖r‖'s projection on the
    // span of J⁺'s parts orthogonal to A_P: Householder with column pivoting on their rotated tails, in place (A is
    // not needed after), and the projection's coordinates are the rotated residual's entries np…np+|J⁺|−1, each
    // within (steps) ulps of ref (orthogonal transformations do not amplify rounding). A pivot whose tail is
    // rounding leaves columns in the span that nothing bounds: the whole ‖r‖ counts.
    let nf = 0;
    let spanLeft = false;
    for (let u = 0; u < nj; u++) {
      let piv = -1;
      let pt = -1.0;
      let ptRel = 0.0;
      for (let j = 0; j < k; j++) {
        if (ldi(state, j) != 4) continue;
        const tj = np + u < m ? columnTail(a, crow, sumOne, m, k, np + u, j) : 0.0;
        if (tj > pt) { pt = tj; piv = j; ptRel = tj / max(ld(cdat, j), 1e-300); }
      }
      if (piv < 0) break;
      if (!(ptRel > 32.0 * ULP4 * <f64>(np + u + 2))) { spanLeft = true; break; }
      householder(a, crow, sumOne, m, k, np + u, piv, bb, wv);
      sti(state, piv, 5);
      nf++;
    }
    let ysq = Infinity;
    if (!spanLeft) {
      let proj = 0.0;
      for (let u = 0; u < nf; u++) { const v = ld(bb, np + u); proj += v * v; }
      const yn = sqrt<f64>(proj) + ULP4 * <f64>(np + nf + 2) * ref * sqrt<f64>(<f64>nf);
      ysq = yn * yn;
    }
    if (nj > 0) loss += normDrop(rd, ysq);
    certified = min(loss, rn + noiseR) <= bar;   // ‖r‖ cannot fall below 0
    // the f64 certificate cannot see through a near-dependence (columns equal to rounding in their largest rows,
    // a genuine part in rows 1e50 smaller: data of mixed magnitudes): a second one from the caller's data — only
    // when the copy is that (exact): a centred or weighted copy carries the rounding of its preparation, which on
    // nearly collinear columns moves the minimum itself
    if (!certified && sumOne == 0 && hasCopy && exact && !lossy) certified = minorCertificate(acopy, b, n, k, x, cs, state, bNorm, rhi, rlo, minorWs);
    break;
  }
  if (status == Status.Optimal && !certified) status = Status.NumericalError;

  // ---- back to the caller's units (and exactly onto the simplex)
  for (let j = 0; j < k; j++) { const v = ld(x, j); st(x, j, v > 0.0 ? v * ld(cs, j) : 0.0); }
  if (sumOne != 0) {
    let s = 0.0;
    for (let j = 0; j < k; j++) s += ld(x, j);
    if (s > 0.0) for (let j = 0; j < k; j++) st(x, j, ld(x, j) / s);
  }
  // a non-finite step (data at the ends of the f64 range): the start is kept, and not certified
  let finite = true;
  for (let j = 0; j < k; j++) if (!isFinite<f64>(ld(x, j))) finite = false;
  if (!finite || (sumOne != 0 && !(ld(x, 0) >= 0.0 || ld(x, 0) < 0.0))) {
    copy(x, x0, k);
    return Status.NumericalError;
  }
  // the simplex's second certificate, on the x returned (normalised to sum 1 just above)
  if (status == Status.NumericalError && !certified && sumOne != 0 && hasCopy && exact && !lossy
    && simplexMinorCertificate(acopy, b, n, k, x, cs, state, bNorm, rhi, rlo, minorWs)) status = Status.Optimal;
  return status;
}

/** Dekker's exact product a·b = hi + lo (no FMA; |a|, |b| ≤ 1 here, so no overflow): the hi part. */
@inline function prodHi(a: f64, b: f64): f64 { return a * b; }

/** The rounding error of a·b (Dekker's TwoProduct with Veltkamp splitting). */
function prodLo(a: f64, b: f64): f64 {
  const p = a * b;
  const ca = 134217729.0 * a, cb = 134217729.0 * b;   // 2^27 + 1
  const ah = ca - (ca - a), al = a - ah;
  const bh = cb - (cb - b), bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

/** Whether a·b = c·d exactly (products far from underflow, or both exactly zero). */
function sameProduct(a: f64, b: f64, c: f64, d: f64): bool {
  const p = prodHi(a, b), r = prodHi(c, d);
  if (p != r) return false;
  if (p == 0.0) return (a == 0.0 || b == 0.0) && (c == 0.0 || d == 0.0);
  if (abs(p) < 1e-280) return false;   // the low parts may have underflowed: no exact verdict
  return prodLo(a, b) == prodLo(c, d);
}

/** The ratio λ with column j = λ·column q exactly (scaled data; with sumOne also cs_j/cs_q, the sum row's ratio), or
 *  0 when they are not exactly proportional. */
function proportional(a: usize, n: i32, k: i32, j: i32, q: i32, sumOne: i32, cs: usize): f64 {
  let i0 = -1;
  for (let i = 0; i < n; i++) { if (ld(row(a, i, k), q) != 0.0) { i0 = i; break; } }
  if (i0 < 0) return 0.0;
  const aj0 = ld(row(a, i0, k), j), aq0 = ld(row(a, i0, k), q);
  if (aj0 == 0.0) return 0.0;
  for (let i = 0; i < n; i++) {
    const pr = row(a, i, k);
    if (!sameProduct(ld(pr, j), aq0, aj0, ld(pr, q))) return 0.0;
  }
  if (sumOne != 0 && !sameProduct(ld(cs, j), aq0, aj0, ld(cs, q))) return 0.0;
  return aj0 / aq0;
}

/**
 * r = b − A_P x_P on the original (equilibrated) data in double-double: hi in rhi, lo in rlo (row 0 the sum row
 * when sumOne, with right-hand side λ).
 */
function exactResidual(ac: usize, cc: usize, b: usize, lambda: f64, n: i32, k: i32, sumOne: i32, np: i32, pidx: usize, x: usize, rhi: usize, rlo: usize): void {
  const m = n + (sumOne != 0 ? 1 : 0);
  for (let i = 0; i < m; i++) {
    const data = sumOne != 0 ? i - 1 : i;
    let h = data < 0 ? lambda : ld(b, data);
    let l = 0.0;
    for (let u = 0; u < np; u++) {
      const q = ldi(pidx, u);
      const aq = data < 0 ? ld(cc, q) : ld(row(ac, data, k), q);
      const xq = ld(x, q);
      const p = -(aq * xq), pe = -prodLo(aq, xq);
      const s = h + p, bv = s - h;
      l += ((h - (s - bv)) + (p - bv)) + pe;
      h = s;
    }
    st(rhi, i, h);
    st(rlo, i, l);
  }
}

/** (a_j − A_P c)ᵀ r in double-double (c by passive order in cz), in units of its rounding bound (u²-level): within
 *  ±1 a_j ∈ span(A_P) exactly; below −1 the direction (−c, 1) raises ‖r‖ (δᵀr < 0); above 1 it may lower it
 *  (2 when a row shows a_j outside the span beyond what double-double resolves). */
function dependenceRate(ac: usize, cc: usize, n: i32, k: i32, sumOne: i32, np: i32, pidx: usize, j: i32, cz: usize, rhi: usize, rlo: usize): f64 {
  const m = n + (sumOne != 0 ? 1 : 0);
  let h = 0.0, l = 0.0, mag = 0.0;
  let genuine = false;
  for (let i = 0; i < m; i++) {
    const data = sumOne != 0 ? i - 1 : i;
    // the row's coefficient: a_ij − Σ_u c_u a_iq, itself in double-double
    let dh = data < 0 ? ld(cc, j) : ld(row(ac, data, k), j);
    let dl = 0.0;
    let dm = abs(dh);
    for (let u = 0; u < np; u++) {
      const q = ldi(pidx, u);
      const aq = data < 0 ? ld(cc, q) : ld(row(ac, data, k), q);
      const cu = ld(cz, u);
      const p = -(aq * cu), pe = -prodLo(aq, cu);
      const s = dh + p, bv = s - dh;
      dl += ((dh - (s - bv)) + (p - bv)) + pe;
      dh = s;
      dm += abs(p);
    }
    // a row where a_j − A_P c does not cancel (|δ_i| beyond 2^-30 of its terms) holds a genuine part of a_j outside
    // span(A_P) that the norm-wise test missed (rows of very different scales): nothing is certain then
    if (abs(dh + dl) > 9.313225746154785e-10 * dm) genuine = true;
    const rh = ld(rhi, i), rl = ld(rlo, i);
    // (dh + dl)(rh + rl) ≈ dh·rh (exact: hi + lo) + dh·rl + dl·rh
    const p = dh * rh, pe = prodLo(dh, rh);
    const s = h + p, bv = s - h;
    l += ((h - (s - bv)) + (p - bv)) + pe + dh * rl + dl * rh;
    h = s;
    mag += dm * (abs(rh) + abs(rl));
  }
  if (genuine) return 2.0;
  const rho = h + l;
  const bound = 1.2e-30 * <f64>(np + 4) * <f64>(m + 4) * mag;   // ~2^-99: a few u² of the terms' size
  return bound > 0.0 ? rho / bound : (rho == 0.0 ? 0.0 : rho * Infinity);
}

/** The most ‖r‖ can fall when ‖r‖² falls by at most y2, for ‖r‖ ≥ r (r a lower bound): r − √(r² − y2), or √y2 when
 *  r ≤ √y2 (the worst case over the residuals the bound allows). */
function normDrop(r: f64, y2: f64): f64 {
  if (!(y2 > 0.0)) return 0.0;
  const y = sqrt<f64>(y2);
  return y >= r ? y : r - sqrt<f64>((r - y) * (r + y));
}

/** max |bb_i| over i ≥ t. */
function tailMax(bb: usize, t: i32, m: i32): f64 {
  let r = 0.0;
  for (let i = t; i < m; i++) r = max(r, abs(ld(bb, i)));
  return r;
}

/** ‖A[t:, j]‖ (scaled against over/underflow). */
function columnTail(a: usize, crow: usize, sumOne: i32, m: i32, k: i32, t: i32, j: i32): f64 {
  let cm = 0.0;
  for (let i = t; i < m; i++) cm = max(cm, abs(ld(rp(a, crow, sumOne, i, k), j)));
  if (!(cm > 0.0)) return 0.0;
  let s = 0.0;
  for (let i = t; i < m; i++) { const v = ld(rp(a, crow, sumOne, i, k), j) / cm; s += v * v; }
  return cm * sqrt<f64>(s);
}

/** Householder reflector zeroing A[t+1:, j] into A[t, j], applied to every column and to bb (work: k). */
function householder(a: usize, crow: usize, sumOne: i32, m: i32, k: i32, t: i32, j: i32, bb: usize, work: usize): void {
  const sigma = columnTail(a, crow, sumOne, m, k, t, j);
  if (!(sigma > 0.0)) return;
  const head = ld(rp(a, crow, sumOne, t, k), j);
  const alpha = head >= 0.0 ? -sigma : sigma;    // the new diagonal, of sign opposite to the head (no cancellation)
  const v0 = head - alpha;
  // H = I − v vᵀ/(−alpha·v0), v = (v0, A[t+1:, j])
  const beta = 1.0 / (-alpha * v0);
  fill(work, k, 0.0);
  axpy(v0, rp(a, crow, sumOne, t, k), work, k);
  let sb = v0 * ld(bb, t);
  for (let i = t + 1; i < m; i++) {
    const vi = ld(rp(a, crow, sumOne, i, k), j);
    if (vi != 0.0) { axpy(vi, rp(a, crow, sumOne, i, k), work, k); sb += vi * ld(bb, i); }
  }
  for (let q = 0; q < k; q++) st(work, q, ld(work, q) * beta);
  sb *= beta;
  // rows below t: v_i from column j before it is overwritten (v_i is read first on each row)
  for (let i = t + 1; i < m; i++) {
    const pr = rp(a, crow, sumOne, i, k);
    const vi = ld(pr, j);
    if (vi != 0.0) { axpy(-vi, work, pr, k); st(bb, i, ld(bb, i) - vi * sb); }
    st(pr, j, 0.0);
  }
  const pt = rp(a, crow, sumOne, t, k);
  axpy(-v0, work, pt, k);
  st(bb, t, ld(bb, t) - v0 * sb);
  st(pt, j, alpha);
}

/** z (by passive order) from the triangle: R z = bb[0:np) when j < 0, else R z = A[0:np, j] (column j's coordinates
 *  on the passive columns). */
function triSolve(a: usize, crow: usize, sumOne: i32, k: i32, np: i32, pidx: usize, bb: usize, j: i32, z: usize): void {
  for (let u = np - 1; u >= 0; u--) {
    const pr = rp(a, crow, sumOne, u, k);
    let s = j < 0 ? ld(bb, u) : ld(pr, j);
    for (let v = u + 1; v < np; v++) s -= ld(pr, ldi(pidx, v)) * ld(z, v);
    st(z, u, s / ld(pr, ldi(pidx, u)));
  }
}

/** Removes passive entry t: shifts the order and restores the triangle by Givens rotations of rows (u, u+1),
 *  applied to every column and to bb. */
function removePassive(a: usize, crow: usize, sumOne: i32, k: i32, np: i32, t: i32, pidx: usize, bb: usize): void {
  for (let u = t; u < np - 1; u++) sti(pidx, u, ldi(pidx, u + 1));
  for (let u = t; u < np - 1; u++) {
    const q = ldi(pidx, u);
    const r0 = rp(a, crow, sumOne, u, k), r1 = rp(a, crow, sumOne, u + 1, k);
    const x0 = ld(r0, q), x1 = ld(r1, q);
    if (x1 == 0.0) continue;
    const sc = max(abs(x0), abs(x1));
    const h = sc * sqrt<f64>((x0 / sc) * (x0 / sc) + (x1 / sc) * (x1 / sc));
    const c = x0 / h, s = x1 / h;
    for (let j = 0; j < k; j++) {
      const u0 = ld(r0, j), u1 = ld(r1, j);
      st(r0, j, c * u0 + s * u1);
      st(r1, j, -s * u0 + c * u1);
    }
    st(r1, q, 0.0);
    const b0 = ld(bb, u), b1 = ld(bb, u + 1);
    st(bb, u, c * b0 + s * b1);
    st(bb, u + 1, -s * b0 + c * b1);
  }
}

/**
 * The minor certificate on the polish's copy (exact: the caller's data times powers of two): x's residual, then
 * minorCore with unit weights and no offset. ac: the column-equilibrated data, x in its units, cs the scales, state
 * the polish's column states (3: an exact positive multiple of another column); rh, re: n doubles each.
 */
function minorCertificate(ac: usize, b: usize, n: i32, k: i32, x: usize, cs: usize, state: usize, bNorm: f64, rh: usize, re: usize, ws: usize): bool {
  const xr = ws;
  // the x the caller gets is v·cs_j (rounded when subnormal): divided back, exact
  for (let j = 0; j < k; j++) {
    const v = ld(x, j);
    const c = ld(cs, j);
    st(xr, j, v > 0.0 ? (v * c) / c : 0.0);
    if (!isFinite<f64>(ld(xr, j))) return false;
  }
  if (!exactResidual2(ac, b, n, k, xr, 0.0, rh, re)) return false;
  return minorCore(ac, n, k, 0, false, xr, state, 0, 0.0, bNorm, 0.0, rh, re, ws + ((<usize>k) << 3));
}

/**
 * The minor certificate of a simplex answer on the polish's copy: x in the caller's units (summing to 1 up to its
 * rounding), its residual, then minorCore with the sum row (cs_j·κ, κ a power of two bringing it to ≤ 1). The
 * returned x's sum misses 1 by |1 − Σx| (exact, in double-double), which the dual bound pays for.
 */
function simplexMinorCertificate(ac: usize, b: usize, n: i32, k: i32, x: usize, cs: usize, state: usize, bNorm: f64, rh: usize, re: usize, ws: usize): bool {
  const xr = ws;
  const srow = ws + ((<usize>k) << 3);
  const gap = sumGapAndRow(x, cs, k, xr, srow);
  if (!(gap >= 0.0)) return false;
  if (!exactResidual2(ac, b, n, k, xr, 0.0, rh, re)) return false;
  return minorCore(ac, n, k, 0, false, xr, state, srow, gap, bNorm, 0.0, rh, re, ws + ((<usize>(2 * k)) << 3));
}

/**
 * For the simplex: xr = x/cs (checked exact), the sum row srow_j = cs_j·κ (κ a power of two with max ≤ 1), and
 * returned: δ ≥ |1 − Σ x_j| (the sum in double-double, exact for k < 2^50), or −1 when x/cs is not exact.
 */
function sumGapAndRow(x: usize, cs: usize, k: i32, xr: usize, srow: usize): f64 {
  let cmax = 0.0;
  for (let j = 0; j < k; j++) cmax = max(cmax, ld(cs, j));
  let kap = 1.0;
  while (cmax * kap > 1.0) kap *= 0.5;
  while (cmax * kap <= 0.5) kap *= 2.0;
  let h = 0.0, l = 0.0;
  for (let j = 0; j < k; j++) {
    const v = ld(x, j), c = ld(cs, j);
    const xs = v > 0.0 ? v / c : 0.0;
    if (!isFinite<f64>(xs) || (v > 0.0 && xs * c != v)) return -1.0;
    st(xr, j, xs);
    st(srow, j, c * kap);
    const p = v > 0.0 ? v : 0.0;
    const sm = h + p, bv = sm - h;
    l += (h - (sm - bv)) + (p - bv);
    h = sm;
  }
  // |1 − (h + l)|: 1 − h is exact for h in [½, 2] (Sterbenz); else no proof
  if (!(h >= 0.5 && h <= 2.0)) return -1.0;
  return abs((1.0 - h) - l) * (1.0 + 2.0 * U) + 1e-300;
}

/** Scratch bytes for lsqCertify: the column-equilibrated copy, its row weights and scales, the residual, and
 *  minorCore's (never more than polishScratchBytes, so an nnls kernel's scratch serves). */
export function lsqCertifyScratchBytes(n: i32, k: i32): f64 {
  return 8.0 * (<f64>n * <f64>k + 4.0 * <f64>n + 3.0 * <f64>k) + 4.0 * <f64>k + minorBytes(n, k) + 32.0;
}

/** minorCore's scratch bytes. */
function minorBytes(n: i32, k: i32): f64 {
  return 8.0 * (5.0 * <f64>k + 2.0 * <f64>((MINOR_Q + 1) * (MINOR_Q + 1)) + 2.0) + 4.0 * (<f64>k + 1.0 + <f64>n + 1.0 + 2.0 * <f64>(MINOR_Q + 1)) + 16.0;
}

/**
 * The certificate of an answer (x, c) of the caller's weighted problem min Σ ω_i (a_iᵀx + c − b_i)² over x ≥ 0
 * (c free when `center`, else 0), from the caller's own data a, b, ω — for fits whose kernel ran on a centred or
 * weighted copy, whose rounding the polish's certificate cannot vouch for. Returns 1 when proved optimal under
 * SPEC's rules (see minorCore: the same proof with the W-inner product, the offset a free column of ones in B),
 * 0 when not proved or too large (n·k beyond COPY_LIMIT, or the minors beyond MINOR_WORK). omega: 0 for uniform
 * weights. scratch: lsqCertifyScratchBytes(n, k).
 */
export function lsqCertify(a: usize, b: usize, n: i32, k: i32, x: usize, omega: usize, center: i32, sumOne: i32, offset: f64, scratch: usize): i32 {
  if (<f64>n * <f64>k > COPY_LIMIT) return 0;
  // B holds at least the support (and the ones): when even that many columns' minors are beyond MINOR_WORK, or
  // beyond MINOR_Q, there is nothing to try (checked before any pass over the data)
  let q0 = center != 0 ? 1 : 0;
  for (let j = 0; j < k; j++) if (ld(x, j) > 0.0) q0++;
  if (q0 > MINOR_Q) return 0;
  const dataRows = q0 + 1 - (sumOne != 0 ? 1 : 0);
  if (dataRows <= n) {
    let comb = 1.0;
    for (let t = 0; t < dataRows; t++) comb = comb * <f64>(n - t) / <f64>(t + 1);
    let fact = 1.0;
    for (let t = 2; t <= q0 + 1; t++) fact *= <f64>t;
    if (comb * fact * <f64>(q0 + 1) * <f64>(k + 1) > MINOR_WORK) return 0;
  }
  const kk = <usize>k;
  let p_ = scratch;
  const ac = p_; p_ += (<usize>n * kk) << 3;   // the live rows (positive weight), columns equilibrated
  const bl = p_; p_ += (<usize>n) << 3;        // their b
  const wl = p_; p_ += (<usize>n) << 3;        // their weights, scaled by a power of two
  const rh = p_; p_ += (<usize>n) << 3;        // the residual
  const cs = p_; p_ += kk << 3;                // column scales
  const xr = p_; p_ += kk << 3;                // x in the copy's units
  const re = p_; p_ += (<usize>n) << 3;        // its error bound
  const state = p_; p_ += (kk << 2) + 4;       // 3: an exact copy of another column, which needs no test
  const ws = (p_ + 7) & ~(<usize>7);
  // weights: the live rows, scaled by a power of two (exact unless one becomes subnormal: then no proof)
  let wmax = 0.0;
  for (let i = 0; i < n; i++) { const w = omega != 0 ? ld(omega, i) : 1.0; if (!(w >= 0.0) || !isFinite<f64>(w)) return 0; wmax = max(wmax, w); }
  if (!(wmax > 0.0)) return 0;
  let tw = 1.0;
  while (wmax * tw >= 1.0) tw *= 0.5;
  while (wmax * tw < 0.5) tw *= 2.0;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const w = omega != 0 ? ld(omega, i) : 1.0;
    if (!(w > 0.0)) continue;
    const wt = w * tw;
    if (!(wt >= 2.2250738585072014e-308)) return 0;
    st(wl, m, wt);
    st(bl, m, ld(b, i));
    copy(row(ac, m, k), row(a, i, k), k);
    m++;
  }
  // columns equilibrated by powers of two (exact, or no proof); x in those units
  for (let j = 0; j < k; j++) {
    let cm = 0.0;
    for (let i = 0; i < m; i++) cm = max(cm, abs(ld(row(ac, i, k), j)));
    let t = 1.0;
    if (cm > 0.0) {
      while (cm * t >= 1.0) t *= 0.5;
      while (cm * t < 0.5) t *= 2.0;
    }
    if (!isFinite<f64>(t) || !(t > 0.0)) return 0;
    st(cs, j, t);
    for (let i = 0; i < m; i++) {
      const pr = row(ac, i, k);
      const v = ld(pr, j), sv = v * t;
      if (v != 0.0 && !(abs(sv) >= 2.2250738585072014e-308)) return 0;
      st(pr, j, sv);
    }
  }
  // x in those units (exact, else no proof); for the simplex also the sum row and the sum's miss
  let gap = 0.0;
  const srow = ws;
  if (sumOne != 0) {
    gap = sumGapAndRow(x, cs, k, xr, srow);
    if (!(gap >= 0.0)) return 0;
  } else {
    for (let j = 0; j < k; j++) {
      const xj = ld(x, j), t = ld(cs, j);
      const xs = xj > 0.0 ? xj / t : 0.0;
      if (!isFinite<f64>(xs) || (xj > 0.0 && xs * t != xj)) return 0;
      st(xr, j, xs);
    }
  }
  // exact copies (a column identical on the live rows to an earlier one, so also in the sum row): one that is 0 in
  // x needs no test of its own when its representative — the first copy with x > 0, else the first — is tested or
  // in B (⟨a_j, y⟩ is the representative's); copies with x > 0 stay in B (state 3: no test; else 0)
  for (let j = 0; j < k; j++) {
    sti(state, j, 0);
    if (ld(xr, j) > 0.0) continue;
    for (let q2 = 0; q2 < k; q2++) {
      if (q2 == j || ldi(state, q2) == 3 || (q2 > j && !(ld(xr, q2) > 0.0))) continue;
      let same = ld(cs, q2) == ld(cs, j);
      for (let i = 0; i < m && same; i++) if (ld(row(ac, i, k), q2) != ld(row(ac, i, k), j)) same = false;
      if (same) { sti(state, j, 3); break; }
    }
  }
  const c = center != 0 ? offset : 0.0;
  if (!isFinite<f64>(c)) return 0;
  if (!exactResidual2(ac, bl, m, k, xr, c, rh, re)) return 0;
  // ‖b‖_W (a lower bound: the judge's ‖b‖ is of the uncentred b)
  let bmax = 0.0;
  for (let i = 0; i < m; i++) bmax = max(bmax, abs(ld(bl, i)));
  let bs = 0.0;
  if (bmax > 0.0) for (let i = 0; i < m; i++) { const v = ld(bl, i) / bmax; bs += ld(wl, i) * v * v; }
  const bNorm = bmax * sqrt<f64>(bs) * (1.0 - <f64>(m + 4) * U);
  // the caller's unit: SPEC's norms are ω-weighted with the weights summing to 1 (unweighted: plain, for nnls and a
  // fit without point weights), i.e. ‖·‖_W/√(Σ ω_i·tw) and ‖·‖_W/√tw here
  let wsum = 0.0;
  for (let i = 0; i < m; i++) wsum += ld(wl, i);
  const one = (omega != 0 ? sqrt<f64>(wsum) : sqrt<f64>(tw)) * (1.0 - <f64>(m + 4) * U);
  return minorCore(ac, m, k, wl, center != 0, xr, state, sumOne != 0 ? srow : 0, gap, bNorm, one, rh, re, ws + ((<usize>k) << 3)) ? 1 : 0;
}

/**
 * r = b − A x − c in double-double (Dekker products, Knuth sums), rounded to rh, with re bounding |r_i − rh_i|
 * (products near underflow, whose low parts are not exact, count whole). False when not finite.
 */
function exactResidual2(ac: usize, b: usize, n: i32, k: i32, xr: usize, c: f64, rh: usize, re: usize): bool {
  for (let i = 0; i < n; i++) {
    const pr = row(ac, i, k);
    let h = ld(b, i), l = 0.0, mag = abs(h), slack = 0.0;
    if (c != 0.0) {
      const p = -c;
      const s = h + p, bv = s - h;
      l += (h - (s - bv)) + (p - bv);
      h = s;
      mag += abs(c);
    }
    for (let j = 0; j < k; j++) {
      const xj = ld(xr, j);
      if (xj == 0.0) continue;
      const aij = ld(pr, j);
      const p = -(aij * xj);
      let pe = 0.0;
      if (abs(p) >= 1e-270) pe = -prodLo(aij, xj);
      else if (aij != 0.0) slack += 1e-270;
      const s = h + p, bv = s - h;
      l += ((h - (s - bv)) + (p - bv)) + pe;
      h = s;
      mag += abs(p);
    }
    const rv = h + l;
    if (!isFinite<f64>(rv) || !isFinite<f64>(mag)) return false;
    st(rh, i, rv);
    st(re, i, U * abs(rv) + 8.0 * <f64>(k + 3) * U * U * mag + slack);
  }
  return true;
}

/**
 * A certificate that holds however the magnitudes of the rows differ: weak duality with y = (I − P_B) r (W-inner
 * product, W = diag(ω)), r the exact residual of the answer (rh with error bound re) and B a set of columns holding
 * x's support (and, with `ones`, the offset's column of ones). When ⟨a_j, y⟩_W ≤ 0 for every column (0 on B), y is
 * dual feasible: ‖b − Ax' − c'1‖²_W ≥ 2⟨b, y⟩_W − ‖y‖²_W = ‖y‖²_W for every x' ≥ 0 and c', i.e. r* ≥ ‖y‖_W =
 * dist_W(r, span B). Both from Cauchy–Binet: dist² = Σ_{|S|=q+1} ω_S det([B r]_S)² / Σ_{|S|=q} ω_S det(B_S)² and
 * ⟨a_j, y⟩_W = Σ_{|S|=q+1} ω_S det([B a_j]_S)·det([B r]_S) / Σ_{|S|=q} ω_S det(B_S)² over the row subsets S
 * (ω_S = Π_{i∈S} ω_i), each determinant a signed sum of products (Leibniz, in double-double) whose rounding, and r's
 * error, are bounded by permanents of |·| — no orthogonal transformation mixes a row of 1e100 into one of 1e-50, so
 * a column equal to another to rounding in its large rows keeps its small rows. B starts as the support; the column
 * whose ⟨a_j, y⟩ may be positive by the most joins it, one at a time. Small problems only (|B| ≤ MINOR_Q, the
 * products within MINOR_WORK). True when SPEC's residual and objective rules hold between ‖r‖_W (an upper bound)
 * and dist (a lower bound on r*). ac: n×k, columns equilibrated (entries ≤ 1, exact); w: the
 * row weights (≤ 1; 0 for unit weights); state: 0, or the polish's column states; b: for ‖b‖ only via bNorm.
 * see: Cauchy–Binet (Gram determinants as sums of products of maximal minors); Higham (2002), Accuracy and
 *      Stability of Numerical Algorithms, §3.1 (rounding of products and sums).
 */
function minorCore(ac: usize, n: i32, k: i32, w: usize, ones: bool, xr: usize, state: usize, srow: usize, sumGap: f64, bNorm: f64, one: f64, rh: usize, re: usize, ws: usize): bool {
  const kk = <usize>k;
  const Q1 = MINOR_Q + 1;
  let p_ = ws;
  const ys = p_; p_ += kk << 3;               // Σ ω_S det([B a_j]_S)·det([B r]_S)
  const ye = p_; p_ += kk << 3;               // its error bound
  const ya = p_; p_ += kk << 3;               // Σ ω_S |det([B a_j]_S)·det([B r]_S)| (for the sum's rounding)
  const inB = p_; p_ += kk << 3;              // 1 when column j is in B (2: needs no test, see below)
  const M = p_; p_ += (<usize>(Q1 * Q1)) << 3;
  const E = p_; p_ += (<usize>(Q1 * Q1)) << 3;
  const res = p_; p_ += 16;                   // a determinant and its error bound
  const cols = p_; p_ += (kk + 1) << 2;       // B (column k: the ones; so up to k + 1 entries)
  const rows = p_; p_ += (<usize>n + 1) << 2; // a row subset (row n: the sum row)
  const perm = p_; p_ += (<usize>Q1) << 2;
  const hc = p_;                              // Heap's counters
  let rmax = 0.0;
  for (let i = 0; i < n; i++) rmax = max(rmax, abs(ld(rh, i)) + ld(re, i));
  if (rmax == 0.0) return true;   // an exact fit
  // r scaled by a power of two into [½, 1) (exact but for subnormals: a bit of slack)
  if (!(rmax < 1e300) || !(rmax > 1e-300)) return false;
  let sr = 1.0;
  while (rmax * sr >= 1.0) sr *= 0.5;
  while (rmax * sr < 0.5) sr *= 2.0;
  for (let i = 0; i < n; i++) { st(rh, i, ld(rh, i) * sr); st(re, i, ld(re, i) * sr + 1e-300); }
  let rs2 = 0.0;
  for (let i = 0; i < n; i++) { const v = abs(ld(rh, i)) + ld(re, i); rs2 += (w != 0 ? ld(w, i) : 1.0) * v * v; }
  const rUp = sqrt<f64>(rs2) * (1.0 + <f64>(n + 6) * U);
  const bN = bNorm * sr * (1.0 - <f64>(n + 4) * U);
  // (a column the polish found to be an exact positive multiple of another, state 3, needs no test of its own:
  // ⟨a_j, y⟩ = λ·⟨a_q, y⟩ ≤ 0 with its twin's)
  let q = 0;
  if (ones) { sti(cols, 0, k); q = 1; }
  for (let j = 0; j < k; j++) {
    const dup = state != 0 && ldi(state, j) == 3;
    st(inB, j, dup ? 2.0 : 0.0);
    if (ld(xr, j) > 0.0 && !dup) {
      if (q >= MINOR_Q) return false;
      sti(cols, q, j); st(inB, j, 1.0); q++;
    }
  }
  const sr1 = srow != 0 ? 1 : 0;   // with the sum row every subset holds it (row n): the data rows are one fewer
  if (sr1 != 0 && q == 0) return false;
  for (let round = 0; round <= MINOR_Q; round++) {
    let rs = 0.0;
    if (q + 1 - sr1 <= n) {
      // the work: C(n, q+1)·(q+1)!·(q+1) products per column
      let comb = 1.0;
      for (let t = 0; t < q + 1 - sr1; t++) comb = comb * <f64>(n - t) / <f64>(t + 1);
      let fact = 1.0;
      for (let t = 2; t <= q + 1; t++) fact *= <f64>t;
      if (comb * fact * <f64>(q + 1) * <f64>(k + 1) > MINOR_WORK) return false;
      const den = q == 0 ? 1.0 : minorDen(ac, n, k, w, srow, q, cols, rows, perm, hc, M, E, res);
      const num = minorNum(ac, rh, re, n, k, w, srow, q, cols, inB, rows, perm, hc, M, E, res, ys, ye, ya);
      if (!(den >= 1e-250) || !isFinite<f64>(den) || !isFinite<f64>(num)) return false;
      let d2 = (num / den) * (1.0 - 4.0 * U);
      if (sr1 != 0) {
        // the simplex's dual value is ½‖y‖² + ν(1 − Σx), ν = −⟨a_j, y⟩ for every j in B, so ⟨Ax, y⟩ = −ν·Σx and
        // |ν| ≤ ‖Ax‖·‖y‖/Σx with ‖Ax‖ = ‖b − r‖ ≤ ‖b‖ + ‖r‖: r*² ≥ ‖y‖² − 2δ(‖b‖ + ‖r‖)‖y‖/(1 − δ) (δ = sumGap ≥
        // |1 − Σx|; in the scaled units, b and r both times sr)
        const bUp = bNorm * sr * (1.0 + 4.0 * <f64>(n + 8) * U);
        d2 -= 2.0 * sumGap * (bUp + rUp) * rUp / (1.0 - sumGap) * (1.0 + 8.0 * U);
      }
      rs = d2 > 0.0 ? sqrt<f64>(d2) * (1.0 - 4.0 * U) : 0.0;
    }
    // SPEC's rules (the residual 1e-9·max(1, ‖b‖) + 5e-9·r*, the objective 1e-8·f* + 1e-12·‖b‖²) between bounds
    // that are proved (‖r‖ from above; r*, ‖b‖ and the caller's unit `one` from below — 0 when unknown), so only a
    // margin of 10% for the bars' own last bits
    const gap2 = (rUp - rs) * (rUp + rs) * (1.0 + 4.0 * U);
    const unit = max(bN, one * sr * (1.0 - 4.0 * U));
    if (!(rUp - rs <= 0.9 * (1e-9 * unit + 5e-9 * rs)) || !(gap2 <= 0.9 * (1e-8 * rs * rs + 1e-12 * bN * bN))) return false;
    if (rs == 0.0) return true;   // ‖r‖ itself within the bars (r* ≥ 0)
    // dual feasibility: ⟨a_j, y⟩ ≤ 0 outside B (the common factor 1/Σ ω_S det(B_S)² > 0 left out); else the column
    // that may fail by the most joins B (one at a time, as Lawson–Hanson: the others' rates change with it)
    let join = -1;
    let worst = 0.0;
    for (let j = 0; j < k; j++) {
      if (ld(inB, j) != 0.0) continue;
      const v = ld(ys, j) + ld(ye, j);
      if (v > 0.0 && (join < 0 || v > worst)) { join = j; worst = v; }
    }
    if (join < 0) return true;
    if (q >= MINOR_Q) return false;
    sti(cols, q, join); st(inB, join, 1.0); q++;
  }
  return false;
}

/** det(M) (s×s, row stride s, entries ≤ 1) by Leibniz over Heap's permutations, each product and the sum in
 *  double-double (Dekker products, Knuth sums), and a bound on its error: u²-level roundings, (2·s! + 2s + 8)·u²
 *  of the permanent of |M|, its rounding to f64 (u·|det|), per(|M| + E) − per(|M|) for the entries' own errors E
 *  — nonzero in column ec only (−1: none), where it is Σ_σ E_{σ⁻¹(ec), ec}·Π_{other} |M| (Higham §3.1) — and for a
 *  product that comes near underflow (where a low part is not exact) the product itself. res[0] = det, res[1] =
 *  the bound. */
function leibniz(M: usize, E: usize, s: i32, ec: i32, perm: usize, hc: usize, res: usize): void {
  let fact = 1.0;
  for (let t = 2; t <= s; t++) fact *= <f64>t;
  const gamma = 1.1 * (2.0 * fact + 2.0 * <f64>s + 8.0) * U * U;
  const gp = 1.05 * (fact + <f64>s + 2.0) * U;   // the permanents' own rounding
  for (let t = 0; t < s; t++) { sti(perm, t, t); sti(hc, t, 0); }
  let dh = 0.0, dl = 0.0, per0 = 0.0, perE = 0.0, slack = 0.0;
  let sign = 1.0;
  let t = 1;
  while (true) {
    // the product, signed, as h + l
    let h = sign, l = 0.0, pa = 1.0;   // pa: the product with column ec's factor replaced by its error
    let tiny = false;
    for (let u = 0; u < s; u++) {
      const v = ldi(perm, u);
      const m = ld(M, u * s + v);
      const ph = h * m;
      if (abs(ph) < 1e-270) tiny = true;
      const pl = tiny ? 0.0 : prodLo(h, m);
      const lo = l * m + pl;
      h = ph + lo;
      l = lo - (h - ph);
      pa *= v == ec ? ld(E, u * s + v) : abs(m);
    }
    if (tiny) slack += abs(h) + 1e-300;
    per0 += abs(h);
    perE += pa;
    // (dh, dl) += (h, l)
    const sm = dh + h, bv = sm - dh;
    dl += ((dh - (sm - bv)) + (h - bv)) + l;
    dh = sm;
    // the next permutation: one transposition (Heap's algorithm, iterative)
    while (t < s && ldi(hc, t) >= t) { sti(hc, t, 0); t++; }
    if (t >= s) break;
    const sw = (t & 1) == 0 ? 0 : ldi(hc, t);
    const tmp = ldi(perm, sw); sti(perm, sw, ldi(perm, t)); sti(perm, t, tmp);
    sign = -sign;
    sti(hc, t, ldi(hc, t) + 1);
    t = 1;
  }
  const det = dh + dl;
  st(res, 0, det);
  // (perE: per(|M| + E) − per(|M|), computed with relative rounding ≤ gp)
  const pe = ec >= 0 ? perE * (1.0 + gp) : 0.0;
  st(res, 1, U * abs(det) + gamma * per0 * (1.0 + gp) + pe + slack + fact * <f64>(s + 1) * 5e-324);
}

/** The first row subset of size s (0, 1, …, s−1). */
function firstSubset(rows: usize, s: i32): void { for (let t = 0; t < s; t++) sti(rows, t, t); }

/** The next row subset of size s from n in lexicographic order; false after the last. */
function nextSubset(rows: usize, s: i32, n: i32): bool {
  let u = s - 1;
  while (u >= 0 && ldi(rows, u) == n - s + u) u--;
  if (u < 0) return false;
  sti(rows, u, ldi(rows, u) + 1);
  for (let v = u + 1; v < s; v++) sti(rows, v, ldi(rows, v - 1) + 1);
  return true;
}

/** Fills the first nc columns of M (s×s) with B's columns on the row subset (exact data, no error; column k: ones;
 *  row n: the sum row srow, 0 in the ones column). */
function fillB(ac: usize, n: i32, k: i32, srow: usize, s: i32, nc: i32, cols: usize, rows: usize, M: usize, E: usize): void {
  for (let u = 0; u < s; u++) {
    const i = ldi(rows, u);
    const pr = row(ac, i, k);
    for (let v = 0; v < nc; v++) {
      const c = ldi(cols, v);
      st(M, u * s + v, i == n ? (c == k ? 0.0 : ld(srow, c)) : (c == k ? 1.0 : ld(pr, c)));
      st(E, u * s + v, 0.0);
    }
  }
}

/** One column of M (s×s) at position v: data column j on the row subset (row n: the sum row), or r (rh, errors
 *  re; 0 in the sum row) when j < 0. */
function fillColumn(ac: usize, n: i32, k: i32, srow: usize, s: i32, v: i32, j: i32, rows: usize, rh: usize, re: usize, M: usize, E: usize): void {
  for (let u = 0; u < s; u++) {
    const i = ldi(rows, u);
    if (j < 0) {
      st(M, u * s + v, i == n ? 0.0 : ld(rh, i));
      st(E, u * s + v, i == n ? 0.0 : ld(re, i));
    } else {
      st(M, u * s + v, i == n ? ld(srow, j) : ld(row(ac, i, k), j));
      st(E, u * s + v, 0.0);
    }
  }
}

/** ω_S = Π_{i∈S} ω_i (1 for unit weights), rounded up by its own rounding's bound. */
function subsetWeight(w: usize, n: i32, rows: usize, s: i32): f64 {
  if (w == 0) return 1.0;
  let p = 1.0;
  for (let u = 0; u < s; u++) { const i = ldi(rows, u); if (i < n) p *= ld(w, i); }
  return p;
}

/** An upper bound on Σ_{|S|=q} ω_S det(B_S)² (terms below 1e-300 count as 1e-300). */
function minorDen(ac: usize, n: i32, k: i32, w: usize, srow: usize, q: i32, cols: usize, rows: usize, perm: usize, hc: usize, M: usize, E: usize, res: usize): f64 {
  let total = 0.0, count = 0.0;
  const sd = srow != 0 ? q - 1 : q;   // data rows per subset (the sum row, row n, in every one)
  firstSubset(rows, sd);
  if (srow != 0) sti(rows, sd, n);
  do {
    fillB(ac, n, k, srow, q, q, cols, rows, M, E);
    leibniz(M, E, q, -1, perm, hc, res);
    const hi = abs(ld(res, 0)) + ld(res, 1);
    const v = subsetWeight(w, n, rows, q) * (hi * hi);
    total += v < 1e-300 ? 1e-300 : v;
    count += 1.0;
  } while (nextSubset(rows, sd, n));
  // (a sum of count nonnegative terms, each a product of ≤ q + 3 roundings)
  return total * (1.0 + 1.05 * (count + <f64>q + 6.0) * U);
}

/**
 * A lower bound on Σ_{|S|=q+1} ω_S det([B r]_S)² (returned), and for each column j outside B the sum
 * ys_j = Σ ω_S det([B a_j]_S)·det([B r]_S) with a bound ye_j on its error.
 */
function minorNum(
  ac: usize, rh: usize, re: usize, n: i32, k: i32, w: usize, srow: usize, q: i32, cols: usize, inB: usize, rows: usize, perm: usize,
  hc: usize, M: usize, E: usize, res: usize, ys: usize, ye: usize, ya: usize,
): f64 {
  const s = q + 1;
  for (let j = 0; j < k; j++) { st(ys, j, 0.0); st(ye, j, 0.0); st(ya, j, 0.0); }
  let total = 0.0, count = 0.0;
  const sd = srow != 0 ? s - 1 : s;   // data rows per subset (the sum row, row n, in every one)
  firstSubset(rows, sd);
  if (srow != 0) sti(rows, sd, n);
  do {
    fillB(ac, n, k, srow, s, q, cols, rows, M, E);
    fillColumn(ac, n, k, srow, s, q, -1, rows, rh, re, M, E);
    leibniz(M, E, s, q, perm, hc, res);
    const dr = ld(res, 0), er = ld(res, 1);
    const ws = subsetWeight(w, n, rows, s);
    const lo = abs(dr) - er;
    if (lo > 0.0) total += ws * (lo * lo);
    count += 1.0;
    for (let j = 0; j < k; j++) {
      if (ld(inB, j) != 0.0) continue;
      fillColumn(ac, n, k, srow, s, q, j, rows, rh, re, M, E);
      leibniz(M, E, s, -1, perm, hc, res);
      const dj = ld(res, 0), ej = ld(res, 1);
      // |dj·dr − true| ≤ |dj|·er + ej·|dr| + ej·er; the products' and the sums' rounding below
      st(ys, j, ld(ys, j) + ws * (dj * dr));
      st(ye, j, ld(ye, j) + ws * (abs(dj) * er + ej * abs(dr) + ej * er) + 1e-300);
      st(ya, j, ld(ya, j) + ws * abs(dj * dr));
    }
  } while (nextSubset(rows, sd, n));
  // the sums' rounding: count terms, each of ≤ s + 4 roundings (ω_S, the product, the sum)
  const f = 1.05 * (count + <f64>s + 8.0) * U;
  for (let j = 0; j < k; j++) st(ye, j, (ld(ye, j) + f * ld(ya, j)) * (1.0 + f));
  return total * (1.0 - f);
}
