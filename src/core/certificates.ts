import type { AlignmentErrors, KktResiduals } from "./types.js";

/**
 * The API-level quantities derived from the kernels' recomputation (assembly/evaluate.ts: a separate pass over the
 * caller's own data at the returned x, never solver state): the SPEC's scaled KKT residuals and the weighted errors.
 */

/**
 * Scaled KKT residuals (SPEC): primal = max(0, −min x), dual = max(0, −min g)/s, complementarity =
 * max|x_j g_j|/(s·max(1, ‖x‖∞)); for the simplex g is shifted by μ = min over the support of g (the eliminated
 * multiplier of 1ᵀx = 1) and primal also counts |1ᵀx − 1|.
 */
export function kktResiduals(x: Float64Array, g: ArrayLike<number>, s: number, sumOne: boolean): KktResiduals {
  let mu = 0;
  if (sumOne) {
    mu = Infinity;
    for (let j = 0; j < x.length; j++) if (x[j]! > 0 && g[j]! < mu) mu = g[j]!;
    if (mu === Infinity) mu = 0;
  }
  let minX = 0, xMax = 0, sum = 0, minG = 0, comp = 0;
  for (let j = 0; j < x.length; j++) {
    const xj = x[j]!, gj = g[j]! - mu;
    minX = Math.min(minX, xj);
    xMax = Math.max(xMax, Math.abs(xj));
    sum += xj;
    minG = Math.min(minG, gj);
    comp = Math.max(comp, Math.abs(xj * gj));
  }
  const primal = sumOne ? Math.max(-minX, Math.abs(sum - 1)) : -minX;
  return { primal: Math.max(0, primal), dual: Math.max(0, -minG) / s, complementarity: comp / (s * Math.max(1, xMax)) };
}

/** Errors weighted by ω (uniform when null): rmse, mae, and maxAbs over the rows of positive weight. */
export function alignmentErrors(residual: Float64Array, omega: Float64Array | null): AlignmentErrors {
  const n = residual.length;
  // scaled by max |e_i| so that e_i² cannot overflow (as assembly/evaluate.ts)
  let eMax = 0;
  for (let i = 0; i < n; i++) eMax = Math.max(eMax, Math.abs(residual[i]!));
  if (eMax === 0) return { rmse: 0, mae: 0, maxAbs: 0 };
  let ss = 0, sa = 0, mx = 0;
  for (let i = 0; i < n; i++) {
    const w = omega ? omega[i]! : 1 / n;
    const e = Math.abs(residual[i]!) / eMax;
    ss += w * e * e;
    sa += w * e;
    if (w > 0 && e > mx) mx = e;
  }
  return { rmse: eMax * Math.sqrt(ss), mae: eMax * sa, maxAbs: eMax * mx };
}
