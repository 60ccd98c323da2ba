import { Status } from "./status";
import { ld, st, ldi, sti, row } from "./mem";
import { fill, axpy, axpy4, maxAbs, powerOfTwoScale } from "./linalg";
import { VERDICT_HEAD, gramRounds, activeSetGramScratchBytes } from "./nnls-many";
import { evaluateClose } from "./evaluate";
import { gramVerdict } from "./blocks";
import { gramDiagonal } from "./gram";

/**
 * A small single fit (src/backend/kernels.ts solveLsq: x ≥ 0, no offset, no point weights, few columns) on the Gram
 * matrix, judged by one exact pass: the batches' design (assembly/blocks.ts) for one right-hand side.
 *
 *   1. one pass over A for −Aᵀb, max |A_ij| and G's diagonal (assembly/gram.ts gramDiagonal); the rest of G = AᵀA is
 *      formed lazily, row q (n·k multiply-adds, gramRow) when column q joins the passive set: a solution with p of
 *      k columns costs about n·k·p instead of the whole G's n·k²/2, and far less than nnls.ts's pass of 2nk per
 *      outer round;
 *   2. the active-set rounds on G alone (nnls-many.ts gramRounds, "Gram model only": no pass over A but gramRow's);
 *   3. one exact pass over the caller's A and b: r = A x − b and g = Aᵀr, and from them every number evaluateFit
 *      reports (its closing computations, evaluateClose), on which the Gram answer is then judged with the full
 *      kernel's tests on the exact gradient (as assembly/blocks.ts gramVerdict).
 *
 * The Gram matrix squares the condition number, so its answer stands only when that exact judgement passes; otherwise
 * (and wherever nnls.ts would polish or rescale: the rounds' own GRAM_DECLINED, data far from 1) SMALL_DECLINED is
 * returned and the caller takes the single call's path (nnlsActiveSet on a copy of A, then evaluateFit). A, b are
 * read, never written.
 *
 * Outputs as evaluateFit's (residual n, gradient k, stats 7; the column norms and ‖Aᵀb‖∞ in the KKT scale come from G
 * and −Aᵀb, not from sums of their own: the same numbers up to rounding), x (k; in: a warm start when warm ≠ 0), info
 * (i32 ×4) as nnlsActiveSetGram's. Returns Status.Optimal or SMALL_DECLINED.
 */
export const SMALL_DECLINED: i32 = -1;

/** Scratch bytes of nnlsSmall: gramRounds's, then G (k²), −Aᵀb (k), colSq (k), the verdict (VERDICT_HEAD + k), the
 *  flags of G's formed rows and the support of x (k i32 each). */
export function smallScratchBytes(n: i32, k: i32): f64 {
  const kk = <f64>k;
  return activeSetGramScratchBytes(n, k) + 8.0 * (kk * kk + 3.0 * kk + <f64>VERDICT_HEAD) + 8.0 * kk + 64.0;
}

