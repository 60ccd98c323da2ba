/**
 * Best and quantal (logit) responses of a receiver with utility u (|A|×|Y|) at S posteriors μ (S×|Y|, row-major).
 *
 * v_a(μ) = Σ_y μ_y·u(a, y), summed in the canonical order of this file: acc = 0, then acc += μ_y·u(a, y) for
 * y = 0, 1, … (one sequential sum per action). The SIMD build puts different actions in different lanes, so every
 * lane runs exactly that scalar sum and the scalar build, the SIMD build and src/reference/responses.ts agree bit for
 * bit. The utility arrives transposed and zero-padded, ut = |Y|×aPad (aPad = |A| rounded up to a multiple of 8),
 * so that a block of posteriors streams once past a utility matrix that stays in L1: a GEMM-shaped product
 * (S×|Y|)·(|Y|×aPad) with a 2-row × 8-action register tile, followed by a per-row argmax with explicit tie rules.
 * For |A| ≤ 8 (best responses) and |A| = 8 (logit) the whole row stays in registers (best8, quantal8).
 *
 * Best responses for |A| > 8 (and λ = ∞) in the SIMD build screen in exact integer arithmetic and decide in f64
 * (screenBlock): the utility, centred per state, and each posterior row, each at its own power of two, are rounded to
 * i16, and i32x4.dot_i16x8_s takes 8 multiply-adds per instruction (four times the f64 product's) with exact i32
 * sums; a proven bound on the two roundings' effect (screenSetupI16) gives a set of candidate actions that holds
 * every action the f64 rule can pick; only their f64 values are computed, in the canonical order, and the unchanged
 * selection runs on them. The answers are the bits of the plain f64 path (which the scalar build, and the SIMD build
 * outside the screen's range, still run).
 *
 * Exponentials: AssemblyScript's own NativeMath.exp (the musl / ARM optimized-routines exp with a 2^(k/128) table;
 * see: musl/src/math/exp.c). The SIMD build evaluates the same algorithm on two lanes (same table, same operations in
 * the same order, so the same bits); of the arguments that algorithm special-cases it returns 0 for x ≤ −746 and
 * exactly 1 for |x| < 2^-54 as NativeMath.exp does, and hands −746 < x ≤ −512 (and x ≥ 512) to NativeMath.exp itself.
 */

import { ld, ldi, st, sti } from "./mem";
import { exp } from "./exp";
import {
  candidatesI32, colValues4, expPair, firstAtLeast64, mask8, max8, offSimplexToI16, screenOn, screenSetupI16, screenValuesI16,
  soleCandidateI32,
  thresholdI32, tile1x8, tile2x8,
} from "./responses.simd";

/** Posteriors per block: the block's values (BLOCK×aPad doubles) are the kernel's only scratch. */
const BLOCK: i32 = 32;

/** Bytes of scratch that bestResponses / quantalResponses need: the block's f64 values (or its screened i32 values),
 *  then (the integer screen) ũ in i16 (⌈nY/2⌉×aPad pairs), the block's posteriors in i16 (BLOCK×⌈nY/2⌉ pairs; the
 *  utility's centres during the set-up), the screen's header, the block's margins, and u row-major (|A|×|Y|). */
export function responsesScratchBytes(aPad: i32, nY: i32): i32 {
  return BLOCK * aPad * 8 + 64 + nY * aPad * 4 + BLOCK * nY * 4 + 16 + 64 + BLOCK * 8 + nY * aPad * 8;
}

/** Where the screen's i16 utility and i16 posteriors sit in the scratch (16-byte aligned: aPad is a multiple of 8). */
@inline function screenUt(scratch: usize, aPad: i32): usize { return scratch + <usize>(BLOCK * aPad * 8 + 64); }
@inline function screenPost(scratch: usize, aPad: i32, nY: i32): usize {
  return screenUt(scratch, aPad) + ((<usize>(nY * aPad * 4) + 15) & ~(<usize>15));
}
/** The integer screen's header (8 doubles) and its per-row margins (2·BLOCK i32: screenBlock reuses them). */
@inline function screenHdr(scratch: usize, aPad: i32, nY: i32): usize { return screenPost(scratch, aPad, nY) + <usize>(BLOCK * nY * 4); }
@inline function screenT(scratch: usize, aPad: i32, nY: i32): usize { return screenHdr(scratch, aPad, nY) + 64; }
/** u row-major (|A|×|Y|), for the candidates' f64 values. */
@inline function screenU(scratch: usize, aPad: i32, nY: i32): usize { return screenT(scratch, aPad, nY) + <usize>(BLOCK * 8); }

