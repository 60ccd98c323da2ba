/**
 * Batches suite (issue 13): many right-hand sides against one matrix, and many small independent fits.
 *
 *   many targets   alignWeightsMany(U, T) (one call, m targets) vs a loop of alignWeights vs a loop of SciPy nnls,
 *                  at 1000×100 with 1,000 targets and 10000×1000 with 100 targets (nonnegative, no offset: the
 *                  problem SciPy's nnls solves). Times per target; the slow loops at 10000×1000 run on a prefix of
 *                  the targets (said in the table) and are compared per target.
 *   small fits     200×20 and 111×31 (the MoralExceptQA training shape), each fit its own matrix: fits per second on
 *                  one core, alignWeights and nnls in a JS loop vs SciPy nnls in a Python loop on the same problems.
 * Every solver's objective is checked against the others' (max relative difference of ½‖Ax − b‖²).
 */
import { createEngine, type Engine } from "../src/index.js";
import { nnlsInstance, Rng } from "./data.js";
import { environment, environmentLine, fmtMs, fmtRatio, markdownTable, type SuiteOptions, type SuiteResult } from "./report.js";
import { scipyLoop } from "./peers/scipy.js";

export const SUITE = "batches";
type Dense = { rows: number; cols: number; data: Float64Array };

/** m targets for U: each a Dirichlet mix of ⌈10%⌉ random columns plus noise 0.05 (as data.ts's planted target). */
function targets(U: Dense, m: number, seed: number): Dense {
  const rng = new Rng(seed);
  const { rows: n, cols: k } = U;
  const T = new Float64Array(n * m);
  const s = Math.max(1, Math.round(0.1 * k));
  for (let j = 0; j < m; j++) {
    const cols = Array.from({ length: s }, () => rng.u32() % k);
    const w = cols.map(() => -Math.log(rng.uniform()));
    const tot = w.reduce((a, b) => a + b, 0);
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let q = 0; q < s; q++) t += (w[q]! / tot) * U.data[i * k + cols[q]!]!;
      T[i * m + j] = t + 0.05 * rng.normal();
    }
  }
  return { rows: n, cols: m, data: T };
}
const column = (T: Dense, j: number) => Float64Array.from({ length: T.rows }, (_, i) => T.data[i * T.cols + j]!);
function objective(A: Dense, b: Float64Array, x: ArrayLike<number>): number {
  let f = 0;
  for (let i = 0; i < A.rows; i++) {
    let r = -b[i]!;
    for (let j = 0; j < A.cols; j++) r += A.data[i * A.cols + j]! * x[j]!;
    f += r * r;
  }
  return 0.5 * f;
}
const relDiff = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
const time = <T>(f: () => T): [T, number] => { const t0 = performance.now(); const v = f(); return [v, performance.now() - t0]; };

interface ManyRow { shape: string; m: number; manyMs: number; loopMs: number; loopCount: number; scipyMs: number | null; scipyCount: number; objDiff: number; note: string }
interface SmallRow { shape: string; count: number; alignUs: number; nnlsUs: number; scipyUs: number | null; objDiff: number; note: string }

function many(ea: Engine, n: number, k: number, m: number, loopCount: number, scipyCount: number, reps: number, peers: boolean, log: (l: string) => void): ManyRow {
  const { A } = nnlsInstance(n, k);
  const T = targets(A, m, 7 + n + k);
  log(`many ${n}×${k}: alignWeightsMany on ${m} targets, loop of alignWeights on ${loopCount} (fastest of ${reps}, interleaved)`);
  const cols = Array.from({ length: loopCount }, (_, j) => column(T, j));
  ea.alignWeights(A, cols[0]!);
  let res = ea.alignWeightsMany(A, { rows: n, cols: 4, data: Float64Array.from({ length: n * 4 }, (_, i) => T.data[Math.floor(i / 4) * m + (i % 4)]!) });
  let loop: ReturnType<Engine["alignWeights"]>[] = [];
  let manyMs = Infinity, loopMs = Infinity;
  for (let r = 0; r < reps; r++) {
    const [a, t1] = time(() => ea.alignWeightsMany(A, T));
    res = a; manyMs = Math.min(manyMs, t1);
    const [b, t2] = time(() => cols.map((u) => ea.alignWeights(A, u)));
    loop = b; loopMs = Math.min(loopMs, t2);
    log(`  run ${r + 1}: Many ${fmtMs(t1)}, loop ${fmtMs(t2)}`);
  }
  let objDiff = 0;
  loop.forEach((r, j) => { objDiff = Math.max(objDiff, relDiff(objective(A, cols[j]!, r.weights), objective(A, cols[j]!, res[j]!.weights))); });
  let scipyMs: number | null = null, note = "";
  if (peers) {
    log(`  SciPy nnls loop on ${scipyCount}`);
    const B = new Float64Array(n * scipyCount);
    for (let i = 0; i < n; i++) for (let j = 0; j < scipyCount; j++) B[i * scipyCount + j] = T.data[i * m + j]!;
    const sp = scipyLoop("many", A.data, B, n, k, scipyCount, reps);
    if (typeof sp === "string") note = sp;
    else {
      scipyMs = sp.seconds * 1000;
      note = sp.versions;
      for (let j = 0; j < scipyCount; j++) {
        const c = column(T, j);
        objDiff = Math.max(objDiff, relDiff(objective(A, c, sp.x.subarray(j * k, (j + 1) * k)), objective(A, c, res[j]!.weights)));
      }
    }
  }
  return { shape: `${n}×${k}`, m, manyMs, loopMs, loopCount, scipyMs, scipyCount, objDiff, note };
}

