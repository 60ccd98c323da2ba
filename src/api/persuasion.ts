import { withShape } from "../core/shape.js";
import type { Kernels } from "../backend/contract.js";
import type { DenseMatrix, MatrixLike, PersuasionOptions, PersuasionResult, SolverStatus, VectorLike } from "../core/types.js";
import { InputError } from "../core/errors.js";
import { LP_TOLERANCE } from "./linprog.js";
import { obedienceViolation, solveObedienceLp, type PersuasionWarm } from "./persuasion-lp.js";
import { optionsObject, positiveNumber, toDense, toDistribution } from "../core/validate.js";

/**
 * Bayesian persuasion (Kamenica & Gentzkow, AER 2011) by the revelation principle: the sender commits to a scheme of
 * direct recommendations x(a, y) ≥ 0 (the joint probability of recommending a in state y) with Σ_a x(a, y) = prior_y,
 * subject to obedience: for every a ≠ a', Σ_y x(a, y)·(u(a', y) − u(a, y)) ≤ 0 (following a recommendation is a
 * best response of the receiver at the induced posterior, ties in the sender's favour). Maximise Σ x·s. Then, among
 * the sender-optimal schemes, maximise the receiver's Σ x·u (a second, lexicographic LP over the first one's optimal
 * face, found by complementary slackness from its duals).
 * |A|·|Y| variables and |A|(|A|−1) + |Y| (+1) rows, solved by ea.linprog with the obedience rows generated lazily
 * (see solveWithCuts).
 */

export interface PersuasionProblem {
  sender: DenseMatrix;
  receiver: DenseMatrix;
  prior: Float64Array;
  receiverAtLeast: number | undefined;
  tolerance: number;
}

export function validatePersuasion(senderUtility: MatrixLike, receiverUtility: MatrixLike, prior: VectorLike, opts?: PersuasionOptions): PersuasionProblem {
  const o = optionsObject(opts, "opts", ["receiverAtLeast", "tolerance"]);
  const sender = toDense(senderUtility, "senderUtility");
  const receiver = toDense(receiverUtility, "receiverUtility");
  if (receiver.rows !== sender.rows || receiver.cols !== sender.cols) {
    throw new InputError(`receiverUtility must be ${sender.rows}×${sender.cols} (the shape of senderUtility, actions × states); got ${receiver.rows}×${receiver.cols}`);
  }
  const p = toDistribution(prior, "prior", sender.cols, "one per state, the columns of the utilities");
  let receiverAtLeast: number | undefined;
  if (o.receiverAtLeast !== undefined) {
    if (typeof o.receiverAtLeast !== "number" || Number.isNaN(o.receiverAtLeast) || o.receiverAtLeast === Infinity) {
      throw new InputError(`receiverAtLeast must be a number (or -Infinity); got ${String(o.receiverAtLeast)}`);
    }
    if (o.receiverAtLeast > -Infinity) receiverAtLeast = o.receiverAtLeast;
  }
  return { sender, receiver, prior: p, receiverAtLeast, tolerance: positiveNumber(o.tolerance, "tolerance", LP_TOLERANCE) };
}

function maxAbs(d: Float64Array): number {
  let m = 0;
  for (let i = 0; i < d.length; i++) m = Math.max(m, Math.abs(d[i]!));
  return m;
}

function dotFlat(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export function solvePersuasion(kernels: Kernels, P: PersuasionProblem, warm?: PersuasionWarm): PersuasionResult {
  const { sender: s, receiver: u, prior } = P;
  const nA = s.rows, nY = s.cols, nv = nA * nY;
  // src/persuasion-lp.ts: lazily generated obedience rows, warm-started LPs, the lexicographic LP from the first's basis
  const lp = solveObedienceLp(kernels, s, u, prior, P.receiverAtLeast, P.tolerance, warm);
  const x = lp.x;
  let status: SolverStatus = lp.first.status;
  const lexicographic = lp.lexicographic;
  // clean: clip round-off negatives, recompute everything from the scheme
  const scheme = new Float64Array(nv);
  for (let j = 0; j < nv; j++) scheme[j] = Math.max(0, x[j]!);
  let marginals = 0;
  for (let y = 0; y < nY; y++) {
    let m = 0;
    for (let a = 0; a < nA; a++) m += scheme[a * nY + y]!;
    marginals = Math.max(marginals, Math.abs(m - prior[y]!));
  }
  const value = dotFlat(scheme, s.data), receiverValue = dotFlat(scheme, u.data);
  const obedience = obedienceViolation(scheme, u);
  const floor = P.receiverAtLeast !== undefined ? Math.max(0, P.receiverAtLeast - receiverValue) : 0;
  // 'optimal' only if the scheme recomputed here is a scheme: marginals to 1e-9, obedience and the receiver's floor
  // to 1e-9 relative to the receiver's own utilities (no floor at 1: utilities in any units)
  let uScale = 0;
  for (let i = 0; i < u.data.length; i++) uScale = Math.max(uScale, Math.abs(u.data[i]!));
  if (status === "optimal" && !(marginals <= 1e-9 && obedience <= 1e-9 * uScale && floor <= 1e-9 * uScale)) status = "numerical_error";
  const message = status === "optimal"
    ? `Optimal: sender-optimal scheme${lexicographic ? ", the receiver's best among the sender-optimal ones" : ""}.`
    : status === "infeasible"
      ? (P.receiverAtLeast !== undefined ? `Infeasible: no obedient scheme gives the receiver at least ${P.receiverAtLeast}.` : "Infeasible.")
      : `The persuasion LP stopped with status ${status}; the scheme is the solver's last point.`;
  return { value, receiverValue, scheme: withShape(scheme, nA, nY), status, message, residuals: { obedience, marginals, receiverAtLeast: floor } };
}

export function persuasion(kernels: Kernels, senderUtility: MatrixLike, receiverUtility: MatrixLike, prior: VectorLike, opts?: PersuasionOptions): PersuasionResult {
  return solvePersuasion(kernels, validatePersuasion(senderUtility, receiverUtility, prior, opts));
}
