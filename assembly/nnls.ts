import { Status } from "./status";
import { ld, st, ldi, sti, row, copy } from "./mem";
import { dot, axpy, fill, scale, maxAbs, powerOfTwoScale, simplexScale } from "./linalg";
import { gramUpdateAfterSwaps, ROW_BLOCK } from "./gram";
import { topIndicesDescending } from "./sort";
import { residualGradient } from "./design";
import { lsqPolish, polishScratchBytes } from "./polish";

/**
 * Exact NNLS / simplex least squares by a working-set active-set method:
 *   min ½‖A x − b‖²  s.t. x ≥ 0            (sumOne = 0)
 *   min ½‖A x − b‖²  s.t. x ≥ 0, 1ᵀx = 1   (sumOne = 1)
 * A is row-major n×k and is modified (columns permuted) — it must be the kernel's own copy.
 *
 * Outer loop (working set W, the first p columns after permutation): one pass over A gives the exact residual and
 * gradient g = Aᵀ(Ax − b); if the KKT test passes we stop, else the most violated columns outside W join it (its Gram
 * block is extended by a cache-blocked update) and the inner problem is re-solved on W.
 * Inner loop: Lawson–Hanson on the Gram matrix of W (the FNNLS form), with a Jacobi-scaled Cholesky factor of the
 * passive set updated by appending rows and by Givens deletions. Its linear term is c = G x − g, so the inner model's
 * gradient at the current x equals the exact one: each outer round is an iterative refinement step and the answer has
 * the accuracy of the exact gradient, not of the Gram matrix.
 * For the simplex, H = G + ρ11ᵀ replaces G (equal on the constraint set, positive definite on affinely independent
 * columns) and each passive solve eliminates the multiplier of 1ᵀx = 1.
 * see: Lawson & Hanson (1974), Solving Least Squares Problems, ch. 23, Algorithm NNLS;
 *      Bro & De Jong (1997), A fast non-negativity-constrained least squares algorithm, J. Chemometrics 11:393–401;
 *      Heinz & Chang (2001), FCLS (the ρ11ᵀ augmentation for the sum constraint).
 *
 * info (i32 ×4, out): [inner iterations, outer rounds, final |W|, final |P|].
 * warm ≠ 0: x holds a nonnegative starting point (in original column order) whose support seeds W and P.
 * prepared ≠ 0: A and b were centred or row-weighted (assembly/design.ts), so their bits are not the caller's (the
 * polish's exact-dependence test is off).
 */
