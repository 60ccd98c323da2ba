import type { Kernels, LsqOutcome, LsqProblem, LsqSolveOptions } from "../backend/contract.js";
import type {
  AlignOptions, AlignResult, DenseMatrix, KktResiduals, MatrixLike, NnlsMethod, NnlsOptions, NnlsResult, SolverStatus,
  VectorLike, WeightConstraint,
} from "../core/types.js";
import {
  toDense, toVector, toPointWeights, positiveInteger, positiveNumber, oneOf, booleanOption, optionsObject, toWarmStart,
  firstNonFinite, nonFiniteEntry,
} from "../core/validate.js";
import { kktResiduals, alignmentErrors } from "../core/certificates.js";
import { hullDistanceDense, HULL_TOLERANCE } from "./hull.js";
import { statusFromCode } from "../core/status.js";
import { MAX_KERNEL_ITERATIONS, normaliseToSumOne } from "../core/checks.js";
import { InputError } from "../core/errors.js";

export const NNLS_KEYS = ["maxIterations", "tolerance", "method", "warmStart"] as const;
export const ALIGN_KEYS = ["constraint", "offset", "pointWeights", "maxIterations", "tolerance", "method", "warmStart", "norm"] as const;

/** maxIterations as the i32 kernels take it (larger caps are clamped: no kernel runs that long anyway). */
function iterationCap(v: unknown, fallback: number): number {
  return Math.min(positiveInteger(v, "maxIterations", fallback), MAX_KERNEL_ITERATIONS);
}

/** For the simplex a warm start is scaled onto it, by its maximum first; one that sums to 0 gives no start. */
function simplexWarmStart(w: Float64Array | null): Float64Array | null {
  return w ? normaliseToSumOne(w) : null;
}

/** Weighted alignment: NNLS and simplex least squares (validate → kernel → recompute → result). */

export const METHODS: readonly NnlsMethod[] = ["auto", "active-set", "projected-gradient"];
export const DEFAULT_TOLERANCE = 1e-10;

/** 'auto' is the exact active-set method: on every benchmarked shape it is the fastest to the 1e-10 KKT target. */
export function resolveMethod(method: NnlsMethod): "active-set" | "projected-gradient" {
  return method === "projected-gradient" ? "projected-gradient" : "active-set";
}

export function defaultIterations(method: "active-set" | "projected-gradient", k: number): number {
  return method === "active-set" ? 10 * k + 100 : 20000;
}

/** The scale-free test's bar (Evaluation.scaleFreeDual): 100× the tolerance, and never below rounding's reach. */
export function scaleFreeBar(tolerance: number): number {
  return Math.max(1e-8, 100 * tolerance);
}

/** The status a user may trust: 'optimal' only when the recomputed KKT residuals meet the tolerance and, scale-free,
 *  no column could still reduce the residual (SPEC: the residual, not only the gradient, decides). */
export function judge(kernelStatus: SolverStatus, kkt: KktResiduals, tolerance: number, scaleFreeDual: number): SolverStatus {
  const meets = kkt.primal <= tolerance && kkt.dual <= tolerance && kkt.complementarity <= tolerance
    && scaleFreeDual <= scaleFreeBar(tolerance);
  if (kernelStatus === "optimal") return meets ? "optimal" : "numerical_error";
  return kernelStatus;
}

export function message(status: SolverStatus, maxIterations: number, kkt: KktResiduals, tolerance: number, scaleFreeDual: number): string {
  switch (status) {
    case "optimal": return "Optimal: the recomputed KKT residuals and the scale-free residual test are within the tolerance.";
    case "iteration_limit": return `Iteration limit reached (maxIterations = ${maxIterations}); x is the last iterate.`;
    default: return `The solver stopped without meeting the tolerance ${tolerance} (KKT residuals: primal ${kkt.primal.toExponential(2)}, dual ${kkt.dual.toExponential(2)}, complementarity ${kkt.complementarity.toExponential(2)}; scale-free dual ${scaleFreeDual.toExponential(2)} against ${scaleFreeBar(tolerance).toExponential(0)}); x is the best point found.`;
  }
}

