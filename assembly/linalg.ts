/**
 * Vector helpers over f64 memory (cells through mem.ts). Every reduction uses one canonical order: four interleaved partial
 * sums s0..s3 over the index classes i mod 4, combined as (s0 + s2) + (s1 + s3), then a sequential tail. The SIMD
 * build keeps s0,s1 in one f64x2 and s2,s3 in another, so the scalar fallback produces the same bits.
 */

import { ld, st } from "./mem";

/** Σ x_i y_i in the canonical order. */
export function dot(x: usize, y: usize, n: i32): f64 {
  let i = 0;
  let total = 0.0;
  if (ASC_FEATURE_SIMD) {
    let a = f64x2.splat(0);
    let b = f64x2.splat(0);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 3;
      a = f64x2.add(a, f64x2.mul(v128.load(x + o), v128.load(y + o)));
      b = f64x2.add(b, f64x2.mul(v128.load(x + o, 16), v128.load(y + o, 16)));
    }
    const c = f64x2.add(a, b);
    total = f64x2.extract_lane(c, 0) + f64x2.extract_lane(c, 1);
  } else {
    let s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    for (; i + 4 <= n; i += 4) {
      s0 += ld(x, i) * ld(y, i);
      s1 += ld(x, i + 1) * ld(y, i + 1);
      s2 += ld(x, i + 2) * ld(y, i + 2);
      s3 += ld(x, i + 3) * ld(y, i + 3);
    }
    total = (s0 + s2) + (s1 + s3);
  }
  for (; i < n; i++) total += ld(x, i) * ld(y, i);
  return total;
}

/** out[u] = dot(x_u, y, n) for four vectors x_0…x_3 in one sweep of y: each sum in linalg.ts's canonical order
 *  (the same bits as four dot calls). */
export function dot4(x0: usize, x1: usize, x2: usize, x3: usize, y: usize, n: i32, out: usize): void {
  let i = 0;
  let t0 = 0.0, t1 = 0.0, t2 = 0.0, t3 = 0.0;
  if (ASC_FEATURE_SIMD) {
    let a0 = f64x2.splat(0), b0 = f64x2.splat(0), a1 = f64x2.splat(0), b1 = f64x2.splat(0);
    let a2 = f64x2.splat(0), b2 = f64x2.splat(0), a3 = f64x2.splat(0), b3 = f64x2.splat(0);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 3;
      const ya = v128.load(y + o), yb = v128.load(y + o, 16);
      a0 = f64x2.add(a0, f64x2.mul(v128.load(x0 + o), ya)); b0 = f64x2.add(b0, f64x2.mul(v128.load(x0 + o, 16), yb));
      a1 = f64x2.add(a1, f64x2.mul(v128.load(x1 + o), ya)); b1 = f64x2.add(b1, f64x2.mul(v128.load(x1 + o, 16), yb));
      a2 = f64x2.add(a2, f64x2.mul(v128.load(x2 + o), ya)); b2 = f64x2.add(b2, f64x2.mul(v128.load(x2 + o, 16), yb));
      a3 = f64x2.add(a3, f64x2.mul(v128.load(x3 + o), ya)); b3 = f64x2.add(b3, f64x2.mul(v128.load(x3 + o, 16), yb));
    }
    const c0 = f64x2.add(a0, b0), c1 = f64x2.add(a1, b1), c2 = f64x2.add(a2, b2), c3 = f64x2.add(a3, b3);
    t0 = f64x2.extract_lane(c0, 0) + f64x2.extract_lane(c0, 1);
    t1 = f64x2.extract_lane(c1, 0) + f64x2.extract_lane(c1, 1);
    t2 = f64x2.extract_lane(c2, 0) + f64x2.extract_lane(c2, 1);
    t3 = f64x2.extract_lane(c3, 0) + f64x2.extract_lane(c3, 1);
  } else {
    t0 = dot(x0, y, n & ~3); t1 = dot(x1, y, n & ~3); t2 = dot(x2, y, n & ~3); t3 = dot(x3, y, n & ~3);
    i = n & ~3;
  }
  for (; i < n; i++) {
    const yi = ld(y, i);
    t0 += ld(x0, i) * yi; t1 += ld(x1, i) * yi; t2 += ld(x2, i) * yi; t3 += ld(x3, i) * yi;
  }
  st(out, 0, t0); st(out, 1, t1); st(out, 2, t2); st(out, 3, t3);
}

/** y += alpha·x (element-wise, so SIMD and scalar agree trivially). */
export function axpy(alpha: f64, x: usize, y: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const va = f64x2.splat(alpha);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 3;
      v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(va, v128.load(x + o))));
      v128.store(y + o, f64x2.add(v128.load(y + o, 16), f64x2.mul(va, v128.load(x + o, 16))), 16);
    }
  }
  for (; i < n; i++) st(y, i, ld(y, i) + alpha * ld(x, i));
}

/** y *= alpha. */
export function scale(alpha: f64, y: usize, n: i32): void {
  for (let i = 0; i < n; i++) st(y, i, ld(y, i) * alpha);
}

export function fill(p: usize, n: i32, v: f64): void {
  for (let i = 0; i < n; i++) st(p, i, v);
}

/** max_i |x_i| (order-independent, so SIMD and scalar agree). f64x2.pmax (one maxpd) rather than f64x2.max, whose
 *  NaN-propagating semantics cost V8 a long instruction sequence; inputs are finite (validated), so they agree. */