export function nnlsActiveSet(
  a: usize, b: usize, n: i32, k: i32, sumOne: i32, x: usize, warm: i32,
  scratch: usize, maxIter: i32, tol: f64, info: usize, prepared: i32,
): i32 {
  // ---- scratch layout (must match activeSetScratchBytes) ----
  const kk = <usize>k;
  let p_ = scratch;
  const g = p_; p_ += kk << 3;                     // exact gradient, by position
  const r = p_; p_ += (<usize>n) << 3;             // residual
  const G = p_; p_ += (kk * kk) << 3;              // Gram of W, by position, stride k
  const L = p_; p_ += (kk * kk) << 3;              // Cholesky of scaled H_PP, stride k
  const xw = p_; p_ += kk << 3;                    // x by position
  const z = p_; p_ += kk << 3;                     // trial solution by position
  const c = p_; p_ += kk << 3;                     // inner linear term by position
  const d = p_; p_ += kk << 3;                     // Jacobi scale √H_qq by position
  const t1 = p_; p_ += kk << 3;                    // work (length k)
  const t2 = p_; p_ += kk << 3;                    // work (length k)
  const viol = p_; p_ += kk << 3;                  // violation of candidates
  const wv = p_; p_ += kk << 3;                    // inner multipliers c − H x, by position
  const cn = p_; p_ += kk << 3;                    // column norms ‖a_q‖, by position
  const pack = p_; p_ += (<usize>ROW_BLOCK * kk) << 3;   // one packed block of rows for the Gram update
  const perm = p_; p_ += kk << 2;                  // position → column
  const pidx = p_; p_ += kk << 2;                  // passive order → position
  const state = p_; p_ += kk << 2;                 // 0 in W at zero, 1 passive, 2 rejected this round
  const cand = p_; p_ += kk << 2;                  // candidate positions
  const swapA = p_; p_ += kk << 2;                 // planned swaps
  const swapB = p_; p_ += kk << 2;
  const pol = (p_ + 7) & ~(<usize>7);              // the QR polish (assembly/polish.ts)

  for (let q = 0; q < k; q++) { sti(perm, q, q); st(xw, q, 0.0); sti(state, q, 0); }
  let p = 0;        // |W|
  let np = 0;       // |P|
  let iterations = 0;
  let rounds = 0;
  let status = Status.Optimal;

  // ---- scale: s = max(‖Aᵀb‖∞, ‖A‖max‖b‖∞, 1e-300); one pass at x = 0 (also the column norms for the simplex start)
  let bNorm = maxAbs(b, n);
  let aMax = firstPass(a, n, k, b, g, t1, viol, r);
  const rowSpread = ld(viol, 0);   // max/min of the nonzero rows' ‖·‖∞ (a scale ratio: unchanged by the rescaling)
  // data far from 1: scale A and b (the kernel's copies) by powers of two, exact, so that Gram entries and
  // gradients neither overflow nor underflow. The simplex needs one common factor (x unchanged); for x ≥ 0, A and b
  // get their own (A in 1e-112 and b in 1e+103 is legitimate): the kernel solves for x·tb/ta and maps it back
  const ta = sumOne != 0 ? simplexScale(aMax, bNorm) : powerOfTwoScale(aMax);
  const tb = sumOne != 0 ? ta : powerOfTwoScale(bNorm);
  if (ta != 1.0 || tb != 1.0) {
    scale(ta, a, n * k);
    scale(tb, b, n);
    bNorm = maxAbs(b, n);
    aMax = firstPass(a, n, k, b, g, t1, viol, r);
  }
  const theta = scaledTheta(g, k, aMax, bNorm, sumOne, tol);
  const thetaCol = columnTheta(t1, cn, k, b, n, sumOne, tol);
  const rho = simplexRho(t1, k, sumOne);

  // ---- starting working set
  const nSeed = seedWorkingSet(x, warm, sumOne, t1, g, k, cand);
  if (nSeed > 0) {
    p = growWorkingSet(a, n, k, p, cand, nSeed, perm, swapA, swapB, g, cn, G, pack);
    computeScale(G, k, p, 0, sumOne, rho, d);
    for (let q = 0; q < p; q++) {
      const col = ldi(perm, q);
      st(xw, q, warm != 0 ? ld(x, col) * tb / ta : 1.0);
    }
    np = factorStart(G, L, k, d, pidx, state, xw, p, sumOne, warm, rho);
    if (sumOne != 0 && np < 0) { np = 0; status = Status.NumericalError; }   // reported below, with x written out
  }

  let stalled = 0;
  let lastRn = Infinity;
  let polish = 0;
  let polishRn = Infinity;
  let strictLeft = false;   // the final point failed the strict residual-space test (below)
  const bTwo = sqrt<f64>(dot(b, b, n));
  while (status == Status.Optimal) {
    rounds++;
    // at x = 0 (no starting set) firstPass has left exactly this pass's r and g
    if (rounds > 1 || p > 0) residualGradient(a, n, k, k, p, xw, b, r, g, 0);
    // scale-free test in the residual space: a column whose exact line search would decrease ‖r‖² by more than
    // (½tol·‖r‖)² (g_j²/‖a_j‖² > (½tol‖r‖)²) still counts as violated, however large ‖b‖ or the other columns are;
    // below that, g_q is rounding: a few ulps of ‖a_q‖·(‖b‖₂ + Σ‖a_j‖x_j) (Cauchy–Schwarz on |a_q|ᵀ(|b| + |A||x|))
    const rn = sqrt<f64>(dot(r, r, n));
    let ref = bTwo;
    for (let q = 0; q < p; q++) ref += ld(cn, q) * abs(ld(xw, q));
    const thetaR = min(thetaCol, max(0.5 * tol * rn, 8.881784197001252e-16 * ref));   // 2^-50: 4 ulps of |a_q|ᵀ(|b| + |A||x|)
    // ---- KKT test on the exact gradient
    const mu = simplexMultiplier(xw, g, p, sumOne);
    const xmax = maxAtLeastOne(xw, p);
    let refine = false;
    let zeroViolated = false;   // a column of W at zero that should join P: the inner Lawson–Hanson's job
    for (let q = 0; q < p; q++) {
      const gq = ld(g, q) - mu;
      const xq = ld(xw, q);
      // a passive column (x_q > 0) must have g_q ≈ 0 in both signs: moving x_q either way is a line search
      const thr = threshold(theta, thetaR, ld(cn, q));
      if (-gq > thr || (xq > 0.0 && gq > thr) || abs(xq * gq) / xmax > theta) refine = true;
      if (!(xq > 0.0) && -gq > thr) zeroViolated = true;
    }
    let nCand = 0;
    for (let q = p; q < k; q++) {
      const v = mu - ld(g, q);
      const c = ld(cn, q);
      // ranked by the scale-free rate −g_j/‖a_j‖
      if (v > threshold(theta, thetaR, c)) { sti(cand, nCand, q); st(viol, q, c > 0.0 ? v / c : Infinity); nCand++; }
    }
    if (nCand == 0 && !refine) {
      // optimal to rounding of g; polish: a few more correction steps while each halves ‖r‖ (g_q mixes rows of very
      // different scales, so a small residual in a small row can hide below the rounding of a large one), keeping
      // the better of the last two points
      let again = false;
      if (np > 0 && !zeroViolated && polish < 6 && (polish == 0 || rn < 0.5 * polishRn)) {
        let strict = false;
        for (let u = 0; u < np; u++) {
          const q = ldi(pidx, u);
          if (abs(ld(g, q) - mu) > 0.5 * tol * rn * ld(cn, q)) strict = true;
        }
        if (strict) {
          copy(viol, xw, p);
          if (correctionStep(L, k, np, pidx, c, d, z, t1, t2, sumOne, rho, g, xw)) {
            polish++;
            polishRn = rn;
            again = true;
          }
        }
      }
      if (!again) {
        if (np > 0 && polish >= 6) strictLeft = true;
        if (polish > 0 && rn > polishRn) copy(xw, viol, p);   // the last step made it worse: keep the one before
        break;
      }
      continue;
    }
    if (iterations >= maxIter) { status = Status.IterationLimit; break; }
    if (nCand == 0) {
      // refinement rounds: each must still reduce the residual (ill-conditioned passive sets take several)
      if (rn < lastRn * (1.0 - 1e-9)) stalled = 0;
      else stalled++;
      if (stalled > 4 || rounds > 200 + k) { status = Status.NumericalError; break; }
      // correction form of iterative refinement on P: δ = −H_PP⁻¹ g_P (1ᵀδ = 0 for the simplex) from the exact
      // gradient, x ← x + δ; the inner form z = H⁻¹(Hx − g) loses the correction to the cancellation in Hx − g when
      // H is ill-conditioned (nearly collinear columns)
      if (np > 0 && !zeroViolated) {
        if (correctionStep(L, k, np, pidx, c, d, z, t1, t2, sumOne, rho, g, xw)) {
          iterations++;
          lastRn = min(lastRn, rn);
          continue;
        }
      }
    } else {
      stalled = 0;
      const batch = chooseBatch(cand, nCand, k, p, viol, perm);
      const p0 = p;
      p = growWorkingSet(a, n, k, p, cand, batch, perm, swapA, swapB, g, cn, G, pack);
      computeScale(G, k, p, p0, sumOne, rho, d);
      for (let q = p0; q < p; q++) { st(xw, q, 0.0); sti(state, q, 0); }
    }
    // ---- inner linear term: c = H x − g, so that the inner model has the exact gradient at x
    innerLinearTerm(G, k, p, np, pidx, xw, g, rho, c, state);
    // ---- inner Lawson–Hanson on W
    lastRn = min(lastRn, rn);
    const res = innerLawsonHanson(G, L, k, p, c, d, cn, xw, z, t1, t2, wv, pidx, np, state, sumOne, rho, theta, thetaR, maxIter - iterations, info);
    iterations += ldi(info, 0);
    if (res < 0) { status = Status.NumericalError; break; }
    np = res;
  }

  // ---- the QR polish and certificate (assembly/polish.ts), only where the Gram-based answer may have lost digits:
  // a failed run, an ill-conditioned passive set (the Jacobi-scaled Cholesky's smallest pivot below 2^-10, so
  // cond(H_PP) ≳ 10^6), rows of very different scales (a small row's residual hides below the rounding of a large
  // one in g), columns whose Gram entries underflow, a column at zero numerically in the span of P, or a point the
  // strict residual test could not reach
  // (not after the caller's iteration cap: that status is the caller's to see)
  let needPolish = status == Status.NumericalError || (status == Status.Optimal && (strictLeft || rowSpread > 1048576.0));
  const certify = status == Status.Optimal;
  for (let u = 0; u < np && certify && !needPolish; u++) if (ld(L, u * k + u) < 0.0009765625) needPolish = true;
  for (let q = 0; q < k && certify && !needPolish; q++) {
    const c = ld(cn, q);
    if (c > 0.0 ? c < 3.5e-136 : columnNonzero(a, n, k, q)) needPolish = true;   // 2^-450
  }
  if (certify && !needPolish) {
    // f64 itself cannot reach SPEC's bar: A x carries ulps of ‖b‖ + Σ‖a_j‖x_j (data of 1e80 fitting a b of 1e-49);
    // the polish's certificate says so
    const rn = sqrt<f64>(dot(r, r, n));
    let ref = bTwo;
    for (let q = 0; q < p; q++) ref += ld(cn, q) * abs(ld(xw, q));
    if (8.881784197001252e-16 * <f64>(np + 2) * ref > 1e-10 * bTwo + 1e-9 * rn) needPolish = true;
  }
  if (certify && !needPolish && np > 0 && np < k) {
    // a zero column with a multiplier at rounding level that is nearly dependent on P (near-collinear columns)
    const rn = sqrt<f64>(dot(r, r, n));
    const mu = simplexMultiplier(xw, g, p, sumOne);
    for (let q = 0; q < k && !needPolish; q++) {
      if (q < p && (ldi(state, q) == 1 || ld(xw, q) > 0.0)) continue;
      const c = ld(cn, q);
      if (!(c > 0.0) || ld(g, q) - mu > 1e-6 * c * max(rn, 1e-300)) continue;   // a zero column cannot help
      // outside W there is no Gram row to test it with: a multiplier that small is itself the sign (ties, collinear)
      if (q >= p || !cholAppend(G, L, k, d, pidx, np, q, sumOne, rho) || ld(L, np * k + np) < 0.0009765625) needPolish = true;
    }
  }
  if (needPolish) {
    // r (n doubles) and the first cell of G after it take the rotated right-hand side
    const ps = lsqPolish(a, b, n, k, sumOne, xw, r, pol, 3 * k + 20, prepared == 0);
    status = ps;
  }

  // ---- output in the original column order
  for (let j = 0; j < k; j++) st(x, j, 0.0);
  const pEnd = needPolish ? k : p;   // the polish may have used any column
  for (let q = 0; q < pEnd; q++) {
    const v = max(0.0, ld(xw, q));
    st(x, ldi(perm, q), v > 0.0 ? v * ta / tb : 0.0);
  }
  sti(info, 0, iterations);
  sti(info, 1, rounds);
  sti(info, 2, p);
  sti(info, 3, np);
  return status;
}