/** nnls's options, validated against A's shape (shared with nnlsMany, which reads them exactly as a single call).
 *  `scanLater`: a DenseMatrix's entries are left for solveLsq to screen (LsqProblem.finiteName). */
export function nnlsSettings(kernels: Kernels, A: MatrixLike, opts: NnlsOptions | undefined, scanLater = false): { Am: DenseMatrix; solve: LsqSolveOptions } {
  const o = optionsObject(opts, "opts", NNLS_KEYS);
  const method = resolveMethod(oneOf(o.method, "method", METHODS, "auto"));
  const Am = toDense(A, "A", (n, k) => kernels.checkLsqCapacity(n, k, method), !scanLater);
  const maxIterations = iterationCap(o.maxIterations, defaultIterations(method, Am.cols));
  const tolerance = positiveNumber(o.tolerance, "tolerance", DEFAULT_TOLERANCE);
  const warmStart = toWarmStart(o.warmStart, "warmStart", Am.cols);
  return { Am, solve: { method, maxIterations, tolerance, warmStart } };
}

/** An NNLS result from a kernel outcome: KKT numbers from the recomputation, judged (shared with nnlsMany). */
export function nnlsResult(out: LsqOutcome, solve: LsqSolveOptions): NnlsResult {
  const ev = out.evaluation;
  const kkt = kktResiduals(out.x, ev.gradient, ev.scale, false);
  const status = judge(statusFromCode(out.statusCode), kkt, solve.tolerance, ev.scaleFreeDual);
  return {
    x: out.x, status, message: message(status, solve.maxIterations, kkt, solve.tolerance, ev.scaleFreeDual), iterations: out.iterations,
    residualNorm: ev.residualNorm, kkt, method: solve.method,
  };
}

export function nnls(kernels: Kernels, A: MatrixLike, b: VectorLike, opts?: NnlsOptions): NnlsResult {
  const { Am, solve } = nnlsSettings(kernels, A, opts, true);
  const bv = toVector(b, "b", Am.rows, "rows of A");
  const problem: LsqProblem = { a: Am.data, n: Am.rows, k: Am.cols, b: bv, omega: null, center: false, sumOne: false, finiteName: "A" };
  return nnlsResult(kernels.solveLsq(problem, solve), solve);
}

/** alignWeights's options, validated against U's shape (shared with alignWeightsMany). `scanLater`: a DenseMatrix's
 *  entries are left for the caller to screen (solveLsq, LsqProblem.finiteName; assertFinite before the sup norm). */
export function alignSettings(kernels: Kernels, U: MatrixLike, opts: AlignOptions | undefined, scanLater = false) {
  const o = optionsObject(opts, "opts", ALIGN_KEYS);
  const method = resolveMethod(oneOf(o.method, "method", METHODS, "auto"));
  const Um = toDense(U, "U", (n, k) => kernels.checkLsqCapacity(n, k, method), !scanLater);
  const constraint = oneOf(o.constraint, "constraint", ["nonnegative", "simplex"] as const, "nonnegative");
  const offset = booleanOption(o.offset, "offset", false);
  const omega = o.pointWeights === undefined ? null : toPointWeights(o.pointWeights, "pointWeights", Um.rows);
  const maxIterations = iterationCap(o.maxIterations, defaultIterations(method, Um.cols));
  const tolerance = positiveNumber(o.tolerance, "tolerance", DEFAULT_TOLERANCE);
  const warm0 = toWarmStart(o.warmStart, "warmStart", Um.cols);
  const warmStart = constraint === "simplex" ? simplexWarmStart(warm0) : warm0;
  // 'sup' is an alias of 'linf' (the command line's former name): accepted, not advertised
  const norm = oneOf(o.norm === "sup" ? "linf" : o.norm, "norm", ["l2", "linf"] as const, "l2");
  const solve: LsqSolveOptions = { method, maxIterations, tolerance, warmStart };
  return { Um, constraint, offset, omega, norm, hullTolerance: o.tolerance, solve };
}

