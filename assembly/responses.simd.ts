/**
 * The SIMD-only pieces of responses.ts, with no scalar meaning: the 8-lane max and mask, the branch-free search for
 * the first tied action, the integer screen of bestResponses, and exp on two lanes. The js backend never calls them (every call sits in an
 * `if (ASC_FEATURE_SIMD)` branch), and build/build-js-backend.mjs replaces this file with a stub.
 */
import { ld, st, sti } from "./mem";

/** The lowest a < nA with v[a] ≥ thr (one exists: thr ≤ max). Branch-free within windows of 64 actions: where the
 *  maximum sits is data, and a branch on it would mispredict every other row. */
@inline export function firstAtLeast64(v: usize, nA: i32, thr: f64): i32 {
  const t = f64x2.splat(thr);
  for (let w = 0; w < nA; w += 64) {
    const end = min(nA, w + 64);
    let mask: u64 = 0;
    let a = w;
    for (; a + 4 <= end; a += 4) {
      const p = v + (<usize>a << 3);
      const bits = i64x2.bitmask(f64x2.ge(v128.load(p), t)) | (i64x2.bitmask(f64x2.ge(v128.load(p, 16), t)) << 2);
      mask |= (<u64>bits) << (<u64>(a - w));
    }
    for (; a < end; a++) mask |= (<u64>(ld(v, a) >= thr ? 1 : 0)) << (<u64>(a - w));
    if (mask != 0) return w + <i32>ctz(mask);
  }
  return nA - 1; // unreachable
}

/**
 * The values of 8 actions (ut's columns from `u` on, rows `utRow` bytes apart) at two posteriors p0, p1, stored at
 * o0 and o1: each lane one sequential sum over y in the canonical order (acc = 0, acc += μ_y·u(a, y)), so every lane
 * gives the bits of the scalar sum. The GEMM tile of valuesBlock, best8 and (one row) quantal8.
 */
@inline export function tile2x8(u: usize, utRow: usize, nY: i32, p0: usize, p1: usize, o0: usize, o1: usize): void {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
  let b0 = f64x2.splat(0), b1 = f64x2.splat(0), b2 = f64x2.splat(0), b3 = f64x2.splat(0);
  for (let y = 0; y < nY; y++) {
    const m0 = v128.load64_splat(p0 + (<usize>y << 3));
    const m1 = v128.load64_splat(p1 + (<usize>y << 3));
    const u0 = v128.load(u), u1 = v128.load(u, 16), u2 = v128.load(u, 32), u3 = v128.load(u, 48);
    a0 = f64x2.add(a0, f64x2.mul(m0, u0)); b0 = f64x2.add(b0, f64x2.mul(m1, u0));
    a1 = f64x2.add(a1, f64x2.mul(m0, u1)); b1 = f64x2.add(b1, f64x2.mul(m1, u1));
    a2 = f64x2.add(a2, f64x2.mul(m0, u2)); b2 = f64x2.add(b2, f64x2.mul(m1, u2));
    a3 = f64x2.add(a3, f64x2.mul(m0, u3)); b3 = f64x2.add(b3, f64x2.mul(m1, u3));
    u += utRow;
  }
  v128.store(o0, a0); v128.store(o0, a1, 16); v128.store(o0, a2, 32); v128.store(o0, a3, 48);
  v128.store(o1, b0); v128.store(o1, b1, 16); v128.store(o1, b2, 32); v128.store(o1, b3, 48);
}

/** tile2x8 for one posterior. */
@inline export function tile1x8(u: usize, utRow: usize, nY: i32, p0: usize, o0: usize): void {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
  for (let y = 0; y < nY; y++) {
    const m0 = v128.load64_splat(p0 + (<usize>y << 3));
    a0 = f64x2.add(a0, f64x2.mul(m0, v128.load(u)));
    a1 = f64x2.add(a1, f64x2.mul(m0, v128.load(u, 16)));
    a2 = f64x2.add(a2, f64x2.mul(m0, v128.load(u, 32)));
    a3 = f64x2.add(a3, f64x2.mul(m0, v128.load(u, 48)));
    u += utRow;
  }
  v128.store(o0, a0); v128.store(o0, a1, 16); v128.store(o0, a2, 32); v128.store(o0, a3, 48);
}

/** 2^k for a normal power of two (−1022 ≤ k ≤ 1023). */
@inline function pow2(k: i32): f64 { return reinterpret<f64>((<u64>(k + 1023)) << 52); }

// ---- the integer screen of bestResponses (i16 × i16 → i32 dot products: exact; screenSetupI16 proves the margin) ----

/** Header of the integer screen (f64 cells at hdr): on (1) or off (0), the margin's slope α, its constant Dmax, the
 *  largest posterior scale sMax (a power of two), and the margin T at sMax. */
const HDR_ON: i32 = 0, HDR_ALPHA: i32 = 1, HDR_DMAX: i32 = 2, HDR_SMAX: i32 = 3, HDR_TMAX: i32 = 4;

/** Whether screenSetupI16 switched the screen on (for the later chunks of one problem, which share the scratch). */
export function screenOn(hdr: usize): bool { return ld(hdr, HDR_ON) != 0; }

