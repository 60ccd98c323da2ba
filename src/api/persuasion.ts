import { withShape } from "../core/shape.js";
import type { Kernels } from "../backend/contract.js";
import type { DenseMatrix, MatrixLike, PersuasionOptions, PersuasionResult, SolverStatus, VectorLike } from "../core/types.js";
import { InputError } from "../core/errors.js";
import { linprog, LP_TOLERANCE } from "./linprog.js";
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

/** Largest obedience violation max_{a≠a'} Σ_y x(a, y)(u(a', y) − u(a, y)) (≤ 0 when obedient). */
export function obedienceViolation(x: Float64Array, u: DenseMatrix): number {
  const nA = u.rows, nY = u.cols;
  let worst = -Infinity;
  for (let a = 0; a < nA; a++) {
    for (let b = 0; b < nA; b++) {
      if (a === b) continue;
      let s = 0;
      for (let y = 0; y < nY; y++) s += x[a * nY + y]! * (u.data[b * nY + y]! - u.data[a * nY + y]!);
      if (s > worst) worst = s;
    }
  }
  return nA > 1 ? worst : 0;
}

interface Rows { A: number[][]; b: number[] }

/** Most violated deviations per recommended action that join per round. */
const CUTS_PER_ACTION = 2;

/**
 * linprog with the obedience rows generated lazily: only the rows in `active` (pair index a·nA + a') are in the LP;
 * after each solve every omitted row is checked and, for each recommended action, its most violated deviation joins.
 * The final point satisfies all of them (the LP is a relaxation, so its optimum is the full LP's); its duals, zero on
 * the omitted rows, are a dual optimum of the full LP. Obedience rows are usually few that bind, which keeps the LPs
 * at |Y| + O(|A|) rows instead of |A|(|A|−1).
 */
function solveWithCuts(
  kernels: Kernels, u: DenseMatrix, c: Float64Array, ub: Rows, eq: Rows, upper: Float64Array | undefined,
  active: number[], tolerance: number, scale: number,
) {
  const nA = u.rows, nY = u.cols, nv = nA * nY;
  const row = (pair: number): number[] => {
    const a = Math.floor(pair / nA), b = pair % nA;
    const r = new Array<number>(nv).fill(0);
    for (let y = 0; y < nY; y++) r[a * nY + y] = u.data[b * nY + y]! - u.data[a * nY + y]!;
    return r;
  };
  const inActive = new Set(active);
  for (let round = 0; ; round++) {
    const Aub = [...ub.A, ...active.map(row)], bub = [...ub.b, ...active.map(() => 0)];
    const flat = (M: number[][]) => ({ rows: M.length, cols: nv, data: Float64Array.from(M.flat()) });
    const lp = linprog(kernels, {
      c, ...(Aub.length ? { Aub: flat(Aub), bub } : {}), ...(eq.A.length ? { Aeq: flat(eq.A), beq: eq.b } : {}),
      ...(upper ? { upper } : {}),
    }, { tolerance });
    if (lp.status !== "optimal" || round >= 4 * nA + 20) return { lp, active };
    let added = 0;
    for (let a = 0; a < nA; a++) {
      const violated: [number, number][] = [];
      for (let b = 0; b < nA; b++) {
        if (b === a || inActive.has(a * nA + b)) continue;
        let v = 0;
        for (let y = 0; y < nY; y++) v += lp.x[a * nY + y]! * (u.data[b * nY + y]! - u.data[a * nY + y]!);
        if (v > 1e-9 * scale) violated.push([v, a * nA + b]);
      }
      violated.sort((p, q) => q[0] - p[0]);
      for (const [, pick] of violated.slice(0, CUTS_PER_ACTION)) { active.push(pick); inActive.add(pick); added++; }
    }
    if (added === 0) return { lp, active };
  }
}

export function solvePersuasion(kernels: Kernels, P: PersuasionProblem): PersuasionResult {
  const { sender: s, receiver: u, prior } = P;
  const nA = s.rows, nY = s.cols, nv = nA * nY;
  const scale = Math.max(1, maxAbs(s.data), maxAbs(u.data));
  const base: Rows = { A: [], b: [] };
  if (P.receiverAtLeast !== undefined) { base.A.push(Array.from(u.data, (x) => -x)); base.b.push(-P.receiverAtLeast); }
  const eq: Rows = { A: [], b: [] };
  for (let y = 0; y < nY; y++) {
    eq.A.push(Array.from({ length: nv }, (_, j) => (j % nY === y ? 1 : 0)));
    eq.b.push(prior[y]!);
  }
  const c1 = Float64Array.from(s.data, (x) => -x);
  const first = solveWithCuts(kernels, u, c1, base, eq, undefined, [], P.tolerance, scale);
  let x = first.lp.x;
  const status: SolverStatus = first.lp.status;
  let lexicographic = false;
  if (status === "optimal") {
    // second LP on the first one's optimal face (complementary slackness with its dual optimum, no δ to exploit):
    // variables with a positive reduced cost stay at 0, rows with a nonzero multiplier stay tight; maximise the
    // receiver there, obedience rows again generated lazily
    const dualTol = 1e-9 * scale;
    const upper = new Float64Array(nv).fill(Infinity);
    for (let j = 0; j < nv; j++) if (first.lp.duals.lower[j]! > dualTol) upper[j] = 0;
    const ub2: Rows = { A: [], b: [] }, eq2: Rows = { A: [...eq.A], b: [...eq.b] };
    const allRows = [...base.A, ...first.active.map((pair) => {
      const a = Math.floor(pair / nA), b = pair % nA;
      const r = new Array<number>(nv).fill(0);
      for (let y = 0; y < nY; y++) r[a * nY + y] = u.data[b * nY + y]! - u.data[a * nY + y]!;
      return r;
    })];
    const allB = [...base.b, ...first.active.map(() => 0)];
    const loosePairs: number[] = [];
    allRows.forEach((r, i) => {
      const tight = first.lp.duals.ineq[i]! < -dualTol;
      if (tight) { eq2.A.push(r); eq2.b.push(allB[i]!); }
      else if (i < base.A.length) { ub2.A.push(r); ub2.b.push(allB[i]!); }
      else loosePairs.push(first.active[i - base.A.length]!);
    });
    const c2 = Float64Array.from(u.data, (v) => -v);
    const second = solveWithCuts(kernels, u, c2, ub2, eq2, upper, [...loosePairs], P.tolerance, scale);
    const v1 = dotFlat(first.lp.x, s.data), v2 = dotFlat(second.lp.x, s.data);
    if (second.lp.status === "optimal" && v2 >= v1 - 1e-9 * scale && dotFlat(second.lp.x, u.data) >= dotFlat(first.lp.x, u.data)
      && obedienceViolation(second.lp.x, u) <= 1e-9 * scale) {
      x = second.lp.x;
      lexicographic = true;
    }
  }
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
