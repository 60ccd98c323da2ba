/**
 * Exact arithmetic for oracles: every float64 is a dyadic rational m·2^e, so sums and products of inputs are exact
 * in BigInt, and small least-squares problems (with sign, sum and offset constraints, and point weights) can be
 * solved exactly by enumerating supports. Nothing here shares code with src/ or assembly/.
 */

/** An exact dyadic number m·2^e (m a BigInt, e an integer). */
export interface Dyadic { m: bigint; e: number }

const view = new DataView(new ArrayBuffer(8));

/** The exact value of a finite float64 as m·2^e. */
export function dyadic(x: number): Dyadic {
  if (!Number.isFinite(x)) throw new Error(`dyadic: ${x} is not finite`);
  if (x === 0) return { m: 0n, e: 0 };
  view.setFloat64(0, x);
  const hi = view.getUint32(0), lo = view.getUint32(4);
  const sign = hi >>> 31 ? -1n : 1n;
  const be = (hi >>> 20) & 0x7ff;
  let frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (be === 0) e = -1074;
  else { frac |= 1n << 52n; e = be - 1075; }
  return { m: sign * frac, e };
}

export const dzero: Dyadic = { m: 0n, e: 0 };

export function dadd(a: Dyadic, b: Dyadic): Dyadic {
  if (a.m === 0n) return b;
  if (b.m === 0n) return a;
  if (a.e === b.e) return { m: a.m + b.m, e: a.e };
  if (a.e < b.e) return { m: a.m + (b.m << BigInt(b.e - a.e)), e: a.e };
  return { m: (a.m << BigInt(a.e - b.e)) + b.m, e: b.e };
}
export function dneg(a: Dyadic): Dyadic { return { m: -a.m, e: a.e }; }
export function dsub(a: Dyadic, b: Dyadic): Dyadic { return dadd(a, dneg(b)); }
export function dmul(a: Dyadic, b: Dyadic): Dyadic {
  if (a.m === 0n || b.m === 0n) return dzero;
  return { m: a.m * b.m, e: a.e + b.e };
}
export function dcmp(a: Dyadic, b: Dyadic): number {
  const d = dsub(a, b).m;
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}

export function bitLength(x: bigint): number {
  if (x < 0n) x = -x;
  return x === 0n ? 0 : x.toString(2).length;
}

/** 2^e as a double, saturating to 0 / Infinity (no intermediate overflow). */
export function pow2(e: number): number {
  let r = 1;
  while (e > 1000) { r *= 2 ** 1000; e -= 1000; }
  while (e < -1000) { r *= 2 ** -1000; e += 1000; }
  return r * 2 ** e;
}

/** A rational p/q (q ≠ 0) times 2^e, as the nearest double (within a few ulps; Infinity on overflow). */
export function ratToNumber(p: bigint, q: bigint, e = 0): number {
  if (p === 0n) return 0;
  if (q < 0n) { p = -p; q = -q; }
  const neg = p < 0n;
  if (neg) p = -p;
  const shift = 64 - (bitLength(p) - bitLength(q));
  const quot = shift >= 0 ? (p << BigInt(shift)) / q : p / (q << BigInt(-shift));
  const v = Number(quot) * pow2(e - shift);
  return neg ? -v : v;
}

export function dToNumber(a: Dyadic): number { return ratToNumber(a.m, 1n, a.e); }

/** √(p/q · 2^e) as a double (p ≥ 0). */
export function sqrtRat(p: bigint, q: bigint, e = 0): number {
  if (p === 0n) return 0;
  // bring to m·2^(2t) with m a double in a safe range, then √m · 2^t
  const shift = 128 - (bitLength(p) - bitLength(q));
  let num = p, den = q;
  if (shift >= 0) num = p << BigInt(shift); else den = q << BigInt(-shift);
  let ex = e - shift;
  let quot = num / den;
  if (ex % 2 !== 0) { quot *= 2n; ex -= 1; }
  const m = Number(quot);
  return Math.sqrt(m) * pow2(ex / 2);
}

// ---- exact least squares over all supports ----

export interface ExactLsqInput {
  /** Row-major n×k. */
  A: Float64Array;
  n: number;
  k: number;
  b: ArrayLike<number>;
  /** Raw nonnegative point weights (any scale; the minimiser does not depend on it), or null for all ones. */
  w?: ArrayLike<number> | null;
  simplex?: boolean;
  offset?: boolean;
}

export interface ExactLsqResult {
  /** The minimum of Σ w_i (A_i x + c − b_i)² as p/q·2^e (exact). */
  p: bigint; q: bigint; e: number;
  /** Its value and its square root as doubles. */
  value: number;
  r: number;
  /** A minimiser (rounded to doubles). */
  x: Float64Array;
  offset: number;
  /** false when no support gave a feasible candidate (the oracle cannot answer). */
  solved: boolean;
}