/** Sets up the integer screen (prepared = 0: the first chunk of a problem) or reads whether an earlier call on the
 *  same scratch switched it on (prepared ≠ 0). */
@inline function integerScreen(ut: usize, nA: i32, aPad: i32, nY: i32, tau: f64, tol: f64, scratch: usize, prepared: i32): bool {
  const hdr = screenHdr(scratch, aPad, nY);
  if (prepared != 0) return screenOn(hdr);
  return screenSetupI16(ut, nA, nY, aPad, tau, tol, screenUt(scratch, aPad), hdr, screenPost(scratch, aPad, nY), scratch, screenU(scratch, aPad, nY));
}


/**
 * The first row in [0, rows) that is off the simplex (an entry < −tol, a non-finite entry, or |Σ − 1| > tol), or −1.
 * Σ is taken in two interleaved sequential sums, even and odd y, added at the end (the SIMD build's lanes).
 */
function firstOffSimplex(post: usize, rows: i32, nY: i32, tol: f64): i32 {
  const n2 = nY & ~1;
  for (let r = 0; r < rows; r++) {
    const p = post + ((<usize>r * <usize>nY) << 3);
    let s0 = 0.0, s1 = 0.0;
    let ok = true;
    if (ASC_FEATURE_SIMD) {
      let acc = f64x2.splat(0);
      let good = f64x2.eq(acc, acc);
      const lo = f64x2.splat(-tol);
      for (let y = 0; y < n2; y += 2) {
        const m = v128.load(p + (<usize>y << 3));
        good = v128.and(good, f64x2.ge(m, lo)); // NaN fails too
        acc = f64x2.add(acc, m);
      }
      ok = i64x2.all_true(good);
      s0 = f64x2.extract_lane(acc, 0);
      s1 = f64x2.extract_lane(acc, 1);
    } else {
      for (let y = 0; y < n2; y += 2) {
        const m0 = ld(p, y), m1 = ld(p, y + 1);
        if (!(m0 >= -tol) || !(m1 >= -tol)) ok = false; // NaN fails too
        s0 += m0; s1 += m1;
      }
    }
    if (n2 < nY) { const m = ld(p, n2); if (!(m >= -tol)) ok = false; s0 += m; }
    if (!ok || !(abs((s0 + s1) - 1.0) <= tol)) return r;
  }
  return -1;
}

/** v (rows×aPad) = post (rows×nY) · ut (nY×aPad), each entry the canonical sequential sum over y. */
function valuesBlock(ut: usize, aPad: i32, nY: i32, post: usize, rows: i32, v: usize): void {
  const rowBytes = <usize>nY << 3;
  const utRow = <usize>aPad << 3;
  let r = 0;
  if (ASC_FEATURE_SIMD) {
    for (; r + 2 <= rows; r += 2) {
      const p0 = post + <usize>r * rowBytes;
      const v0 = v + ((<usize>r * <usize>aPad) << 3);
      for (let g = 0; g < aPad; g += 8) {
        const o = <usize>g << 3;
        tile2x8(ut + o, utRow, nY, p0, p0 + rowBytes, v0 + o, v0 + utRow + o);
      }
    }
    for (; r < rows; r++) {
      const p0 = post + <usize>r * rowBytes;
      const v0 = v + ((<usize>r * <usize>aPad) << 3);
      for (let g = 0; g < aPad; g += 8) { const o = <usize>g << 3; tile1x8(ut + o, utRow, nY, p0, v0 + o); }
    }
  } else {
    for (; r < rows; r++) {
      const p0 = post + <usize>r * rowBytes;
      const v0 = v + ((<usize>r * <usize>aPad) << 3);
      for (let g = 0; g < aPad; g += 4) {
        let s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
        let u = ut + (<usize>g << 3);
        for (let y = 0; y < nY; y++) {
          const m = ld(p0, y);
          s0 += m * ld(u, 0); s1 += m * ld(u, 1); s2 += m * ld(u, 2); s3 += m * ld(u, 3);
          u += utRow;
        }
        const o = v0 + (<usize>g << 3);
        st(o, 0, s0); st(o, 1, s1); st(o, 2, s2); st(o, 3, s3);
      }
    }
  }
}

