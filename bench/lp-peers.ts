/**
 * Sparse LP instances (CSR) handed to the peers: highs-js through its structured model API (default options: presolve
 * on, the dual simplex; no LP text) and SciPy's HiGHS (bench/peers/scipy_linprog.py, a subprocess per instance).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BENCH_DIR } from "./report.js";
import type { HighsModule } from "../test/helpers/lp-oracle.js";

export interface Csr { rows: number; indptr: Int32Array; indices: Int32Array; data: Float64Array; b: Float64Array }
/** min cᵀx s.t. ub x ≤ b, eq x = b, x ≥ 0. */
export interface SparseLp { nv: number; c: Float64Array; ub: Csr | null; eq: Csr | null }

export function csrFromRows(rows: number, nv: number, rowOf: (i: number, push: (j: number, v: number) => void) => number): Csr {
  const indptr: number[] = [0], indices: number[] = [], data: number[] = [], b: number[] = [];
  for (let i = 0; i < rows; i++) {
    b.push(rowOf(i, (j, v) => { if (v !== 0) { indices.push(j); data.push(v); } }));
    indptr.push(indices.length);
  }
  return { rows, indptr: Int32Array.from(indptr), indices: Int32Array.from(indices), data: Float64Array.from(data), b: Float64Array.from(b) };
}

export function timeRuns(reps: number, f: () => void, warmMs = 250): { min: number; median: number; runs: number } {
  // warm-up: the first call, then untimed calls until warmMs have passed (at most 50), so that the engine's
  // WebAssembly and JavaScript run optimised (tiered-up) code, as in the suites timed with tinybench; a call longer
  // than warmMs is made once
  const w0 = performance.now();
  f();
  for (let n = 1; n < 50 && performance.now() - w0 < warmMs; n++) f();
  const t: number[] = [];
  for (let i = 0; i < reps; i++) { const s = performance.now(); f(); t.push(performance.now() - s); }
  t.sort((a, b) => a - b);
  return { min: t[0]!, median: t[Math.floor(t.length / 2)]!, runs: reps };
}

/** highs-js on the LP: returns the objective and the time of model build + solve (what a JS caller pays). */
export function highsSolve(highs: HighsModule, lp: SparseLp): { objective: number; status: string } {
  const inf = highs.infinity;
  const mUb = lp.ub?.rows ?? 0, mEq = lp.eq?.rows ?? 0;
  const cat = (a: ArrayLike<number>[], T: typeof Int32Array | typeof Float64Array) => {
    const n = a.reduce((s, x) => s + x.length, 0);
    const out = new T(n);
    let o = 0;
    for (const x of a) { out.set(x as never, o); o += x.length; }
    return out;
  };
  const starts = (lp.eq ? cat([lp.ub?.indptr ?? Int32Array.of(0), lp.eq.indptr.subarray(1).map((v) => v + (lp.ub?.indices.length ?? 0))], Int32Array) : lp.ub!.indptr) as Int32Array;
  const model = highs.createModel({
    numCols: lp.nv, numRows: mUb + mEq, sense: 1,
    colCost: lp.c, colLower: new Float64Array(lp.nv), colUpper: new Float64Array(lp.nv).fill(inf),
    rowLower: Float64Array.from([...new Array<number>(mUb).fill(-inf), ...(lp.eq?.b ?? [])]),
    rowUpper: Float64Array.from([...(lp.ub?.b ?? []), ...(lp.eq?.b ?? [])]),
    matrix: {
      format: "csr", numRows: mUb + mEq, numCols: lp.nv, starts,
      indices: cat([lp.ub?.indices ?? new Int32Array(0), lp.eq?.indices ?? new Int32Array(0)], Int32Array) as Int32Array,
      values: cat([lp.ub?.data ?? new Float64Array(0), lp.eq?.data ?? new Float64Array(0)], Float64Array) as Float64Array,
    },
  } as never);
  try {
    model.options.set({ output_flag: false });
    model.run();
    const st = model.getModelStatus();
    const x = model.getSolution().colValue;
    let objective = 0;
    for (let j = 0; j < lp.nv; j++) objective += lp.c[j]! * x[j]!;
    return { objective, status: st === highs.constants.modelStatus.optimal ? "optimal" : String(st) };
  } finally {
    model.dispose();
  }
}

export interface ScipyTiming { scipy: string; status: number; objective: number; min_ms: number; median_ms: number; runs: number }

export function scipySolve(lp: SparseLp, reps: number): ScipyTiming | string {
  const dir = mkdtempSync(join(tmpdir(), "ea-lp-"));
  try {
    const file = (name: string, a: Float64Array | Int32Array) => { const p = join(dir, name); writeFileSync(p, Buffer.from(a.buffer, a.byteOffset, a.byteLength)); return p; };
    const block = (name: string, b: Csr | null) => b && ({
      rows: b.rows, indptr: file(`${name}.indptr`, b.indptr), indices: file(`${name}.indices`, b.indices), data: file(`${name}.data`, b.data), b: file(`${name}.b`, b.b),
    });
    const req = { nv: lp.nv, c: file("c", lp.c), ub: block("ub", lp.ub), eq: block("eq", lp.eq), reps };
    writeFileSync(join(dir, "req.json"), JSON.stringify(req));
    const out = execFileSync("python3", [join(BENCH_DIR, "peers/scipy_linprog.py"), join(dir, "req.json")], { encoding: "utf8", timeout: 600_000 });
    return JSON.parse(out.trim().split("\n").pop()!) as ScipyTiming;
  } catch (e) {
    return `SciPy peer unavailable: ${(e as Error).message.split("\n")[0]}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
