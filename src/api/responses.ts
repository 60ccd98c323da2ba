import { withShape } from "../core/shape.js";
import type { RowMajor } from "../core/types.js";
import type { Kernels, ResponseProblem } from "../backend/contract.js";
import type { BestResponseOptions, BestResponsesResult, DenseMatrix, MatrixLike, QuantalResponseOptions } from "../core/types.js";
import { InputError } from "../core/errors.js";
import { nonNegativeNumber, offSimplexError, optionsObject, toDense, toPosteriors } from "../core/validate.js";

/** Best and quantal (logit) responses at S posteriors (validate → kernel, chunked → result). */

export const DEFAULT_TIE_TOLERANCE = 1e-12;
/** How far off the simplex a posterior row may be (SPEC). */
export const SIMPLEX_TOLERANCE = 1e-9;

export function maxAbs(data: Float64Array): number {
  let m = 0;
  for (let i = 0; i < data.length; i++) { const x = Math.abs(data[i]!); if (x > m) m = x; }
  return m;
}

/** u (nA×nY) transposed into nY×aPad with zero padding. */
export function transposePadded(u: DenseMatrix): { ut: Float64Array; aPad: number } {
  const nA = u.rows, nY = u.cols;
  const aPad = Math.ceil(nA / 8) * 8;
  const ut = new Float64Array(nY * aPad);
  for (let a = 0; a < nA; a++) for (let y = 0; y < nY; y++) ut[y * aPad + a] = u.data[a * nY + y]!;
  return { ut, aPad };
}

export function responseProblem(u: DenseMatrix, post: DenseMatrix, tieTolerance: number): ResponseProblem {
  const { ut, aPad } = transposePadded(u);
  return {
    ut, nA: u.rows, aPad, nY: u.cols, posteriors: post.data, rows: post.rows,
    tau: tieTolerance * maxAbs(u.data), tol: SIMPLEX_TOLERANCE,
  };
}

function tieToleranceOption(v: unknown): number {
  return nonNegativeNumber(v, "tieTolerance", DEFAULT_TIE_TOLERANCE);
}

/** Dense views of validated best-response inputs (for callers inside the library that already hold them). */
export function bestResponsesDense(
  kernels: Kernels, u: DenseMatrix, post: DenseMatrix, tieTolerance: number, prefer: DenseMatrix | null,
  name = "posteriors",
): BestResponsesResult {
  const p = responseProblem(u, post, tieTolerance);
  const actions = new Int32Array(post.rows), values = new Float64Array(post.rows);
  const tauPref = prefer ? tieTolerance * maxAbs(prefer.data) : 0;
  const bad = kernels.bestResponses(p, prefer ? prefer.data : null, tauPref, actions, values);
  if (bad >= 0) throw offSimplexError(name, post.data, post.cols, bad, SIMPLEX_TOLERANCE);
  return { actions, values };
}

export function bestResponses(kernels: Kernels, utility: MatrixLike, posteriors: MatrixLike, opts?: BestResponseOptions): BestResponsesResult {
  const o = optionsObject(opts);
  const u = toDense(utility, "utility");
  const post = toPosteriors(posteriors, "posteriors", u.cols);
  const tieTolerance = tieToleranceOption(o.tieTolerance);
  let prefer: DenseMatrix | null = null;
  if (o.prefer !== undefined) {
    prefer = toDense(o.prefer, "prefer");
    if (prefer.rows !== u.rows || prefer.cols !== u.cols) {
      throw new InputError(`prefer must be ${u.rows}×${u.cols} (the shape of utility, actions × states); got ${prefer.rows}×${prefer.cols}`);
    }
  }
  return bestResponsesDense(kernels, u, post, tieTolerance, prefer);
}

export function quantalResponses(
  kernels: Kernels, utility: MatrixLike, posteriors: MatrixLike, lambda: number, opts?: QuantalResponseOptions,
): RowMajor {
  const o = optionsObject(opts);
  const u = toDense(utility, "utility");
  const post = toPosteriors(posteriors, "posteriors", u.cols);
  if (typeof lambda !== "number" || Number.isNaN(lambda) || lambda < 0) {
    throw new InputError(`lambda must be a nonnegative number (Infinity allowed); got ${typeof lambda === "number" ? lambda : typeof lambda}`);
  }
  const p = responseProblem(u, post, tieToleranceOption(o.tieTolerance));
  const out = new Float64Array(post.rows * u.rows);
  const bad = kernels.quantalResponses(p, lambda, out);
  if (bad >= 0) throw offSimplexError("posteriors", post.data, post.cols, bad, SIMPLEX_TOLERANCE);
  return withShape(out, post.rows, u.rows);
}