/** Σ_y μ_y·w(a, y) in the canonical order, w row-major |A|×|Y|. */
@inline function rowValue(w: usize, a: i32, nY: i32, p: usize): f64 {
  const wa = w + ((<usize>a * <usize>nY) << 3);
  let s = 0.0;
  for (let y = 0; y < nY; y++) s += ld(p, y) * ld(wa, y);
  return s;
}

/** max over v[0..nA) (a ±0 tie may come out either way: only comparisons with it are used, never its bits). */
@inline function rowMax(v: usize, nA: i32): f64 {
  let a = 0;
  let mx = -Infinity;
  if (ASC_FEATURE_SIMD) {
    let m0 = f64x2.splat(-Infinity), m1 = m0;
    for (; a + 4 <= nA; a += 4) {
      m0 = f64x2.max(m0, v128.load(v + (<usize>a << 3)));
      m1 = f64x2.max(m1, v128.load(v + (<usize>a << 3), 16));
    }
    if (a + 2 <= nA) { m0 = f64x2.max(m0, v128.load(v + (<usize>a << 3))); a += 2; }
    const m = f64x2.max(m0, m1);
    mx = max(f64x2.extract_lane(m, 0), f64x2.extract_lane(m, 1));
  }
  for (; a < nA; a++) { const x = ld(v, a); if (x > mx) mx = x; }
  return mx;
}

/** The lowest a < nA with v[a] ≥ thr (one exists: thr ≤ max). Branch-free within windows of 64 actions: where the
 *  maximum sits is data, and a branch on it would mispredict every other row. */
@inline function firstAtLeast(v: usize, nA: i32, thr: f64): i32 {
  if (ASC_FEATURE_SIMD) return firstAtLeast64(v, nA, thr);
  let a = 0;
  while (!(ld(v, a) >= thr)) a++;
  return a;
}

/** The sender-preferred choice among the actions tied with v[best] (v ≥ thr), given best = the lowest tied one. */
@inline function preferTied(v: usize, nA: i32, thr: f64, best: i32, prefer: usize, tauPref: f64, p: usize, nY: i32): i32 {
  let tied = 0;
  for (let a = best; a < nA; a++) if (ld(v, a) >= thr) tied++;
  if (tied > 1) {
    let wmax = -Infinity;
    for (let a = best; a < nA; a++) {
      if (ld(v, a) >= thr) { const w = rowValue(prefer, a, nY, p); if (w > wmax) wmax = w; }
    }
    const thr2 = wmax - tauPref;
    for (let a = best; a < nA; a++) {
      if (ld(v, a) >= thr && rowValue(prefer, a, nY, p) >= thr2) return a;
    }
  }
  return best;
}

/**
 * Best responses for |A| ≤ 8 (aPad = 8), SIMD only: two posteriors at a time, all eight values in registers, the
 * argmax done there too (a max tree and one 8-bit mask, no data-dependent branch). Values also go to `v` (2×8) for
 * the value lookup and the sender-preferred rule.
 */