/**
 * Sets up the integer screen: writes ũ (i16) at u16, the header at hdr and u row-major (|A|×|Y|) at U (work, dwork:
 * nY and aPad doubles of scratch), and returns true, or false when the screen cannot be made rigorous (then the caller runs the plain f64 path). The
 * header's HDR_ON says which, for the calls on later chunks of the same problem (screenOn).
 *
 * The screen. Each column y of u is centred, w(a, y) = fl(u(a, y) − c_y) with c_y = (max_a u + min_a u)/2 over the
 * real actions, and scaled by a power of two s_u: ũ(a, y) = round(s_u·w(a, y)), |ũ| ≤ Ucap ≤ 2^14. Each posterior
 * row is scaled by its own power of two s_p (offSimplexToI16): p̃_y = round(s_p·μ_y), |p̃| ≤ 32767. The screened
 * value is the exact integer I_a = Σ_y p̃_y·ũ(a, y) (i32x4.dot_i16x8_s, i32 sums that provably do not overflow), and
 * the candidates are {a : I_a ≥ max_b I_b − T}, T = ⌊s_p·α + Dmax⌋ (rounded up first) for that row.
 *
 * Proof that every action the f64 selection can pick is a candidate. Let n = nY, x_a = Σ_y μ_y·u(a, y) exactly,
 * P = Σ_y |μ_y|, Umax = max|u|, u64 = 2^-53.
 * (0) P ≤ Pb = (1 + (2n+1)·tol)/(1 − n·2^-52): the simplex check passed (offSimplexToI16), so μ_y ≥ −tol and its
 *     computed sum σ̂ has |σ̂ − 1| ≤ tol, |σ̂ − Σμ| ≤ γ_n·P (γ_n = n·u64/(1 − n·u64)); P = Σμ + 2·Σ_{μ<0}|μ|
 *     ≤ 1 + tol + γ_n·P + 2n·tol, and 1/(1 − γ_n) ≤ 1/(1 − 2n·u64).
 * (a) Z_a := s_p·s_u·Σ_y μ_y·(u(a, y) − c_y) (exact reals) has Z_a − Z_b = s_p·s_u·(x_a − x_b): c cancels.
 * (b) V = s_u·(u − c_y) and ũ differ by ≤ 1/2 + η (the rounding to an integer, plus s_u·|fl(u − c) − (u − c)|
 *     ≤ 2^-53·Ucap·(1 + 2^-52) and a possible underflow of s_u·w: η = 2^-30 covers both); P_y = s_p·μ_y is exact
 *     (a power of two ≥ 1, |P_y| < 2^15) and p̃_y differs from it by ≤ 1/2. Then
 *       (Z_a − Z_b) − (I_a − I_b) = Σ_y P_y·((V_a − ũ_a) − (V_b − ũ_b)) + Σ_y (P_y − p̃_y)·(ũ_a − ũ_b),
 *     of magnitude ≤ (1 + 2η)·s_p·Pb + (D_a + D_b)/2 ≤ (1 + 2η)·s_p·Pb + Dmax, D_a = Σ_y |ũ(a, y)| (exact).
 * (c) The f64 values (the kernel's canonical sums) err by |v64_a − x_a| ≤ F = n·u64·Pb·Umax/(1 − n·u64) + n·2^-1074
 *     (products that underflow included). The f64 selection picks among {a : v64_a ≥ fl(m − τ)}, m = max v64, and
 *     fl(m − τ) ≥ m − τ − u64·(|m| + τ), |m| ≤ Pb·Umax + F. For such an a and every b:
 *       x_a ≥ v64_a − F ≥ m − τ − u64·(|m| + τ) − F ≥ x_b − G,  G = 2F + τ + u64·(Pb·Umax + F + τ).
 * (d) So I_a − I_b ≥ Z_a − Z_b − (1 + 2η)·s_p·Pb − Dmax ≥ −(s_p·s_u·G + (1 + 2η)·s_p·Pb + Dmax) = −(s_p·α + Dmax)
 *     with α = s_u·G + (1 + 2η)·Pb, for b = argmax I in particular; I_a − I_b is an integer, so it is
 *     ≥ −⌊T′⌋ for any T′ ≥ s_p·α + Dmax. α is evaluated in f64 from positive terms (< 20 roundings) and inflated by
 *     (1 + 2^-40), and T′ = (s_p·α + Dmax)·(1 + 2^-40) likewise.
 * (e) No overflow: |partial sums| ≤ Σ_y |p̃_y|·Ucap ≤ (s_p·Pb + n/2)·Ucap ≤ 2^30 (s_p ≤ sMax is chosen so), the pair
 *     sums inside dot_i16x8_s too; T ≤ 2^29 (checked at sMax), so max I − T > −2^31.
 * The screen is off for a NaN in u, outside 2^-500 ≤ Umax ≤ 2^500, tol ≤ 2^-20, τ ≤ 2^1000, nY ≤ 2^20, when the
 * centred range R = max|w| is below 2^-600 (every action nearly identical: no pruning to gain), or when T at sMax
 * exceeds 2^29.
 *
 * Scale choice (not part of the proof): Ucap = 2^k with k ≤ 14 minimising the margin relative to the values,
 * (sMax·Pb + Dmax)/(sMax·Ucap) with Dmax ≈ n·Ucap/2 (centred data), for a row with small entries (s_p = sMax).
 *
 * ũ's layout: for each pair of states j (y = 2j, 2j + 1; a missing y = nY is 0) and action a, the two i16
 * ũ(a, 2j), ũ(a, 2j + 1) at u16 + 4·(j·aPad + a); padding actions (a ≥ nA) are 0 (the caller masks their I).
 */