/** One pass at x = 0: r = −b and g = −Aᵀb (the bits of residualGradient at x = 0), the squared column norms, and
 *  max |A_ij| (returned); spread[0] = the ratio of the largest to the smallest nonzero row ‖·‖∞ (1 with fewer than
 *  two nonzero rows). */
function firstPass(a: usize, n: i32, k: i32, b: usize, g: usize, colSq: usize, spread: usize, r: usize): f64 {
  fill(g, k, 0.0);
  fill(colSq, k, 0.0);
  let m = 0.0;
  let lo = Infinity;
  for (let i = 0; i < n; i++) st(r, i, 0.0 - ld(b, i));
  let i = 0;
  // four rows per sweep of g and colSq: g exactly as residualGradient computes it at x = 0 (its four-row blocks, then
  // rows one by one; a row with b_i = 0 adds ±0 to g, which never holds −0, so skipping it changes nothing)
  for (; i + 4 <= n; i += 4) {
    m = max(m, firstPassRows4(a, i, k, b, g, colSq, spread));
    lo = min(lo, ld(spread, 0));
  }
  for (; i < n; i++) {
    const pr = row(a, i, k);
    const bi = ld(b, i);
    if (bi != 0.0) axpy(-bi, pr, g, k);
    const rm = maxAbs(pr, k);
    m = max(m, rm);
    if (rm > 0.0 && rm < lo) lo = rm;
    squareAccumulate(pr, colSq, k);
  }
  st(spread, 0, lo < Infinity ? m / lo : 1.0);
  return m;
}

