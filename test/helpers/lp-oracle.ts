/** HiGHS (npm `highs`, structured API) as an independent oracle for the LP and hull tests and the benchmark. */

import highsLoader, { type Highs } from "highs";

export type HighsModule = Highs;

let cached: Promise<HighsModule> | undefined;
export function loadHighs(): Promise<HighsModule> {
  // `highs` is CommonJS; under NodeNext its default export is the loader function at run time
  const loader = ((highsLoader as unknown as { default?: unknown }).default ?? highsLoader) as () => Promise<Highs>;
  cached ??= loader();
  return cached;
}

export interface DenseLp {
  c: number[] | Float64Array;
  Aub?: number[][];
  bub?: number[];
  Aeq?: number[][];
  beq?: number[];
  lower?: number[];
  upper?: number[];
}

export interface OracleLp {
  status: "optimal" | "infeasible" | "unbounded" | "unbounded_or_infeasible" | "other";
  x: Float64Array;
  objective: number;
  rowDual: Float64Array;
}

function csr(rows: ArrayLike<number>[], nv: number) {
  const starts: number[] = [0], indices: number[] = [], values: number[] = [];
  for (const r of rows) {
    for (let j = 0; j < nv; j++) if (r[j] !== 0) { indices.push(j); values.push(r[j]!); }
    starts.push(indices.length);
  }
  return { format: "csr" as const, numRows: rows.length, numCols: nv, starts: Int32Array.from(starts), indices: Int32Array.from(indices), values: Float64Array.from(values) };
}

/** Solves a dense LP with HiGHS (no presolve, so that infeasible and unbounded are told apart; presolve and then
 *  the interior-point method when the simplex ends without a verdict). */
export function solveWithHighs(highs: HighsModule, lp: DenseLp, extra: Record<string, string | number | boolean> = {}): OracleLp {
  let r = solveOnce(highs, lp, { presolve: "off", ...extra });
  if (r.status === "other") r = solveOnce(highs, lp, { presolve: "on", ...extra });
  if (r.status === "other") r = solveOnce(highs, lp, { presolve: "off", solver: "ipm", ...extra });
  return r;
}

function solveOnce(highs: HighsModule, lp: DenseLp, options: Record<string, string | number | boolean>): OracleLp {
  const nv = lp.c.length;
  const Aub = lp.Aub ?? [], Aeq = lp.Aeq ?? [];
  const rows = [...Aub, ...Aeq];
  const inf = highs.infinity;
  const rowLower = Float64Array.from([...Aub.map(() => -inf), ...(lp.beq ?? [])]);
  const rowUpper = Float64Array.from([...(lp.bub ?? []), ...(lp.beq ?? [])]);
  const model = highs.createModel({
    numCols: nv, numRows: rows.length,
    colCost: Float64Array.from(lp.c),
    colLower: Float64Array.from(lp.lower ?? new Array(nv).fill(0), (v) => (v === -Infinity ? -inf : v)),
    colUpper: Float64Array.from(lp.upper ?? new Array(nv).fill(Infinity), (v) => (v === Infinity ? inf : v)),
    rowLower, rowUpper,
    matrix: csr(rows, nv),
  });
  try {
    model.options.set({ output_flag: false, ...options });
    model.run();
    const st = model.getModelStatus();
    const codes = highs.constants.modelStatus;
    const status = st === codes.optimal ? "optimal" : st === codes.infeasible ? "infeasible"
      : st === codes.unbounded ? "unbounded" : st === codes.unboundedOrInfeasible ? "unbounded_or_infeasible" : "other";
    const sol = model.getSolution();
    return { status, x: sol.colValue, objective: model.getObjectiveValue(), rowDual: sol.rowDual };
  } finally {
    model.dispose();
  }
}

/**
 * ε* = min ‖U w + c·1 − u‖∞ by HiGHS on the epigraph LP (columns w (k), [c], ε; rows ±(U w + c − u) ≤ ε, [1ᵀw = 1]).
 * U is row-major n×k.
 */
export function hullWithHighs(
  highs: HighsModule, U: Float64Array, n: number, k: number, u: ArrayLike<number>,
  constraint: "simplex" | "nonnegative", offset: boolean,
): { epsilon: number; weights: Float64Array; offset: number; status: string } {
  const inf = highs.infinity;
  const nc = k + (offset ? 1 : 0) + 1;
  const epsCol = nc - 1;
  const nr = 2 * n + (constraint === "simplex" ? 1 : 0);
  const nnzRow = k + (offset ? 1 : 0) + 1;
  const starts = new Int32Array(nr + 1), indices = new Int32Array(2 * n * nnzRow + k), values = new Float64Array(2 * n * nnzRow + k);
  const rowLower = new Float64Array(nr), rowUpper = new Float64Array(nr);
  let p = 0;
  for (let i = 0; i < n; i++) {
    for (const s of [1, -1]) {
      const r = 2 * i + (s === 1 ? 0 : 1);
      starts[r] = p;
      for (let j = 0; j < k; j++) { indices[p] = j; values[p] = s * U[i * k + j]!; p++; }
      if (offset) { indices[p] = k; values[p] = s; p++; }
      indices[p] = epsCol; values[p] = -1; p++;
      rowLower[r] = -inf; rowUpper[r] = s * u[i]!;
    }
  }
  if (constraint === "simplex") {
    starts[2 * n] = p;
    for (let j = 0; j < k; j++) { indices[p] = j; values[p] = 1; p++; }
    rowLower[2 * n] = 1; rowUpper[2 * n] = 1;
  }
  starts[nr] = p;
  const colCost = new Float64Array(nc); colCost[epsCol] = 1;
  const colLower = new Float64Array(nc), colUpper = new Float64Array(nc).fill(inf);
  if (offset) colLower[k] = -inf;
  colLower[epsCol] = -inf;
  const model = highs.createModel({
    numCols: nc, numRows: nr, colCost, colLower, colUpper, rowLower, rowUpper,
    matrix: { format: "csr", numRows: nr, numCols: nc, starts, indices: indices.subarray(0, p), values: values.subarray(0, p) },
  });
  try {
    // HiGHS's default feasibility tolerances (1e-7) would blur ε* at the 1e-8 level: tighten them
    model.options.set({ output_flag: false, primal_feasibility_tolerance: 1e-10, dual_feasibility_tolerance: 1e-10 });
    model.run();
    const sol = model.getSolution();
    const st = model.getModelStatus();
    return {
      epsilon: sol.colValue[epsCol]!, weights: sol.colValue.slice(0, k), offset: offset ? sol.colValue[k]! : 0,
      status: st === highs.constants.modelStatus.optimal ? "optimal" : String(st),
    };
  } finally {
    model.dispose();
  }
}