export function screenSetupI16(
  ut: usize, nA: i32, nY: i32, aPad: i32, tau: f64, tol: f64, u16: usize, hdr: usize, work: usize, dwork: usize,
  U: usize,
): bool {
  st(hdr, HDR_ON, 0);
  const len = nY * aPad; // aPad is a multiple of 8
  let mv = f64x2.splat(0), nan = f64x2.ne(mv, mv);
  for (let i = 0; i < len; i += 2) {
    const x = v128.load(ut + (<usize>i << 3));
    mv = f64x2.pmax(mv, f64x2.abs(x));
    nan = v128.or(nan, f64x2.ne(x, x));
  }
  const umax = max(f64x2.extract_lane(mv, 0), f64x2.extract_lane(mv, 1));
  if (v128.any_true(nan) || !(umax >= pow2(-500) && umax <= pow2(500)) || !(tau >= 0 && tau <= pow2(1000))
    || !(tol >= 0 && tol <= pow2(-20)) || nY > (1 << 20)) return false;
  const n = <f64>nY;
  const Pb = (1.0 + (2.0 * n + 1.0) * tol) / (1.0 - n * pow2(-52));
  if (!(Pb <= 1.25)) return false;
  // centres c_y (f64 at work) and the centred range R
  const nA2 = nA & ~1;
  let R = 0.0;
  for (let y = 0; y < nY; y++) {
    const row = ut + ((<usize>y * <usize>aPad) << 3);
    let vh = f64x2.splat(-Infinity), vl = f64x2.splat(Infinity);
    for (let a = 0; a < nA2; a += 2) { const x = v128.load(row + (<usize>a << 3)); vh = f64x2.pmax(vh, x); vl = f64x2.pmin(vl, x); }
    let hi = max(f64x2.extract_lane(vh, 0), f64x2.extract_lane(vh, 1));
    let lo = min(f64x2.extract_lane(vl, 0), f64x2.extract_lane(vl, 1));
    if (nA2 < nA) { const x = ld(row, nA2); hi = max(hi, x); lo = min(lo, x); }
    const c = (hi + lo) * 0.5;
    st(work, y, c);
    R = max(R, max(hi - c, c - lo));
  }
  if (!(R >= pow2(-600))) return false;
  // Ucap and sMax: the margin relative to the values, smallest over k
  let kBest = -1, sBest = 0.0, best = Infinity;
  for (let k = 4; k <= 14; k++) {
    const ucap = pow2(k);
    let s = pow2(40);
    while (s > 1.0 && (s * Pb + 0.5 * n) * ucap > pow2(30)) s *= 0.5;
    if (!((s * Pb + 0.5 * n) * ucap <= pow2(30)) || s < 256.0) continue;
    const rel = (s * Pb + 0.5 * n * ucap) / (s * ucap);
    if (rel < best) { best = rel; kBest = k; sBest = s; }
  }
  // (also tol < 32767/sMax: offSimplexToI16 checks max|μ| through max μ)
  if (kBest < 0 || !(tol * sBest < 32767.0)) return false;
  const ucap = pow2(kBest);
  let su = 1.0;
  while (R * su > ucap) su *= 0.5;
  while (R * su * 2.0 <= ucap) su *= 2.0;
  // ũ (i16 pairs; padding actions and a missing last state 0) and D_a (f64 at dwork, exact integers)
  const d = dwork;
  for (let a = 0; a < aPad; a += 2) v128.store(d + (<usize>a << 3), f64x2.splat(0));
  const vs = f64x2.splat(su);
  for (let y = 0; y < nY; y++) {
    const row = ut + ((<usize>y * <usize>aPad) << 3);
    const c = f64x2.splat(ld(work, y));
    const o = u16 + ((<usize>(y >> 1) * <usize>aPad) << 2) + (<usize>(y & 1) << 1);
    for (let a = 0; a < aPad; a += 2) {
      const valid = f64x2.lt(f64x2(<f64>a, <f64>(a + 1)), f64x2.splat(<f64>nA));
      const q = v128.and(f64x2.nearest(f64x2.mul(f64x2.sub(v128.load(row + (<usize>a << 3)), c), vs)), valid);
      const h = i16x8.narrow_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(q), q);
      v128.store16_lane(o + (<usize>a << 2), h, 0);
      v128.store16_lane(o + (<usize>a << 2), h, 1, 4);
      const da = d + (<usize>a << 3);
      v128.store(da, f64x2.add(v128.load(da), f64x2.abs(q)));
    }
  }
  if (nY & 1) {
    const o = u16 + ((<usize>(nY >> 1) * <usize>aPad) << 2) + 2;
    for (let a = 0; a < aPad; a++) v128.store16_lane(o + (<usize>a << 2), i16x8.splat(0), 0);
  }
  let dmax = 0.0;
  for (let a = 0; a < aPad; a++) dmax = max(dmax, ld(d, a));
  const u64 = pow2(-53);
  const F = n * u64 * Pb * umax / (1.0 - n * u64) + n * 4.9406564584124654e-324; // + n·2^-1074
  const G = 2.0 * F + tau + u64 * (Pb * umax + F + tau);
  const alpha = (su * G + (1.0 + pow2(-29)) * Pb) * (1.0 + pow2(-40));
  const tmax = floor((sBest * alpha + dmax) * (1.0 + pow2(-40)));
  if (!(tmax <= pow2(29))) return false;
  st(hdr, HDR_ALPHA, alpha);
  st(hdr, HDR_DMAX, dmax);
  st(hdr, HDR_SMAX, sBest);
  st(hdr, HDR_TMAX, tmax);
  // u row-major at U (the candidates' f64 values read each action's utilities contiguously)
  for (let a = 0; a < nA; a++) {
    const o = U + ((<usize>a * <usize>nY) << 3);
    for (let y = 0; y < nY; y++) st(o, y, ld(ut + ((<usize>y * <usize>aPad) << 3), a));
  }
  st(hdr, HDR_ON, 1);
  return true;
}

/** Row p's i16 copy at q (pair j at q + 16j) at scale sp: x + 1.5·2^52 rounds x (|x| < 2^51) to an integer, to
 *  nearest even, and holds it in the low 32 bits. */
@inline function rowToI16(p: usize, nY: i32, sp: f64, q: usize): void {
  const vs = f64x2.splat(sp), magic = f64x2.splat(6755399441055744.0);
  let y = 0;
  for (; y + 4 <= nY; y += 4) {
    const x0 = f64x2.add(f64x2.mul(v128.load(p + (<usize>y << 3)), vs), magic);
    const x1 = f64x2.add(f64x2.mul(v128.load(p + (<usize>y << 3), 16), vs), magic);
    const h = i16x8.narrow_i32x4_s(v128.shuffle<i32>(x0, x1, 0, 2, 4, 6), x0);
    v128.store32_lane(q + (<usize>y << 3), h, 0);
    v128.store32_lane(q + (<usize>y << 3), h, 1, 16);
  }
  if (y < nY) { // one or two states left (a missing second one reads as 0)
    const m = y + 2 <= nY ? v128.load(p + (<usize>y << 3)) : v128.load64_zero(p + (<usize>y << 3));
    const x0 = f64x2.add(f64x2.mul(m, vs), magic);
    v128.store32_lane(q + (<usize>y << 3), i16x8.narrow_i32x4_s(v128.shuffle<i32>(x0, x0, 0, 2, 4, 6), x0), 0);
  }
}

/** Whether row p is off the simplex: firstOffSimplex's test (responses.ts, its SIMD branch: the same operations). */
function offSimplexRow(p: usize, nY: i32, tol: f64): bool {
  const n2 = nY & ~1;
  const lo = f64x2.splat(-tol);
  let acc = f64x2.splat(0);
  let good = f64x2.eq(acc, acc);
  for (let y = 0; y < n2; y += 2) {
    const m = v128.load(p + (<usize>y << 3));
    good = v128.and(good, f64x2.ge(m, lo)); // NaN fails too
    acc = f64x2.add(acc, m);
  }
  let ok = i64x2.all_true(good);
  let s0 = f64x2.extract_lane(acc, 0);
  const s1 = f64x2.extract_lane(acc, 1);
  if (n2 < nY) { const m = ld(p, n2); if (!(m >= -tol)) ok = false; s0 += m; }
  return !ok || !(abs((s0 + s1) - 1.0) <= tol);
}

/** max|μ_y| of row p. */
function rowMaxAbs(p: usize, nY: i32): f64 {
  const n2 = nY & ~1;
  let mx = f64x2.splat(0);
  for (let y = 0; y < n2; y += 2) mx = f64x2.pmax(mx, f64x2.abs(v128.load(p + (<usize>y << 3))));
  let m = max(f64x2.extract_lane(mx, 0), f64x2.extract_lane(mx, 1));
  if (n2 < nY) m = max(m, abs(ld(p, n2)));
  return m;
}