/** Rows i…i+3 of firstPass in one sweep: g −= Σ_r b_r·a_r as residualGradient's axpy4 at x = 0 (the same bits), and
 *  colSq += a_r∘a_r row by row. Returns the largest of the rows' ‖·‖∞ and writes the smallest nonzero one (or
 *  Infinity) to lo[0]. */
function firstPassRows4(a: usize, i: i32, k: i32, b: usize, g: usize, colSq: usize, lo: usize): f64 {
  const p0 = row(a, i, k), p1 = row(a, i + 1, k), p2 = row(a, i + 2, k), p3 = row(a, i + 3, k);
  const c0 = 0.0 - ld(b, i), c1 = 0.0 - ld(b, i + 1), c2 = 0.0 - ld(b, i + 2), c3 = 0.0 - ld(b, i + 3);
  let m0 = 0.0, m1 = 0.0, m2 = 0.0, m3 = 0.0;
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const v0 = f64x2.splat(c0), v1 = f64x2.splat(c1), v2 = f64x2.splat(c2), v3 = f64x2.splat(c3);
    let x0 = f64x2.splat(0), x1 = f64x2.splat(0), x2 = f64x2.splat(0), x3 = f64x2.splat(0);
    for (; j + 2 <= k; j += 2) {
      const o = <usize>j << 3;
      const a0 = v128.load(p0 + o), a1 = v128.load(p1 + o), a2 = v128.load(p2 + o), a3 = v128.load(p3 + o);
      let gv = v128.load(g + o), cv = v128.load(colSq + o);
      gv = f64x2.add(gv, f64x2.add(f64x2.add(f64x2.mul(v0, a0), f64x2.mul(v1, a1)), f64x2.add(f64x2.mul(v2, a2), f64x2.mul(v3, a3))));
      cv = f64x2.add(cv, f64x2.mul(a0, a0)); cv = f64x2.add(cv, f64x2.mul(a1, a1));
      cv = f64x2.add(cv, f64x2.mul(a2, a2)); cv = f64x2.add(cv, f64x2.mul(a3, a3));
      v128.store(g + o, gv); v128.store(colSq + o, cv);
      x0 = f64x2.pmax(x0, f64x2.abs(a0)); x1 = f64x2.pmax(x1, f64x2.abs(a1));
      x2 = f64x2.pmax(x2, f64x2.abs(a2)); x3 = f64x2.pmax(x3, f64x2.abs(a3));
    }
    m0 = max(f64x2.extract_lane(x0, 0), f64x2.extract_lane(x0, 1));
    m1 = max(f64x2.extract_lane(x1, 0), f64x2.extract_lane(x1, 1));
    m2 = max(f64x2.extract_lane(x2, 0), f64x2.extract_lane(x2, 1));
    m3 = max(f64x2.extract_lane(x3, 0), f64x2.extract_lane(x3, 1));
  }
  for (; j < k; j++) {
    const a0 = ld(p0, j), a1 = ld(p1, j), a2 = ld(p2, j), a3 = ld(p3, j);
    st(g, j, ld(g, j) + ((c0 * a0 + c1 * a1) + (c2 * a2 + c3 * a3)));
    st(colSq, j, (((ld(colSq, j) + a0 * a0) + a1 * a1) + a2 * a2) + a3 * a3);
    m0 = max(m0, abs(a0)); m1 = max(m1, abs(a1)); m2 = max(m2, abs(a2)); m3 = max(m3, abs(a3));
  }
  let l = Infinity;
  if (m0 > 0.0) l = min(l, m0);
  if (m1 > 0.0) l = min(l, m1);
  if (m2 > 0.0) l = min(l, m2);
  if (m3 > 0.0) l = min(l, m3);
  st(lo, 0, l);
  return max(max(m0, m1), max(m2, m3));
}

