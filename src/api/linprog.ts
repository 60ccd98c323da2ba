import type { HullOutcome, HullProblem, Kernels, LinprogOutcome, LinprogProblem, LpSolveOptions } from "../backend/contract.js";
import type { LinprogOptions, LinprogProblemInput, LinprogResult, SolverStatus } from "../core/types.js";
import { InputError } from "../core/errors.js";
import { optionsObject, positiveInteger, positiveNumber, toBounds, toDense, toVector } from "../core/validate.js";
import { statusFromCode } from "../core/status.js";
import { checkKeys, MAX_KERNEL_ITERATIONS } from "../core/checks.js";

/** Dense linear programming, SciPy `linprog` style (validate → kernel → recompute → result). */

// ---- linprog ----

export const LP_TOLERANCE = 1e-9;

interface Prepared {
  problem: LinprogProblem;
  Aub: Float64Array; bub: Float64Array; mUb: number;
  Aeq: Float64Array; beq: Float64Array; mEq: number;
}

function prepare(input: LinprogProblemInput): Prepared {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new InputError(`problem must be an object { c, Aub?, bub?, Aeq?, beq?, lower?, upper? }; got ${input === null ? "null" : typeof input}`);
  }
  checkKeys(input, ["c", "Aub", "bub", "Aeq", "beq", "lower", "upper"], "problem");
  const c = toVector(input.c, "c");
  const nv = c.length;
  const pair = (A: unknown, b: unknown, nameA: string, nameB: string): { a: Float64Array; b: Float64Array; rows: number } => {
    if (A === undefined || A === null) {
      if (b !== undefined && b !== null) throw new InputError(`${nameB} was given without ${nameA}`);
      return { a: new Float64Array(0), b: new Float64Array(0), rows: 0 };
    }
    if (b === undefined || b === null) throw new InputError(`${nameB} is required with ${nameA}`);
    const M = toDense(A as never, nameA);
    if (M.cols !== nv) throw new InputError(`${nameA} must have ${nv} columns (the length of c); got ${M.cols}`);
    const bv = toVector(b as never, nameB, M.rows, `rows of ${nameA}`);
    return { a: M.data, b: bv, rows: M.rows };
  };
  const ub = pair(input.Aub, input.bub, "Aub", "bub");
  const eq = pair(input.Aeq, input.beq, "Aeq", "beq");
  const lower = toBounds(input.lower, "lower", nv, 0, "lower");
  const upper = toBounds(input.upper, "upper", nv, Infinity, "upper");
  for (let j = 0; j < nv; j++) {
    if (lower[j]! > upper[j]!) throw new InputError(`lower[${j}] must not exceed upper[${j}]; got ${lower[j]} > ${upper[j]}`);
  }
  const m = ub.rows + eq.rows;
  const a = new Float64Array(m * nv);
  a.set(ub.a, 0);
  a.set(eq.a, ub.rows * nv);
  const b = new Float64Array(m);
  b.set(ub.b, 0);
  b.set(eq.b, ub.rows);
  return {
    problem: { a, b, c, lower, upper, m, mUb: ub.rows, nv },
    Aub: ub.a, bub: ub.b, mUb: ub.rows, Aeq: eq.a, beq: eq.b, mEq: eq.rows,
  };
}

/** ‖v[o .. o+n)‖₂ without overflow or underflow (scaled by the largest entry). */
function norm2(v: Float64Array, o: number, n: number): number {
  let big = 0;
  for (let j = 0; j < n; j++) big = Math.max(big, Math.abs(v[o + j]!));
  if (big === 0 || !Number.isFinite(big)) return big;
  let s = 0;
  for (let j = 0; j < n; j++) { const t = v[o + j]! / big; s += t * t; }
  return big * Math.sqrt(s);
}

/**
 * Scale-free acceptance of an 'optimal' answer: each row's violation against ‖a_i‖·‖x‖ + |b_i|, each reduced cost's wrong sign against |c_j| + Σ_i |a_ij y_i|, the duality gap against
 * Σ|c_j x_j| + Σ|b_i y_i| + Σ|bound·z|. No floor: the same LP in other units is judged the same.
 */
function scaleFreeAcceptance(tolerance: number): { primal: number; dual: number; gap: number } {
  return { primal: Math.max(1e-9, tolerance), dual: Math.max(1e-7, 100 * tolerance), gap: Math.max(1e-7, 100 * tolerance) };
}