/** The sum test of firstOffSimplex for a row whose lanes summed to acc (its last entry, for odd nY, is `last`). */
@inline function sumOff(acc: v128, last: f64, tol: f64): bool {
  return !(abs((f64x2.extract_lane(acc, 0) + last + f64x2.extract_lane(acc, 1)) - 1.0) <= tol);
}

/**
 * firstOffSimplex (responses.ts) that also writes the rows as i16, p̃_y = round(s_p·μ_y) with the row's power of two
 * s_p = the largest ≤ sMax with s_p·max|μ| ≤ 32767, four rows interleaved: row r's pair j (μ_2j, μ_2j+1; μ_nY = 0)
 * at p16 + 4·(4·nY2·⌊r/4⌋ + 4j + r mod 4), and the row's margin T (screenSetupI16 (d)) at tRow + 4r. Four rows at a
 * time: their simplex sums (each row's own, in firstOffSimplex's order) run side by side with the group's least and
 * largest entry, the copy at sMax is written in the same pass (one 16-byte store per pair of states), and a group
 * with an entry below −tol, a sum off, or an entry too large for sMax is looked at row by row (the first row off the simplex by offSimplexRow, firstOffSimplex's
 * own operations; a large row written again at its own scale). Returns −1, or the first row off the simplex.
 */
export function offSimplexToI16(post: usize, rows: i32, nY: i32, tol: f64, hdr: usize, p16: usize, tRow: usize): i32 {
  const n2 = nY & ~1, nY2 = (nY + 1) >> 1;
  const rowBytes = <usize>nY << 3;
  const lo = f64x2.splat(-tol);
  const smax = ld(hdr, HDR_SMAX), tmax = i32(ld(hdr, HDR_TMAX));
  const vs = f64x2.splat(smax);
  // x + 1.5·2^52 rounds x (|x| < 2^51) to an integer, to nearest even, and holds it in the low 32 bits
  const magic = f64x2.splat(6755399441055744.0);
  const big = f64x2.splat(32767.0 / smax); // exact: smax is a power of two
  for (let r = 0; r < rows; r += 4) {
    const k = min(4, rows - r);
    // rows past the block repeat its first row (their copies land in unused slots, their verdicts are not read)
    const pa = post + <usize>r * rowBytes;
    const pb = k > 1 ? pa + rowBytes : pa, pc = k > 2 ? pb + rowBytes : pa, pd = k > 3 ? pc + rowBytes : pa;
    const q = p16 + ((<usize>(r >> 2) * <usize>nY2) << 4);
    let sa = f64x2.splat(0), sb = sa, sc = sa, sd = sa;
    let mn = f64x2.splat(Infinity), mx = f64x2.splat(-Infinity);
    for (let yo: usize = 0, end = <usize>n2 << 3; yo < end; yo += 16) {
      const ma = v128.load(pa + yo), mb = v128.load(pb + yo), mc = v128.load(pc + yo), md = v128.load(pd + yo);
      sa = f64x2.add(sa, ma); sb = f64x2.add(sb, mb); sc = f64x2.add(sc, mc); sd = f64x2.add(sd, md);
      mn = f64x2.pmin(mn, f64x2.pmin(f64x2.pmin(ma, mb), f64x2.pmin(mc, md)));
      mx = f64x2.pmax(mx, f64x2.pmax(f64x2.pmax(ma, mb), f64x2.pmax(mc, md)));
      const xa = f64x2.add(f64x2.mul(ma, vs), magic), xb = f64x2.add(f64x2.mul(mb, vs), magic);
      const xc = f64x2.add(f64x2.mul(mc, vs), magic), xd = f64x2.add(f64x2.mul(md, vs), magic);
      v128.store(q + yo, i16x8.narrow_i32x4_s(v128.shuffle<i32>(xa, xb, 0, 2, 4, 6), v128.shuffle<i32>(xc, xd, 0, 2, 4, 6)));
    }
    let la = 0.0, lb = 0.0, lc = 0.0, ld_ = 0.0;
    if (n2 < nY) { // the last state (the pair's second entry 0)
      const o = <usize>n2 << 3;
      const ma = v128.load64_zero(pa + o), mb = v128.load64_zero(pb + o), mc = v128.load64_zero(pc + o), md = v128.load64_zero(pd + o);
      la = f64x2.extract_lane(ma, 0); lb = f64x2.extract_lane(mb, 0); lc = f64x2.extract_lane(mc, 0); ld_ = f64x2.extract_lane(md, 0);
      const m4 = f64x2.replace_lane(ma, 1, lb), m5 = f64x2.replace_lane(mc, 1, ld_);
      mn = f64x2.pmin(mn, f64x2.pmin(m4, m5));
      mx = f64x2.pmax(mx, f64x2.pmax(m4, m5));
      const xa = f64x2.add(f64x2.mul(ma, vs), magic), xb = f64x2.add(f64x2.mul(mb, vs), magic);
      const xc = f64x2.add(f64x2.mul(mc, vs), magic), xd = f64x2.add(f64x2.mul(md, vs), magic);
      v128.store(q + o, i16x8.narrow_i32x4_s(v128.shuffle<i32>(xa, xb, 0, 2, 4, 6), v128.shuffle<i32>(xc, xd, 0, 2, 4, 6)));
    }
    // a row is off exactly when firstOffSimplex says so: an entry below −tol shows in mn (pmin is exact on numbers),
    // a NaN or ±∞ makes the row's sum NaN or ±∞ (its test fails); then offSimplexRow, row by row, finds the first
    if (!i64x2.all_true(f64x2.ge(mn, lo)) || sumOff(sa, la, tol) || (k > 1 && sumOff(sb, lb, tol)) || (k > 2 && sumOff(sc, lc, tol))
      || (k > 3 && sumOff(sd, ld_, tol))) {
      for (let i = 0; i < k; i++) if (offSimplexRow(pa + <usize>i * rowBytes, nY, tol)) return r + i;
    }
    for (let i = 0; i < k; i++) sti(tRow, r + i, tmax);
    // on the simplex every entry is ≥ −tol > −big (screenSetupI16: tol < big), so max|μ| ≤ big iff max μ ≤ big
    if (!v128.any_true(f64x2.gt(mx, big))) continue; // s_p = sMax for all four: 2^8 ≤ s_p, s_p·max|μ| ≤ 32767
    for (let i = 0; i < k; i++) {
      const p = pa + <usize>i * rowBytes;
      const amax = rowMaxAbs(p, nY);
      if (amax * smax <= 32767.0) continue;
      // on the simplex: 2^-21 < max|μ| ≤ 1.25, so s_p = 2^(14 − e) (e = max|μ|'s exponent) puts it in [2^14, 2^15)
      let sp = min(smax, pow2(14 - (<i32>(reinterpret<u64>(amax) >> 52) - 1023)));
      if (amax * sp > 32767.0) sp *= 0.5;
      sti(tRow, r + i, i32(floor((sp * ld(hdr, HDR_ALPHA) + ld(hdr, HDR_DMAX)) * (1.0 + pow2(-40)))));
      rowToI16(p, nY, sp, q + (<usize>i << 2));
    }
  }
  return -1;
}

