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

/** Utilities this large may overflow μᵀu (posteriors may sum to 1 + 1e-9): the kernels then get u/4 (exact). */
const OVERFLOW_RISK = 2 ** 1020;

function quarter(u: DenseMatrix): DenseMatrix {
  return { rows: u.rows, cols: u.cols, data: u.data.map((v) => v / 4) };
}

function tieToleranceOption(v: unknown): number {
  return nonNegativeNumber(v, "tieTolerance", DEFAULT_TIE_TOLERANCE);
}

/** Where a response call writes its rows, when not into new arrays (internal: a pool worker's block of a split call
 *  writes into the caller's shared output; subarrays of exactly the result's length). */
export interface BestResponsesInto { actions: Int32Array; values: Float64Array }

/** Dense views of validated best-response inputs (for callers inside the library that already hold them). */
export function bestResponsesDense(
  kernels: Kernels, u: DenseMatrix, post: DenseMatrix, tieTolerance: number, prefer: DenseMatrix | null,
  name = "posteriors", into?: BestResponsesInto,
): BestResponsesResult {
  // near the double range the values are computed from u/4 (ties and choices unchanged: every value scales alike)
  const big = maxAbs(u.data) >= OVERFLOW_RISK;
  const p = responseProblem(big ? quarter(u) : u, post, tieTolerance);
  const actions = into?.actions ?? new Int32Array(post.rows), values = into?.values ?? new Float64Array(post.rows);
  const pref = prefer && maxAbs(prefer.data) >= OVERFLOW_RISK ? quarter(prefer) : prefer;
  const tauPref = pref ? tieTolerance * maxAbs(pref.data) : 0;
  const bad = kernels.bestResponses(p, pref ? pref.data : null, tauPref, actions, values);
  if (bad >= 0) throw offSimplexError(name, post.data, post.cols, bad, SIMPLEX_TOLERANCE);
  if (big) {
    for (let s = 0; s < post.rows; s++) {
      const v = values[s]! * 4;
      if (!Number.isFinite(v)) {
        throw new InputError(`the value of action ${actions[s]} at ${name}[${s}] overflows the double range (utility entries up to ${maxAbs(u.data)} and a posterior summing to more than 1); rescale utility`);
      }
      values[s] = v;
    }
  }
  return { actions, values };
}

export function bestResponses(
  kernels: Kernels, utility: MatrixLike, posteriors: MatrixLike, opts?: BestResponseOptions, into?: BestResponsesInto,
): BestResponsesResult {
  const o = optionsObject(opts, "opts", ["tieTolerance", "prefer"]);
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
  return bestResponsesDense(kernels, u, post, tieTolerance, prefer, "posteriors", into);
}

export function quantalResponses(
  kernels: Kernels, utility: MatrixLike, posteriors: MatrixLike, lambda: number, opts?: QuantalResponseOptions, into?: Float64Array,
): RowMajor {
  const o = optionsObject(opts, "opts", ["tieTolerance"]);
  const u = toDense(utility, "utility");
  const post = toPosteriors(posteriors, "posteriors", u.cols);
  if (typeof lambda !== "number" || Number.isNaN(lambda) || lambda < 0) {
    throw new InputError(`lambda must be a nonnegative number (Infinity allowed); got ${typeof lambda === "number" ? lambda : typeof lambda}`);
  }
  // near the double range: softmax(λ(v − max v)) = softmax(4λ(v/4 − max v/4)), with v/4 finite
  const big = maxAbs(u.data) >= OVERFLOW_RISK;
  const p = responseProblem(big ? quarter(u) : u, post, tieToleranceOption(o.tieTolerance));
  const out = into ?? new Float64Array(post.rows * u.rows);
  const lam = big && Number.isFinite(lambda) ? Math.min(4 * lambda, Number.MAX_VALUE) : lambda;
  const bad = kernels.quantalResponses(p, lam, out);
  if (bad >= 0) throw offSimplexError("posteriors", post.data, post.cols, bad, SIMPLEX_TOLERANCE);
  return withShape(out, post.rows, u.rows);
}