function best8(
  ut: usize, nA: i32, nY: i32, post: usize, rows: i32, tau: f64, prefer: usize, tauPref: f64,
  actions: usize, values: usize, v: usize,
): void {
  const rowBytes = <usize>nY << 3;
  const vt = f64x2.splat(tau);
  // lanes a ≥ nA are padding: −Infinity before the max, never in the mask
  const ninf = f64x2.splat(-Infinity);
  const valid = (1 << nA) - 1;
  const k0 = f64x2.lt(f64x2(0, 1), f64x2.splat(<f64>nA)), k1 = f64x2.lt(f64x2(2, 3), f64x2.splat(<f64>nA));
  const k2 = f64x2.lt(f64x2(4, 5), f64x2.splat(<f64>nA)), k3 = f64x2.lt(f64x2(6, 7), f64x2.splat(<f64>nA));
  for (let r = 0; r < rows; r += 2) {
    const two = r + 1 < rows;
    const p0 = post + <usize>r * rowBytes;
    const p1 = two ? p0 + rowBytes : p0;
    tile2x8(ut, 64, nY, p0, p1, v, v + 64);
    let a0 = v128.load(v), a1 = v128.load(v, 16), a2 = v128.load(v, 32), a3 = v128.load(v, 48);
    let b0 = v128.load(v, 64), b1 = v128.load(v, 80), b2 = v128.load(v, 96), b3 = v128.load(v, 112);
    if (nA < 8) {
      a0 = v128.bitselect(a0, ninf, k0); a1 = v128.bitselect(a1, ninf, k1);
      a2 = v128.bitselect(a2, ninf, k2); a3 = v128.bitselect(a3, ninf, k3);
      b0 = v128.bitselect(b0, ninf, k0); b1 = v128.bitselect(b1, ninf, k1);
      b2 = v128.bitselect(b2, ninf, k2); b3 = v128.bitselect(b3, ninf, k3);
    }
    const ta = f64x2.sub(max8(a0, a1, a2, a3), vt);
    const tb = f64x2.sub(max8(b0, b1, b2, b3), vt);
    const ma = mask8(a0, a1, a2, a3, ta) & valid;
    const mb = mask8(b0, b1, b2, b3, tb) & valid;
    let ba = ctz(ma), bb = ctz(mb);
    if (prefer != 0) {
      if (popcnt(ma) > 1) ba = preferTied(v, nA, f64x2.extract_lane(ta, 0), ba, prefer, tauPref, p0, nY);
      if (popcnt(mb) > 1) bb = preferTied(v + 64, nA, f64x2.extract_lane(tb, 0), bb, prefer, tauPref, p1, nY);
    }
    sti(actions, r, ba);
    st(values, r, ld(v, ba));
    if (two) {
      sti(actions, r + 1, bb);
      st(values, r + 1, ld(v + 64, bb));
    }
  }
}

/** The f64 values of row r's screen candidates (its integer values v, margin T; u row-major at U) into `row`
 *  (nA doubles), −∞ for the other actions. */
function candidateRow(U: usize, nA: i32, aPad: i32, nY: i32, p: usize, v: usize, T: i32, row: usize): void {
  const thr = thresholdI32(v, aPad, T); // soleCandidateI32's threshold
  for (let a = 0; a < nA; a++) st(row, a, -Infinity);
  for (let w = 0; w < aPad; w += 64) { // the padding (a ≥ nA) is never a candidate
    let m = candidatesI32(v, w, min(aPad, w + 64), thr);
    while (m != 0) {
      const a = w + <i32>ctz(m);
      st(row, a, rowValue(U, a, nY, p));
      m &= m - 1;
    }
  }
}

/**
 * bestResponses on one block through the integer screen (SIMD only; screenSetupI16, offSimplexToI16): exact integer
 * values I = p̃·ũᵀ for all actions, then the candidates C = {a : I_a ≥ max I − T_r}, which hold every action the f64
 * selection can pick (screenSetupI16's proof). For the candidates only the f64 values are computed, in the canonical
 * order (rowValue, colValues4: the bits of valuesBlock), and the unchanged selection runs on a row holding them and −∞ for the
 * rest: rowMax over it is the true maximum (the f64 argmax is a candidate), and the actions tied with it, the only
 * ones firstAtLeast and preferTied can return or look at, are all candidates. With one candidate that is the answer.
 */
