import { seeded, gaussian } from "../../core/random.js";
import type { DenseMatrix } from "../../core/types.js";

/**
 * "Perturbations of one prompt": k models whose utilities over n points share a latent utility, each with its own
 * loadings on a few latent factors, a bias (offset) and noise. The user's utility is a convex combination of a few
 * models plus an offset and `userNoise` of her own, so she lies near (not exactly in) the shifted hull.
 */
export interface SyntheticOptions {
  n: number;
  k: number;
  seed: number;
  factors?: number;
  /** Share of models in the user's mix (at least one). */
  mixShare?: number;
  userNoise?: number;
}

export interface SyntheticInstance {
  U: DenseMatrix;
  u: Float64Array;
  /** The convex weights the user was built from. */
  trueWeights: Float64Array;
  trueOffset: number;
}

export function syntheticModels({ n, k, seed, factors = 4, mixShare = 0.1, userNoise = 0.1 }: SyntheticOptions): SyntheticInstance {
  const rng = seeded(seed);
  const shared = Float64Array.from({ length: n }, () => gaussian(rng));
  const latent = Array.from({ length: factors }, () => Float64Array.from({ length: n }, () => gaussian(rng)));
  const data = new Float64Array(n * k);
  for (let j = 0; j < k; j++) {
    const loadings = Array.from({ length: factors }, () => 0.5 * gaussian(rng));
    const bias = 0.3 * gaussian(rng);
    const noise = 0.3 + 0.5 * rng();
    for (let i = 0; i < n; i++) {
      let v = shared[i]! + bias + noise * gaussian(rng);
      for (let f = 0; f < factors; f++) v += loadings[f]! * latent[f]![i]!;
      data[i * k + j] = v;
    }
  }
  const m = Math.max(1, Math.round(mixShare * k));
  const trueWeights = new Float64Array(k);
  for (let t = 0; t < m; t++) trueWeights[Math.floor(rng() * k)]! += rng() + 0.1;
  const total = trueWeights.reduce((a, b) => a + b, 0);
  for (let j = 0; j < k; j++) trueWeights[j]! /= total;
  const trueOffset = 0.5 * gaussian(rng);
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = trueOffset + userNoise * gaussian(rng);
    for (let j = 0; j < k; j++) if (trueWeights[j]! > 0) s += trueWeights[j]! * data[i * k + j]!;
    u[i] = s;
  }
  return { U: { rows: n, cols: k, data }, u, trueWeights, trueOffset };
}