/** y += x∘x (element-wise). */
function squareAccumulate(x: usize, y: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      const v = v128.load(x + o);
      v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(v, v)));
    }
  }
  for (; i < n; i++) { const v = ld(x, i); st(y, i, ld(y, i) + v * v); }
}

/** f64 scratch bytes needed by nnlsActiveSet: never repeated in TypeScript. */
export function activeSetScratchBytes(n: i32, k: i32): f64 {
  const kk = <f64>k;
  return 8.0 * (2.0 * kk * kk + (11.0 + <f64>ROW_BLOCK) * kk + <f64>n) + 4.0 * 7.0 * kk + 64.0 + polishScratchBytes(n, k);
}

/** Whether column q has a nonzero entry. */
function columnNonzero(a: usize, n: i32, k: i32, q: i32): bool {
  for (let i = 0; i < n; i++) if (ld(row(a, i, k), q) != 0.0) return true;
  return false;
}

/** Moves columns `cols[0..m)` (original indices) to positions p..p+m−1 and extends G; returns the new |W|. */
function growWorkingSet(a: usize, n: i32, k: i32, p: i32, cols: usize, m: i32, perm: usize, swapA: usize, swapB: usize, g: usize, cn: usize, G: usize, pack: usize): i32 {
  // plan the swaps on perm, then apply the same sequence to every row in one pass
  for (let t = 0; t < m; t++) {
    const col = ldi(cols, t);
    let from = p + t;
    for (let q = p + t; q < k; q++) if (ldi(perm, q) == col) { from = q; break; }
    const to = p + t;
    sti(swapA, t, to);
    sti(swapB, t, from);
    if (from != to) {
      const pc = ldi(perm, to); sti(perm, to, ldi(perm, from)); sti(perm, from, pc);
      const gv = ld(g, to); st(g, to, ld(g, from)); st(g, from, gv);
      const cv = ld(cn, to); st(cn, to, ld(cn, from)); st(cn, from, cv);
    }
  }
  gramUpdateAfterSwaps(a, n, k, p, p + m, G, k, swapA, swapB, m, pack);
  return p + m;
}

export function computeScale(G: usize, k: i32, p: i32, p0: i32, sumOne: i32, rho: f64, d: usize): void {
  for (let q = p0; q < p; q++) st(d, q, sqrt<f64>(ld(G, q * k + q) + rho));
}

/** Scaled H entry between positions u and v. */
@inline function hs(G: usize, k: i32, d: usize, u: i32, v: i32, rho: f64): f64 {
  return (ld(G, u * k + v) + rho) / (ld(d, u) * ld(d, v));
}

/** Appends position q to the factor of the passive set; false when q is numerically dependent on it. */
export function cholAppend(G: usize, L: usize, k: i32, d: usize, pidx: usize, np: i32, q: i32, sumOne: i32, rho: f64): bool {
  if (ld(d, q) == 0.0) return false;
  const lrow = L + ((<usize>(np * k)) << 3);
  let ss = 0.0;
  for (let t = 0; t < np; t++) {
    const lt = L + ((<usize>(t * k)) << 3);
    const v = (hs(G, k, d, ldi(pidx, t), q, rho) - dot(lt, lrow, t)) / ld(lt, t);
    st(lrow, t, v);
    ss += v * v;
  }
  const d2 = 1.0 - ss;  // the scaled diagonal is 1
  // dependent only at rounding level: columns at an angle down to ~3e-8 (cond(A) up to ~1e7) still join; the outer
  // rounds' iterative refinement on the exact gradient recovers the accuracy the Gram matrix loses
  if (!(d2 > 1e-15 * <f64>(np + 1))) return false;
  st(lrow, np, sqrt<f64>(d2));
  return true;
}

/** Removes passive entry t from the factor (Givens rotations restore the triangle). */
function cholRemove(L: usize, k: i32, pidx: usize, np: i32, t: i32): void {
  for (let i = t; i < np - 1; i++) {
    copy(L + ((<usize>(i * k)) << 3), L + ((<usize>((i + 1) * k)) << 3), i + 2);
    sti(pidx, i, ldi(pidx, i + 1));
  }
  // rows t..np−2 now have one entry right of the diagonal: rotate columns (j, j+1) to remove it
  for (let j = t; j < np - 1; j++) {
    const aj = ld(L, j * k + j), bj = ld(L, j * k + j + 1);
    const h = sqrt<f64>(aj * aj + bj * bj);
    const cs = aj / h, sn = bj / h;
    for (let i = j; i < np - 1; i++) {
      const u = ld(L, i * k + j), v = ld(L, i * k + j + 1);
      st(L, i * k + j, cs * u + sn * v);
      st(L, i * k + j + 1, -sn * u + cs * v);
    }
    st(L, j * k + j + 1, 0.0);
  }
}