function screenBlock(
  U: usize, u16: usize, nA: i32, aPad: i32, nY: i32, post: usize, rows: i32, tRow: usize, tau: f64,
  prefer: usize, tauPref: f64, actions: usize, values: usize, scratch: usize, p16: usize,
): void {
  const vRow = <usize>aPad << 2;
  screenValuesI16(u16, nA, aPad, nY, rows, p16, scratch);
  // pass 1: the candidates of each row; one candidate is the answer (actions[r]), several are marked −1. The rows
  // with one are listed over the block's margins (entry m ≤ r: row r's margin is read before it is overwritten), the
  // margins of the rows with several kept after them, in row order
  let m = 0;
  for (let r = 0; r < rows; r++) {
    const c = soleCandidateI32(scratch + <usize>r * vRow, aPad, ldi(tRow, r));
    sti(actions, r, c);
    if (c >= 0) { sti(tRow, m, r); m++; } else sti(tRow, BLOCK + r - m, ldi(tRow, r));
  }
  // pass 2: the f64 values of the listed rows, four at a time (four independent sums in flight; a last group of fewer
  // repeats its last row)
  const rowBytes = <usize>nY << 3;
  for (let i = 0; i < m; i += 4) {
    const r0 = ldi(tRow, i), r1 = ldi(tRow, min(i + 1, m - 1)), r2 = ldi(tRow, min(i + 2, m - 1)), r3 = ldi(tRow, min(i + 3, m - 1));
    colValues4(
      U, nY, ldi(actions, r0), ldi(actions, r1), ldi(actions, r2), ldi(actions, r3),
      post + <usize>r0 * rowBytes, post + <usize>r1 * rowBytes, post + <usize>r2 * rowBytes, post + <usize>r3 * rowBytes,
      values + (<usize>r0 << 3), values + (<usize>r1 << 3), values + (<usize>r2 << 3), values + (<usize>r3 << 3),
    );
  }
  // pass 3: the rows with several candidates
  let k = 0;
  for (let r = 0; r < rows; r++) {
    if (ldi(actions, r) < 0) { multiCandidateRow(U, nA, aPad, nY, post, scratch, r, ldi(tRow, k + BLOCK), tau, prefer, tauPref, actions, values); k++; }
  }
}

/** Row r of screenBlock with several candidates (its integer values in the scratch, margin T): the f64 values of
 *  all candidates go into an f64 row, −∞ elsewhere, and the unchanged selection runs on it. */
function multiCandidateRow(
  U: usize, nA: i32, aPad: i32, nY: i32, post: usize, scratch: usize, r: i32, T: i32, tau: f64,
  prefer: usize, tauPref: f64, actions: usize, values: usize,
): void {
  const p = post + ((<usize>r * <usize>nY) << 3);
  const row = scratch + <usize>(BLOCK * aPad * 4); // fits: BLOCK ≥ 2
  candidateRow(U, nA, aPad, nY, p, scratch + ((<usize>r * <usize>aPad) << 2), T, row);
  const t = rowMax(row, nA) - tau;
  let best = firstAtLeast(row, nA, t);
  if (prefer != 0) best = preferTied(row, nA, t, best, prefer, tauPref, p, nY);
  sti(actions, r, best);
  st(values, r, ld(row, best));
}

/**
 * For each of `rows` posteriors: actions[r] = the best response, values[r] = its value. Ties: the actions with
 * v_a ≥ max v − tau; the lowest index of them, or, when `prefer` (row-major |A|×|Y|, 0 for none) is given and several
 * are tied, the tied action with the largest prefer-value (tied within tauPref), then the lowest index.
 * Returns −1, or the first row off the simplex by more than `tol` (rows before it are written).
 */
export function bestResponses(
  ut: usize, nA: i32, aPad: i32, nY: i32, post: usize, rows: i32, tau: f64, prefer: usize, tauPref: f64, tol: f64,
  actions: usize, values: usize, scratch: usize, prepared: i32,
): i32 {
  // the integer screen, when it is on (more than 8 actions; best8 keeps |A| ≤ 8 in registers)
  let screen = false;
  if (ASC_FEATURE_SIMD && aPad > 8) screen = integerScreen(ut, nA, aPad, nY, tau, tol, scratch, prepared);
  for (let r0 = 0; r0 < rows; r0 += BLOCK) {
    const n = min(BLOCK, rows - r0);
    const pb = post + ((<usize>r0 * <usize>nY) << 3);
    if (ASC_FEATURE_SIMD && screen) {
      // the simplex check writes the block's i16 copy and the rows' margins as it goes
      const bad = offSimplexToI16(pb, n, nY, tol, screenHdr(scratch, aPad, nY), screenPost(scratch, aPad, nY), screenT(scratch, aPad, nY));
      if (bad >= 0) return r0 + bad;
      screenBlock(
        screenU(scratch, aPad, nY), screenUt(scratch, aPad), nA, aPad, nY, pb, n, screenT(scratch, aPad, nY), tau, prefer, tauPref,
        actions + (<usize>r0 << 2), values + (<usize>r0 << 3), scratch, screenPost(scratch, aPad, nY),
      );
      continue;
    }
    const bad = firstOffSimplex(pb, n, nY, tol);
    if (bad >= 0) return r0 + bad;
    if (ASC_FEATURE_SIMD && aPad == 8) {
      best8(ut, nA, nY, pb, n, tau, prefer, tauPref, actions + (<usize>r0 << 2), values + (<usize>r0 << 3), scratch);
      continue;
    }
    valuesBlock(ut, aPad, nY, pb, n, scratch);
    for (let r = 0; r < n; r++) {
      const v = scratch + ((<usize>r * <usize>aPad) << 3);
      const thr = rowMax(v, nA) - tau;
      let best = firstAtLeast(v, nA, thr);
      if (prefer != 0) best = preferTied(v, nA, thr, best, prefer, tauPref, pb + ((<usize>r * <usize>nY) << 3), nY);
      sti(actions, r0 + r, best);
      st(values, r0 + r, ld(v, best));
    }
  }
  return -1;
}