export function maxAbs(x: usize, n: i32): f64 {
  let m = 0.0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    let vm = f64x2.splat(0);
    for (; i + 2 <= n; i += 2) vm = f64x2.pmax(vm, f64x2.abs(v128.load(x + (<usize>i << 3))));
    m = max(f64x2.extract_lane(vm, 0), f64x2.extract_lane(vm, 1));
  }
  for (; i < n; i++) { const v = abs(ld(x, i)); if (v > m) m = v; }
  return m;
}

/** Σ x_i² in the canonical order. */
@inline export function sumSquares(x: usize, n: i32): f64 { return dot(x, x, n); }

/**
 * y += c0·x0 + c1·x1 + c2·x2 + c3·x3, element-wise as y + ((c0x0 + c1x1) + (c2x2 + c3x3)): four rows of a
 * row-major matrix per sweep of y, which quarters the load/store traffic on y in Aᵀr. @inline: with a second caller
 * (assembly/small.ts) binaryen stopped inlining it into residualGradient, a call per four rows of every pass (+3%
 * instructions on the single call's path, callgrind).
 */
@inline export function axpy4(c0: f64, c1: f64, c2: f64, c3: f64, x0: usize, x1: usize, x2: usize, x3: usize, y: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const v0 = f64x2.splat(c0), v1 = f64x2.splat(c1), v2 = f64x2.splat(c2), v3 = f64x2.splat(c3);
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      const s01 = f64x2.add(f64x2.mul(v0, v128.load(x0 + o)), f64x2.mul(v1, v128.load(x1 + o)));
      const s23 = f64x2.add(f64x2.mul(v2, v128.load(x2 + o)), f64x2.mul(v3, v128.load(x3 + o)));
      v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.add(s01, s23)));
    }
  }
  for (; i < n; i++) {
    const s01 = c0 * ld(x0, i) + c1 * ld(x1, i);
    const s23 = c2 * ld(x2, i) + c3 * ld(x3, i);
    st(y, i, ld(y, i) + (s01 + s23));
  }
}

/**
 * The simplex's one common power-of-two factor for A and b (x unchanged): max(‖A‖, ‖b‖) brought near 1, except when
 * b is more than 2^250 times A — then A would land below 2^-150 and its Gram entries underflow — where b is brought
 * near 2^200 instead (A near 2^200·‖A‖/‖b‖; b², A·b and A² all stay finite and normal for ratios up to 2^1000).
 */
export function simplexScale(aMax: f64, bNorm: f64): f64 {
  if (aMax > 0.0 && bNorm > aMax * 1.8092513943330656e75) return powerOfTwoScale(bNorm * 7.888609052210118e-31);   // 2^250, 2^-100
  return powerOfTwoScale(max(aMax, bNorm));
}

/**
 * A power of two t (so scaling by it is exact) that brings a magnitude m > 0 into [2^-100, 2^100], or 1 when m is
 * already there or is 0. Used where products of two data values would overflow or underflow.
 */
export function powerOfTwoScale(m: f64): f64 {
  let t = 1.0;
  if (!(m > 0.0) || !isFinite(m)) return t;
  const hi = 1.2676506002282294e30;   // 2^100
  const lo = 7.888609052210118e-31;   // 2^-100
  // coarse steps of 2^±64 up to 2^±960, then single factors of 2 up to 2^±1022: t is always a finite normal power
  // of two (subnormal m, down to 2^-1074, reaches 2^-100 at t = 2^974; unclamped steps once reached Infinity)
  while (m * t > hi && t >= 1.8928834978668395e-270) t *= 5.421010862427522e-20;   // t ≥ 2^-896: × 2^-64
  while (m * t > hi && t >= 4.450147717014403e-308) t *= 0.5;                     // t ≥ 2^-1021
  while (m * t < lo && t <= 5.282945311356653e+269) t *= 18446744073709551616.0;   // t ≤ 2^896: × 2^64
  while (m * t < lo && t <= 2.247116418577895e+307) t *= 2.0;                       // t ≤ 2^1021
  return t;
}

/** The index of the first NaN or ±Infinity among x_0…x_{n−1}, or −1 (x·0 is 0 for a finite x and NaN otherwise, so
 *  one multiply-add per element screens a block and only a failing block is searched). */
export function firstNonFinite(x: usize, n: i32): i32 {
  const BLOCK = 1024;
  for (let start = 0; start < n; start += BLOCK) {
    const end = min(n, start + BLOCK);
    let i = start;
    let s = 0.0;
    if (ASC_FEATURE_SIMD) {
      const z = f64x2.splat(0);
      let a = f64x2.splat(0), b = f64x2.splat(0);
      for (; i + 4 <= end; i += 4) {
        const o = <usize>i << 3;
        a = f64x2.add(a, f64x2.mul(v128.load(x + o), z));
        b = f64x2.add(b, f64x2.mul(v128.load(x + o, 16), z));
      }
      const c = f64x2.add(a, b);
      s = f64x2.extract_lane(c, 0) + f64x2.extract_lane(c, 1);
    }
    for (; i < end; i++) s += ld(x, i) * 0.0;
    if (s != 0.0) {
      for (let j = start; j < end; j++) if (!isFinite(ld(x, j))) return j;
    }
  }
  return -1;
}
