/**
 * Seeded benchmark instances: correlated "model utility" matrices, as described in shared/BASELINES.md.
 *
 *   U[i][j] = s_i + Σ_f F[i][f]·L[j][f] + c_j + σ·ε_ij        (i = point, j = model)
 *
 * a shared signal s_i ~ N(0, 1), 4 latent factors F[i][f] ~ N(0, 1) with per-model loadings L[j][f] ~ N(0, 0.5²),
 * a per-model bias c_j ~ N(0, 0.3²) and noise ε_ij ~ N(0, 1) with σ = 0.3: the columns are strongly correlated, as
 * the utilities of competing models are. The NNLS target is a convex combination of 10% of the columns (at least one,
 * chosen without replacement, Dirichlet(1) weights) plus N(0, 0.05²) noise, so the solution is sparse and the optimal
 * residual is small but not zero.
 *
 * Deterministic: the same (seed, rows, cols) gives the same bits wherever V8 runs it (xoshiro128** for the bits,
 * Box–Muller through Math.log/sqrt/sin/cos, which V8 computes with its own fdlibm port rather than the platform's
 * libm). A is written straight into one row-major Float64Array, with no number[][] copy, so 50000×2000 costs
 * its 800 MB once.
 */

export interface NnlsInstance {
  /** Row-major rows×cols, the form ea.nnls accepts without a copy. */
  A: { rows: number; cols: number; data: Float64Array };
  b: Float64Array;
  /** The columns and weights the target was built from (the planted solution, before noise). */
  support: Int32Array;
  weights: Float64Array;
  seed: number;
}

/** xoshiro128** (Blackman & Vigna, 2018): a small, fast, seedable 32-bit generator; seeded through splitmix32. */
export class Rng {
  private a: number; private b: number; private c: number; private d: number;
  private spare = NaN;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => { // splitmix32
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next(); this.b = next(); this.c = next(); this.d = next();
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.b << 9) >>> 0;
    this.c ^= this.a; this.d ^= this.b; this.b ^= this.c; this.a ^= this.d;
    this.c = (this.c ^ t) >>> 0;
    this.d = rotl(this.d >>> 0, 11);
    this.a >>>= 0; this.b >>>= 0;
    return result;
  }

  /** Uniform in (0, 1): 53 random bits, never 0. */
  uniform(): number {
    const hi = this.u32() >>> 5, lo = this.u32() >>> 6;
    return (hi * 67108864 + lo + 0.5) / 9007199254740992;
  }

  /** Standard normal (Box–Muller, both values used). */
  normal(): number {
    if (!Number.isNaN(this.spare)) { const v = this.spare; this.spare = NaN; return v; }
    const r = Math.sqrt(-2 * Math.log(this.uniform())), t = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(t);
    return r * Math.cos(t);
  }
}

function rotl(x: number, k: number): number { return ((x << k) | (x >>> (32 - k))) >>> 0; }

export const FACTORS = 4;
export const LOADING_SD = 0.5;
export const BIAS_SD = 0.3;
export const NOISE_SD = 0.3;
export const TARGET_NOISE_SD = 0.05;
export const SUPPORT_FRACTION = 0.1;

/** The benchmark instance for one shape; the default seed mixes in the shape so each shape is its own draw. */
export function nnlsInstance(rows: number, cols: number, seed = 20240917 ^ Math.imul(rows, 31) ^ Math.imul(cols, 7919)): NnlsInstance {
  const rng = new Rng(seed);
  const loadings = new Float64Array(cols * FACTORS);
  for (let i = 0; i < loadings.length; i++) loadings[i] = LOADING_SD * rng.normal();
  const bias = new Float64Array(cols);
  for (let j = 0; j < cols; j++) bias[j] = BIAS_SD * rng.normal();

  // planted solution: ⌈10%⌉ of the columns (partial Fisher–Yates), Dirichlet(1) weights (normalised exponentials)
  const m = Math.max(1, Math.round(SUPPORT_FRACTION * cols));
  const perm = new Int32Array(cols);
  for (let j = 0; j < cols; j++) perm[j] = j;
  for (let j = 0; j < m; j++) {
    const r = j + (rng.u32() % (cols - j));
    const t = perm[j]!; perm[j] = perm[r]!; perm[r] = t;
  }
  const support = perm.slice(0, m).sort();
  const weights = new Float64Array(m);
  let total = 0;
  for (let t = 0; t < m; t++) { weights[t] = -Math.log(rng.uniform()); total += weights[t]!; }
  for (let t = 0; t < m; t++) weights[t]! /= total;

  const data = new Float64Array(rows * cols);
  const b = new Float64Array(rows);
  const f = new Float64Array(FACTORS);
  for (let i = 0; i < rows; i++) {
    const s = rng.normal();
    for (let q = 0; q < FACTORS; q++) f[q] = rng.normal();
    const base = i * cols;
    for (let j = 0; j < cols; j++) {
      const l = j * FACTORS;
      let v = s + bias[j]!;
      for (let q = 0; q < FACTORS; q++) v += f[q]! * loadings[l + q]!;
      data[base + j] = v + NOISE_SD * rng.normal();
    }
    let t = 0;
    for (let p = 0; p < m; p++) t += weights[p]! * data[base + support[p]!]!;
    b[i] = t + TARGET_NOISE_SD * rng.normal();
  }
  return { A: { rows, cols, data }, b, support, weights, seed };
}

/** "200x20" or "200×20" → [200, 20]. */
export function parseShape(text: string): [number, number] {
  const m = /^\s*(\d+)\s*[x×]\s*(\d+)\s*$/.exec(text);
  if (!m) throw new Error(`a shape must look like 200x20; got ${JSON.stringify(text)}`);
  const rows = Number(m[1]), cols = Number(m[2]);
  if (rows < 1 || cols < 1) throw new Error(`a shape needs at least one row and one column; got ${text}`);
  return [rows, cols];
}
