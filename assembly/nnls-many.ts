import { Status } from "./status";
import { ld, st, ldi, sti, row, copy } from "./mem";
import { dot, axpy, axpy4, fill, maxAbs, powerOfTwoScale } from "./linalg";
import { gramUpdate, gramRow, ROW_BLOCK } from "./gram";
import { residualGradient } from "./design";
import { topIndicesDescending } from "./sort";
import {
  computeScale, cholAppend, solveOnP, innerLawsonHanson, threshold, scaledTheta, columnTheta, simplexRho, seedWorkingSet,
  innerLinearTerm, factorStart, simplexMultiplier, maxAtLeastOne, passiveMultiplier,
} from "./nnls";

/**
 * Many right-hand sides against one matrix (src/batches.ts: nnlsMany, alignWeightsMany): the active-set method of
 * nnls.ts with the Gram matrix of the whole (prepared) A computed once for all of them (gramFull) instead of growing
 * the Gram block of the working set from A for each one, and with A read but never written (no copy, no column
 * permutation: positions map to columns through `perm`).
 *
 * Per right-hand side: one pass over A (Aᵀb; the column norms come from the Gram diagonal and ‖A‖max = aMax from
 * matrixMaxAbs, both once), then the outer rounds run on the Gram matrix
 * alone (g = G x − Aᵀb costs k·|support| instead of a pass of 2nk) until its KKT test passes; then one exact pass
 * (r = A x − b, g = Aᵀr) judges the answer. If the exact gradient still finds a violation the rounds go on with exact
 * gradients — the inner model's linear term c = H x − g then carries the exact gradient, as in nnls.ts, so the
 * answer has the accuracy of the exact gradient, not of the Gram matrix. The result is then recomputed by the
 * caller (evaluate.ts) exactly as for a single call.
 *
 * With at most FULL_W_MAX columns every column is in W from the start, in its own position, and G is gramFull
 * itself (innerFull): classic Lawson–Hanson with the scale-free ranking, whose multipliers cost |P|·k per step — at
 * 1000×100 (1,000 targets, support ~25) 33 inner steps per target instead of the rounds' 55, and 412k instructions
 * per target instead of 680k (callgrind). Wider matrices keep the rounds: there |P|·k per step would outweigh them.
 *
 * gramFull: k×k, from gramFullCompute on the same prepared A; aMax = max |A_ij| of it. Returns a Status, or
 * GRAM_DECLINED when the data needs the power-of-two rescaling of nnls.ts (far from 1): the caller then runs
 * nnlsActiveSet on its own copy.
 * info (i32 ×4, out): [inner iterations, outer rounds (of which exact: the caller does not need it), |W|, |P|].
 */
export const GRAM_DECLINED: i32 = -1;

/** G = AᵀA (k×k, both triangles) of a row-major n×k A. */
export function gramFullCompute(a: usize, n: i32, k: i32, gramFull: usize): void {
  gramUpdate(a, n, k, 0, k, gramFull, k);
}

/** Scratch bytes of nnlsActiveSetGram: nnls.ts's layout (its i32 part padded to whole f64s) plus four f64 vectors
 *  of length k. Never repeated in TypeScript. */
export function activeSetGramScratchBytes(n: i32, k: i32): f64 {
  const kk = <f64>k;
  return 8.0 * (2.0 * kk * kk + (11.0 + <f64>ROW_BLOCK) * kk + <f64>n) + 32.0 * kk + 64.0 + 32.0 * kk + 64.0;
}

export function nnlsActiveSetGram(
  a: usize, b: usize, n: i32, k: i32, sumOne: i32, x: usize, warm: i32, gramFull: usize, aMax: f64,
  scratch: usize, maxIter: i32, tol: f64, info: usize,
): i32 {
  return gramRounds(a, b, n, k, sumOne, x, warm, gramFull, aMax, scratch, maxIter, tol, info, 0, 0.0, 0.0, 0, 0);
}

/** The verdict record gramRounds leaves in "Gram model only" mode (assembly/blocks.ts reads it): θ, θcol, the
 *  rounding bound of the passive solve (8.9e-16·(|P| + 2)·(‖b‖ + Σ‖a_q‖|x_q|)), ‖b‖₂, then one flag per column
 *  (1: passive or positive — exempt from the zero-multiplier test). */
