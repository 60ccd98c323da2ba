import type { Kernels } from "../backend/contract.js";
import type {
  DenseMatrix, HullOptions, HullResult, InHullOptions, InHullResult, MatrixLike, SolverStatus, VectorLike, WeightConstraint,
} from "../core/types.js";
import { booleanOption, oneOf, optionsObject, positiveInteger, positiveNumber, toDense, toVector } from "../core/validate.js";
import { statusFromCode } from "../core/status.js";
import { multiplyT, repairConeCertificate } from "./hull-certificate.js";
import { MAX_KERNEL_ITERATIONS } from "../core/checks.js";

const HULL_KEYS = ["constraint", "offset", "tolerance", "maxIterations"] as const;

/**
 * Convex-hull distance and membership (validate → kernel → recompute → result):
 *   ε* = min over w ∈ W (and c ∈ ℝ when offset) of ‖U w + c·1 − u‖∞,  W = simplex or nonnegative orthant.
 * The kernel (assembly/hull.ts hullSimplex) runs the simplex method on the dual LP with a working set of rows; here the
 * weights are cleaned (clipped to W), the offset re-centred, and both bounds recomputed from scratch:
 *   upperBound = ‖U w + c·1 − u‖∞, lowerBound = (yᵀu − σ_W(Uᵀy)) / max(1, ‖y‖₁) (σ_W = max_j for the simplex, 0 for
 *   the cone, where Uᵀy ≤ 0), and 'optimal' ⇔ upperBound − lowerBound ≤ tolerance·σ.
 */

export const HULL_TOLERANCE = 1e-9;
const CONSTRAINTS: readonly WeightConstraint[] = ["simplex", "nonnegative"];

/** Uw (row-major U, n×k). */
function multiply(U: DenseMatrix, w: Float64Array): Float64Array {
  const { rows: n, cols: k, data } = U;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * k;
    for (let j = 0; j < k; j++) s += data[o + j]! * w[j]!;
    out[i] = s;
  }
  return out;
}

/** v·2^e, exact unless the result leaves the float64 range (two steps: 2^e alone overflows for |e| > 1023). */
function scalePow2(v: number, e: number): number {
  const e1 = Math.max(-1000, Math.min(1000, e));
  return v * 2 ** e1 * 2 ** (e - e1);
}

const bits = new DataView(new ArrayBuffer(8));
/** The next float64 after v toward +∞ (dir 1) or −∞ (dir −1); v finite. */
function nextFloat(v: number, dir: 1 | -1): number {
  if (v === 0) return dir * Number.MIN_VALUE;
  bits.setFloat64(0, v);
  const big = bits.getBigUint64(0);
  bits.setBigUint64(0, (v > 0) === (dir > 0) ? big + 1n : big - 1n);
  return bits.getFloat64(0);
}

/** v·2^e rounded up (dir 1) or down (dir −1) instead of to nearest: exact when v·2^e is representable. */
function scaleDirected(v: number, e: number, dir: 1 | -1): number {
  const r = scalePow2(v, e);
  if (!Number.isFinite(r)) return r;
  const back = scalePow2(r, -e); // exact: r is v·2^e rounded, scaling it back cannot lose bits
  if (back === v) return r;
  return (dir > 0 ? back < v : back > v) ? nextFloat(r, dir) : r;
}

/** σ = max(‖u‖∞, max|U_ij|), no floor (SPEC: data in any units are judged in their own units). */
export function hullScale(U: DenseMatrix, u: Float64Array): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) { const a = Math.abs(u[i]!); if (a > s) s = a; }
  const d = U.data;
  for (let i = 0; i < d.length; i++) { const a = Math.abs(d[i]!); if (a > s) s = a; }
  return s;
}

/**
 * The lower bound certified by y, as the contract defines it: (yᵀu − max_j (Uᵀy)_j) / max(1, ‖y‖₁) for the simplex,
 * yᵀu / max(1, ‖y‖₁) for the cone (valid when Uᵀy ≤ 0, and 1ᵀy = 0 with an offset).
 * With the simplex and an offset, 1ᵀy = 0 holds only to rounding (1e-12·‖y‖₁, below): the dual bound is then
 * yᵀu − max_j (Uᵀy)_j − c·1ᵀy at the optimal c, and |c| ≤ 2σ there (c centres the residual range of Uw − u, whose
 * entries lie in [−2σ, 2σ] for w in the simplex), so subtracting 2σ·|1ᵀy| keeps the bound rigorous. σ is in U's units.
 */
export function certifiedLowerBound(U: DenseMatrix, u: Float64Array, y: Float64Array, constraint: WeightConstraint, offset = false, sigma = 0): number {
  let yu = 0, l1 = 0, sum = 0;
  for (let i = 0; i < y.length; i++) { yu += y[i]! * u[i]!; l1 += Math.abs(y[i]!); sum += y[i]!; }
  let value = yu;
  if (constraint === "simplex") {
    const g = multiplyT(U, y);
    let gmax = -Infinity;
    for (let j = 0; j < g.length; j++) if (g[j]! > gmax) gmax = g[j]!;
    value = yu - gmax;
    if (offset && sum !== 0) value -= 2 * sigma * Math.abs(sum);
  }
  return value / Math.max(1, l1);
}