/** Integers for a list of doubles on one common scale: v_i = ints[i]·2^e. */
function commonScale(values: number[]): { ints: bigint[]; e: number } {
  const ds = values.map(dyadic);
  let e = Infinity;
  for (const d of ds) if (d.m !== 0n && d.e < e) e = d.e;
  if (e === Infinity) e = 0;
  return { ints: ds.map((d) => (d.m === 0n ? 0n : d.m << BigInt(d.e - e))), e };
}

/**
 * Solves M y = r exactly (integers, fraction-free Gaussian elimination of Bareiss with row pivoting): returns N and
 * D with y = N/D, or null when M is singular.
 */
export function solveIntegerSystem(M: bigint[][], r: bigint[]): { N: bigint[]; D: bigint } | null {
  const m = r.length;
  const a = M.map((row, i) => [...row, r[i]!]);
  let prev = 1n;
  for (let c = 0; c < m; c++) {
    let piv = -1;
    for (let i = c; i < m; i++) if (a[i]![c] !== 0n) { piv = i; break; }
    if (piv < 0) return null;
    if (piv !== c) [a[c], a[piv]] = [a[piv]!, a[c]!];
    const rc = a[c]!;
    for (let i = c + 1; i < m; i++) {
      const ri = a[i]!;
      for (let j = c + 1; j <= m; j++) ri[j] = (rc[c]! * ri[j]! - ri[c]! * rc[j]!) / prev;
      ri[c] = 0n;
    }
    prev = rc[c]!;
  }
  const D = a[m - 1]![m - 1]!;
  const N = new Array<bigint>(m).fill(0n);
  for (let i = m - 1; i >= 0; i--) {
    let s = a[i]![m]! * D;
    for (let j = i + 1; j < m; j++) s -= a[i]![j]! * N[j]!;
    N[i] = s / a[i]![i]!;
  }
  return { N, D };
}

/**
 * The exact minimum of Σ w_i (A_i x + c − b_i)² over x ≥ 0 (plus 1ᵀx = 1 with `simplex`; c free with `offset`, else
 * c = 0), by enumerating every support S: the minimum over the constraint set is attained at a point whose support
 * columns (with the constant column when there is an offset) are independent (affinely, for the simplex), where it is
 * the equality-constrained least-squares solution on S; singular supports are skipped. Exponential in k: k ≤ 6.
 */
export function exactLsq(input: ExactLsqInput): ExactLsqResult {
  const { A, n, k, b } = input;
  const simplex = input.simplex ?? false, offset = input.offset ?? false;
  const ab = commonScale([...A, ...Array.from(b)]);
  const Ai = (i: number, j: number) => ab.ints[i * k + j]!;
  const bi = (i: number) => ab.ints[n * k + i]!;
  const wv = input.w ? commonScale(Array.from(input.w)) : { ints: new Array<bigint>(n).fill(1n), e: 0 };
  const W = wv.ints;
  // best value as P/Q (in integer units: true value = P/Q · 2^(2·ab.e + wv.e))
  let bestP = -1n, bestQ = 1n, bestX: bigint[] = [], bestD = 1n, bestS: number[] = [], bestC = 0n;
  const consider = (S: number[], N: bigint[], D: bigint) => {
    // residual numerators: D·e_i = Σ A_ij N_j + N_c − D b_i
    let P = 0n;
    for (let i = 0; i < n; i++) {
      if (W[i] === 0n) continue;
      let s = -D * bi(i);
      for (let p = 0; p < S.length; p++) s += Ai(i, S[p]!) * N[p]!;
      if (offset) s += N[S.length]!;
      P += W[i]! * s * s;
    }
    const Q = D * D;
    if (bestP < 0n || P * bestQ < bestP * Q) { bestP = P; bestQ = Q; bestX = N.slice(); bestD = D; bestS = S.slice(); bestC = offset ? N[S.length]! : 0n; }
  };
  for (let mask = simplex ? 1 : 0; mask < 1 << k; mask++) {
    const S: number[] = [];
    for (let j = 0; j < k; j++) if (mask & (1 << j)) S.push(j);
    const cols = S.length + (offset ? 1 : 0);
    const size = cols + (simplex ? 1 : 0);
    if (size === 0) { consider(S, [], 1n); continue; }
    const col = (p: number, i: number) => (p < S.length ? Ai(i, S[p]!) : 1n);
    const M: bigint[][] = Array.from({ length: size }, () => new Array<bigint>(size).fill(0n));
    const r = new Array<bigint>(size).fill(0n);
    for (let p = 0; p < cols; p++) {
      for (let q = p; q < cols; q++) {
        let s = 0n;
        for (let i = 0; i < n; i++) if (W[i] !== 0n) s += W[i]! * col(p, i) * col(q, i);
        M[p]![q] = s; M[q]![p] = s;
      }
      let s = 0n;
      for (let i = 0; i < n; i++) if (W[i] !== 0n) s += W[i]! * col(p, i) * bi(i);
      r[p] = s;
    }
    if (simplex) {
      // Σ x = 1 in the integer units of x (x is unscaled: A and b share one scale)
      for (let p = 0; p < S.length; p++) { M[cols]![p] = 1n; M[p]![cols] = 1n; }
      r[cols] = 1n;
    }
    const sol = solveIntegerSystem(M, r);
    if (!sol) continue;
    const { N, D } = sol;
    let feasible = true;
    for (let p = 0; p < S.length; p++) if ((N[p]! < 0n) !== (D < 0n) && N[p] !== 0n) { feasible = false; break; }
    if (!feasible) continue;
    consider(S, N.slice(0, cols), D);
  }
  const x = new Float64Array(k);
  if (bestP < 0n) return { p: 0n, q: 1n, e: 0, value: NaN, r: NaN, x, offset: 0, solved: false };
  bestS.forEach((j, p) => { x[j] = ratToNumber(bestX[p]!, bestD); });
  // the offset c is in units of b: c = N_c / D · 2^ab.e
  const off = offset ? ratToNumber(bestC, bestD, ab.e) : 0;
  const e = 2 * ab.e + wv.e;
  return { p: bestP, q: bestQ, e, value: ratToNumber(bestP, bestQ, e), r: sqrtRat(bestP, bestQ, e), x, offset: off, solved: true };
}