function small(ea: Engine, n: number, k: number, count: number, peers: boolean, log: (l: string) => void): SmallRow {
  log(`small ${n}×${k}: ${count} independent fits`);
  const As = new Float64Array(count * n * k), bs = new Float64Array(count * n);
  const probs = Array.from({ length: count }, (_, i) => {
    const inst = nnlsInstance(n, k, 1000 + i);
    As.set(inst.A.data, i * n * k); bs.set(inst.b, i * n);
    return inst;
  });
  for (let rep = 0; rep < 2; rep++) for (const p of probs.slice(0, 200)) { ea.alignWeights(p.A, p.b); ea.nnls(p.A, p.b); }
  let fits: Float64Array[] = [];
  let alignMs = Infinity, nnlsMs = Infinity;
  for (let r = 0; r < 5; r++) {   // interleaved, fastest of 5
    alignMs = Math.min(alignMs, time(() => { fits = probs.map((p) => ea.alignWeights(p.A, p.b).weights); })[1]);
    nnlsMs = Math.min(nnlsMs, time(() => { for (const p of probs) ea.nnls(p.A, p.b); })[1]);
  }
  let scipyUs: number | null = null, note = "", objDiff = 0;
  if (peers) {
    const sp = scipyLoop("small", As, bs, n, k, count, 5);
    if (typeof sp === "string") note = sp;
    else {
      scipyUs = sp.perMs * 1000;
      note = sp.versions;
      probs.forEach((p, i) => { objDiff = Math.max(objDiff, relDiff(objective(p.A, p.b, sp.x.subarray(i * k, (i + 1) * k)), objective(p.A, p.b, fits[i]!))); });
    }
  }
  return { shape: `${n}×${k}`, count, alignUs: (alignMs * 1000) / count, nnlsUs: (nnlsMs * 1000) / count, scipyUs, objDiff, note };
}

export async function run(options: SuiteOptions): Promise<SuiteResult> {
  const env = environment();
  const ea = await createEngine();
  const q = options.quick;
  const manyRows = [
    many(ea, 1000, 100, q ? 100 : 1000, q ? 100 : 1000, q ? 50 : 1000, q ? 1 : 3, options.peers, options.log),
    ...(q ? [] : [many(ea, 10000, 1000, 100, 20, 5, 2, options.peers, options.log)]),
  ];
  const smallRows = [small(ea, 200, 20, q ? 500 : 5000, options.peers, options.log), small(ea, 111, 31, q ? 500 : 5000, options.peers, options.log)];
  const versions = manyRows.find((r) => r.note.startsWith("Python"))?.note ?? smallRows.find((r) => r.note.startsWith("Python"))?.note ?? "SciPy not run";
  env.extra = { scipy: versions };
  const perTarget = (ms: number | null, count: number) => (ms === null ? "—" : fmtMs(ms / count));
  const t1 = markdownTable(
    ["U", "targets", "alignWeightsMany / target", "loop of alignWeights / target", "loop of SciPy nnls / target", "Many vs loop", "Many vs SciPy", "max rel. objective diff."],
    manyRows.map((r) => [
      r.shape, `${r.m} (loop ${r.loopCount}, SciPy ${r.scipyCount})`, perTarget(r.manyMs, r.m), perTarget(r.loopMs, r.loopCount), perTarget(r.scipyMs, r.scipyCount),
      fmtRatio((r.loopMs / r.loopCount) / (r.manyMs / r.m)), r.scipyMs === null ? "—" : fmtRatio((r.scipyMs / r.scipyCount) / (r.manyMs / r.m)), r.objDiff.toExponential(1),
    ]),
  );
  const t2 = markdownTable(
    ["shape", "fits", "alignWeights µs/fit", "nnls µs/fit", "SciPy nnls µs/fit", "fits/s/core (alignWeights)", "SciPy fits/s/core", "alignWeights vs SciPy", "max rel. objective diff."],
    smallRows.map((r) => [
      r.shape, r.count, r.alignUs.toFixed(1), r.nnlsUs.toFixed(1), r.scipyUs === null ? "—" : r.scipyUs.toFixed(1),
      Math.round(1e6 / r.alignUs), r.scipyUs === null ? "—" : Math.round(1e6 / r.scipyUs), r.scipyUs === null ? "—" : fmtRatio(r.scipyUs / r.alignUs), r.objDiff.toExponential(1),
    ]),
  );
  const markdownTableText = [
    "## Batches: `alignWeightsMany` vs loops of `alignWeights` and SciPy `nnls`; small fits vs SciPy",
    "",
    `Batches (${environmentLine(env)}; ${versions}, one BLAS thread). Fastest of several runs (this library's interleaved; SciPy's in one Python process). Ratios are speed-ups (> 1: this library faster).`,
    "", "Many targets against one matrix (nonnegative, no offset; wasm backend):", "", t1,
    "", "Many small independent fits, one core (each fit its own matrix; wasm backend):", "", t2,
    "", "Targets (issue 13): Many ≥ 5× the loop and ≥ 10× SciPy at 1000×100 with 1,000 targets; small fits ≥ 2× SciPy at 200×20 (≤ 13 µs).",
  ].join("\n");
  return { title: "Batches", markdownTable: markdownTableText, json: { env, many: manyRows, small: smallRows } };
}