/** Solves H_PP z = rhs (rhs and z indexed by passive order, scaled units) with the factor: z = L⁻ᵀ L⁻¹ rhs. */
function cholSolve(L: usize, k: i32, np: i32, y: usize): void {
  for (let i = 0; i < np; i++) {
    const li = L + ((<usize>(i * k)) << 3);
    st(y, i, (ld(y, i) - dot(li, y, i)) / ld(li, i));
  }
  // Lᵀ z = y by columns of Lᵀ (rows of L), so every inner loop is a contiguous axpy
  for (let i = np - 1; i >= 0; i--) {
    const li = L + ((<usize>(i * k)) << 3);
    const zi = ld(y, i) / ld(li, i);
    st(y, i, zi);
    if (i > 0) axpy(-zi, li, y, i);
  }
}

/** z on the passive set (by position) minimising the inner model, with 1ᵀz = 1 for the simplex. */
function passiveSolve(L: usize, k: i32, np: i32, pidx: usize, c: usize, d: usize, z: usize, t1: usize, t2: usize, sumOne: i32, rho: f64, target: f64): void {
  for (let t = 0; t < np; t++) { const q = ldi(pidx, t); st(t1, t, ld(c, q) / ld(d, q)); }
  cholSolve(L, k, np, t1);
  if (sumOne != 0) {
    for (let t = 0; t < np; t++) st(t2, t, 1.0 / ld(d, ldi(pidx, t)));
    cholSolve(L, k, np, t2);
    let s1 = 0.0, s2 = 0.0;
    for (let t = 0; t < np; t++) { const dq = ld(d, ldi(pidx, t)); s1 += ld(t1, t) / dq; s2 += ld(t2, t) / dq; }
    const lam = (s1 - target) / s2;   // 1ᵀz = target (1; 0 for a correction)
    for (let t = 0; t < np; t++) st(t1, t, ld(t1, t) - lam * ld(t2, t));
  }
  for (let t = 0; t < np; t++) { const q = ldi(pidx, t); st(z, q, ld(t1, t) / ld(d, q)); }
}

/**
 * Lawson–Hanson steps 6–11, shared by innerLawsonHanson and nnls-many.ts's innerFull: solve on P, stepping back along
 * x → z while z leaves the orthant, until x = z is feasible on P. `added` is the column just made passive (−1: none).
 * Iterations: itOut[0] in and out. Returns |P|; −1 when a simplex fit loses every passive column (itOut[0] then not
 * written); −2 − |P| when the budget ran out (itOut[0] written: the caller returns |P|).
 */
@inline export function solveOnP(
  L: usize, k: i32, np: i32, pidx: usize, c: usize, d: usize, z: usize, t1: usize, t2: usize, xw: usize, state: usize,
  added: i32, sumOne: i32, rho: f64, budget: i32, itOut: usize,
): i32 {
  let it = ldi(itOut, 0);
  while (np > 0) {
    passiveSolve(L, k, np, pidx, c, d, z, t1, t2, sumOne, rho, 1.0);
    // ztest (as SciPy's __nnls.c): a just-added column that enters at ≤ 0 is rejected, x is kept
    if (added >= 0 && ld(z, added) <= 0.0) {
      cholRemove(L, k, pidx, np, np - 1);
      np--;
      sti(state, added, 2);
      st(xw, added, 0.0);
      added = -1;
      break;  // x was optimal on P before the addition and still is
    }
    added = -1;
    let alpha = 2.0;
    let leave = -1;
    for (let t = 0; t < np; t++) {
      const q = ldi(pidx, t);
      const zq = ld(z, q);
      if (zq <= 0.0) {
        const xq = ld(xw, q);
        const a = xq / (xq - zq);
        if (a < alpha) { alpha = a; leave = t; }
      }
    }
    if (leave < 0) {
      for (let t = 0; t < np; t++) { const q = ldi(pidx, t); st(xw, q, ld(z, q)); }
      break;
    }
    it++;
    for (let t = 0; t < np; t++) {
      const q = ldi(pidx, t);
      st(xw, q, ld(xw, q) + alpha * (ld(z, q) - ld(xw, q)));
    }
    st(xw, ldi(pidx, leave), 0.0);
    // drop every passive entry that reached zero (highest passive order first keeps indices valid)
    for (let t = np - 1; t >= 0; t--) {
      const q = ldi(pidx, t);
      if (ld(xw, q) <= 0.0) { st(xw, q, 0.0); cholRemove(L, k, pidx, np, t); np--; sti(state, q, 0); }
    }
    if (sumOne != 0 && np == 0) return -1;
    if (it >= budget) { sti(itOut, 0, it); return -2 - np; }
  }
  sti(itOut, 0, it);
  return np;
}

/**
 * Lawson–Hanson on the working set with the inner model ½xᵀHx − cᵀx: returns |P|, or −1 on a numerical failure;
 * the iterations used are written to itOut[0]. x (by position) is feasible on entry and on exit.
 */