export const VERDICT_HEAD: i32 = 4;

/**
 * The rounds of nnlsActiveSetGram. With `negAtbIn` = 0 exactly nnlsActiveSetGram (one pass for −Aᵀb, exact passes
 * at the end). With `negAtbIn` ≠ 0 ("Gram model only", for assembly/blocks.ts): −Aᵀb and the rows' largest
 * magnitudes (rowHi, rowLo) come from the caller (computed for a block of right-hand sides at once), no pass over A
 * is made, and the rounds stop where the full kernel would start judging on exact gradients: x is written, the
 * tests that need no residual are made (as below), and `verdict` receives what the judgement on the exact gradient
 * needs (VERDICT_HEAD + k doubles). The caller then judges x with the full kernel's tests on the gradient it
 * recomputes anyway for the result (the same rounds, so the same x as the full kernel's whenever its first exact
 * check passes); an x that fails there is solved again by the full kernel.
 *
 * With `rowsDone` ≠ 0 (k i32 flags, 0 where row q of gramFull is not formed yet; assembly/small.ts) the Gram matrix is
 * formed lazily: only its diagonal is given, and row q is computed from A (gramRow) when column q joins the passive
 * set. Only the passive set's rows are ever read (the inner steps read G[P][·], the outer gradient G[P][·]·x_P), so
 * a fit whose solution has p of k columns forms about p rows instead of k: at 200×20 with supports of 4–8 columns,
 * G took over half of the fit. Requires k ≤ FULL_W_MAX (every column in W in its own position).
 */