const MESSAGES: Record<SolverStatus, string> = {
  optimal: "Optimal: the recomputed primal and dual residuals are within the tolerance.",
  infeasible: "The problem is infeasible (phase 1 could not reduce the infeasibility to zero); x is the last phase-1 point.",
  unbounded: "The problem is unbounded (a feasible ray improves the objective without limit); x is the last vertex.",
  iteration_limit: "Iteration limit reached; x is the last iterate.",
  time_limit: "Time limit reached; x is the last iterate.",
  numerical_error: "The solver stopped, but the recomputed residuals exceed the tolerance; x is the best point found.",
};

export function linprog(kernels: Kernels, input: LinprogProblemInput, opts?: LinprogOptions): LinprogResult {
  return linprogWarm(kernels, input, opts).result;
}

/**
 * linprog with a warm start: `basis` (nv + m codes, structurals then one logical per row, rows in the order Aub then
 * Aeq; 0 basic, 1 at lower, 2 at upper, 3 free) from an earlier solve of a related LP; returns the final basis too.
 * A basis of the wrong size or singular for this LP falls back to the cold start.
 */
export function linprogWarm(
  kernels: Kernels, input: LinprogProblemInput, opts?: LinprogOptions, basis?: Int32Array,
): { result: LinprogResult; basis: Int32Array } {
  const o = optionsObject(opts, "opts", ["maxIterations", "tolerance"]);
  const P = prepare(input);
  const { problem } = P;
  const { m, nv } = problem;
  const tolerance = positiveNumber(o.tolerance, "tolerance", LP_TOLERANCE);
  const maxIterations = Math.min(positiveInteger(o.maxIterations, "maxIterations", 50 * (m + nv) + 1000), MAX_KERNEL_ITERATIONS);
  if (basis && basis.length === nv + m) problem.basis = basis;
  const out = kernels.solveLinprog(problem, { maxIterations, tolerance, batch: 0 });
  // the kernel's basics sit within its Harris tolerance of their bounds: clip to the bounds, then recompute
  const x = out.x;
  for (let j = 0; j < nv; j++) x[j] = Math.min(Math.max(x[j]!, problem.lower[j]!), problem.upper[j]!);
  let status = statusFromCode(out.statusCode);
  const accept = scaleFreeAcceptance(tolerance);

  // ---- recompute everything from x and y; every test is relative to the row's / column's own magnitude
  let objective = 0, objectiveScale = 0;
  for (let j = 0; j < nv; j++) { objective += problem.c[j]! * x[j]!; objectiveScale += Math.abs(problem.c[j]! * x[j]!); }
  const slack = new Float64Array(P.mUb);
  let primal = 0;
  let primalOk = true;
  const xNorm = norm2(x, 0, nv);
  // SPEC: each row feasible to the tolerance relative to ‖a_i‖·‖x‖ + |b_i|
  const rowCheck = (A: Float64Array, bv: Float64Array, i: number, equality: boolean): number => {
    let s = bv[i]!;
    for (let j = 0; j < nv; j++) s -= A[i * nv + j]! * x[j]!;
    const aNorm = norm2(A, i * nv, nv);
    const mag = (aNorm === 0 ? 0 : aNorm * xNorm) + Math.abs(bv[i]!);
    const viol = equality ? Math.abs(s) : Math.max(0, -s);
    if (viol > primal) primal = viol;
    if (!(viol <= accept.primal * mag)) primalOk = false;
    return s;
  };
  for (let i = 0; i < P.mUb; i++) slack[i] = rowCheck(P.Aub, P.bub, i, false);
  for (let i = 0; i < P.mEq; i++) rowCheck(P.Aeq, P.beq, i, true);
  // the kernel's 'numerical_error' (a singular re-inversion, a phase-1 ratio test without a row) still carries the
  // last basis's x and y: judged by the same certificate as an 'optimal' one, and 'optimal' if it passes (fuzz seed 3
  // linprog:3995, seed 4 linprog:3866: x optimal to 1e-16 in columns of units 1e76 and 1e22)
  const rescue = status === "numerical_error";
  const solved = status === "optimal" || rescue;
  const ineq = solved ? out.y.slice(0, P.mUb) : new Float64Array(P.mUb);
  const eq = solved ? out.y.slice(P.mUb, m) : new Float64Array(P.mEq);
  // an inequality multiplier of the wrong sign (> 0) whose term in the dual objective is within the tolerance (the
  // test below) is a rounding of 0: projected to 0 before the reduced costs, where a column in other units would
  // magnify it (fuzz seed 5 linprog:904: y_0 = 1.0e-16 times a_01 = 5e98 made z_1 = −5e82 in a column of c_1 = 0)
  if (solved) {
    for (let i = 0; i < P.mUb; i++) {
      if (!(ineq[i]! > 0)) continue;
      let mag = Math.abs(P.bub[i]!);
      for (let j = 0; j < nv; j++) mag += Math.abs(P.Aub[i * nv + j]! * x[j]!);
      if (ineq[i]! * mag <= accept.dual * objectiveScale) ineq[i] = 0;
    }
  }
  // reduced costs z = c − Aubᵀ y_ub − Aeqᵀ y_eq (with their magnitudes), split into bound multipliers
  const z = Float64Array.from(problem.c);
  const zMag = Float64Array.from(problem.c, Math.abs);
  const addRows = (A: Float64Array, yv: Float64Array, rows: number) => {
    for (let i = 0; i < rows; i++) {
      const yi = yv[i]!;
      if (yi !== 0) for (let j = 0; j < nv; j++) { const t = A[i * nv + j]! * yi; z[j] = z[j]! - t; zMag[j] = zMag[j]! + Math.abs(t); }
    }
  };
  addRows(P.Aub, ineq, P.mUb);
  addRows(P.Aeq, eq, P.mEq);
  const lowerM = new Float64Array(nv), upperM = new Float64Array(nv);
  let dual = 0, dualOk = true;
  let dualObjective = 0, dualScale = 0;
  // a multiplier of the wrong sign is judged by its term in the dual objective, y_i·(|b_i| + Σ_j |a_ij x_j|), against
  // the objective's own terms Σ|c_j x_j| (rows in other units carry multipliers in other units)
  for (let i = 0; i < P.mUb; i++) {
    dual = Math.max(dual, ineq[i]!);
    if (ineq[i]! > 0) {
      let mag = Math.abs(P.bub[i]!);
      for (let j = 0; j < nv; j++) mag += Math.abs(P.Aub[i * nv + j]! * x[j]!);
      if (!(ineq[i]! * mag <= accept.dual * objectiveScale)) dualOk = false;
    }
    dualObjective += P.bub[i]! * ineq[i]!; dualScale += Math.abs(P.bub[i]! * ineq[i]!);
  }
  for (let i = 0; i < P.mEq; i++) { dualObjective += P.beq[i]! * eq[i]!; dualScale += Math.abs(P.beq[i]! * eq[i]!); }
  if (solved) {
    for (let j = 0; j < nv; j++) {
      const zj = z[j]!;
      const lf = Number.isFinite(problem.lower[j]!), uf = Number.isFinite(problem.upper[j]!);
      let wrong = 0;
      // a bound's term in the dual objective is judged against |bound|·(|c_j| + Σ_i |a_ij y_i|), the magnitude of the
      // terms z_j is made of: z_j itself may be their rounding (linprog fuzz case 1187: z_j = −2^20 from terms of 5e21)
      if (zj > 0) { if (lf) { lowerM[j] = zj; dualObjective += problem.lower[j]! * zj; dualScale += Math.abs(problem.lower[j]!) * zMag[j]!; } else wrong = zj; }
      else if (zj < 0) { if (uf) { upperM[j] = zj; dualObjective += problem.upper[j]! * zj; dualScale += Math.abs(problem.upper[j]!) * zMag[j]!; } else wrong = -zj; }
      dual = Math.max(dual, wrong);
      if (!(wrong <= accept.dual * zMag[j]!)) dualOk = false;
    }
  }
  const gap = solved ? Math.abs(objective - dualObjective) : NaN;
  if (solved) {
    const gapOk = gap <= accept.gap * (objectiveScale + dualScale);
    if (!primalOk || !dualOk || !gapOk) status = "numerical_error";
    else status = "optimal";
  }
  const result: LinprogResult = {
    x, objective, status, message: MESSAGES[status], duals: { ineq, eq, lower: lowerM, upper: upperM }, slack,
    residuals: { primal, dual, gap }, iterations: out.iterations,
  };
  return { result, basis: out.basis };
}
