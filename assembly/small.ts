import { Status } from "./status";
import { ld, st, row } from "./mem";
import { dot, dot4, fill, axpy, axpy4, maxAbs, powerOfTwoScale } from "./linalg";
import { threshold } from "./nnls";
import { VERDICT_HEAD, gramRounds, gramFullCompute, activeSetGramScratchBytes } from "./nnls-many";
import { evaluateClose } from "./evaluate";

/**
 * A small single fit (src/backend/kernels.ts solveLsq: x ≥ 0, no offset, no point weights, few columns) on the Gram
 * matrix, judged by one exact pass: the batches' design (assembly/blocks.ts) for one right-hand side.
 *
 *   1. one pass over A for −Aᵀb and the rows' largest magnitudes, and G = AᵀA (gramFullCompute): with k columns the
 *      Gram matrix costs n·k²/2 multiply-adds once, instead of a pass of 2nk per outer round of nnls.ts;
 *   2. the active-set rounds on G alone (nnls-many.ts gramRounds, "Gram model only": no pass over A);
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

/** Scratch bytes of nnlsSmall: gramRounds's, then G (k²), −Aᵀb (k), the verdict (VERDICT_HEAD + k), colSq (k). */
export function smallScratchBytes(n: i32, k: i32): f64 {
  const kk = <f64>k;
  return activeSetGramScratchBytes(n, k) + 8.0 * (kk * kk + 3.0 * kk + <f64>VERDICT_HEAD) + 64.0;
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
  const verdict = p_;

  // ---- 1. −Aᵀb (four rows per sweep: axpy4) and the rows' largest magnitudes, then G = AᵀA
  fill(negAtb, k, 0.0);
  let rowHi = 0.0, rowLo = Infinity;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p0 = row(a, i, k), p1 = row(a, i + 1, k), p2 = row(a, i + 2, k), p3 = row(a, i + 3, k);
    axpy4(-ld(b, i), -ld(b, i + 1), -ld(b, i + 2), -ld(b, i + 3), p0, p1, p2, p3, negAtb, k);
    const m0 = maxAbs(p0, k), m1 = maxAbs(p1, k), m2 = maxAbs(p2, k), m3 = maxAbs(p3, k);
    rowHi = max(rowHi, max(max(m0, m1), max(m2, m3)));
    if (m0 > 0.0) rowLo = min(rowLo, m0);
    if (m1 > 0.0) rowLo = min(rowLo, m1);
    if (m2 > 0.0) rowLo = min(rowLo, m2);
    if (m3 > 0.0) rowLo = min(rowLo, m3);
  }
  for (; i < n; i++) {
    const pr = row(a, i, k);
    axpy(-ld(b, i), pr, negAtb, k);
    const m = maxAbs(pr, k);
    rowHi = max(rowHi, m);
    if (m > 0.0) rowLo = min(rowLo, m);
  }
  // evaluateFit's data scale (ω = 1/n: √ω·‖A‖max, √ω·‖b‖∞): far from 1 it rescales, which this pass does not
  const sw = sqrt<f64>(1.0 / <f64>n);
  const bMax = sw * maxAbs(b, n);
  if (powerOfTwoScale(max(sw * rowHi, bMax)) != 1.0) return SMALL_DECLINED;
  gramFullCompute(a, n, k, G);

  // ---- 2. the rounds on G (they decline, among others, where the data needs nnls.ts's power-of-two rescaling)
  const code = gramRounds(a, b, n, k, 0, x, warm, G, rowHi, scratch, maxIter, tol, info, negAtb, rowHi, rowLo, verdict);
  if (code != Status.Optimal) return SMALL_DECLINED;   // GRAM_DECLINED, or a limit the single call may not reach

  // ---- 3. the exact pass: r = A x − b, g = Σ_i ω e_i a_i (ω = 1/n, as evaluateFit), and the row sums
  const w = 1.0 / <f64>n;
  fill(gradient, k, 0.0);
  let rss = 0.0, eSum = 0.0, wSum = 0.0, bss = 0.0;
  i = 0;
  for (; i + 4 <= n; i += 4) {
    const p0 = row(a, i, k), p1 = row(a, i + 1, k), p2 = row(a, i + 2, k), p3 = row(a, i + 3, k);
    dot4(p0, p1, p2, p3, x, k, residual + ((<usize>i) << 3));
    const e0 = ld(residual, i) - ld(b, i), e1 = ld(residual, i + 1) - ld(b, i + 1);
    const e2 = ld(residual, i + 2) - ld(b, i + 2), e3 = ld(residual, i + 3) - ld(b, i + 3);
    st(residual, i, e0); st(residual, i + 1, e1); st(residual, i + 2, e2); st(residual, i + 3, e3);
    const we0 = w * e0, we1 = w * e1, we2 = w * e2, we3 = w * e3;
    rss += we0 * e0; rss += we1 * e1; rss += we2 * e2; rss += we3 * e3;
    eSum += we0; eSum += we1; eSum += we2; eSum += we3;
    axpy4(we0, we1, we2, we3, p0, p1, p2, p3, gradient, k);
  }
  for (; i < n; i++) {
    const pr = row(a, i, k);
    const e = dot(pr, x, k) - ld(b, i);
    st(residual, i, e);
    const we = w * e;
    rss += we * e;
    eSum += we;
    axpy(we, pr, gradient, k);
  }
  for (let r = 0; r < n; r++) { const bi = ld(b, r); bss += w * bi * bi; wSum += w; }
  for (let q = 0; q < k; q++) st(colSq, q, w * ld(G, q * k + q));
  const atbMax = w * maxAbs(negAtb, k);
  evaluateClose(n, k, x, 0, 0, 0, residual, gradient, 0, 0, colSq, 1.0, 0.0, bMax, sw * rowHi, atbMax, rss, eSum, wSum,
    bss, bss, 0.0, stats);

  // ---- the Gram answer judged on the exact gradient (in the plain problem's units: n·g, √(n·rss))
  const gscale = <f64>n;
  if (!smallVerdict(x, gradient, gscale, k, G, verdict, sqrt<f64>(rss * gscale))) return SMALL_DECLINED;
  return Status.Optimal;
}

