/**
 * The pool in Node (worker_threads): the shared checks of test/node/pool-checks.ts, which test/node/pool-browser.test.ts
 * runs unchanged in headless Chromium (module Web Workers).
 */
import { describe, expect, it } from "vitest";
import { createPool } from "../../src/pool/node.js";
import { runPoolChecks } from "./pool-checks.js";

describe("pool on worker_threads", () => {
  it("passes every shared pool check", async () => {
    const outcomes = await runPoolChecks(createPool);
    expect(outcomes.length).toBeGreaterThanOrEqual(35);
    expect(outcomes.filter((o) => !o.ok).map((o) => `${o.name}: ${o.detail}`)).toEqual([]);
  }, 120_000);
});

describe("one worker", () => {
  it("large dense posteriors go in blocks of about 4 MiB, even to one worker: same bits, the caller's array intact", async () => {
    const { createEngine } = await import("../../src/index.js");
    const { canon } = await import("./pool-checks.js");
    const S = 300001, Y = 4;   // 9.6 MB: three blocks, the last a row longer
    const data = new Float64Array(S * Y);
    for (let i = 0; i < S; i++) { let t = 0; for (let y = 0; y < Y; y++) t += (data[i * Y + y] = ((i * 7 + y * 13) % 11) + 1); for (let y = 0; y < Y; y++) data[i * Y + y]! /= t; }
    const U = [[1, 0, 2, 1], [0, 3, 1, 1], [2, 1, 0, 0.5]];
    const pool = await createPool({ workers: 1 });
    try {
      const ea = await createEngine();
      expect(canon(await pool.bestResponses(U, { rows: S, cols: Y, data }))).toBe(canon(ea.bestResponses(U, { rows: S, cols: Y, data })));
      expect(canon(await pool.quantalResponses(U, { rows: S, cols: Y, data }, 3))).toBe(canon(ea.quantalResponses(U, { rows: S, cols: Y, data }, 3)));
      expect(data.length).toBe(S * Y);
    } finally {
      await pool.close();
    }
  }, 60_000);
});

describe("split calls on shared posteriors, repeated", () => {
  it("keep resident memory bounded: the shared output is reused, results are ordinary arrays", async () => {
    // a fresh SharedArrayBuffer per call, posted to the workers, stayed alive in them (shared memory never prompts a
    // collection: nodejs/node#34703): 12 MB per call of 10⁶ rows, without bound
    const S = 1_000_000, Y = 8;
    const data = new Float64Array(new SharedArrayBuffer(8 * S * Y));
    for (let i = 0; i < S; i++) for (let y = 0; y < Y; y++) data[i * Y + y] = y === i % Y ? 1 : 0;
    const U = { rows: 8, cols: 8, data: Float64Array.from({ length: 64 }, (_, i) => ((i * 37) % 17) / 17) };
    const pool = await createPool({ workers: 2 });
    try {
      const rss = () => process.memoryUsage().rss / 2 ** 20;
      let first: { actions: Int32Array; values: Float64Array } | undefined;
      for (let r = 0; r < 5; r++) first = await pool.bestResponses(U, { rows: S, cols: Y, data });
      const before = rss();
      for (let r = 0; r < 30; r++) await pool.bestResponses(U, { rows: S, cols: Y, data });
      const grown = rss() - before;
      expect(grown, `resident memory grew by ${grown.toFixed(0)} MB over 30 calls (a leak: ~360 MB)`).toBeLessThan(150);
      expect(first!.values.buffer instanceof SharedArrayBuffer).toBe(false);
      expect(first!.actions.buffer instanceof SharedArrayBuffer).toBe(false);
      // every posterior is a vertex: the best action at state y has the largest utility in column y
      for (const s of [0, 1, 7, 999_999]) {
        const y = s % Y;
        let best = 0;
        for (let a = 1; a < 8; a++) if (U.data[a * 8 + y]! > U.data[best * 8 + y]!) best = a;
        expect(first!.actions[s]).toBe(best);
        expect(first!.values[s]).toBe(U.data[best * 8 + y]);
      }
    } finally {
      await pool.close();
    }
  }, 120_000);
});

describe("map with an AbortSignal", () => {
  it("adds one listener to the caller's signal, however many batches (Node warns from 11 on)", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on("warning", onWarning);
    const pool = await createPool({ workers: 2 });
    try {
      const ac = new AbortController();
      const argsList = Array.from({ length: 40 }, (_, i) => [[[1, i], [2, 1], [0, 1]], [1, 2, 3]] as [number[][], number[]]);
      const results = await pool.map("nnls", argsList, { signal: ac.signal, batchSize: 1 });
      expect(results).toHaveLength(40);
      await new Promise((r) => setTimeout(r, 10));   // warnings are emitted on a later tick
      expect(warnings.filter((w) => /MaxListeners/.test(w))).toEqual([]);
    } finally {
      process.off("warning", onWarning);
      await pool.close();
    }
  }, 60_000);
});

describe("pool start-up failures", () => {
  it("a worker script that cannot load rejects createPool once (no respawn loop)", async () => {
    const started = performance.now();
    await expect(createPool({ workers: 2, workerUrl: new URL("./no-such-worker.mjs", import.meta.url) })).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});

describe("experiments on the pool (the CLI's worker: engine methods + experimentUnits + sweepTasks)", () => {
  it("runExperimentOnPool on 2 workers equals runAlignmentExperiment on one engine, bit for bit", async () => {
    const { WorkerPool } = await import("../../src/pool/pool.js");
    const { nodeHost } = await import("../../src/pool/node.js");
    const { workerFile } = await import("../../src/cli/pool.js");
    const { runExperimentOnPool } = await import("../../src/app/sweep/experiment.js");
    const { runAlignmentExperiment, hasHull } = await import("../../src/app/experiments/alignment.js");
    const { syntheticModels } = await import("../../src/app/experiments/synthetic.js");
    const { createEngine } = await import("../../src/index.js");
    const { canon } = await import("./pool-checks.js");
    const inst = syntheticModels({ n: 40, k: 9, seed: 4, factors: 3, mixShare: 0.5, userNoise: 0.1 });
    const data = { name: "synthetic", U: inst.U, u: inst.u, models: Array.from({ length: 9 }, (_, j) => `m${j}`), points: Array.from({ length: 40 }, (_, i) => `p${i}`) };
    const options = { protocol: "random" as const, splits: 12, testFraction: 0.25, kDraws: 5, seed: 3 };
    const ea = await createEngine();
    const pool = new WorkerPool(nodeHost(workerFile()), 2, "wasm");
    try {
      const progress: number[] = [];
      const pooled = await runExperimentOnPool(pool, data, options, hasHull(ea), { onProgress: (d) => progress.push(d) });
      expect(canon(pooled)).toBe(canon(runAlignmentExperiment(ea, data, options)));
      expect(progress.at(-1)).toBe(12 + pooled.protocol.kGrid.length * 5);
    } finally {
      await pool.close();
    }
  }, 120_000);
});