/** o[a] = 1/|T| for a in the tied set T = {a : v_a ≥ max v − tau}, else 0 (λ = ∞). */
@inline function uniformTied(v: usize, nA: i32, tau: f64, o: usize): void {
  const thr = rowMax(v, nA) - tau;
  let tied = 0;
  for (let a = 0; a < nA; a++) if (ld(v, a) >= thr) tied++;
  const share = 1.0 / <f64>tied;
  for (let a = 0; a < nA; a++) st(o, a, ld(v, a) >= thr ? share : 0.0);
}

/**
 * Logit responses: out (rows×nA, row-major) row r = softmax(λ·(v − max v)), the difference taken first and then
 * multiplied (no overflow for any λ), each term exp'd with NativeMath's exp, summed (even-a and odd-a sequential sums,
 * then added), and scaled by the reciprocal of the sum.
 * λ = +Infinity gives the uniform split over the actions with v ≥ max v − tau (bestResponses' tied set).
 * Returns −1, or the first row off the simplex by more than `tol`.
 */
/** Logit / λ = ∞ responses for exactly 8 actions, SIMD only: values, max, exps, sum and scaling all in registers. */
function quantal8(ut: usize, nY: i32, post: usize, rows: i32, lambda: f64, tau: f64, out: usize): void {
  const rowBytes = <usize>nY << 3;
  const vl = f64x2.splat(lambda), vt = f64x2.splat(tau), zero = f64x2.splat(0);
  const infinite = lambda == Infinity;
  for (let r = 0; r < rows; r++) {
    const p0 = post + <usize>r * rowBytes;
    const o = out + ((<usize>r) << 6);
    tile1x8(ut, 64, nY, p0, o); // the values, overwritten below by the probabilities
    const a0 = v128.load(o), a1 = v128.load(o, 16), a2 = v128.load(o, 32), a3 = v128.load(o, 48);
    const mx = max8(a0, a1, a2, a3);
    if (infinite) {
      const t = f64x2.sub(mx, vt);
      const share = f64x2.splat(1.0 / <f64>popcnt(mask8(a0, a1, a2, a3, t)));
      v128.store(o, v128.and(share, f64x2.ge(a0, t))); v128.store(o, v128.and(share, f64x2.ge(a1, t)), 16);
      v128.store(o, v128.and(share, f64x2.ge(a2, t)), 32); v128.store(o, v128.and(share, f64x2.ge(a3, t)), 48);
      continue;
    }
    const e0 = expPair(f64x2.mul(f64x2.sub(a0, mx), vl)), e1 = expPair(f64x2.mul(f64x2.sub(a1, mx), vl));
    const e2 = expPair(f64x2.mul(f64x2.sub(a2, mx), vl)), e3 = expPair(f64x2.mul(f64x2.sub(a3, mx), vl));
    // Σ e as even-a and odd-a sequential sums (lanes), then added
    const acc = f64x2.add(f64x2.add(f64x2.add(f64x2.add(zero, e0), e1), e2), e3);
    const inv = f64x2.splat(1.0 / (f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1)));
    v128.store(o, f64x2.mul(e0, inv)); v128.store(o, f64x2.mul(e1, inv), 16);
    v128.store(o, f64x2.mul(e2, inv), 32); v128.store(o, f64x2.mul(e3, inv), 48);
  }
}

