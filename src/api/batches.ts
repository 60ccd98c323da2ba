import type { Kernels, LsqManyProblem, LsqOutcome, LsqSolveOptions } from "../backend/contract.js";
import type { AlignOptions, AlignResult, DenseMatrix, MatrixLike, NnlsOptions, NnlsResult } from "../core/types.js";
import { InputError } from "../core/errors.js";
import { toDense } from "../core/validate.js";
import { kktResiduals } from "../core/certificates.js";
import { statusFromCode } from "../core/status.js";
import { alignResult, alignSettings, judge, nnlsResult, nnlsSettings, supNormFit } from "./alignment.js";

/**
 * Batches (SPEC "Batches"): many right-hand sides against one matrix in one call. Everything that depends on the
 * matrix alone is done once — validation and the copy of A into the kernels' memory, its centring and row scaling,
 * and (four or more right-hand sides, active set) its Gram matrix — and the right-hand sides are then solved in
 * blocks (src/backend/kernels.ts solveLsqMany, assembly/blocks.ts): A is read once per block for −AᵀB and once for
 * the recomputation of every reported number, and each result is judged exactly as a single call's. The targets
 * stay one row-major matrix (no per-column copies). All input is checked before anything is solved: a bad column
 * is an InputError naming it.
 */

/** B (n×m) checked: a non-finite entry names its column. */
function targetMatrix(B: MatrixLike, name: string, rows: number, rowsMeaning: string): DenseMatrix {
  let d: DenseMatrix;
  try {
    d = toDense(B, name);
  } catch (e) {
    // name the column of a non-finite entry (toDense reports it as name[i][j])
    if (e instanceof InputError) {
      const m = new RegExp(`^${name}\\[(\\d+)\\]\\[(\\d+)\\] must be a finite number`).exec(e.message);
      if (m) throw new InputError(`${name} column ${m[2]} (${e.message})`);
    }
    throw e;
  }
  if (d.rows !== rows) throw new InputError(`${name} must have ${rows} rows (${rowsMeaning}), one column per right-hand side; got ${d.rows}×${d.cols}`);
  return d;
}

/** Column j of a row-major matrix. */
function column(d: DenseMatrix, j: number): Float64Array {
  const out = new Float64Array(d.rows);
  for (let i = 0; i < d.rows; i++) out[i] = d.data[i * d.cols + j]!;
  return out;
}

/**
 * Every right-hand side through the shared kernels; a column whose answer the shared path cannot certify (the same
 * judge as a single call: KKT numbers and the scale-free residual test) is solved again on the single call's path,
 * so a batch never reports less than `nnls`/`alignWeights` would for that column.
 */
function solveAll(kernels: Kernels, problem: LsqManyProblem, options: LsqSolveOptions, T: DenseMatrix): LsqOutcome[] {
  const outs = kernels.solveLsqMany(problem, options);
  const { targets: _t, m: _m, ...single } = problem;
  return outs.map((out, j) => {
    const ev = out.evaluation;
    const kkt = kktResiduals(out.x, ev.gradient, ev.scale, problem.sumOne);
    if (judge(statusFromCode(out.statusCode), kkt, options.tolerance, ev.scaleFreeDual) === "optimal") return out;
    return kernels.solveLsq({ ...single, b: column(T, j) }, options);
  });
}

export function nnlsMany(kernels: Kernels, A: MatrixLike, B: MatrixLike, opts?: NnlsOptions): NnlsResult[] {
  const { Am, solve } = nnlsSettings(kernels, A, opts);
  const T = targetMatrix(B, "B", Am.rows, "the rows of A");
  const problem: LsqManyProblem = { a: Am.data, n: Am.rows, k: Am.cols, targets: T.data, m: T.cols, omega: null, center: false, sumOne: false };
  return solveAll(kernels, problem, solve, T).map((out) => nnlsResult(out, solve));
}

export function alignWeightsMany(kernels: Kernels, U: MatrixLike, targets: MatrixLike, opts?: AlignOptions): AlignResult[] {
  const { Um, constraint, offset, omega, norm, hullTolerance, solve } = alignSettings(kernels, U, opts);
  const T = targetMatrix(targets, "targets", Um.rows, "the rows of U, one per point");
  if (norm === "linf") return Array.from({ length: T.cols }, (_, j) => supNormFit(kernels, Um, column(T, j), constraint, offset, omega, hullTolerance));
  const sumOne = constraint === "simplex";
  const problem: LsqManyProblem = { a: Um.data, n: Um.rows, k: Um.cols, targets: T.data, m: T.cols, omega, center: offset, sumOne };
  return solveAll(kernels, problem, solve, T).map((out) => alignResult(out, solve, sumOne));
}