export function innerLawsonHanson(
  G: usize, L: usize, k: i32, p: i32, c: usize, d: usize, cn: usize, xw: usize, z: usize, t1: usize, t2: usize, wv: usize,
  pidx: usize, np: i32, state: usize, sumOne: i32, rho: f64, theta: f64, thetaCol: f64, budget: i32, itOut: usize,
): i32 {
  let it = 0;
  sti(itOut, 0, 0);
  let needSolve = true;
  let added = -1;
  while (true) {
    if (needSolve) {
      sti(itOut, 0, it);
      const solved = solveOnP(L, k, np, pidx, c, d, z, t1, t2, xw, state, added, sumOne, rho, budget, itOut);
      if (solved == -1) { sti(itOut, 0, 0); return -1; }   // as before: a failure leaves itOut[0] at 0
      if (solved <= -2) return -2 - solved;
      np = solved;
      it = ldi(itOut, 0);
      added = -1;
      needSolve = false;
    }
    if (it >= budget) { sti(itOut, 0, it); return np; }
    // multipliers of the zero positions: w = c − H x; for the simplex subtract ν, the multiplier on P
    // w = c − H x over W as a sum of rows of the symmetric G (contiguous axpys), ρ·1ᵀx added once
    copy(wv, c, p);
    let sx = 0.0;
    for (let t = 0; t < np; t++) {
      const qq = ldi(pidx, t);
      const xq = ld(xw, qq);
      sx += xq;
      axpy(-xq, G + ((<usize>(qq * k)) << 3), wv, p);
    }
    const nu = passiveMultiplier(wv, pidx, np, sumOne, rho, sx);
    let best = -1;
    let bestVal = 0.0;
    for (let q = 0; q < p; q++) {
      if (ldi(state, q) != 0) continue;
      const w = ld(wv, q) - rho * sx - nu;
      const cq = ld(cn, q);
      const rate = cq > 0.0 ? w / cq : Infinity;   // a zero column (possible after centring) ranks first
      if (w > threshold(theta, thetaCol, cq) && rate > bestVal) { bestVal = rate; best = q; }
    }
    if (best < 0) { sti(itOut, 0, it); return np; }
    it++;
    if (cholAppend(G, L, k, d, pidx, np, best, sumOne, rho)) {
      sti(pidx, np, best);
      np++;
      sti(state, best, 1);
      added = best;
      needSolve = true;
    } else {
      sti(state, best, 2);
    }
  }
  return np;
}

/** The violation a column may keep: the SPEC's θ, or less for a column whose norm c makes θ too coarse. */
@inline export function threshold(theta: f64, thetaCol: f64, c: f64): f64 {
  const t = thetaCol * c;
  return t > 0.0 && t < theta ? t : theta;
}

@inline export function clampI(v: i32, lo: i32, hi: i32): i32 { return v < lo ? lo : v > hi ? hi : v; }

// ---- set-up shared with nnls-many.ts (one source: the same operations in the same order for both)

/** θ = ½·tol·s, the SPEC's scaled dual threshold: s = max(‖g‖∞, ‖A‖max·max(‖b‖∞, ‖A‖max for the simplex)) — for the
 *  simplex the fitted values A x reach ‖A‖max (x sums to 1), so ‖A‖max² joins the scale (b = 0 is legitimate). */
export function scaledTheta(g: usize, k: i32, aMax: f64, bNorm: f64, sumOne: i32, tol: f64): f64 {
  const s = max(max(maxAbs(g, k), aMax * max(bNorm, sumOne != 0 ? aMax : 0.0)), 1e-300);
  return 0.5 * tol * s;
}

/**
 * θcol: a per-column threshold on −g_j/‖a_j‖ (relative to ‖b‖₂, or for the simplex the largest fitted vector) that
 * stays meaningful when column scales differ by many orders of magnitude: dropping column j costs g_j²/(2‖a_j‖²) of
 * objective whatever its scale. Also writes the column norms cn_q = √(t1_q) (t1 holds ‖a_q‖²).
 */
export function columnTheta(t1: usize, cn: usize, k: i32, b: usize, n: i32, sumOne: i32, tol: f64): f64 {
  let cmax = 0.0;
  for (let q = 0; q < k; q++) { const c = sqrt<f64>(ld(t1, q)); st(cn, q, c); cmax = max(cmax, c); }
  return 0.5 * tol * max(sqrt<f64>(dot(b, b, n)), sumOne != 0 ? cmax : 0.0);
}

/** ρ for the simplex: a typical diagonal of G (t1 holds its diagonal), so that H = G + ρ11ᵀ is well scaled; 0 else. */
export function simplexRho(t1: usize, k: i32, sumOne: i32): f64 {
  if (sumOne == 0) return 0.0;
  let tr = 0.0;
  for (let j = 0; j < k; j++) tr += ld(t1, j);
  return max(tr / <f64>k, 1e-300);
}

/** The starting working set in `cand`: a warm start's support, or for the simplex the best vertex
 *  (argmin_j ½‖a_j − b‖² = argmin_j ½‖a_j‖² + g_j with g = −Aᵀb at x = 0, lowest index on ties). Returns its size. */
export function seedWorkingSet(x: usize, warm: i32, sumOne: i32, t1: usize, g: usize, k: i32, cand: usize): i32 {
  let nSeed = 0;
  if (warm != 0) {
    for (let j = 0; j < k; j++) if (ld(x, j) > 0.0) { sti(cand, nSeed, j); nSeed++; }
  }
  if (sumOne != 0 && nSeed == 0) {
    let best = 0;
    let bestVal = Infinity;
    for (let j = 0; j < k; j++) {
      const v = 0.5 * ld(t1, j) + ld(g, j);
      if (v < bestVal) { bestVal = v; best = j; }
    }
    sti(cand, 0, best);
    nSeed = 1;
  }
  return nSeed;
}