/**
 * The full kernel's judgement of a Gram answer on the exact gradient g = gscale·grad and residual norm rn (x ≥ 0:
 * assembly/blocks.ts gramVerdict without the simplex's multiplier): no KKT violation beyond the kernel's thresholds,
 * the passive solve's rounding bound within SPEC's bar, and no zero column whose multiplier is at rounding level.
 */
function smallVerdict(x: usize, grad: usize, gscale: f64, k: i32, G: usize, verdict: usize, rn: f64): bool {
  const theta = ld(verdict, 0), thetaCol = ld(verdict, 1), bound = ld(verdict, 2), bTwo = ld(verdict, 3);
  const flags = verdict + ((<usize>VERDICT_HEAD) << 3);
  let xmax = 1.0;
  for (let q = 0; q < k; q++) if (ld(x, q) > xmax) xmax = ld(x, q);
  for (let q = 0; q < k; q++) {
    const gq = ld(grad, q) * gscale;
    const cq = sqrt<f64>(ld(G, q * k + q));
    const xq = ld(x, q);
    if (-gq > threshold(theta, thetaCol, cq)) return false;
    if (xq > 0.0 && abs(xq * gq) / xmax > theta) return false;
  }
  if (bound > 1e-10 * bTwo + 1e-9 * rn) return false;
  for (let q = 0; q < k; q++) {
    if (ld(flags, q) != 0.0) continue;
    const cq = sqrt<f64>(ld(G, q * k + q));
    if (!(cq > 0.0)) continue;
    if (cq < 3.5e-136 || ld(grad, q) * gscale <= 1e-6 * cq * max(rn, 1e-300)) return false;
  }
  return true;
}
