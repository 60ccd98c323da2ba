/**
 * The pool's checks, run unchanged in Node (test/node/pool.test.ts, worker_threads) and in headless Chromium
 * (test/node/pool-page.ts, module Web Workers). Each check compares the pool with an engine in the calling thread:
 * the same results bit for bit, errors with the same name and message, map in input order with progress, AbortSignal
 * cancelling with the pool still usable afterwards, and large response calls split by rows.
 * Host-neutral: no Node or DOM APIs here.
 */
import { createEngine, type Engine } from "../../src/index.js";
import type { Pool, PoolOptions } from "../../src/pool/pool.js";
import { seeded, type Rng } from "../../src/core/random.js";

/** Uniform on [−1, 1): integer arithmetic and one multiply, so Node's and Chromium's V8 draw the same bits (their
 *  Math.log / Math.cos, used by a Gaussian draw, may differ in the last bit between versions). */
const gaussian = (rng: Rng): number => 2 * rng() - 1;

export interface CheckOutcome { name: string; ok: boolean; detail: string; /** canonical hex of the pool's result */ hex: string }

/** A canonical text of any result: every number as the hex of its float64 bits (so −0, NaN and every digit count). */
export function canon(v: unknown): string {
  const f = new Float64Array(1), u8 = new Uint8Array(f.buffer);
  const num = (x: number) => { f[0] = x; return Array.from(u8, (b) => b.toString(16).padStart(2, "0")).join(""); };
  if (typeof v === "number") return num(v);
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "undefined";
  if (v instanceof Int32Array) return `i32[${Array.from(v).join(",")}]`;
  if (ArrayBuffer.isView(v)) return `f64[${Array.from(v as Float64Array, num).join(",")}]`;
  if (Array.isArray(v)) return `[${v.map(canon).join(",")}]`;
  return `{${Object.keys(v).sort().map((k) => `${k}:${canon((v as Record<string, unknown>)[k])}`).join(",")}}`;
}

const dense = (rng: Rng, rows: number, cols: number) => ({ rows, cols, data: Float64Array.from({ length: rows * cols }, () => gaussian(rng)) });
function posteriors(rng: Rng, rows: number, cols: number) {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += (data[i * cols + j] = rng() < 0.2 ? 0 : rng());
    for (let j = 0; j < cols; j++) data[i * cols + j] = s > 0 ? data[i * cols + j]! / s : 1 / cols;
  }
  return { rows, cols, data };
}
const asRows = (m: { rows: number; cols: number; data: Float64Array }) =>
  Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));

async function settle<T>(f: () => T | Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: { name: string; message: string } }> {
  try {
    return { ok: true, value: await f() };
  } catch (e) {
    const err = e as Error;
    return { ok: false, error: { name: err.name, message: err.message } };
  }
}