/**
 * The integer values of 8 actions (ũ's pair rows uRow bytes apart, from u) at four posteriors stored interleaved
 * from p (16 bytes per pair of states, 4 per row), stored as i32 at o, o + oRow, …: 64 multiply-adds per pair of
 * states in 8 dot_i16x8_s. Exact integer arithmetic: the order of the sums does not matter.
 */
@inline export function tile4x8i16(u: usize, uRow: usize, nY2: i32, p: usize, o: usize, oRow: usize): void {
  let a0 = i32x4.splat(0), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
  const end = p + (<usize>nY2 << 4);
  for (; p < end; p += 16) {
    const u0 = v128.load(u), u1 = v128.load(u, 16);
    const m0 = v128.load32_splat(p), m1 = v128.load32_splat(p, 4);
    a0 = i32x4.add(a0, i32x4.dot_i16x8_s(m0, u0)); a1 = i32x4.add(a1, i32x4.dot_i16x8_s(m0, u1));
    b0 = i32x4.add(b0, i32x4.dot_i16x8_s(m1, u0)); b1 = i32x4.add(b1, i32x4.dot_i16x8_s(m1, u1));
    const m2 = v128.load32_splat(p, 8), m3 = v128.load32_splat(p, 12);
    c0 = i32x4.add(c0, i32x4.dot_i16x8_s(m2, u0)); c1 = i32x4.add(c1, i32x4.dot_i16x8_s(m2, u1));
    d0 = i32x4.add(d0, i32x4.dot_i16x8_s(m3, u0)); d1 = i32x4.add(d1, i32x4.dot_i16x8_s(m3, u1));
    u += uRow;
  }
  v128.store(o, a0); v128.store(o, a1, 16);
  v128.store(o + oRow, b0); v128.store(o + oRow, b1, 16);
  v128.store(o + 2 * oRow, c0); v128.store(o + 2 * oRow, c1, 16);
  v128.store(o + 3 * oRow, d0); v128.store(o + 3 * oRow, d1, 16);
}

/**
 * The integer screen's values of a block: v (rows×aPad i32) = p16 (rows × pairs, four rows interleaved) · u16, the
 * padding actions (a ≥ nA) set to i32.MIN_VALUE (never the maximum, never a candidate). Rows are taken four at a
 * time; a last group with fewer rows computes garbage into the unused rows of v (BLOCK is a multiple of 4).
 */
export function screenValuesI16(u16: usize, nA: i32, aPad: i32, nY: i32, rows: i32, p16: usize, v: usize): void {
  const nY2 = (nY + 1) >> 1;
  const uRow = <usize>aPad << 2, vRow = <usize>aPad << 2;
  for (let r = 0; r < rows; r += 4) {
    const pr = p16 + ((<usize>(r >> 2) * <usize>nY2) << 4), o = v + <usize>r * vRow;
    for (let g = 0; g < aPad; g += 8) { const go = <usize>g << 2; tile4x8i16(u16 + go, uRow, nY2, pr, o + go, vRow); }
  }
  if (nA < aPad) {
    const low = i32x4.splat(i32.MIN_VALUE);
    for (let r = 0; r < rows; r++) {
      for (let a = nA; a < aPad; a++) v128.store32_lane(v + <usize>r * vRow + (<usize>a << 2), low, 0);
    }
  }
}

/** max of v[0..aPad) (i32; aPad a multiple of 8) in all four lanes. */
@inline function maxI32x4(v: usize, aPad: i32): v128 {
  let m0 = i32x4.splat(i32.MIN_VALUE), m1 = m0;
  for (let a = 0; a < aPad; a += 8) {
    m0 = i32x4.max_s(m0, v128.load(v + (<usize>a << 2)));
    m1 = i32x4.max_s(m1, v128.load(v + (<usize>a << 2), 16));
  }
  let m = i32x4.max_s(m0, m1);
  m = i32x4.max_s(m, v128.shuffle<i32>(m, m, 2, 3, 0, 1));
  return i32x4.max_s(m, v128.shuffle<i32>(m, m, 1, 0, 3, 2));
}

/** The integer screen's threshold of one row: max v − T. */
@inline export function thresholdI32(v: usize, aPad: i32, T: i32): i32 {
  return i32x4.extract_lane(maxI32x4(v, aPad), 0) - T;
}

/**
 * The integer screen's candidates of one row of v (aPad i32, padding at i32.MIN_VALUE): {a : v_a ≥ max − T}.
 * Returns the candidate when there is exactly one, else −1. 16 actions per mask (two narrowings, one bitmask).
 */
@inline export function soleCandidateI32(v: usize, aPad: i32, T: i32): i32 {
  const t = i32x4.sub(maxI32x4(v, aPad), i32x4.splat(T));
  let count = 0, first = 0;
  let a = 0;
  for (; a + 16 <= aPad; a += 16) {
    const q = v + (<usize>a << 2);
    const g01 = i16x8.narrow_i32x4_s(i32x4.ge_s(v128.load(q), t), i32x4.ge_s(v128.load(q, 16), t));
    const g23 = i16x8.narrow_i32x4_s(i32x4.ge_s(v128.load(q, 32), t), i32x4.ge_s(v128.load(q, 48), t));
    const bits = i8x16.bitmask(i8x16.narrow_i16x8_s(g01, g23));
    first += bits != 0 ? a + <i32>ctz(bits) : 0;
    count += <i32>popcnt(bits);
  }
  if (a < aPad) {
    const q = v + (<usize>a << 2);
    const bits = i16x8.bitmask(i16x8.narrow_i32x4_s(i32x4.ge_s(v128.load(q), t), i32x4.ge_s(v128.load(q, 16), t)));
    first += bits != 0 ? a + <i32>ctz(bits) : 0;
    count += <i32>popcnt(bits);
  }
  return count == 1 ? first : -1;
}

/** Bits a − w of the actions in [w, end) (end ≤ w + 64, end − w a multiple of 4) whose integer value is ≥ thr. */
@inline export function candidatesI32(v: usize, w: i32, end: i32, thr: i32): u64 {
  const t = i32x4.splat(thr);
  let mask: u64 = 0;
  for (let a = w; a < end; a += 4) mask |= (<u64>i32x4.bitmask(i32x4.ge_s(v128.load(v + (<usize>a << 2)), t))) << (<u64>(a - w));
  return mask;
}

