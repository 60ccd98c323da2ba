/**
 * Plain-TypeScript twins of assembly/linalg.ts. Vectors are (array, offset) pairs so that rows of a row-major matrix
 * are views without allocation. Every reduction uses the kernels' canonical order (four interleaved partial sums
 * s0..s3 over i mod 4, combined as (s0 + s2) + (s1 + s3), then a sequential tail), so results match them bit for bit.
 */

/** Σ x_i y_i in the canonical order. */
export function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += x[xo + i]! * y[yo + i]!;
    s1 += x[xo + i + 1]! * y[yo + i + 1]!;
    s2 += x[xo + i + 2]! * y[yo + i + 2]!;
    s3 += x[xo + i + 3]! * y[yo + i + 3]!;
  }
  let total = (s0 + s2) + (s1 + s3);
  for (; i < n; i++) total += x[xo + i]! * y[yo + i]!;
  return total;
}

/** y += alpha·x, element-wise. */
export function axpy(alpha: number, x: Float64Array, xo: number, y: Float64Array, yo: number, n: number): void {
  for (let i = 0; i < n; i++) y[yo + i] = y[yo + i]! + alpha * x[xo + i]!;
}

/** max_i |x_i| (order-independent). */
export function maxAbs(x: Float64Array, xo: number, n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) { const v = Math.abs(x[xo + i]!); if (v > m) m = v; }
  return m;
}

/** y += c0·x0 + c1·x1 + c2·x2 + c3·x3, element-wise as y + ((c0x0 + c1x1) + (c2x2 + c3x3)) (four rows of A per sweep). */
export function axpy4(
  c0: number, c1: number, c2: number, c3: number, x: Float64Array, o0: number, o1: number, o2: number, o3: number,
  y: Float64Array, n: number,
): void {
  for (let i = 0; i < n; i++) {
    const s01 = c0 * x[o0 + i]! + c1 * x[o1 + i]!;
    const s23 = c2 * x[o2 + i]! + c3 * x[o3 + i]!;
    y[i] = y[i]! + (s01 + s23);
  }
}

/** Twin of assembly/linalg.ts powerOfTwoScale: a power of two bringing m > 0 into [2^-100, 2^100], else 1. */
export function powerOfTwoScale(m: number): number {
  let t = 1;
  if (!(m > 0) || !Number.isFinite(m)) return t;
  const hi = 2 ** 100, lo = 2 ** -100;
  // as assembly/linalg.ts: t stays a finite normal power of two
  while (m * t > hi && t >= 2 ** -896) t *= 2 ** -64;
  while (m * t > hi && t >= 2 ** -1021) t *= 0.5;
  while (m * t < lo && t <= 2 ** 896) t *= 2 ** 64;
  while (m * t < lo && t <= 2 ** 1021) t *= 2;
  return t;
}
