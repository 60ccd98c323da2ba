import { Status } from "./status";
import { ld, st, row } from "./mem";
import { dot, dot4, fill, axpy, axpy4, maxAbs, powerOfTwoScale } from "./linalg";
import { VERDICT_HEAD, gramRounds, activeSetGramScratchBytes } from "./nnls-many";
import { evaluateClose } from "./evaluate";
import { gramVerdict } from "./blocks";

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

/** Scratch bytes of nnlsSmall: gramRounds's, then G (k²), −Aᵀb (k), colSq (k), the verdict (VERDICT_HEAD + k). */
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

  // ---- 1. G = AᵀA, −Aᵀb and max |A_ij| in one sweep of A per tile of columns; a NaN or ±Infinity in A (or a
  // square that overflows) shows on G's diagonal: the single call's path then names the entry (or rescales)
  // (and, as nnls.ts polishes there, a column of norm below 2^-450 — a zero column too: its entries may be tiny
  // ones whose squares underflowed)
  const aMax = gramAtb(a, b, n, k, G, negAtb);
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
  const code = gramRounds(a, b, n, k, 0, x, warm, G, aMax, scratch, maxIter, tol, info, negAtb, 1.0, 1.0, verdict);
  if (code != Status.Optimal) return SMALL_DECLINED;   // GRAM_DECLINED, or a limit the single call may not reach

  // ---- 3. the exact pass: r = A x − b, g = Σ_i ω e_i a_i (ω = 1/n, as evaluateFit), and the row sums.
  // Rows of very different scales (a nonzero row's ‖a_i‖∞ below 2^-20·max|A|) are declined: nnls.ts would polish (a
  // small row's residual hides below a large one's rounding). Hölder, |a_i·x| ≤ ‖a_i‖∞·‖x‖₁ (the computed a_i·x
  // within (k+1)·2^-53 of that bound), clears almost every row from its fitted value; the others are read.
  const w = 1.0 / <f64>n;
  let x1 = 0.0;
  for (let q = 0; q < k; q++) x1 += ld(x, q);
  const clear = aMax * 9.5367431640625e-7 * x1 * 1.000001;   // 2^-20
  fill(gradient, k, 0.0);
  let rss = 0.0, eSum = 0.0, wSum = 0.0, bss = 0.0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p0 = row(a, i, k), p1 = row(a, i + 1, k), p2 = row(a, i + 2, k), p3 = row(a, i + 3, k);
    dot4(p0, p1, p2, p3, x, k, residual + ((<usize>i) << 3));
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
    const d = dot(pr, x, k);
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

/** Whether a row is nonzero with ‖a_i‖∞ below 2^-20·aMax (nnls.ts's rows-of-different-scales test). */
function smallRow(pr: usize, k: i32, aMax: f64): bool {
  const m = maxAbs(pr, k);
  return m > 0.0 && aMax > 1048576.0 * m;
}

/**
 * G = AᵀA (k×k, both triangles), negAtb = −Aᵀb, and max |A_ij| (returned), A row-major n×k: every sum taken row by
 * row from +0 (the SIMD tiles lane-wise in the same order as the scalar build: the same bits). Tiles of four columns
 * of G by four of its rows (upper triangle only), each sweeping all n rows (a small A stays in cache); the diagonal
 * tiles also take −Aᵀb and the largest magnitude; the last k mod 4 columns in pairs and singles.
 */