/** The correction form of iterative refinement on the passive set P: δ = −H_PP⁻¹ g_P (1ᵀδ = 0 for the simplex) from
 *  the exact gradient, applied (x ← x + δ) only when x + δ stays strictly inside; returns whether it was. */
export function correctionStep(
  L: usize, k: i32, np: i32, pidx: usize, c: usize, d: usize, z: usize, t1: usize, t2: usize, sumOne: i32, rho: f64,
  g: usize, xw: usize,
): bool {
  for (let u = 0; u < np; u++) { const q = ldi(pidx, u); st(c, q, -ld(g, q)); }
  passiveSolve(L, k, np, pidx, c, d, z, t1, t2, sumOne, rho, 0.0);
  let inside = true;
  for (let u = 0; u < np; u++) { const q = ldi(pidx, u); if (!(ld(xw, q) + ld(z, q) > 0.0)) inside = false; }
  if (!inside) return false;
  for (let u = 0; u < np; u++) { const q = ldi(pidx, u); st(xw, q, ld(xw, q) + ld(z, q)); }
  return true;
}

/** How many of the nCand violators join W this round, the most violated first (lowest column on ties), written to
 *  cand as columns. A pass costs n·k and each column in W about n·|W| of Gram work, so the first batch is small for
 *  small k (k/8, 4…32) and later ones add |W|/4 (measured against |W|/2 and 3|W|/8: a few more passes, but fewer
 *  columns in W that never become passive). When every candidate joins, they join in position order: no ranking. */
export function chooseBatch(cand: usize, nCand: i32, k: i32, p: i32, viol: usize, perm: usize): i32 {
  const batch = min(nCand, max(clampI(k >> 3, 4, 32), p >> 2));
  if (batch < nCand) topIndicesDescending(cand, nCand, batch, viol, perm);
  for (let t = 0; t < batch; t++) sti(cand, t, ldi(perm, ldi(cand, t)));   // positions → columns
  return batch;
}

/** The inner model's linear term c = H x − g on W (H = G + ρ11ᵀ for the simplex), so that it has the exact gradient
 *  at x; clears the "rejected this round" marks. */
export function innerLinearTerm(G: usize, k: i32, p: i32, np: i32, pidx: usize, xw: usize, g: usize, rho: f64, c: usize, state: usize): void {
  for (let q = 0; q < p; q++) {
    let hx = 0.0;
    for (let t = 0; t < np; t++) { const qq = ldi(pidx, t); hx += (ld(G, q * k + qq) + rho) * ld(xw, qq); }
    st(c, q, hx - ld(g, q));
    if (ldi(state, q) == 2) sti(state, q, 0);
  }
}

/**
 * The starting passive set: on the simplex a warm start is first scaled to sum 1; the working set's columns join P
 * through Cholesky appends (a column that would make H_PP singular starts at zero, outside P); on the simplex the
 * survivors are scaled to sum 1 again. Returns |P|, or −1 on the simplex when no column could join.
 */
export function factorStart(
  G: usize, L: usize, k: i32, d: usize, pidx: usize, state: usize, xw: usize, p: i32, sumOne: i32, warm: i32, rho: f64,
): i32 {
  if (sumOne != 0 && warm != 0) {
    let sum = 0.0;
    for (let q = 0; q < p; q++) sum += ld(xw, q);
    for (let q = 0; q < p; q++) st(xw, q, ld(xw, q) / sum);
  }
  let np = 0;
  for (let q = 0; q < p; q++) {
    if (cholAppend(G, L, k, d, pidx, np, q, sumOne, rho)) { sti(pidx, np, q); np++; sti(state, q, 1); }
    else { st(xw, q, 0.0); }
  }
  if (sumOne == 0) return np;
  if (np == 0) return -1;
  let sum = 0.0;
  for (let q = 0; q < p; q++) sum += ld(xw, q);
  for (let q = 0; q < p; q++) st(xw, q, ld(xw, q) / sum);
  return np;
}

/** The inner step's simplex multiplier ν on P: the mean over P of w_q − ρ·1ᵀx, with w = c − G x (0 without the
 *  simplex constraint). Shared by innerLawsonHanson and nnls-many.ts's innerFull (the same bits). */
@inline export function passiveMultiplier(wv: usize, pidx: usize, np: i32, sumOne: i32, rho: f64, sx: f64): f64 {
  if (sumOne == 0) return 0.0;
  let acc = 0.0;
  for (let t = 0; t < np; t++) acc += ld(wv, ldi(pidx, t)) - rho * sx;
  return acc / <f64>np;
}

/** The simplex's eliminated multiplier μ = min of g over the positive x on W (0 without the simplex constraint). */
export function simplexMultiplier(xw: usize, g: usize, p: i32, sumOne: i32): f64 {
  if (sumOne == 0) return 0.0;
  let mu = Infinity;
  for (let q = 0; q < p; q++) if (ld(xw, q) > 0.0 && ld(g, q) < mu) mu = ld(g, q);
  return mu;
}

/** max(1, max_q x_q) over W: the complementarity test's scale. */
export function maxAtLeastOne(xw: usize, p: i32): f64 {
  let xmax = 1.0;
  for (let q = 0; q < p; q++) if (ld(xw, q) > xmax) xmax = ld(xw, q);
  return xmax;
}