/**
 * 1ᵀy = 0 (with an offset) to 1e-12·σ, and for the cone Uᵀy ≤ 0 exactly (no slack: lowerBound = yᵀu is only a bound
 * then). A cone y that misses by rounding is repaired (src/api/hull-certificate.ts); returns the y to report, or null.
 */
function feasibleCertificate(U: DenseMatrix, y: Float64Array, constraint: WeightConstraint, offset: boolean, sigma: number): Float64Array | null {
  if (constraint === "nonnegative") {
    const g = multiplyT(U, y);
    let ok = true;
    for (let j = 0; j < g.length; j++) if (!(g[j]! <= 0)) ok = false;
    const fixed = ok ? y : repairConeCertificate(U, y, offset);
    if (!fixed) return null;
    y = fixed;
  }
  return certificateFeasible(U, y, constraint, offset, sigma) ? y : null;
}

function certificateFeasible(U: DenseMatrix, y: Float64Array, constraint: WeightConstraint, offset: boolean, _sigma: number): boolean {
  if (offset) {
    // y is dimensionless (‖y‖₁ ≤ 1): 1ᵀy = 0 to 1e-12·‖y‖₁, the same in any units of U and u. (SPEC's "1e-12·σ"
    // would give y the units of the data: 1e88 of leftover for data in 1e100.) With the simplex the leftover is
    // charged to lowerBound (2σ·|1ᵀy|, certifiedLowerBound), so the bound is rigorous; with the cone the optimal
    // offset has no bound in σ (duplicate-like models allow c ~ σ/δ), so the leftover is only tolerated, not charged.
    let s = 0, l1 = 0;
    for (let i = 0; i < y.length; i++) { s += y[i]!; l1 += Math.abs(y[i]!); }
    const slack = 1e-12 * l1;
    if (!(Math.abs(s) <= slack)) return false;
  }
  if (constraint === "nonnegative") {
    const g = multiplyT(U, y);
    for (let j = 0; j < g.length; j++) if (!(g[j]! <= 0)) return false;
  }
  return true;
}

interface Parsed {
  U: DenseMatrix; u: Float64Array; constraint: WeightConstraint; offset: boolean; tolerance: number;
  maxIterations: number; sigma: number;
}

function parse(U: MatrixLike, u: VectorLike, o: Partial<HullOptions>): Parsed {
  const Um = toDense(U, "U");
  const uv = toVector(u, "u", Um.rows, "rows of U, one per point");
  const constraint = oneOf(o.constraint, "constraint", CONSTRAINTS, "simplex");
  const offset = booleanOption(o.offset, "offset", false);
  const tolerance = positiveNumber(o.tolerance, "tolerance", HULL_TOLERANCE);
  const maxIterations = Math.min(positiveInteger(o.maxIterations, "maxIterations", 100 * (Um.cols + 2) + 10 * Um.rows + 1000), MAX_KERNEL_ITERATIONS);
  return { U: Um, u: uv, constraint, offset, tolerance, maxIterations, sigma: hullScale(Um, uv) };
}

/** Weights clipped to W (and renormalised for the simplex). */
function cleanWeights(x: Float64Array, constraint: WeightConstraint): Float64Array {
  const k = x.length;
  const weights = new Float64Array(k);
  let sum = 0;
  for (let j = 0; j < k; j++) { const v = x[j]!; weights[j] = v > 0 ? v : 0; sum += weights[j]!; }
  if (constraint === "simplex") {
    if (sum > 0) for (let j = 0; j < k; j++) weights[j] = weights[j]! / sum;
    else weights.fill(1 / k);
  }
  return weights;
}

/** The best offset for w (the midpoint of the residual range) when allowed, and ‖U w + c·1 − u‖∞. */
function fitOf(U: DenseMatrix, u: Float64Array, w: Float64Array, offset: boolean, given?: number): { c: number; upperBound: number } {
  const n = U.rows;
  const fit = multiply(U, w);
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) { const e = fit[i]! - u[i]!; if (e < lo) lo = e; if (e > hi) hi = e; }
  const c = given ?? (offset ? -(lo / 2 + hi / 2) + 0 : 0);
  let upperBound = 0;
  for (let i = 0; i < n; i++) { const e = Math.abs(fit[i]! + c - u[i]!); if (e > upperBound) upperBound = e; }
  return { c, upperBound };
}

