import type { AlignmentErrors, BackendName } from "../core/types.js";

/**
 * What a backend provides: the numerical kernels only. Validation, preprocessing decisions and every reported
 * quantity (residuals, KKT numbers, errors) live in the shared API layer, so both backends return the same shape
 * and are judged by the same recomputation.
 */

/** The least-squares problem min ½‖√ω∘(A' x − b')‖² with A' = A (or A centred by its ω-means when `center`). */
export interface LsqProblem {
  /** Row-major n×k; never written (kernels work on their own copy). */
  a: Float64Array;
  n: number;
  k: number;
  b: Float64Array;
  /** Point weights normalised to sum 1, or null for none. */
  omega: Float64Array | null;
  center: boolean;
  /** Add the constraint 1ᵀx = 1. */
  sumOne: boolean;
  /** When set, `a` has not been screened for NaN/±Infinity (src/core/validate.ts toDense with scanDense = false):
   *  the adapter screens its copy in kernel memory before any kernel runs and throws nonFiniteEntry(finiteName, …). */
  finiteName?: string;
}

/** Many right-hand sides against one matrix: `targets` is row-major n×m, one right-hand side per column. */
export interface LsqManyProblem extends Omit<LsqProblem, "b"> {
  targets: Float64Array;
  m: number;
}

export interface LsqSolveOptions {
  method: "active-set" | "projected-gradient";
  maxIterations: number;
  tolerance: number;
  /** Nonnegative start (length k) or null. */
  warmStart: Float64Array | null;
}

export interface LsqOutcome {
  x: Float64Array;
  /** A kernel status code (assembly/status.ts). */
  statusCode: number;
  iterations: number;
  /** Everything reported, recomputed from the caller's data at x (assembly/evaluate.ts). */
  evaluation: Evaluation;
}

export interface Kernels {
  readonly name: BackendName;
  /** Frees what outlives the last reference to these kernels (engine.dispose()). */
  release(): void;
  solveLsq(problem: LsqProblem, options: LsqSolveOptions): LsqOutcome;
  /** The same problem for each column of `problem.targets` (src/api/batches.ts), sharing what depends on A alone. */
  solveLsqMany(problem: LsqManyProblem, options: LsqSolveOptions): LsqOutcome[];
  /** Throws InputError when an n×k least-squares problem cannot fit this backend's memory. */
  checkLsqCapacity(n: number, k: number, method: LsqSolveOptions["method"]): void;
  /** Dense LP (src/lp.ts) and Chebyshev hull LP (src/hull.ts) kernels: see src/lp-kernels.ts. */
  solveLinprog(problem: LinprogProblem, options: LpSolveOptions): LinprogOutcome;
  solveHull(problem: HullProblem, options: LpSolveOptions): HullOutcome;
  /** Best responses (src/responses.ts): fills actions/values; returns −1, or the first posterior row off the simplex. */
  bestResponses(p: ResponseProblem, prefer: Float64Array | null, tauPref: number, actions: Int32Array, values: Float64Array): number;
  /** Logit responses into out (rows×nA); returns −1, or the first posterior row off the simplex. */
  quantalResponses(p: ResponseProblem, lambda: number, out: Float64Array): number;
}


/** What every backend's recomputation returns (assembly/evaluate.ts: a separate pass over the caller's own data at the
 * returned x, never solver state). */
export interface Evaluation {
  /** Gradient of the equivalent least-squares problem at x (times t², with `scale`, when the data was rescaled). */
  gradient: ArrayLike<number>;
  /** s = max(‖Aᵀb‖∞, ‖A‖max·‖b‖∞, 1e-300) of the equivalent problem (‖A‖max² joins it for the simplex). */
  scale: number;
  offset: number;
  /** ‖e‖₂ of the residual e = A x (+ c) − b, computed without overflow. */
  residualNorm: number;
  /** The ω-weighted errors of e (see alignmentErrors). */
  errors: AlignmentErrors;
  /** The scale-free dual residual in the residual space (assembly/evaluate.ts): 'optimal' needs it small too. */
  scaleFreeDual: number;
}


// ---- linear programming (src/api/linprog.ts, src/api/hull.ts) ----

/**
 * min cᵀx s.t. the first mUb rows of A x ≤ b, the other rows = b, lower ≤ x ≤ upper. A is either row-major m×nv
 * (`a`) or in compressed rows (`rows`: row i's entries values[start[i] .. start[i+1]) in the columns cols[…], increasing
 * within a row); the kernel stores only the nonzeros either way.
 */
export interface LinprogProblem {
  a?: Float64Array;
  rows?: SparseRows;
  b: Float64Array;
  c: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  m: number;
  mUb: number;
  nv: number;
  /** Warm start: a basis (nv + m codes: structurals, then one logical per row; 0 basic, 1 lower, 2 upper, 3 free). */
  basis?: Int32Array;
}

/** A matrix in compressed rows. */
export interface SparseRows {
  start: Int32Array;
  cols: Int32Array;
  values: Float64Array;
}

export interface LpSolveOptions {
  maxIterations: number;
  /** Kernel tolerance (pricing), relative to the problem's scale. */
  tolerance: number;
  /** Hull only: the target size of the working set of rows. */
  batch: number;
  /** Hull only: weight the row candidates by 1/√(1 + ‖U_i‖²) (default 0: plain Dantzig pricing). */
  scaled?: number;
}

export interface LinprogOutcome {
  x: Float64Array;
  /** y = c_Bᵀ B⁻¹: ∂objective/∂b, one per row of A. */
  y: Float64Array;
  statusCode: number;
  iterations: number;
  phase: number;
  /** The final basis, in the code of LinprogProblem.basis. */
  basis: Int32Array;
  /** Pivots made by the dual simplex, and why it handed over to the primal (0 never, 1 not dual feasible, 3 drift). */
  dualPivots?: number;
  dualExit?: number;
}

/** ε* = min ‖U w + c·1 − u‖∞ (see src/hull.ts). U is row-major n×k and is not written (kernels copy it). */
export interface HullProblem {
  a: Float64Array;
  u: Float64Array;
  n: number;
  k: number;
  simplex: boolean;
  offset: boolean;
  sigma: number;
}

export interface HullOutcome {
  w: Float64Array;
  y: Float64Array;
  statusCode: number;
  iterations: number;
  epsilon: number;
  offset: number;
  passes: number;
}


// ---- responses (src/api/responses.ts) ----

/** What the response kernels receive (src/kernels.ts). */
export interface ResponseProblem {
  /** The utility transposed and zero-padded: nY×aPad, aPad = nA rounded up to a multiple of 8. */
  ut: Float64Array;
  nA: number;
  aPad: number;
  nY: number;
  /** Row-major rows×nY (never written). */
  posteriors: Float64Array;
  rows: number;
  /** Tie tolerance in utility units: tieTolerance·max|u|. */
  tau: number;
  /** Simplex tolerance of the rows. */
  tol: number;
}