export function nnlsSmall(
  a: usize, b: usize, n: i32, k: i32, x: usize, warm: i32, scratch: usize, maxIter: i32, tol: f64, info: usize,
  residual: usize, gradient: usize, stats: usize,
): i32 {
  const kk = <usize>k;
  let p_ = scratch + ((<usize>(activeSetGramScratchBytes(n, k)) + 15) & ~(<usize>15));
  const G = p_; p_ += (kk * kk) << 3;
  const negAtb = p_; p_ += kk << 3;
  const colSq = p_; p_ += kk << 3;
  const verdict = p_; p_ += (kk + <usize>VERDICT_HEAD) << 3;
  const rowsDone = p_; p_ += kk << 2;
  const support = p_;

  // ---- 1. G's diagonal, −Aᵀb and max |A_ij|; a NaN or ±Infinity in A (or a square that overflows) shows on G's
  // diagonal: the single call's path then names the entry (or rescales)
  // (and, as nnls.ts polishes there, a column of norm below 2^-450 — a zero column too: its entries may be tiny
  // ones whose squares underflowed)
  // G is formed lazily (gramRounds's rowsDone): here its diagonal only; a row when its column joins the passive set.
  // The entries not formed yet are NaN, so that a read of one could not pass unnoticed (the fit would be declined).
  for (let q = 0; q < k; q++) sti(rowsDone, q, 0);
  for (let t = 0; t < k * k; t++) st(G, t, NaN);
  const aMax = gramDiagonal(a, b, n, k, G, negAtb);
  for (let q = 0; q < k; q++) {
    const d = ld(G, q * k + q);
    if (!isFinite(d) || !(d >= 1.225e-271)) return SMALL_DECLINED;   // (3.5e-136)²
  }
  // evaluateFit's data scale (ω = 1/n: √ω·‖A‖max, √ω·‖b‖∞): far from 1 it rescales, which this pass does not
  const sw = sqrt<f64>(1.0 / <f64>n);
  const bMax = sw * maxAbs(b, n);
  if (powerOfTwoScale(max(sw * aMax, bMax)) != 1.0) return SMALL_DECLINED;

  // ---- 2. the rounds on G (they decline, among others, where the data needs nnls.ts's power-of-two rescaling)
  // (the rows' spread, which the rounds would test at their end, is tested after the exact pass, which reads the rows)
  const code = gramRounds(a, b, n, k, 0, x, warm, G, aMax, scratch, maxIter, tol, info, negAtb, 1.0, 1.0, verdict, rowsDone);
  if (code != Status.Optimal) return SMALL_DECLINED;   // GRAM_DECLINED, or a limit the single call may not reach

  // ---- 3. the exact pass: r = A x − b, g = Σ_i ω e_i a_i (ω = 1/n, as evaluateFit), and the row sums.
  // Rows of very different scales (a nonzero row's ‖a_i‖∞ below 2^-20·max|A|) are declined: nnls.ts would polish (a
  // small row's residual hides below a large one's rounding). Hölder, |a_i·x| ≤ ‖a_i‖∞·‖x‖₁ (the computed a_i·x
  // within (k+1)·2^-53 of that bound), clears almost every row from its fitted value; the others are read.
  const w = 1.0 / <f64>n;
  let x1 = 0.0;
  for (let q = 0; q < k; q++) x1 += ld(x, q);
  const clear = aMax * 9.5367431640625e-7 * x1 * 1.000001;   // 2^-20
  // the fitted values a_i·x over the support of x only (p of k columns; the zeros add nothing)
  let m = 0;
  for (let q = 0; q < k; q++) if (ld(x, q) != 0.0) { sti(support, m, q); m++; }
  fill(gradient, k, 0.0);
  let rss = 0.0, eSum = 0.0, wSum = 0.0, bss = 0.0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p0 = row(a, i, k), p1 = row(a, i + 1, k), p2 = row(a, i + 2, k), p3 = row(a, i + 3, k);
    fitted4(p0, p1, p2, p3, x, support, m, residual + ((<usize>i) << 3));
    const d0 = ld(residual, i), d1 = ld(residual, i + 1), d2 = ld(residual, i + 2), d3 = ld(residual, i + 3);
    if (!(abs(d0) > clear) && smallRow(p0, k, aMax)) return SMALL_DECLINED;
    if (!(abs(d1) > clear) && smallRow(p1, k, aMax)) return SMALL_DECLINED;
    if (!(abs(d2) > clear) && smallRow(p2, k, aMax)) return SMALL_DECLINED;
    if (!(abs(d3) > clear) && smallRow(p3, k, aMax)) return SMALL_DECLINED;
    const e0 = d0 - ld(b, i), e1 = d1 - ld(b, i + 1), e2 = d2 - ld(b, i + 2), e3 = d3 - ld(b, i + 3);
    st(residual, i, e0); st(residual, i + 1, e1); st(residual, i + 2, e2); st(residual, i + 3, e3);
    const we0 = w * e0, we1 = w * e1, we2 = w * e2, we3 = w * e3;
    rss += we0 * e0; rss += we1 * e1; rss += we2 * e2; rss += we3 * e3;
    eSum += we0; eSum += we1; eSum += we2; eSum += we3;
    const b0 = ld(b, i), b1 = ld(b, i + 1), b2 = ld(b, i + 2), b3 = ld(b, i + 3);
    bss += w * b0 * b0; bss += w * b1 * b1; bss += w * b2 * b2; bss += w * b3 * b3;
    wSum += w; wSum += w; wSum += w; wSum += w;
    axpy4(we0, we1, we2, we3, p0, p1, p2, p3, gradient, k);
  }
  for (; i < n; i++) {
    const pr = row(a, i, k);
    let d = 0.0;
    for (let t = 0; t < m; t++) { const q = ldi(support, t); d += ld(pr, q) * ld(x, q); }
    if (!(abs(d) > clear) && smallRow(pr, k, aMax)) return SMALL_DECLINED;
    const e = d - ld(b, i);
    st(residual, i, e);
    const we = w * e;
    rss += we * e;
    eSum += we;
    const bi = ld(b, i);
    bss += w * bi * bi;
    wSum += w;
    axpy(we, pr, gradient, k);
  }
  for (let q = 0; q < k; q++) st(colSq, q, w * ld(G, q * k + q));
  const atbMax = w * maxAbs(negAtb, k);
  evaluateClose(n, k, x, 0, 0, 0, residual, gradient, 0, 0, colSq, 1.0, 0.0, bMax, sw * aMax, atbMax, rss, eSum, wSum,
    bss, bss, 0.0, stats);

  // ---- the Gram answer judged on the exact gradient (in the plain problem's units: n·g, √(n·rss))
  const gscale = <f64>n;
  // the batches' verdict on the exact gradient (x ≥ 0: no simplex multiplier); any objection hands the fit over
  if (gramVerdict(x, gradient, gscale, k, 0, G, verdict, sqrt<f64>(rss * gscale)) != 0) return SMALL_DECLINED;
  return Status.Optimal;
}

/** The fitted values of four rows over the support of x (columns support[0..m), in that order): out[0..4). */
function fitted4(p0: usize, p1: usize, p2: usize, p3: usize, x: usize, support: usize, m: i32, out: usize): void {
  let f0 = 0.0, f1 = 0.0, f2 = 0.0, f3 = 0.0;
  for (let t = 0; t < m; t++) {
    const q = ldi(support, t);
    const xq = ld(x, q);
    f0 += ld(p0, q) * xq; f1 += ld(p1, q) * xq; f2 += ld(p2, q) * xq; f3 += ld(p3, q) * xq;
  }
  st(out, 0, f0); st(out, 1, f1); st(out, 2, f2); st(out, 3, f3);
}

/** Whether a row is nonzero with ‖a_i‖∞ below 2^-20·aMax (nnls.ts's rows-of-different-scales test). */
function smallRow(pr: usize, k: i32, aMax: f64): bool {
  const m = maxAbs(pr, k);
  return m > 0.0 && aMax > 1048576.0 * m;
}