export async function runPoolChecks(createPool: (o?: PoolOptions) => Promise<Pool>, workerUrl?: string): Promise<CheckOutcome[]> {
  const out: CheckOutcome[] = [];
  const record = (name: string, ok: boolean, detail = "", hex = "") => out.push({ name, ok, detail, hex });
  const ea: Engine = await createEngine();
  const pool = await createPool({ workers: 2, ...(workerUrl ? { workerUrl } : {}) });
  const rng = seeded(2024);

  /** The pool's call against the engine's: same value bits, or the same error name and message. */
  async function same(name: string, viaPool: () => Promise<unknown>, direct: () => unknown): Promise<void> {
    const [p, d] = [await settle(viaPool), await settle(direct)];
    const cp = p.ok ? canon(p.value) : `${p.error.name}: ${p.error.message}`;
    const cd = d.ok ? canon(d.value) : `${d.error.name}: ${d.error.message}`;
    record(name, cp === cd, cp === cd ? "" : `pool ${cp.slice(0, 300)} … vs engine ${cd.slice(0, 300)} …`, cp);
  }

  try {
    // ---- every Engine method, same bits
    const A = dense(rng, 40, 8), b = Float64Array.from({ length: 40 }, () => gaussian(rng)), B = dense(rng, 40, 5);
    await same("nnls", () => pool.nnls(A, b), () => ea.nnls(A, b));
    await same("nnls projected-gradient", () => pool.nnls(A, b, { method: "projected-gradient" }), () => ea.nnls(A, b, { method: "projected-gradient" }));
    await same("alignWeights simplex+offset", () => pool.alignWeights(A, b, { constraint: "simplex", offset: true }), () => ea.alignWeights(A, b, { constraint: "simplex", offset: true }));
    await same("nnlsMany", () => pool.nnlsMany(A, B), () => ea.nnlsMany(A, B));
    await same("alignWeightsMany", () => pool.alignWeightsMany(A, B, { offset: true }), () => ea.alignWeightsMany(A, B, { offset: true }));
    const lp = { c: [-1, -2], Aub: [[1, 1], [1, 3]], bub: [4, 6] };
    await same("linprog", () => pool.linprog(lp), () => ea.linprog(lp));
    const H = dense(rng, 30, 6), h = Float64Array.from({ length: 30 }, () => gaussian(rng));
    await same("hullDistance", () => pool.hullDistance(H, h, { offset: true }), () => ea.hullDistance(H, h, { offset: true }));
    await same("inHull", () => pool.inHull(H, h), () => ea.inHull(H, h));
    const u = dense(rng, 5, 3), small = posteriors(rng, 50, 3);
    await same("bestResponses small", () => pool.bestResponses(u, small), () => ea.bestResponses(u, small));
    await same("quantalResponses small", () => pool.quantalResponses(u, small, 3), () => ea.quantalResponses(u, small, 3));
    await same("simplexGrid", () => pool.simplexGrid(3, 6), () => ea.simplexGrid(3, 6));
    await same("simplexGridSize", () => pool.simplexGridSize(4, 20), () => ea.simplexGridSize(4, 20));
    const grid = ea.simplexGrid(3, 8), vals = Float64Array.from({ length: grid.rows }, () => rng()), prior = [0.3, 0.3, 0.4];
    if (!grid.materialised) throw new Error("small grids are materialised");
    await same("concavify", () => pool.concavify(vals, grid, prior), () => ea.concavify(vals, grid, prior));
    const s = dense(rng, 3, 3), r = dense(rng, 3, 3);
    await same("persuasion", () => pool.persuasion(s, r, prior), () => ea.persuasion(s, r, prior));
    const game = { providers: [s, r], user: dense(rng, 3, 3), prior, seed: 3 };
    await same("selectionGame", () => pool.selectionGame(game), () => ea.selectionGame(game));
    const chunks: unknown[] = [];
    for await (const c of pool.simplexGridChunks(3, 9, 7)) chunks.push(c);
    await same("simplexGridChunks", async () => chunks, () => [...ea.simplexGridChunks(3, 9, 7)]);

    // ---- errors keep their name and message
    await same("InputError", () => pool.nnls(A, [1, 2]), () => ea.nnls(A, [1, 2]));
    const bad = await settle(() => pool.alignWeights(A, b, { constraint: "convex" as never }));
    record("InputError has its name", !bad.ok && bad.error.name === "InputError", JSON.stringify(bad));

    // ---- large response calls are split by rows (dense, array of rows, prefer, quantal) with the same bits
    const U8 = dense(rng, 8, 8), P = posteriors(rng, 20000, 8);
    await same("bestResponses split (dense)", () => pool.bestResponses(U8, P), () => ea.bestResponses(U8, P));
    const pref = { prefer: dense(rng, 8, 8), tieTolerance: 1e-3 };
    await same("bestResponses split (prefer, tieTolerance)", () => pool.bestResponses(U8, P, pref), () => ea.bestResponses(U8, P, pref));
    const Prows = asRows(posteriors(rng, 9000, 8));
    await same("bestResponses split (rows)", () => pool.bestResponses(U8, Prows), () => ea.bestResponses(U8, Prows));
    await same("quantalResponses split", () => pool.quantalResponses(U8, P, 2.5), () => ea.quantalResponses(U8, P, 2.5));
    await same("quantalResponses split, lambda Infinity", () => pool.quantalResponses(U8, P, Infinity), () => ea.quantalResponses(U8, P, Infinity));
    record("the caller's posteriors are not detached", P.data.length === 20000 * 8 && P.data[0] === P.data[0], `length ${P.data.length}`);
    const Pbad = { rows: P.rows, cols: P.cols, data: P.data.slice() };
    Pbad.data[15001 * 8 + 2] = 7;
    Pbad.data[17002 * 8 + 1] = NaN;
    await same("split: the first bad row is named as in one call", () => pool.bestResponses(U8, Pbad), () => ea.bestResponses(U8, Pbad));
    await same("split: utility errors as in one call", () => pool.quantalResponses([[1, 2]], Pbad, 1), () => ea.quantalResponses([[1, 2]], Pbad, 1));
    if (typeof SharedArrayBuffer === "function" && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false) {
      const shared = new Float64Array(new SharedArrayBuffer(P.data.byteLength));
      shared.set(P.data);
      await same("bestResponses split (SharedArrayBuffer)", () => pool.bestResponses(U8, { rows: P.rows, cols: 8, data: shared }), () => ea.bestResponses(U8, P));
      await same("quantalResponses split (SharedArrayBuffer)", () => pool.quantalResponses(U8, { rows: P.rows, cols: 8, data: shared }, 2.5), () => ea.quantalResponses(U8, P, 2.5));
      // the workers write straight into the shared result: options, and a utility given as rows (its row count is the
      // width of each quantal row)
      await same("bestResponses split (SharedArrayBuffer, prefer, tieTolerance)", () => pool.bestResponses(U8, { rows: P.rows, cols: 8, data: shared }, pref), () => ea.bestResponses(U8, P, pref));
      const U5rows = asRows(dense(rng, 5, 8));
      await same("quantalResponses split (SharedArrayBuffer, utility as rows)", () => pool.quantalResponses(U5rows, { rows: P.rows, cols: 8, data: shared }, 1.5), () => ea.quantalResponses(U5rows, P, 1.5));
      const sharedBad = new Float64Array(new SharedArrayBuffer(Pbad.data.byteLength));
      sharedBad.set(Pbad.data);
      await same("split (SharedArrayBuffer): the first bad row is named", () => pool.bestResponses(U8, { rows: P.rows, cols: 8, data: sharedBad }), () => ea.bestResponses(U8, Pbad));
    }

    // ---- map: input order, progress, same results as single calls
    const argsList = Array.from({ length: 37 }, () => [dense(rng, 30, 5), Float64Array.from({ length: 30 }, () => gaussian(rng))] as [ReturnType<typeof dense>, Float64Array]);
    const progress: number[] = [];
    const mapped = await pool.map("nnls", argsList, { onProgress: (done, total) => progress.push(done / total), batchSize: 4 });
    const expected = argsList.map(([M, v]) => ea.nnls(M, v));
    record("map: input order and same bits", canon(mapped) === canon(expected), `${mapped.length} results`, canon(mapped));
    record("map: progress rises to 1", progress.length === 10 && progress.every((p, i) => i === 0 || p > progress[i - 1]!) && progress.at(-1) === 1, JSON.stringify(progress));
    const mapErr = await settle(() => pool.map("nnls", [[A, b], [A, [1]], [A, b]]));
    record("map: a bad call rejects with its InputError", !mapErr.ok && mapErr.error.name === "InputError", JSON.stringify(mapErr));
    record("map: empty list", (await pool.map("nnls", [])).length === 0);

    // ---- packed requests (batches of ≥ 16 KB of arrays go as one buffer that the pool reuses): the same bits twice
    // over (a reused buffer must not leak into the next batch), arrays nested in options, the caller's data unchanged
    const fits = Array.from({ length: 24 }, (): [ReturnType<typeof dense>, Float64Array, { offset: boolean; pointWeights: Float64Array }] => [
      dense(rng, 120, 12), Float64Array.from({ length: 120 }, () => gaussian(rng)),
      { offset: true, pointWeights: Float64Array.from({ length: 120 }, () => 0.1 + rng()) },
    ]);
    const fitsBefore = canon(fits);
    const fitsExpected = canon(fits.map(([M, v, o]) => ea.alignWeights(M, v, o)));
    for (const round of [1, 2]) {
      const got = await pool.map("alignWeights", fits, { batchSize: 6 });
      record(`map: packed batches, same bits (round ${round})`, canon(got) === fitsExpected);
      // a batch's results travel in one buffer (src/pool/values.ts): each comes back with arrays of its own
      record(`map: every result's weights own their buffer (round ${round})`, got.every((r) => r.weights instanceof Float64Array
        && r.weights.byteOffset === 0 && r.weights.buffer.byteLength === r.weights.byteLength && (typeof SharedArrayBuffer !== "function" || !(r.weights.buffer instanceof SharedArrayBuffer))));
    }
    record("map: the caller's packed arrays are unchanged", canon(fits) === fitsBefore);

    // ---- AbortSignal: pending and running calls reject with AbortError; the pool stays usable
    const heavy = Array.from({ length: 8 }, () => [dense(rng, 1500, 300), Float64Array.from({ length: 1500 }, () => gaussian(rng))] as [ReturnType<typeof dense>, Float64Array]);
    const ac = new AbortController();
    const t0 = performance.now();
    // abort when the first call has finished, not after a fixed time: on a fast machine all eight could be done by then
    const pending = pool.map("hullDistance", heavy, { signal: ac.signal, batchSize: 1, onProgress: (done) => { if (done === 1) ac.abort(); } });
    const aborted = await settle(() => pending);
    const waited = performance.now() - t0;
    record("abort: map rejects with AbortError", !aborted.ok && aborted.error.name === "AbortError", `${JSON.stringify(aborted).slice(0, 200)} after ${waited.toFixed(0)} ms`);
    const ac2 = new AbortController();
    ac2.abort();
    const pre = await settle(() => pool.run("nnls", [A, b], { signal: ac2.signal }));
    record("abort: an aborted signal rejects at once", !pre.ok && pre.error.name === "AbortError", JSON.stringify(pre));
    const ac3 = new AbortController();
    const one = pool.run("hullDistance", heavy[0]!, { signal: ac3.signal });
    ac3.abort();
    const oneRes = await settle(() => one);
    record("abort: run rejects with AbortError", !oneRes.ok && oneRes.error.name === "AbortError", JSON.stringify(oneRes));
    await same("abort: the pool is usable afterwards", () => pool.nnls(A, b), () => ea.nnls(A, b));
    // each worker holds a running and a waiting job: a call waiting behind an aborted one is sent again, not lost;
    // an aborted waiting call rejects while the call running before it completes
    const mid = Array.from({ length: 3 }, () => [dense(rng, 400, 120), Float64Array.from({ length: 400 }, () => gaussian(rng))] as [ReturnType<typeof dense>, Float64Array]);
    const acRun = new AbortController();
    const first = settle(() => pool.run("hullDistance", mid[0]!, { signal: acRun.signal }));
    const second = pool.hullDistance(...mid[1]!);
    const behind = pool.nnls(A, b);
    acRun.abort();
    const firstRes = await first;
    record("abort: the aborted running call rejects", !firstRes.ok && firstRes.error.name === "AbortError", JSON.stringify(firstRes));
    await same("abort: a call queued behind an aborted one still completes", () => behind, () => ea.nnls(A, b));
    await same("abort: the other worker's call completes", () => second, () => ea.hullDistance(...mid[1]!));
    const acWait = new AbortController();
    const r1 = pool.hullDistance(...mid[2]!), r2 = pool.hullDistance(...mid[1]!);
    const waiting = settle(() => pool.run("nnls", [A, b], { signal: acWait.signal }));
    acWait.abort();
    const waitingRes = await waiting;
    record("abort: a call waiting in a worker's queue rejects", !waitingRes.ok && waitingRes.error.name === "AbortError", JSON.stringify(waitingRes));
    await same("abort: the calls running before it complete", () => Promise.all([r1, r2]), () => [ea.hullDistance(...mid[2]!), ea.hullDistance(...mid[1]!)]);
    const after = await pool.map("alignWeights", argsList.slice(0, 6).map(([M, v]) => [M, v, { offset: true }] as const));
    record("abort: map works afterwards", canon(after) === canon(argsList.slice(0, 6).map(([M, v]) => ea.alignWeights(M, v, { offset: true }))));
  } catch (e) {
    record("no unexpected exception", false, e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e));
  } finally {
    await pool.close();
  }
  const closed = await settle(() => pool.nnls([[1]], [1]));
  record("close: later calls reject", !closed.ok, JSON.stringify(closed));
  const badOpt = await settle(() => createPool({ workers: 0 }));
  record("createPool: workers must be a positive integer", !badOpt.ok && badOpt.error.name === "InputError", JSON.stringify(badOpt));
  return out;
}
