/**
 * `npm run bench -- --suite lp`: the general LPs the library itself produces — concavify on simplex grids of 10³–10⁵
 * posteriors (max Σ τ_s v_s s.t. Σ τ_s μ_s = prior, Σ τ_s = 1, τ ≥ 0; |Y| equality rows × S columns) — solved by
 * ea.linprog (revised simplex) and by highs-js (structured API, default options). Objective equal to HiGHS (relative).
 */
import { createEngine, type MaterialisedSimplexGrid } from "../src/index.js";
import { seeded } from "../test/helpers/random.js";
import { loadHighs } from "../test/helpers/lp-oracle.js";
import { csrFromRows, highsSolve, scipySolve, timeRuns, type SparseLp } from "./lp-peers.js";
import { environment, environmentLine, fmtMs, markdownTable, type SuiteOptions, type SuiteResult } from "./report.js";

export async function run(options: SuiteOptions): Promise<SuiteResult> {
  const { log } = options;
  const env = environment();
  const ea = await createEngine({ backend: "wasm" });
  const highs = options.peers ? await loadHighs() : null;
  // (states, resolution): C(r + |Y| − 1, |Y| − 1) posteriors
  const grids: [number, number][] = options.quick ? [[3, 44]] : [[3, 44], [3, 140], [4, 40], [4, 83]];
  const rows: (string | number)[][] = [];
  const json: unknown[] = [];
  for (const [nY, res] of grids) {
    const rng = seeded(nY * 1000 + res);
    const nA = 6;
    const s = { rows: nA, cols: nY, data: Float64Array.from({ length: nA * nY }, () => rng()) };
    const u = { rows: nA, cols: nY, data: Float64Array.from({ length: nA * nY }, () => rng()) };
    const prior = Float64Array.from({ length: nY }, () => 0.2 + rng());
    const z = prior.reduce((a, b) => a + b, 0);
    for (let y = 0; y < nY; y++) prior[y] = prior[y]! / z;
    const grid = ea.simplexGrid(nY, res) as MaterialisedSimplexGrid; // these grids are small enough to be materialised
    const S = grid.rows;
    const br = ea.bestResponses(u, grid, { prefer: s });
    const v = Float64Array.from(br.actions, (a, i) => { let t = 0; for (let y = 0; y < nY; y++) t += grid.data[i * nY + y]! * s.data[a * nY + y]!; return t; });
    // the LP concavify solves (src/grid.ts): rows y = 0..|Y|−2 and Σ τ = 1, dense (|Y|) × S
    const m = nY;
    const A = new Float64Array(m * S), b = new Float64Array(m);
    for (let i = 0; i < S; i++) { for (let y = 0; y < nY - 1; y++) A[y * S + i] = grid.data[i * nY + y]!; A[(m - 1) * S + i] = 1; }
    for (let y = 0; y < nY - 1; y++) b[y] = prior[y]!;
    b[m - 1] = 1;
    const c = Float64Array.from(v, (x) => -x);
    const reps = S > 50000 ? 3 : 10;
    let r = ea.linprog({ c, Aeq: { rows: m, cols: S, data: A }, beq: b });
    const tEa = timeRuns(reps, () => { r = ea.linprog({ c, Aeq: { rows: m, cols: S, data: A }, beq: b }); });
    const lp: SparseLp = { nv: S, c, ub: null, eq: csrFromRows(m, S, (y, push) => { for (let i = 0; i < S; i++) push(i, A[y * S + i]!); return b[y]!; }) };
    let hObj = NaN, tH: { min: number } | null = null;
    if (highs) { hObj = highsSolve(highs, lp).objective; tH = timeRuns(reps, () => { highsSolve(highs, lp); }); }
    const sp = options.peers ? scipySolve(lp, 3) : "skipped";
    const rel = Math.abs(r.objective - hObj) / Math.abs(hObj);
    rows.push([`|Y| = ${nY}, r = ${res}`, S, `${fmtMs(tEa.min)} / ${fmtMs(tEa.median)}`, r.iterations, tH ? fmtMs(tH.min) : "–", tH ? `${(tH.min / tEa.min).toFixed(2)}×` : "–",
      typeof sp === "string" ? "–" : fmtMs(sp.min_ms), r.status, rel.toExponential(1)]);
    json.push({ nY, resolution: res, posteriors: S, eaMs: tEa, iterations: r.iterations, highsMs: tH, scipy: sp, status: r.status, objective: r.objective, highsObjective: hObj });
    log(`concavify LP ${S} posteriors: ea ${fmtMs(tEa.min)} ms (${r.iterations} it), highs-js ${tH ? fmtMs(tH.min) : "–"} ms, rel ${rel.toExponential(1)}`);
  }
  const markdown = [
    "## linprog on the library's own LPs (concavify over simplex grids) vs HiGHS",
    "",
    environmentLine(env),
    "",
    markdownTable(["grid", "posteriors S", "ea.linprog wasm min / median ms", "iterations", "highs-js ms", "highs-js / ea", "SciPy HiGHS ms (solve only)", "status", "|obj − HiGHS| / |HiGHS|"], rows),
    "",
    "ea.linprog: validation, the revised simplex on the equilibrated dense |Y|×S LP, recomputed duals and residuals. highs-js: model build + solve (structured API, CSR).",
  ].join("\n");
  return { title: "lp", markdownTable: markdown, json: { env, results: json } };
}