export function quantalResponses(
  ut: usize, nA: i32, aPad: i32, nY: i32, post: usize, rows: i32, lambda: f64, tau: f64, tol: f64,
  out: usize, scratch: usize, prepared: i32,
): i32 {
  const infinite = lambda == Infinity;
  // λ = ∞ needs only the tied set: bestResponses' integer screen finds a superset of it
  let screen = false;
  if (ASC_FEATURE_SIMD && infinite && aPad > 8) screen = integerScreen(ut, nA, aPad, nY, tau, tol, scratch, prepared);
  for (let r0 = 0; r0 < rows; r0 += BLOCK) {
    const n = min(BLOCK, rows - r0);
    const pb = post + ((<usize>r0 * <usize>nY) << 3);
    if (ASC_FEATURE_SIMD && screen) {
      const p16 = screenPost(scratch, aPad, nY), tRow = screenT(scratch, aPad, nY);
      const bad = offSimplexToI16(pb, n, nY, tol, screenHdr(scratch, aPad, nY), p16, tRow);
      if (bad >= 0) return r0 + bad;
      screenValuesI16(screenUt(scratch, aPad), nA, aPad, nY, n, p16, scratch);
      const row = scratch + <usize>(BLOCK * aPad * 4);
      for (let r = 0; r < n; r++) {
        const v = scratch + ((<usize>r * <usize>aPad) << 2), o = out + ((<usize>(r0 + r) * <usize>nA) << 3);
        const c = soleCandidateI32(v, aPad, ldi(tRow, r));
        if (c >= 0) { // the tied set is {c}: uniformTied on a row of v_c and −∞ gives e_c
          for (let a = 0; a < nA; a++) st(o, a, 0.0);
          st(o, c, 1.0);
          continue;
        }
        candidateRow(screenU(scratch, aPad, nY), nA, aPad, nY, pb + ((<usize>r * <usize>nY) << 3), v, ldi(tRow, r), row);
        uniformTied(row, nA, tau, o);
      }
      continue;
    }
    const bad = firstOffSimplex(pb, n, nY, tol);
    if (bad >= 0) return r0 + bad;
    if (ASC_FEATURE_SIMD && nA == 8) {
      quantal8(ut, nY, pb, n, lambda, tau, out + ((<usize>r0 * 8) << 3));
      continue;
    }
    valuesBlock(ut, aPad, nY, pb, n, scratch);
    for (let r = 0; r < n; r++) {
      const v = scratch + ((<usize>r * <usize>aPad) << 3);
      const o = out + ((<usize>(r0 + r) * <usize>nA) << 3);
      if (infinite) { uniformTied(v, nA, tau, o); continue; }
      const mx = rowMax(v, nA);
      // e_a = exp(λ·(v_a − max)), written in place into v
      let a = 0;
      if (ASC_FEATURE_SIMD) {
        const vm = f64x2.splat(mx), vl = f64x2.splat(lambda);
        for (; a + 2 <= nA; a += 2) {
          const p = v + (<usize>a << 3);
          v128.store(p, expPair(f64x2.mul(f64x2.sub(v128.load(p), vm), vl)));
        }
      }
      for (; a < nA; a++) st(v, a, exp((ld(v, a) - mx) * lambda));
      // Σ e: even-a and odd-a sequential sums (the SIMD lanes), added at the end
      const n2 = nA & ~1;
      let s0 = 0.0, s1 = 0.0;
      a = 0;
      if (ASC_FEATURE_SIMD) {
        let acc = f64x2.splat(0);
        for (; a < n2; a += 2) acc = f64x2.add(acc, v128.load(v + (<usize>a << 3)));
        s0 = f64x2.extract_lane(acc, 0);
        s1 = f64x2.extract_lane(acc, 1);
      } else {
        for (; a < n2; a += 2) { s0 += ld(v, a); s1 += ld(v, a + 1); }
      }
      if (n2 < nA) s0 += ld(v, n2);
      const inv = 1.0 / (s0 + s1); // one division per row, then products (within an ulp of e / Σ)
      a = 0;
      if (ASC_FEATURE_SIMD) {
        const vs = f64x2.splat(inv);
        for (; a < n2; a += 2) v128.store(o + (<usize>a << 3), f64x2.mul(v128.load(v + (<usize>a << 3)), vs));
      }
      for (; a < nA; a++) st(o, a, ld(v, a) * inv);
    }
  }
  return -1;
}