/**
 * The f64 values of four rows p0…p3 at one action each (u row-major at U), into o0…o3: each the canonical sum
 * acc = 0, acc += μ_y·u(c, y) for y = 0, 1, … (the bits valuesBlock gives). Rows 0 and 1 share one f64x2, rows 2
 * and 3 another (lane 0, lane 1), two states per step: the loads take two consecutive states of a row, and the
 * lanes are regrouped by state (unpack low/high) before the products.
 */
@inline export function colValues4(
  U: usize, nY: i32, c0: i32, c1: i32, c2: i32, c3: i32, p0: usize, p1: usize, p2: usize, p3: usize,
  o0: usize, o1: usize, o2: usize, o3: usize,
): void {
  const rowBytes = <usize>nY << 3;
  const u0 = U + <usize>c0 * rowBytes, u1 = U + <usize>c1 * rowBytes, u2 = U + <usize>c2 * rowBytes, u3 = U + <usize>c3 * rowBytes;
  let s01 = f64x2.splat(0), s23 = s01;
  let yo: usize = 0;
  for (const end = <usize>(nY & ~1) << 3; yo < end; yo += 16) {
    const m0 = v128.load(p0 + yo), m1 = v128.load(p1 + yo), w0 = v128.load(u0 + yo), w1 = v128.load(u1 + yo);
    const m2 = v128.load(p2 + yo), m3 = v128.load(p3 + yo), w2 = v128.load(u2 + yo), w3 = v128.load(u3 + yo);
    s01 = f64x2.add(s01, f64x2.mul(v128.shuffle<f64>(m0, m1, 0, 2), v128.shuffle<f64>(w0, w1, 0, 2)));
    s23 = f64x2.add(s23, f64x2.mul(v128.shuffle<f64>(m2, m3, 0, 2), v128.shuffle<f64>(w2, w3, 0, 2)));
    s01 = f64x2.add(s01, f64x2.mul(v128.shuffle<f64>(m0, m1, 1, 3), v128.shuffle<f64>(w0, w1, 1, 3)));
    s23 = f64x2.add(s23, f64x2.mul(v128.shuffle<f64>(m2, m3, 1, 3), v128.shuffle<f64>(w2, w3, 1, 3)));
  }
  if (yo < rowBytes) { // the last state of an odd count
    const m01 = v128.load64_lane(p1 + yo, v128.load64_zero(p0 + yo), 1), w01 = v128.load64_lane(u1 + yo, v128.load64_zero(u0 + yo), 1);
    const m23 = v128.load64_lane(p3 + yo, v128.load64_zero(p2 + yo), 1), w23 = v128.load64_lane(u3 + yo, v128.load64_zero(u2 + yo), 1);
    s01 = f64x2.add(s01, f64x2.mul(m01, w01));
    s23 = f64x2.add(s23, f64x2.mul(m23, w23));
  }
  v128.store64_lane(o0, s01, 0); v128.store64_lane(o1, s01, 1);
  v128.store64_lane(o2, s23, 0); v128.store64_lane(o3, s23, 1);
}

/** max of the four f64x2 in both lanes, invalid (padding) lanes excluded by the caller. */
@inline export function max8(a0: v128, a1: v128, a2: v128, a3: v128): v128 {
  const m = f64x2.max(f64x2.max(a0, a1), f64x2.max(a2, a3));
  return f64x2.max(m, v128.shuffle<f64>(m, m, 1, 0));
}

/** 8-bit mask of the lanes ≥ t. */
@inline export function mask8(a0: v128, a1: v128, a2: v128, a3: v128, t: v128): i32 {
  return i64x2.bitmask(f64x2.ge(a0, t)) | (i64x2.bitmask(f64x2.ge(a1, t)) << 2)
    | (i64x2.bitmask(f64x2.ge(a2, t)) << 4) | (i64x2.bitmask(f64x2.ge(a3, t)) << 6);
}

// ---- exp on two lanes: NativeMath.exp's algorithm (exp_lut, std/assembly/util/math.ts), operation for operation ----

