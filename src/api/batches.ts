import type { Kernels, LsqOutcome, LsqProblem, LsqSolveOptions } from "../backend/contract.js";
import type { AlignOptions, AlignResult, DenseMatrix, MatrixLike, NnlsOptions, NnlsResult } from "../core/types.js";
import { InputError } from "../core/errors.js";
import { toDense } from "../core/validate.js";
import { kktResiduals } from "../core/certificates.js";
import { statusFromCode } from "../core/status.js";
import { alignResult, alignSettings, judge, nnlsResult, nnlsSettings, supNormFit } from "./alignment.js";

/**
 * Batches (SPEC "Batches"): many right-hand sides against one matrix in one call. Everything that depends on the
 * matrix alone is done once — validation and the copy of A into the kernels' memory, its centring and row scaling,
 * and (four or more right-hand sides, active set) its Gram matrix (src/backend/kernels.ts solveLsqMany,
 * assembly/nnls-many.ts) — and each right-hand side is then solved, recomputed and judged exactly as a single call.
 * All input is checked before anything is solved: a bad column is an InputError naming it.
 */

/** The columns of B (n×m) as m vectors, each checked: a non-finite entry names its column. */
function columns(B: MatrixLike, name: string, rows: number, rowsMeaning: string): Float64Array[] {
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
  const { cols, data } = d;
  const out: Float64Array[] = [];
  for (let j = 0; j < cols; j++) out.push(new Float64Array(rows));
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) out[j]![i] = data[o + j]!;
  }
  return out;
}

/**
 * Every right-hand side through the shared kernel; a column whose answer the shared path cannot certify (the same
 * judge as a single call: KKT numbers and the scale-free residual test) is solved again on the single call's path,
 * so a batch never reports less than `nnls`/`alignWeights` would for that column.
 */
function solveAll(kernels: Kernels, problem: LsqProblem, bs: Float64Array[], options: LsqSolveOptions): LsqOutcome[] {
  const outs = kernels.solveLsqMany(problem, bs, options);
  return outs.map((out, j) => {
    const ev = out.evaluation;
    const kkt = kktResiduals(out.x, ev.gradient, ev.scale, problem.sumOne);
    if (judge(statusFromCode(out.statusCode), kkt, options.tolerance, ev.scaleFreeDual) === "optimal") return out;
    return kernels.solveLsq({ ...problem, b: bs[j]! }, options);
  });
}

export function nnlsMany(kernels: Kernels, A: MatrixLike, B: MatrixLike, opts?: NnlsOptions): NnlsResult[] {
  const { Am, solve } = nnlsSettings(kernels, A, opts);
  const bs = columns(B, "B", Am.rows, "the rows of A");
  const problem: LsqProblem = { a: Am.data, n: Am.rows, k: Am.cols, b: bs[0]!, omega: null, center: false, sumOne: false };
  return solveAll(kernels, problem, bs, solve).map((out) => nnlsResult(out, solve));
}

export function alignWeightsMany(kernels: Kernels, U: MatrixLike, targets: MatrixLike, opts?: AlignOptions): AlignResult[] {
  const { Um, constraint, offset, omega, norm, hullTolerance, solve } = alignSettings(kernels, U, opts);
  const bs = columns(targets, "targets", Um.rows, "the rows of U, one per point");
  if (norm === "linf") return bs.map((u) => supNormFit(kernels, Um, u, constraint, offset, omega, hullTolerance));
  const sumOne = constraint === "simplex";
  const problem: LsqProblem = { a: Um.data, n: Um.rows, k: Um.cols, b: bs[0]!, omega, center: offset, sumOne };
  return solveAll(kernels, problem, bs, solve).map((out) => alignResult(out, solve, sumOne));
}