/** An alignment result from a kernel outcome: offset, errors and KKT numbers from the recomputation, judged. */
export function alignResult(out: LsqOutcome, solve: LsqSolveOptions, sumOne: boolean): AlignResult {
  const ev = out.evaluation;
  const kkt = kktResiduals(out.x, ev.gradient, ev.scale, sumOne);
  const status = judge(statusFromCode(out.statusCode), kkt, solve.tolerance, ev.scaleFreeDual);
  return {
    weights: out.x, offset: ev.offset, status, message: message(status, solve.maxIterations, kkt, solve.tolerance, ev.scaleFreeDual),
    iterations: out.iterations, error: ev.errors, kkt, method: solve.method,
  };
}

export function alignWeights(kernels: Kernels, U: MatrixLike, u: VectorLike, opts?: AlignOptions): AlignResult {
  const { Um, constraint, offset, omega, norm, hullTolerance, solve } = alignSettings(kernels, U, opts, true);
  const uv = toVector(u, "u", Um.rows, "rows of U, one per point");
  if (norm === "linf") {
    const bad = firstNonFinite(Um.data);
    if (bad >= 0) throw nonFiniteEntry("U", Um.data, Um.cols, bad);
    return supNormFit(kernels, Um, uv, constraint, offset, omega, hullTolerance);
  }
  const sumOne = constraint === "simplex";
  const problem: LsqProblem = { a: Um.data, n: Um.rows, k: Um.cols, b: uv, omega, center: offset, sumOne, finiteName: "U" };
  return alignResult(kernels.solveLsq(problem, solve), solve, sumOne);
}

/**
 * The sup-norm fit (the paper's Definition 1 with `constraint: 'simplex', offset: true`): hullDistance on the rows of
 * positive weight, with the errors recomputed on every row from the returned weights and offset.
 */
export function supNormFit(
  kernels: Kernels, U: DenseMatrix, u: Float64Array, constraint: WeightConstraint, offset: boolean,
  omega: Float64Array | null, tolerance: number | undefined,
): AlignResult {
  const tol = positiveNumber(tolerance, "tolerance", HULL_TOLERANCE);
  let rowsU = U, rowsu = u;
  if (omega && omega.some((w) => w === 0)) {
    const keep: number[] = [];
    omega.forEach((w, i) => { if (w > 0) keep.push(i); });
    const data = new Float64Array(keep.length * U.cols);
    if (keep.length === 0) throw new InputError("pointWeights must give some row a positive weight");
    keep.forEach((i, r) => data.set(U.data.subarray(i * U.cols, (i + 1) * U.cols), r * U.cols));
    rowsU = { rows: keep.length, cols: U.cols, data };
    rowsu = Float64Array.from(keep, (i) => u[i]!);
  }
  const hull = hullDistanceDense(kernels, rowsU, rowsu, constraint, offset, tol);
  const residual = new Float64Array(U.rows);
  for (let i = 0; i < U.rows; i++) {
    let s = hull.offset - u[i]!;
    for (let j = 0; j < U.cols; j++) s += U.data[i * U.cols + j]! * hull.weights[j]!;
    residual[i] = s;
  }
  let minW = 0, sum = 0;
  for (const w of hull.weights) { minW = Math.min(minW, w); sum += w; }
  const primal = Math.max(0, -minW, constraint === "simplex" ? Math.abs(sum - 1) : 0);
  const { upperBound, lowerBound } = hull.certificate;
  return {
    weights: hull.weights, offset: hull.offset, status: hull.status, message: hull.message, iterations: hull.iterations,
    error: alignmentErrors(residual, omega),
    kkt: { primal, dual: Math.max(0, upperBound - lowerBound) / hull.scale, complementarity: 0 },
    method: "hull-lp", certificate: hull.certificate,
  };
}