function gramAtb(a: usize, b: usize, n: i32, k: i32, G: usize, negAtb: usize): f64 {
  const k4 = k & ~3;
  let amax = 0.0;
  if (ASC_FEATURE_SIMD) {
    // max |A_ij| = max(max_ij A_ij, −min_ij A_ij): pmax/pmin (one instruction each; abs costs V8 three)
    let vmax = f64x2.splat(0), vmin = f64x2.splat(0);
    const rs = (<usize>k) << 3;
    const n2 = n & ~1;
    for (let j = 0; j < k4; j += 4) {
      const oj = <usize>j << 3;
      for (let i = 0; i < j; i += 4) {
        const oi = <usize>i << 3;
        let c00 = f64x2.splat(0), c01 = f64x2.splat(0), c10 = f64x2.splat(0), c11 = f64x2.splat(0);
        let c20 = f64x2.splat(0), c21 = f64x2.splat(0), c30 = f64x2.splat(0), c31 = f64x2.splat(0);
        let pr = a;
        // two rows per iteration (each accumulator still takes them in row order)
        for (let r = 0; r < n2; r += 2) {
          let x0 = v128.load(pr + oj), x1 = v128.load(pr + oj, 16);
          let s0 = v128.load64_splat(pr + oi), s1 = v128.load64_splat(pr + oi, 8);
          c00 = f64x2.add(c00, f64x2.mul(s0, x0)); c01 = f64x2.add(c01, f64x2.mul(s0, x1));
          c10 = f64x2.add(c10, f64x2.mul(s1, x0)); c11 = f64x2.add(c11, f64x2.mul(s1, x1));
          let s2 = v128.load64_splat(pr + oi, 16), s3 = v128.load64_splat(pr + oi, 24);
          c20 = f64x2.add(c20, f64x2.mul(s2, x0)); c21 = f64x2.add(c21, f64x2.mul(s2, x1));
          c30 = f64x2.add(c30, f64x2.mul(s3, x0)); c31 = f64x2.add(c31, f64x2.mul(s3, x1));
          const q = pr + rs;
          x0 = v128.load(q + oj); x1 = v128.load(q + oj, 16);
          s0 = v128.load64_splat(q + oi); s1 = v128.load64_splat(q + oi, 8);
          c00 = f64x2.add(c00, f64x2.mul(s0, x0)); c01 = f64x2.add(c01, f64x2.mul(s0, x1));
          c10 = f64x2.add(c10, f64x2.mul(s1, x0)); c11 = f64x2.add(c11, f64x2.mul(s1, x1));
          s2 = v128.load64_splat(q + oi, 16); s3 = v128.load64_splat(q + oi, 24);
          c20 = f64x2.add(c20, f64x2.mul(s2, x0)); c21 = f64x2.add(c21, f64x2.mul(s2, x1));
          c30 = f64x2.add(c30, f64x2.mul(s3, x0)); c31 = f64x2.add(c31, f64x2.mul(s3, x1));
          pr += 2 * rs;
        }
        if (n2 < n) {
          const x0 = v128.load(pr + oj), x1 = v128.load(pr + oj, 16);
          const s0 = v128.load64_splat(pr + oi), s1 = v128.load64_splat(pr + oi, 8);
          c00 = f64x2.add(c00, f64x2.mul(s0, x0)); c01 = f64x2.add(c01, f64x2.mul(s0, x1));
          c10 = f64x2.add(c10, f64x2.mul(s1, x0)); c11 = f64x2.add(c11, f64x2.mul(s1, x1));
          const s2 = v128.load64_splat(pr + oi, 16), s3 = v128.load64_splat(pr + oi, 24);
          c20 = f64x2.add(c20, f64x2.mul(s2, x0)); c21 = f64x2.add(c21, f64x2.mul(s2, x1));
          c30 = f64x2.add(c30, f64x2.mul(s3, x0)); c31 = f64x2.add(c31, f64x2.mul(s3, x1));
        }
        const g0 = G + (<usize>i) * rs + oj;
        v128.store(g0, c00); v128.store(g0, c01, 16);
        v128.store(g0 + rs, c10); v128.store(g0 + rs, c11, 16);
        v128.store(g0 + 2 * rs, c20); v128.store(g0 + 2 * rs, c21, 16);
        v128.store(g0 + 3 * rs, c30); v128.store(g0 + 3 * rs, c31, 16);
      }
      // the diagonal tile: its upper triangle (lanes below it are overwritten by the mirror), Aᵀb (negated at the
      // end: Σ(−b_r)a_r is −Σ b_r a_r bit for bit, a zero sum aside, which is +0 either way), the extremes
      let c00 = f64x2.splat(0), c01 = f64x2.splat(0), c10 = f64x2.splat(0), c11 = f64x2.splat(0);
      let c21 = f64x2.splat(0), c31 = f64x2.splat(0), nb0 = f64x2.splat(0), nb1 = f64x2.splat(0);
      let pr = a, pb = b;
      for (let r = 0; r < n; r++) {
        const x0 = v128.load(pr + oj), x1 = v128.load(pr + oj, 16);
        vmax = f64x2.pmax(vmax, f64x2.pmax(x0, x1));
        vmin = f64x2.pmin(vmin, f64x2.pmin(x0, x1));
        const s0 = v128.load64_splat(pr + oj), s1 = v128.load64_splat(pr + oj, 8);
        c00 = f64x2.add(c00, f64x2.mul(s0, x0)); c01 = f64x2.add(c01, f64x2.mul(s0, x1));
        c10 = f64x2.add(c10, f64x2.mul(s1, x0)); c11 = f64x2.add(c11, f64x2.mul(s1, x1));
        const s2 = v128.load64_splat(pr + oj, 16), s3 = v128.load64_splat(pr + oj, 24);
        c21 = f64x2.add(c21, f64x2.mul(s2, x1)); c31 = f64x2.add(c31, f64x2.mul(s3, x1));
        const bb = v128.load64_splat(pb);
        nb0 = f64x2.add(nb0, f64x2.mul(bb, x0)); nb1 = f64x2.add(nb1, f64x2.mul(bb, x1));
        pr += rs;
        pb += 8;
      }
      const g0 = G + (<usize>j) * rs + oj;
      v128.store(g0, c00); v128.store(g0, c01, 16);
      v128.store(g0 + rs, c10); v128.store(g0 + rs, c11, 16);
      v128.store(g0 + 2 * rs, c21, 16);
      v128.store(g0 + 3 * rs, c31, 16);
      const zero = f64x2.splat(0);
      v128.store(negAtb + oj, f64x2.sub(zero, nb0)); v128.store(negAtb + oj, f64x2.sub(zero, nb1), 16);
    }
    // the last k mod 4 columns against G's rows 0…k4−1: a pair (k4, k4 + 1) in lanes, a single one in scalars
    const w = k - k4, ot = <usize>k4 << 3;
    for (let i = 0; i < k4; i += 4) {
      const oi = <usize>i << 3;
      let c0 = f64x2.splat(0), c1 = f64x2.splat(0), c2 = f64x2.splat(0), c3 = f64x2.splat(0);
      let pr = a;
      if (w >= 2) {
        for (let r = 0; r < n; r++) {
          const xt = v128.load(pr + ot);
          c0 = f64x2.add(c0, f64x2.mul(v128.load64_splat(pr + oi), xt));
          c1 = f64x2.add(c1, f64x2.mul(v128.load64_splat(pr + oi, 8), xt));
          c2 = f64x2.add(c2, f64x2.mul(v128.load64_splat(pr + oi, 16), xt));
          c3 = f64x2.add(c3, f64x2.mul(v128.load64_splat(pr + oi, 24), xt));
          pr += rs;
        }
        const g0 = G + (<usize>i) * rs + ot;
        v128.store(g0, c0); v128.store(g0 + rs, c1); v128.store(g0 + 2 * rs, c2); v128.store(g0 + 3 * rs, c3);
      }
      if ((w & 1) != 0) {
        // the single last column t against rows i…i+3 of G: those four entries of the row in two lanes' pairs
        const ol = (<usize>(k - 1)) << 3;
        let e0 = f64x2.splat(0), e1 = f64x2.splat(0);
        pr = a;
        for (let r = 0; r < n; r++) {
          const xt = v128.load64_splat(pr + ol);
          e0 = f64x2.add(e0, f64x2.mul(v128.load(pr + oi), xt));
          e1 = f64x2.add(e1, f64x2.mul(v128.load(pr + oi, 16), xt));
          pr += rs;
        }
        const t = k - 1;
        st(G, i * k + t, f64x2.extract_lane(e0, 0)); st(G, (i + 1) * k + t, f64x2.extract_lane(e0, 1));
        st(G, (i + 2) * k + t, f64x2.extract_lane(e1, 0)); st(G, (i + 3) * k + t, f64x2.extract_lane(e1, 1));
      }
    }
    const hi = max(f64x2.extract_lane(vmax, 0), f64x2.extract_lane(vmax, 1));
    const lo = min(f64x2.extract_lane(vmin, 0), f64x2.extract_lane(vmin, 1));
    amax = max(hi, 0.0 - lo);
  } else {
    for (let j = 0; j < k4; j++) {
      for (let i = 0; i <= j; i++) {
        let s = 0.0;
        for (let r = 0; r < n; r++) { const pr = row(a, r, k); s += ld(pr, i) * ld(pr, j); }
        st(G, i * k + j, s);
      }
      let s = 0.0;
      for (let r = 0; r < n; r++) { const v = ld(row(a, r, k), j); s += ld(b, r) * v; amax = max(amax, abs(v)); }
      st(negAtb, j, 0.0 - s);
    }
    for (let j = k4; j < k; j++) {
      for (let i = 0; i < k4; i++) {
        let s = 0.0;
        for (let r = 0; r < n; r++) { const pr = row(a, r, k); s += ld(pr, i) * ld(pr, j); }
        st(G, i * k + j, s);
      }
    }
  }
  // (both builds) the triangle of the last columns among themselves, their −Aᵀb and magnitudes, then the mirror
  for (let j = k4; j < k; j++) {
    for (let i = k4; i <= j; i++) {
      let s = 0.0;
      for (let r = 0; r < n; r++) { const pr = row(a, r, k); s += ld(pr, i) * ld(pr, j); }
      st(G, i * k + j, s);
    }
    let s = 0.0;
    for (let r = 0; r < n; r++) { const v = ld(row(a, r, k), j); s += ld(b, r) * v; amax = max(amax, abs(v)); }
    st(negAtb, j, 0.0 - s);
  }
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) st(G, j * k + i, ld(G, i * k + j));
  return amax;
}