// see: musl/src/math/exp_data.c: 2^(i/128) as (tail, bits) pairs, the table NativeMath.exp reads
// lazy: emitted only where used (the SIMD build), not in the scalar one
@lazy const EXP_TAB = memory.data<u64>([
  0x0000000000000000, 0x3FF0000000000000, 0x3C9B3B4F1A88BF6E, 0x3FEFF63DA9FB3335,
  0xBC7160139CD8DC5D, 0x3FEFEC9A3E778061, 0xBC905E7A108766D1, 0x3FEFE315E86E7F85,
  0x3C8CD2523567F613, 0x3FEFD9B0D3158574, 0xBC8BCE8023F98EFA, 0x3FEFD06B29DDF6DE,
  0x3C60F74E61E6C861, 0x3FEFC74518759BC8, 0x3C90A3E45B33D399, 0x3FEFBE3ECAC6F383,
  0x3C979AA65D837B6D, 0x3FEFB5586CF9890F, 0x3C8EB51A92FDEFFC, 0x3FEFAC922B7247F7,
  0x3C3EBE3D702F9CD1, 0x3FEFA3EC32D3D1A2, 0xBC6A033489906E0B, 0x3FEF9B66AFFED31B,
  0xBC9556522A2FBD0E, 0x3FEF9301D0125B51, 0xBC5080EF8C4EEA55, 0x3FEF8ABDC06C31CC,
  0xBC91C923B9D5F416, 0x3FEF829AAEA92DE0, 0x3C80D3E3E95C55AF, 0x3FEF7A98C8A58E51,
  0xBC801B15EAA59348, 0x3FEF72B83C7D517B, 0xBC8F1FF055DE323D, 0x3FEF6AF9388C8DEA,
  0x3C8B898C3F1353BF, 0x3FEF635BEB6FCB75, 0xBC96D99C7611EB26, 0x3FEF5BE084045CD4,
  0x3C9AECF73E3A2F60, 0x3FEF54873168B9AA, 0xBC8FE782CB86389D, 0x3FEF4D5022FCD91D,
  0x3C8A6F4144A6C38D, 0x3FEF463B88628CD6, 0x3C807A05B0E4047D, 0x3FEF3F49917DDC96,
  0x3C968EFDE3A8A894, 0x3FEF387A6E756238, 0x3C875E18F274487D, 0x3FEF31CE4FB2A63F,
  0x3C80472B981FE7F2, 0x3FEF2B4565E27CDD, 0xBC96B87B3F71085E, 0x3FEF24DFE1F56381,
  0x3C82F7E16D09AB31, 0x3FEF1E9DF51FDEE1, 0xBC3D219B1A6FBFFA, 0x3FEF187FD0DAD990,
  0x3C8B3782720C0AB4, 0x3FEF1285A6E4030B, 0x3C6E149289CECB8F, 0x3FEF0CAFA93E2F56,
  0x3C834D754DB0ABB6, 0x3FEF06FE0A31B715, 0x3C864201E2AC744C, 0x3FEF0170FC4CD831,
  0x3C8FDD395DD3F84A, 0x3FEEFC08B26416FF, 0xBC86A3803B8E5B04, 0x3FEEF6C55F929FF1,
  0xBC924AEDCC4B5068, 0x3FEEF1A7373AA9CB, 0xBC9907F81B512D8E, 0x3FEEECAE6D05D866,
  0xBC71D1E83E9436D2, 0x3FEEE7DB34E59FF7, 0xBC991919B3CE1B15, 0x3FEEE32DC313A8E5,
  0x3C859F48A72A4C6D, 0x3FEEDEA64C123422, 0xBC9312607A28698A, 0x3FEEDA4504AC801C,
  0xBC58A78F4817895B, 0x3FEED60A21F72E2A, 0xBC7C2C9B67499A1B, 0x3FEED1F5D950A897,
  0x3C4363ED60C2AC11, 0x3FEECE086061892D, 0x3C9666093B0664EF, 0x3FEECA41ED1D0057,
  0x3C6ECCE1DAA10379, 0x3FEEC6A2B5C13CD0, 0x3C93FF8E3F0F1230, 0x3FEEC32AF0D7D3DE,
  0x3C7690CEBB7AAFB0, 0x3FEEBFDAD5362A27, 0x3C931DBDEB54E077, 0x3FEEBCB299FDDD0D,
  0xBC8F94340071A38E, 0x3FEEB9B2769D2CA7, 0xBC87DECCDC93A349, 0x3FEEB6DAA2CF6642,
  0xBC78DEC6BD0F385F, 0x3FEEB42B569D4F82, 0xBC861246EC7B5CF6, 0x3FEEB1A4CA5D920F,
  0x3C93350518FDD78E, 0x3FEEAF4736B527DA, 0x3C7B98B72F8A9B05, 0x3FEEAD12D497C7FD,
  0x3C9063E1E21C5409, 0x3FEEAB07DD485429, 0x3C34C7855019C6EA, 0x3FEEA9268A5946B7,
  0x3C9432E62B64C035, 0x3FEEA76F15AD2148, 0xBC8CE44A6199769F, 0x3FEEA5E1B976DC09,
  0xBC8C33C53BEF4DA8, 0x3FEEA47EB03A5585, 0xBC845378892BE9AE, 0x3FEEA34634CCC320,
  0xBC93CEDD78565858, 0x3FEEA23882552225, 0x3C5710AA807E1964, 0x3FEEA155D44CA973,
  0xBC93B3EFBF5E2228, 0x3FEEA09E667F3BCD, 0xBC6A12AD8734B982, 0x3FEEA012750BDABF,
  0xBC6367EFB86DA9EE, 0x3FEE9FB23C651A2F, 0xBC80DC3D54E08851, 0x3FEE9F7DF9519484,
  0xBC781F647E5A3ECF, 0x3FEE9F75E8EC5F74, 0xBC86EE4AC08B7DB0, 0x3FEE9F9A48A58174,
  0xBC8619321E55E68A, 0x3FEE9FEB564267C9, 0x3C909CCB5E09D4D3, 0x3FEEA0694FDE5D3F,
  0xBC7B32DCB94DA51D, 0x3FEEA11473EB0187, 0x3C94ECFD5467C06B, 0x3FEEA1ED0130C132,
  0x3C65EBE1ABD66C55, 0x3FEEA2F336CF4E62, 0xBC88A1C52FB3CF42, 0x3FEEA427543E1A12,
  0xBC9369B6F13B3734, 0x3FEEA589994CCE13, 0xBC805E843A19FF1E, 0x3FEEA71A4623C7AD,
  0xBC94D450D872576E, 0x3FEEA8D99B4492ED, 0x3C90AD675B0E8A00, 0x3FEEAAC7D98A6699,
  0x3C8DB72FC1F0EAB4, 0x3FEEACE5422AA0DB, 0xBC65B6609CC5E7FF, 0x3FEEAF3216B5448C,
  0x3C7BF68359F35F44, 0x3FEEB1AE99157736, 0xBC93091FA71E3D83, 0x3FEEB45B0B91FFC6,
  0xBC5DA9B88B6C1E29, 0x3FEEB737B0CDC5E5, 0xBC6C23F97C90B959, 0x3FEEBA44CBC8520F,
  0xBC92434322F4F9AA, 0x3FEEBD829FDE4E50, 0xBC85CA6CD7668E4B, 0x3FEEC0F170CA07BA,
  0x3C71AFFC2B91CE27, 0x3FEEC49182A3F090, 0x3C6DD235E10A73BB, 0x3FEEC86319E32323,
  0xBC87C50422622263, 0x3FEECC667B5DE565, 0x3C8B1C86E3E231D5, 0x3FEED09BEC4A2D33,
  0xBC91BBD1D3BCBB15, 0x3FEED503B23E255D, 0x3C90CC319CEE31D2, 0x3FEED99E1330B358,
  0x3C8469846E735AB3, 0x3FEEDE6B5579FDBF, 0xBC82DFCD978E9DB4, 0x3FEEE36BBFD3F37A,
  0x3C8C1A7792CB3387, 0x3FEEE89F995AD3AD, 0xBC907B8F4AD1D9FA, 0x3FEEEE07298DB666,
  0xBC55C3D956DCAEBA, 0x3FEEF3A2B84F15FB, 0xBC90A40E3DA6F640, 0x3FEEF9728DE5593A,
  0xBC68D6F438AD9334, 0x3FEEFF76F2FB5E47, 0xBC91EEE26B588A35, 0x3FEF05B030A1064A,
  0x3C74FFD70A5FDDCD, 0x3FEF0C1E904BC1D2, 0xBC91BDFBFA9298AC, 0x3FEF12C25BD71E09,
  0x3C736EAE30AF0CB3, 0x3FEF199BDD85529C, 0x3C8EE3325C9FFD94, 0x3FEF20AB5FFFD07A,
  0x3C84E08FD10959AC, 0x3FEF27F12E57D14B, 0x3C63CDAF384E1A67, 0x3FEF2F6D9406E7B5,
  0x3C676B2C6C921968, 0x3FEF3720DCEF9069, 0xBC808A1883CCB5D2, 0x3FEF3F0B555DC3FA,
  0xBC8FAD5D3FFFFA6F, 0x3FEF472D4A07897C, 0xBC900DAE3875A949, 0x3FEF4F87080D89F2,
  0x3C74A385A63D07A7, 0x3FEF5818DCFBA487, 0xBC82919E2040220F, 0x3FEF60E316C98398,
  0x3C8E5A50D5C192AC, 0x3FEF69E603DB3285, 0x3C843A59AC016B4B, 0x3FEF7321F301B460,
  0xBC82D52107B43E1F, 0x3FEF7C97337B9B5F, 0xBC892AB93B470DC9, 0x3FEF864614F5A129,
  0x3C74B604603A88D3, 0x3FEF902EE78B3FF6, 0x3C83C5EC519D7271, 0x3FEF9A51FBC74C83,
  0xBC8FF7128FD391F0, 0x3FEFA4AFA2A490DA, 0xBC8DAE98E223747D, 0x3FEFAF482D8E67F1,
  0x3C8EC3BC41AA2008, 0x3FEFBA1BEE615A27, 0x3C842B94C3A9EB32, 0x3FEFC52B376BBA97,
  0x3C8A64A931D185EE, 0x3FEFD0765B6E4540, 0xBC8E37BAE43BE3ED, 0x3FEFDBFDAD9CBE14,
  0x3C77893B4D91CD9D, 0x3FEFE7C1819E90D8, 0x3C5305C14160CC89, 0x3FEFF3C22B8F71F1,]);