function solve(kernels: Kernels, p: Parsed): HullResult {
  const { U, u, constraint, offset, tolerance, sigma } = p;
  const n = U.rows, k = U.cols;
  // pricing scans a working set of the most violated rows (32…64 of them: measured on the BASELINES shapes, from
  // 200×20 to 10000×1000); a full pass over U refills it and proves optimality
  const batch = Math.min(n, Math.max(32, Math.min(64, Math.ceil(k / 4))));
  const kernelTolerance = Math.max(1e-14, Math.min(1e-11, 1e-2 * tolerance));
  // the kernel works on U/σ₂, u/σ₂ with σ₂ the power of two nearest σ (exact scaling; 1 for all-zero data)
  const sigmaKernel = sigma > 0 ? 2 ** Math.max(-1074, Math.min(1023, Math.round(Math.log2(sigma)))) : 1;
  const out = kernels.solveHull(
    { a: U.data, u, n, k, simplex: constraint === "simplex", offset, sigma: sigmaKernel },
    { maxIterations: p.maxIterations, tolerance: kernelTolerance, batch },
  );
  // ---- weights clipped to W (the kernel's multipliers may be off by rounding), the best offset for them
  const weights = cleanWeights(out.w, constraint);
  // both bounds are recomputed in units where σ is near 1 when σ is extreme (U/σ₂, u/σ₂, exact): in the caller's
  // subnormal units one rounding is a sizeable part of σ (σ = 3·2^-1074 in the fuzz's subnormal family), and near the
  // top of the range the sums could overflow. Back in the caller's units the lower bound is rounded down and the upper
  // bound up, so lowerBound ≤ ε* ≤ upperBound survives the last rounding.
  const extreme = sigma > 0 && (sigma < 2 ** -900 || sigma > 2 ** 900);
  const e2 = extreme ? Math.round(Math.log2(sigmaKernel)) : 0;
  const Uw = extreme ? { ...U, data: U.data.map((v) => scalePow2(v, -e2)) } : U;
  const uw = extreme ? u.map((v) => scalePow2(v, -e2)) : u;
  const sigmaW = extreme ? scalePow2(sigma, -e2) : sigma;
  let { c, upperBound } = fitOf(Uw, uw, weights, offset);
  if (extreme) {
    c = scalePow2(c, e2);
    upperBound = scaleDirected(fitOf(Uw, uw, weights, offset, scalePow2(c, -e2)).upperBound, e2, 1);
  }
  // y must satisfy its variant's conditions (the kernel's final basis does; a basis cut off by the iteration limit
  // may not): otherwise y = 0, whose bound ε* ≥ 0 holds for every variant
  const y = feasibleCertificate(Uw, out.y, constraint, offset, sigmaW) ?? new Float64Array(n);
  const lowerW = certifiedLowerBound(Uw, uw, y, constraint, offset, sigmaW);
  const lowerBound = extreme ? scaleDirected(lowerW, e2, -1) : lowerW;
  const kernelStatus = statusFromCode(out.statusCode);
  const gap = upperBound - lowerBound;
  let status: SolverStatus;
  // + 2·2^-1074: the two directed roundings into the caller's units (nothing unless σ is near the subnormal floor,
  // where tolerance·σ is below the spacing of float64 numbers and an inexact ε* could never be 'optimal')
  if (gap <= tolerance * sigma + 2 * Number.MIN_VALUE) status = "optimal";
  else status = kernelStatus === "optimal" ? "numerical_error" : kernelStatus;
  const message = status === "optimal"
    ? `Optimal: upperBound − lowerBound = ${gap.toExponential(2)} ≤ tolerance·σ = ${(tolerance * sigma).toExponential(2)}.`
    : status === "iteration_limit"
      ? `Iteration limit reached (maxIterations = ${p.maxIterations}); the weights and certificate are the last iterate's (gap ${gap.toExponential(2)}).`
      : `The solver stopped with gap ${gap.toExponential(2)} > tolerance·σ = ${(tolerance * sigma).toExponential(2)}; the weights and certificate are the best found.`;
  return {
    epsilon: upperBound, weights, offset: c, status, message, iterations: out.iterations,
    certificate: { y, lowerBound, upperBound }, scale: sigma,
  };
}

export function hullDistance(kernels: Kernels, U: MatrixLike, u: VectorLike, opts?: HullOptions): HullResult {
  return solve(kernels, parse(U, u, optionsObject(opts, "opts", HULL_KEYS)));
}

export function inHull(kernels: Kernels, U: MatrixLike, u: VectorLike, opts?: InHullOptions): InHullResult {
  const o = optionsObject(opts, "opts", [...HULL_KEYS, "epsilonTolerance"]);
  const p = parse(U, u, o);
  const epsilonTolerance = positiveNumber(o.epsilonTolerance, "epsilonTolerance", 1e-9 * p.sigma);
  const r = solve(kernels, p);
  return { ...r, inside: r.certificate.upperBound <= epsilonTolerance };
}

/** For alignWeights(U, u, { norm: 'linf' }): the same computation on already-validated data. */
export function hullDistanceDense(
  kernels: Kernels, U: DenseMatrix, u: Float64Array, constraint: WeightConstraint, offset: boolean, tolerance = HULL_TOLERANCE,
): HullResult {
  return solve(kernels, {
    U, u, constraint, offset, tolerance, maxIterations: 100 * (U.cols + 2) + 10 * U.rows + 1000, sigma: hullScale(U, u),
  });
}