export function gramRounds(
  a: usize, b: usize, n: i32, k: i32, sumOne: i32, x: usize, warm: i32, gramFull: usize, aMax: f64,
  scratch: usize, maxIter: i32, tol: f64, info: usize, negAtbIn: usize, rowHiIn: f64, rowLoIn: f64, verdict: usize,
  rowsDone: usize,
): i32 {
  const gramOnly = negAtbIn != 0;
  // ---- scratch layout: as nnlsActiveSet's, then negAtb, xo, go
  const kk = <usize>k;
  let p_ = scratch;
  const g = p_; p_ += kk << 3;
  const r = p_; p_ += (<usize>n) << 3;
  const G = p_; p_ += (kk * kk) << 3;
  const L = p_; p_ += (kk * kk) << 3;
  const xw = p_; p_ += kk << 3;
  const z = p_; p_ += kk << 3;
  const c = p_; p_ += kk << 3;
  const d = p_; p_ += kk << 3;
  const t1 = p_; p_ += kk << 3;
  const t2 = p_; p_ += kk << 3;
  const viol = p_; p_ += kk << 3;
  const wv = p_; p_ += kk << 3;
  const cn = p_;
  // past nnls.ts's layout, its i32 part padded to whole f64s (f64 regions stay 8-byte aligned)
  p_ = scratch + ((2 * kk * kk + (11 + <usize>ROW_BLOCK) * kk + <usize>n) << 3) + 32 * kk + 64;
  const negAtb = p_; p_ += kk << 3;                // −Aᵀb by column
  const xo = p_; p_ += kk << 3;                    // x by column
  const go = p_; p_ += kk << 3;                    // gradient by column
  const thr = p_; p_ += kk << 3;                   // each column's threshold (full W)
  // integer arrays reuse nnls.ts's region after the f64 vectors (pack is not needed: A is never permuted)
  let ip = cn + (kk << 3);
  const perm = ip; ip += kk << 2;
  const pidx = ip; ip += kk << 2;
  const state = ip; ip += kk << 2;
  const cand = ip;

  for (let q = 0; q < k; q++) { sti(perm, q, q); st(xw, q, 0.0); sti(state, q, 0); }
  let p = 0, np = 0, iterations = 0, rounds = 0;
  let status = Status.Optimal;

  let bNorm = maxAbs(b, n);
  // what depends on A alone comes from the shared Gram matrix (squared column norms: its diagonal) and aMax
  // (matrixMaxAbs, once); per right-hand side only g = −Aᵀb takes a pass
  if (powerOfTwoScale(max(aMax, bNorm)) != 1.0) return GRAM_DECLINED;
  let rowHi = 0.0, rowLo = Infinity;
  if (gramOnly) {
    for (let q = 0; q < k; q++) st(g, q, ld(negAtbIn, q));
    rowHi = rowHiIn;
    rowLo = rowLoIn;
  } else {
    fill(g, k, 0.0);
    for (let i = 0; i < n; i++) {
      const bi = ld(b, i);
      const pr = row(a, i, k);
      if (bi != 0.0) axpy(-bi, pr, g, k);
      const rm = maxAbs(pr, k);
      if (rm > 0.0) { rowHi = max(rowHi, rm); rowLo = min(rowLo, rm); }
    }
  }
  for (let q = 0; q < k; q++) st(t1, q, ld(gramFull, q * k + q));
  for (let q = 0; q < k; q++) st(negAtb, q, ld(g, q));
  const theta = scaledTheta(g, k, aMax, bNorm, sumOne, tol);
  const thetaCol = columnTheta(t1, cn, k, b, n, sumOne, tol);
  const rho = simplexRho(t1, k, sumOne);

  // ---- starting working set
  const nSeed = seedWorkingSet(x, warm, sumOne, t1, g, k, cand);
  // few columns: every column is in W from the start, in its own position (classic Lawson–Hanson on the shared Gram
  // matrix itself: no copies of its rows, no ranking of violators, and no rounds beyond the Gram model's check)
  const full = k <= FULL_W_MAX;
  if (rowsDone != 0 && !full) return GRAM_DECLINED;
  let Gw = G;
  if (full) {
    Gw = gramFull;
    p = k;
    for (let q = 0; q < k; q++) st(thr, q, threshold(theta, thetaCol, ld(cn, q)));
    computeScale(Gw, k, p, 0, sumOne, rho, d);
    if (nSeed > 0) {
      for (let t = 0; t < nSeed; t++) { const q = ldi(cand, t); st(xw, q, warm != 0 ? ld(x, q) : 1.0); }
      np = factorStartAt(Gw, L, k, d, pidx, state, xw, cand, nSeed, sumOne, warm, rho, a, n, rowsDone);
      if (sumOne != 0 && np < 0) { np = 0; status = Status.NumericalError; }
    }
  } else if (nSeed > 0) {
    p = growFromGram(k, p, cand, nSeed, perm, g, cn, G, gramFull);
    computeScale(G, k, p, 0, sumOne, rho, d);
    for (let q = 0; q < p; q++) st(xw, q, warm != 0 ? ld(x, ldi(perm, q)) : 1.0);
    np = factorStart(G, L, k, d, pidx, state, xw, p, sumOne, warm, rho);
    if (sumOne != 0 && np < 0) { np = 0; status = Status.NumericalError; }
  }

  let exact = false, handOver = false;
  let stalled = 0;
  while (status == Status.Optimal) {
    rounds++;
    // ---- the gradient by position: from the Gram matrix, or (exact) from one pass over A
    fill(xo, k, 0.0);
    for (let q = 0; q < p; q++) st(xo, ldi(perm, q), ld(xw, q));
    if (exact) {
      residualGradient(a, n, k, k, k, xo, b, r, go, 0);
    } else {
      for (let j = 0; j < k; j++) st(go, j, ld(negAtb, j));
      for (let q = 0; q < p; q++) {
        const xq = ld(xw, q);
        if (xq != 0.0) {
          const col = ldi(perm, q);
          needRow(a, n, k, col, gramFull, rowsDone);   // (passive, so formed already)
          axpy(xq, gramFull + ((<usize>col * kk) << 3), go, k);
        }
      }
    }
    for (let q = 0; q < k; q++) st(g, q, ld(go, ldi(perm, q)));
    // ---- KKT test (as nnls.ts)
    const mu = simplexMultiplier(xw, g, p, sumOne);
    const xmax = maxAtLeastOne(xw, p);
    let refine = false;
    for (let q = 0; q < p; q++) {
      const gq = ld(g, q) - mu;
      const xq = ld(xw, q);
      if (-gq > threshold(theta, thetaCol, ld(cn, q)) || abs(xq * gq) / xmax > theta) refine = true;
    }
    let nCand = 0;
    for (let q = p; q < k; q++) {
      const v = mu - ld(g, q);
      const cq = ld(cn, q);
      if (v > threshold(theta, thetaCol, cq)) { sti(cand, nCand, q); st(viol, q, cq > 0.0 ? v / cq : Infinity); nCand++; }
    }
    if (nCand == 0 && !refine) {
      if (exact) break;
      if (gramOnly) { handOver = true; break; }   // the caller judges on its own recomputed gradient
      exact = true;       // the Gram model is solved: judge it on the exact gradient
      continue;
    }
    if (iterations >= maxIter) { status = Status.IterationLimit; break; }
    if (nCand == 0) {
      stalled++;
      if (stalled > 4) {
        if (!exact && gramOnly) { handOver = true; break; }
        if (!exact) { exact = true; stalled = 0; continue; }
        status = Status.NumericalError;
        break;
      }
    } else {
      stalled = 0;
      const batch = chooseBatchGram(cand, nCand, p, viol, perm);
      const p0 = p;
      p = growFromGram(k, p, cand, batch, perm, g, cn, G, gramFull);
      computeScale(G, k, p, p0, sumOne, rho, d);
      for (let q = p0; q < p; q++) { st(xw, q, 0.0); sti(state, q, 0); }
    }
    // ---- inner linear term c = H x − g and the inner Lawson–Hanson on W (as nnls.ts)
    if (rowsDone != 0) innerLinearTermRows(Gw, k, np, pidx, xw, g, rho, c, state);
    else innerLinearTerm(Gw, k, p, np, pidx, xw, g, rho, c, state);
    const res = full
      ? innerFull(Gw, L, k, c, d, cn, thr, xw, z, t1, t2, wv, pidx, np, state, sumOne, rho, maxIter - iterations, info, a, n, rowsDone)
      : innerLawsonHanson(Gw, L, k, p, c, d, cn, xw, z, t1, t2, wv, pidx, np, state, sumOne, rho, theta, thetaCol, maxIter - iterations, info);
    iterations += ldi(info, 0);
    if (res < 0) { status = Status.NumericalError; break; }
    np = res;
  }

  // where the single call would polish (assembly/nnls.ts: a failed run, rows of very different scales, an
  // ill-conditioned passive set, a zero column with a multiplier at rounding level, a bar below f64's reach), the
  // Gram answer is not trusted: the right-hand side takes the single call's path
  if (status == Status.NumericalError) return GRAM_DECLINED;
  if (status == Status.Optimal) {
    if (rowLo < Infinity && rowHi > 1048576.0 * rowLo) return GRAM_DECLINED;
    for (let u = 0; u < np; u++) if (ld(L, u * k + u) < 0.0009765625) return GRAM_DECLINED;
    const bTwo = sqrt<f64>(dot(b, b, n));
    let ref = bTwo;
    for (let q = 0; q < p; q++) ref += ld(cn, q) * abs(ld(xw, q));
    if (handOver) {
      // what the judgement on the exact gradient needs (assembly/blocks.ts gramVerdict)
      st(verdict, 0, theta);
      st(verdict, 1, thetaCol);
      st(verdict, 2, 8.881784197001252e-16 * <f64>(np + 2) * ref);
      st(verdict, 3, bTwo);
      const flags = verdict + ((<usize>VERDICT_HEAD) << 3);
      for (let q = 0; q < k; q++) st(flags, q, 0.0);
      for (let q = 0; q < p; q++) if (ldi(state, q) == 1 || ld(xw, q) > 0.0) st(flags, ldi(perm, q), 1.0);
    } else {
      const rn = sqrt<f64>(dot(r, r, n));
      const mu = simplexMultiplier(xw, g, p, sumOne);
      if (8.881784197001252e-16 * <f64>(np + 2) * ref > 1e-10 * bTwo + 1e-9 * rn) return GRAM_DECLINED;
      for (let q = 0; q < k; q++) {
        if (q < p && (ldi(state, q) == 1 || ld(xw, q) > 0.0)) continue;
        const cq = ld(cn, q);
        if (!(cq > 0.0)) continue;   // a zero column (a constant one, centred) cannot help
        if (cq < 3.5e-136 || ld(g, q) - mu <= 1e-6 * cq * max(rn, 1e-300)) return GRAM_DECLINED;
      }
    }
  }
  for (let j = 0; j < k; j++) st(x, j, 0.0);
  for (let q = 0; q < p; q++) st(x, ldi(perm, q), max(0.0, ld(xw, q)));
  sti(info, 0, iterations);
  sti(info, 1, rounds);
  sti(info, 2, p);
  sti(info, 3, np);
  return status;
}