/** The exp constants, each in both lanes, read from memory at each use: as v128.const they would be rebuilt from
 *  immediates at every use inside the loop, as loads they fold into the arithmetic. */
@lazy const EXP_K = memory.data<u64>([
  0x40671547652B82FE, 0x40671547652B82FE, // InvLn2N = 0x1.71547652b82fep0 · 128
  0xBF762E42FEFA0000, 0xBF762E42FEFA0000, // NegLn2hiN
  0xBD0CF79ABC9E3B3A, 0xBD0CF79ABC9E3B3A, // NegLn2loN
  0x4338000000000000, 0x4338000000000000, // Shift = 0x1.8p52
  0x3FDFFFFFFFFFFDBD, 0x3FDFFFFFFFFFFDBD, // C2
  0x3FC555555555543C, 0x3FC555555555543C, // C3
  0x3FA55555CF172B91, 0x3FA55555CF172B91, // C4
  0x3F81111167A4D017, 0x3F81111167A4D017, // C5
  0x4080000000000000, 0x4080000000000000, // 512
  0xC087500000000000, 0xC087500000000000, // −746
]);

// @ts-ignore: decorator
@inline export function expPair(x: v128): v128 {
  const
    InvLn2N   = reinterpret<f64>(0x3FF71547652B82FE) * 128.0,
    NegLn2hiN = reinterpret<f64>(0xBF762E42FEFA0000),
    NegLn2loN = reinterpret<f64>(0xBD0CF79ABC9E3B3A),
    Shift     = reinterpret<f64>(0x4338000000000000),
    C2 = reinterpret<f64>(0x3FDFFFFFFFFFFDBD),
    C3 = reinterpret<f64>(0x3FC555555555543C),
    C4 = reinterpret<f64>(0x3FA55555CF172B91),
    C5 = reinterpret<f64>(0x3F81111167A4D017);
  // |x| ≥ 512 (x is never NaN here) is NativeMath.exp's special case: there x ≤ −746 gives exactly 0 (exp(−746) is
  // below half the least subnormal, and the routine errs by less than an ulp), anything else is left to NativeMath.exp
  const big = f64x2.ge(f64x2.abs(x), v128.load(EXP_K, 128));
  if (v128.any_true(big)) {
    if (!i64x2.all_true(v128.or(v128.not(big), f64x2.le(x, v128.load(EXP_K, 144))))) {
      return f64x2.replace_lane(f64x2.splat(NativeMath.exp(f64x2.extract_lane(x, 0))), 1, NativeMath.exp(f64x2.extract_lane(x, 1)));
    }
    if (i64x2.all_true(big)) return f64x2.splat(0);
    // one lane ≤ −746 (→ 0), the other in range: compute both, zero the far one
    return v128.andnot(expPairCore(v128.bitselect(f64x2.splat(0), x, big)), big);
  }
  return expPairCore(x);
}

// @ts-ignore: decorator
@inline function expPairCore(x: v128): v128 {
  // see: NativeMath.exp (exp_lut): the same steps in the same order, two lanes at a time
  const z = f64x2.mul(v128.load(EXP_K), x);
  let kd = f64x2.add(z, v128.load(EXP_K, 48));
  const ki = kd;
  kd = f64x2.sub(kd, v128.load(EXP_K, 48));
  const r = f64x2.add(f64x2.add(x, f64x2.mul(kd, v128.load(EXP_K, 16))), f64x2.mul(kd, v128.load(EXP_K, 32)));
  const i0 = <usize>((i64x2.extract_lane(ki, 0) & 127) << 4);
  const i1 = <usize>((i64x2.extract_lane(ki, 1) & 127) << 4);
  const tail = v128.load64_lane(EXP_TAB + i1, v128.load64_zero(EXP_TAB + i0), 1);
  const sbits = i64x2.add(v128.load64_lane(EXP_TAB + i1 + 8, v128.load64_zero(EXP_TAB + i0 + 8), 1), i64x2.shl(ki, 45));
  const r2 = f64x2.mul(r, r);
  // tail + r + r2 * (C2 + r * C3) + r2 * r2 * (C4 + r * C5), in that association
  const tmp = f64x2.add(
    f64x2.add(f64x2.add(tail, r), f64x2.mul(r2, f64x2.add(v128.load(EXP_K, 64), f64x2.mul(r, v128.load(EXP_K, 80))))),
    f64x2.mul(f64x2.mul(r2, r2), f64x2.add(v128.load(EXP_K, 96), f64x2.mul(r, v128.load(EXP_K, 112)))),
  );
  // |x| < 2^-54 (abstop < 0x3C9), where NativeMath.exp returns 1 at once, needs no case here: k = 0, the table gives
  // scale = 1 and tail = 0, |tmp| < 2^-54 is below half an ulp of 1 on either side, so 1 + tmp rounds to exactly 1
  return f64x2.add(sbits, f64x2.mul(sbits, tmp));
}

