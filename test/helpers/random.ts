/** Seeded random problems for the tests and benchmarks (deterministic in every JavaScript engine). */

import { seeded, gaussian, type Rng } from "../../src/core/random.js";

/** The library's own seeded streams (mulberry32, Box–Muller): tests and benchmarks draw the same numbers as sweeps. */
export { seeded, gaussian, type Rng };

export interface NnlsProblem {
  /** Row-major n×k (one column per model). */
  A: { rows: number; cols: number; data: Float64Array };
  b: Float64Array;
}

export interface RandomNnlsOptions {
  /** Weight in [0, 1) of the component that all models share (default 0.7): how correlated the columns are. */
  correlation?: number;
  /** Mix the target from weights on the simplex (default false: sparse nonnegative weights). */
  convex?: boolean;
  /** Standard deviation of the target's own noise (default 0.3), so that the optimum is not an exact fit. */
  noise?: number;
}

/**
 * k model utilities over n points that share a common component (so the columns are correlated, as misaligned
 * models of one task are), and a target that is a sparse nonnegative (or convex) mix of them plus its own noise.
 */
export function randomNnls(rng: Rng, n: number, k: number, options: RandomNnlsOptions = {}): NnlsProblem {
  const { correlation = 0.7, convex = false, noise = 0.3 } = options;
  const data = new Float64Array(n * k);
  const b = new Float64Array(n);
  const base = new Float64Array(n);
  for (let i = 0; i < n; i++) base[i] = gaussian(rng);
  const c = Math.sqrt(correlation), d = Math.sqrt(1 - correlation);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) data[i * k + j] = c * base[i]! + d * gaussian(rng);
  const w = new Float64Array(k);
  let sum = 0;
  for (let j = 0; j < k; j++) { w[j] = rng() < 0.5 ? rng() : 0; sum += w[j]!; }
  if (convex) {
    if (sum === 0) { w[0] = 1; sum = 1; }
    for (let j = 0; j < k; j++) w[j] = w[j]! / sum;
  }
  for (let i = 0; i < n; i++) {
    let s = noise * gaussian(rng);
    for (let j = 0; j < k; j++) s += data[i * k + j]! * w[j]!;
    b[i] = s;
  }
  return { A: { rows: n, cols: k, data }, b };
}