/** Up to this many columns, gramRounds keeps every column in W (its own position, G = the shared Gram matrix): an
 *  inner step then costs |P|·k for the multipliers, against the rounds' copies, rankings and Gram gradients. */
const FULL_W_MAX: i32 = 256;

/**
 * innerLawsonHanson (assembly/nnls.ts) for a working set of all k columns in their own positions: the same steps,
 * with the multipliers w = c − H x from four rows of G per sweep (axpy4) and each column's threshold given (thr).
 * Returns |P|, or −1 on a numerical failure; the iterations used are written to itOut[0].
 */
function innerFull(
  G: usize, L: usize, k: i32, c: usize, d: usize, cn: usize, thr: usize, xw: usize, z: usize, t1: usize, t2: usize,
  wv: usize, pidx: usize, np: i32, state: usize, sumOne: i32, rho: f64, budget: i32, itOut: usize,
  a: usize, n: i32, rowsDone: usize,
): i32 {
  const kb = (<usize>k) << 3;
  let it = 0;
  sti(itOut, 0, 0);
  let needSolve = true;
  let added = -1;
  while (true) {
    if (needSolve) {
      sti(itOut, 0, it);
      const solved = solveOnP(L, k, np, pidx, c, d, z, t1, t2, xw, state, added, sumOne, rho, budget, itOut);
      if (solved == -1) { sti(itOut, 0, 0); return -1; }   // a failure leaves itOut[0] at 0, as innerLawsonHanson
      if (solved <= -2) return -2 - solved;
      np = solved;
      it = ldi(itOut, 0);
      added = -1;
      needSolve = false;
    }
    if (it >= budget) { sti(itOut, 0, it); return np; }
    // w = c − H x over all columns, four rows of the symmetric G per sweep; ρ·1ᵀx added once
    copy(wv, c, k);
    let sx = 0.0;
    let t = 0;
    for (; t + 4 <= np; t += 4) {
      const q0 = ldi(pidx, t), q1 = ldi(pidx, t + 1), q2 = ldi(pidx, t + 2), q3 = ldi(pidx, t + 3);
      const x0 = ld(xw, q0), x1 = ld(xw, q1), x2 = ld(xw, q2), x3 = ld(xw, q3);
      sx += x0; sx += x1; sx += x2; sx += x3;
      axpy4(-x0, -x1, -x2, -x3, G + (<usize>q0) * kb, G + (<usize>q1) * kb, G + (<usize>q2) * kb, G + (<usize>q3) * kb, wv, k);
    }
    for (; t < np; t++) {
      const qq = ldi(pidx, t);
      const xq = ld(xw, qq);
      sx += xq;
      axpy(-xq, G + (<usize>qq) * kb, wv, k);
    }
    const nu = passiveMultiplier(wv, pidx, np, sumOne, rho, sx);
    let best = -1;
    let bestVal = 0.0;
    for (let q = 0; q < k; q++) {
      if (ldi(state, q) != 0) continue;
      const w = ld(wv, q) - rho * sx - nu;
      if (!(w > ld(thr, q))) continue;
      const cq = ld(cn, q);
      const rate = cq > 0.0 ? w / cq : Infinity;   // a zero column (possible after centring) ranks first
      if (rate > bestVal) { bestVal = rate; best = q; }
    }
    if (best < 0) { sti(itOut, 0, it); return np; }
    it++;
    if (cholAppend(G, L, k, d, pidx, np, best, sumOne, rho)) {
      needRow(a, n, k, best, G, rowsDone);
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

/** factorStart for a working set of all k columns in their own positions, seeded with the m columns in `cols`
 *  (x holds their starting values, every other x is 0): the same steps in the same order. */
function factorStartAt(
  G: usize, L: usize, k: i32, d: usize, pidx: usize, state: usize, xw: usize, cols: usize, m: i32, sumOne: i32, warm: i32,
  rho: f64, a: usize, n: i32, rowsDone: usize,
): i32 {
  if (sumOne != 0 && warm != 0) {
    let sum = 0.0;
    for (let t = 0; t < m; t++) sum += ld(xw, ldi(cols, t));
    for (let t = 0; t < m; t++) { const q = ldi(cols, t); st(xw, q, ld(xw, q) / sum); }
  }
  let np = 0;
  for (let t = 0; t < m; t++) {
    const q = ldi(cols, t);
    if (cholAppend(G, L, k, d, pidx, np, q, sumOne, rho)) { needRow(a, n, k, q, G, rowsDone); sti(pidx, np, q); np++; sti(state, q, 1); }
    else { st(xw, q, 0.0); }
  }
  if (sumOne == 0) return np;
  if (np == 0) return -1;
  let sum = 0.0;
  for (let t = 0; t < m; t++) sum += ld(xw, ldi(cols, t));
  for (let t = 0; t < m; t++) { const q = ldi(cols, t); st(xw, q, ld(xw, q) / sum); }
  return np;
}

/** A lazily formed Gram matrix (gramRounds's `rowsDone` ≠ 0): row q of G from A the first time it is needed. */
@inline function needRow(a: usize, n: i32, k: i32, q: i32, G: usize, rowsDone: usize): void {
  if (rowsDone != 0 && ldi(rowsDone, q) == 0) {
    gramRow(a, n, k, q, G);
    sti(rowsDone, q, 1);
  }
}

/** innerLinearTerm (assembly/nnls.ts) over a working set of all k columns in their own positions, reading G by the
 *  passive set's rows (G[qq][q] for G[q][qq]: equal bit for bit in a symmetric G, and the only rows a lazily formed G
 *  has): c = H x − g, in the same order of terms. */
function innerLinearTermRows(G: usize, k: i32, np: i32, pidx: usize, xw: usize, g: usize, rho: f64, c: usize, state: usize): void {
  for (let q = 0; q < k; q++) {
    let hx = 0.0;
    for (let t = 0; t < np; t++) { const qq = ldi(pidx, t); hx += (ld(G, qq * k + q) + rho) * ld(xw, qq); }
    st(c, q, hx - ld(g, q));
    if (ldi(state, q) == 2) sti(state, q, 0);
  }
}

/** Moves columns `cols[0..m)` to positions p..p+m−1 (perm, g, cn only: A stays) and fills G from gramFull. */
function growFromGram(k: i32, p: i32, cols: usize, m: i32, perm: usize, g: usize, cn: usize, G: usize, gramFull: usize): i32 {
  for (let t = 0; t < m; t++) {
    const col = ldi(cols, t);
    let from = p + t;
    for (let q = p + t; q < k; q++) if (ldi(perm, q) == col) { from = q; break; }
    const to = p + t;
    if (from != to) {
      const pc = ldi(perm, to); sti(perm, to, ldi(perm, from)); sti(perm, from, pc);
      const gv = ld(g, to); st(g, to, ld(g, from)); st(g, from, gv);
      const cv = ld(cn, to); st(cn, to, ld(cn, from)); st(cn, from, cv);
    }
  }
  const p1 = p + m;
  for (let q = p; q < p1; q++) {
    const cq = ldi(perm, q);
    for (let t = 0; t < p1; t++) {
      const v = ld(gramFull, cq * k + ldi(perm, t));
      st(G, q * k + t, v);
      st(G, t * k + q, v);
    }
  }
  return p1;
}

/**
 * How many of the nCand violators join W this round (the most violated first, lowest column on ties; written to
 * cand as columns): at least 4, and |W|/4 once W is larger. nnls.ts's chooseBatch starts at k/8 because there every
 * round costs a pass over A; here a round costs k·|P| on the Gram matrix, and every column of W that never becomes
 * passive costs |P| in each inner step. 1000×100 (1,000 targets, support ~25): inner steps 66 → 55, instructions
 * per target −11% (callgrind) against chooseBatch; batches of 1 (classic Lawson–Hanson) took fewer inner steps (38)
 * but more rounds and more instructions (+5%).
 */
function chooseBatchGram(cand: usize, nCand: i32, p: i32, viol: usize, perm: usize): i32 {
  const batch = min(nCand, max(4, p >> 2));
  if (batch < nCand) topIndicesDescending(cand, nCand, batch, viol, perm);
  for (let t = 0; t < batch; t++) sti(cand, t, ldi(perm, ldi(cand, t)));   // positions → columns
  return batch;
}
