import type { BackendName } from "./types.js";
import type { LinprogProblem, LinprogOutcome, HullProblem, HullOutcome, LpSolveOptions } from "./lp.js";
import type { Evaluation } from "./evaluate.js";
import type { ResponseProblem } from "./responses.js";

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
  /** Everything reported, recomputed from the caller's data at x (assembly/evaluate.ts, src/reference/evaluate.ts). */
  evaluation: Evaluation;
}

export interface Kernels {
  readonly name: BackendName;
  solveLsq(problem: LsqProblem, options: LsqSolveOptions): LsqOutcome;
  /** The same problem for each right-hand side in `bs` (src/batches.ts); optional: absent means a loop of solveLsq. */
  solveLsqMany?(problem: LsqProblem, bs: readonly Float64Array[], options: LsqSolveOptions): LsqOutcome[];
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

/**
 * Projected gradient on the Gram matrix: forming AᵀA costs n·k²/2 once, each step then k² instead of a pass of 2nk.
 * Measured (wasm release, per solve): 200×100 37 → 6.6 ms, 1000×300 406 → 84 ms, 2000×1000 13.0 → 2.8 s; it pays
 * from n ≥ k/2 on, while k×k doubles stay modest.
 */
export function gramPays(n: number, k: number): number {
  return 2 * n >= k && k <= 2048 ? 1 : 0;
}
