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

function maxAbsOf(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) { const a = Math.abs(v[i]!); if (a > m) m = a; }
  return m;
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
  const o = optionsObject(opts, "opts", ["maxIterations", "tolerance"]);
  const P = prepare(input);
  const { problem } = P;
  const { m, nv } = problem;
  const tolerance = positiveNumber(o.tolerance, "tolerance", LP_TOLERANCE);
  const maxIterations = Math.min(positiveInteger(o.maxIterations, "maxIterations", 50 * (m + nv) + 1000), MAX_KERNEL_ITERATIONS);
  const out = kernels.solveLinprog(problem, { maxIterations, tolerance, batch: 0 });
  const x = out.x;
  let status = statusFromCode(out.statusCode);

  // ---- recompute everything from x and y
  let objective = 0;
  for (let j = 0; j < nv; j++) objective += problem.c[j]! * x[j]!;
  const slack = new Float64Array(P.mUb);
  let primal = 0;
  for (let i = 0; i < P.mUb; i++) {
    let s = P.bub[i]!;
    for (let j = 0; j < nv; j++) s -= P.Aub[i * nv + j]! * x[j]!;
    slack[i] = s;
    if (-s > primal) primal = -s;
  }
  for (let i = 0; i < P.mEq; i++) {
    let s = P.beq[i]!;
    for (let j = 0; j < nv; j++) s -= P.Aeq[i * nv + j]! * x[j]!;
    if (Math.abs(s) > primal) primal = Math.abs(s);
  }
  for (let j = 0; j < nv; j++) {
    const v = Math.max(problem.lower[j]! - x[j]!, x[j]! - problem.upper[j]!);
    if (v > primal) primal = v;
  }
  const solved = status === "optimal";
  const ineq = solved ? out.y.slice(0, P.mUb) : new Float64Array(P.mUb);
  const eq = solved ? out.y.slice(P.mUb, m) : new Float64Array(P.mEq);
  // reduced costs z = c − Aubᵀ y_ub − Aeqᵀ y_eq, split into bound multipliers
  const z = Float64Array.from(problem.c);
  for (let i = 0; i < P.mUb; i++) { const yi = ineq[i]!; if (yi !== 0) for (let j = 0; j < nv; j++) z[j] = z[j]! - P.Aub[i * nv + j]! * yi; }
  for (let i = 0; i < P.mEq; i++) { const yi = eq[i]!; if (yi !== 0) for (let j = 0; j < nv; j++) z[j] = z[j]! - P.Aeq[i * nv + j]! * yi; }
  const lowerM = new Float64Array(nv), upperM = new Float64Array(nv);
  let dual = 0;
  let dualObjective = 0;
  for (let i = 0; i < P.mUb; i++) { dual = Math.max(dual, ineq[i]!); dualObjective += P.bub[i]! * ineq[i]!; }
  for (let i = 0; i < P.mEq; i++) dualObjective += P.beq[i]! * eq[i]!;
  if (solved) {
    for (let j = 0; j < nv; j++) {
      const zj = z[j]!;
      const lf = Number.isFinite(problem.lower[j]!), uf = Number.isFinite(problem.upper[j]!);
      if (zj > 0) { if (lf) { lowerM[j] = zj; dualObjective += problem.lower[j]! * zj; } else dual = Math.max(dual, zj); }
      else if (zj < 0) { if (uf) { upperM[j] = zj; dualObjective += problem.upper[j]! * zj; } else dual = Math.max(dual, -zj); }
    }
  }
  const gap = solved ? Math.abs(objective - dualObjective) : NaN;
  const scaleP = Math.max(1, maxAbsOf(problem.b), maxAbsOf(problem.a) * maxAbsOf(x));
  const scaleD = Math.max(1, maxAbsOf(problem.c));
  if (solved) {
    const accept = Math.max(1e-7, 100 * tolerance);
    const gapScale = Math.max(1, Math.abs(objective));
    if (primal > accept * scaleP || dual > accept * scaleD || gap > accept * gapScale * Math.max(1, scaleD)) status = "numerical_error";
  }
  return {
    x, objective, status, message: MESSAGES[status], duals: { ineq, eq, lower: lowerM, upper: upperM }, slack,
    residuals: { primal, dual, gap }, iterations: out.iterations,
  };
}