/** Σ w_i (A_i x + c − b_i)² at a given (float64) x and c, exactly, as a dyadic (w raw, or all ones). */
export function exactObjective(A: Float64Array, n: number, k: number, b: ArrayLike<number>, x: ArrayLike<number>, c: number, w?: ArrayLike<number> | null): Dyadic {
  const xd = Array.from(x, dyadic);
  const cd = dyadic(c);
  let total = dzero;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i]! : 1;
    if (wi === 0) continue;
    let s = dadd(cd, dneg(dyadic(b[i]!)));
    for (let j = 0; j < k; j++) {
      const a = A[i * k + j]!;
      if (a !== 0 && x[j] !== 0) s = dadd(s, dmul(dyadic(a), xd[j]!));
    }
    total = dadd(total, dmul(dyadic(wi), dmul(s, s)));
  }
  return total;
}

/** √ of a nonnegative dyadic as a double. */
export function dsqrt(a: Dyadic): number { return sqrtRat(a.m, 1n, a.e); }

/**
 * The exact minimum of ‖Ax − b‖ over x ≥ 0 (no weights, offset or simplex) proved from a guessed support S, for
 * shapes where exactLsq's enumeration of 2^k supports is out of reach: the least squares on S solved in rationals must
 * have every x_S > 0, and every other column's exact gradient a_jᵀ(A x − b) must be ≥ 0. Those are the KKT conditions
 * of a convex problem, so that x is a minimiser and r is the minimum residual norm. Null when they fail (S is not a
 * minimiser's support; the oracle then says nothing).
 */
export function exactLsqOnSupport(A: Float64Array, n: number, k: number, b: ArrayLike<number>, S: readonly number[]): { r: number; x: Float64Array } | null {
  const ab = commonScale([...A, ...Array.from(b)]);
  const Ai = (i: number, j: number) => ab.ints[i * k + j]!;
  const bi = (i: number) => ab.ints[n * k + i]!;
  const m = S.length;
  const M: bigint[][] = Array.from({ length: m }, () => new Array<bigint>(m).fill(0n));
  const rhs = new Array<bigint>(m).fill(0n);
  for (let p = 0; p < m; p++) {
    for (let q = p; q < m; q++) {
      let s = 0n;
      for (let i = 0; i < n; i++) s += Ai(i, S[p]!) * Ai(i, S[q]!);
      M[p]![q] = s; M[q]![p] = s;
    }
    let s = 0n;
    for (let i = 0; i < n; i++) s += Ai(i, S[p]!) * bi(i);
    rhs[p] = s;
  }
  const sol = m === 0 ? { N: [] as bigint[], D: 1n } : solveIntegerSystem(M, rhs);
  if (!sol) return null;
  const sign = sol.D < 0n ? -1n : 1n;
  const N = sol.N.map((v) => v * sign), D = sol.D * sign;
  if (N.some((v) => v <= 0n)) return null;
  // D·(A x − b), exactly
  const e = new Array<bigint>(n);
  let P = 0n;
  for (let i = 0; i < n; i++) {
    let s = -D * bi(i);
    for (let p = 0; p < m; p++) s += Ai(i, S[p]!) * N[p]!;
    e[i] = s;
    P += s * s;
  }
  const inS = new Set(S);
  for (let j = 0; j < k; j++) {
    if (inS.has(j)) continue;
    let g = 0n;
    for (let i = 0; i < n; i++) g += Ai(i, j) * e[i]!;
    if (g < 0n) return null;
  }
  const x = new Float64Array(k);
  S.forEach((j, p) => { x[j] = ratToNumber(N[p]!, D); });
  return { r: sqrtRat(P, D * D, 2 * ab.e), x };
}
