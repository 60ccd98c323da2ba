/**
 * The page's experiment and sweep on the engine pool (src/pool/, module Web Workers running web/dist/pool-worker.js,
 * `navigator.hardwareConcurrency` of them): the work is split into units / tasks that are pure functions of their
 * index, so the results equal the single worker's (src/worker/tasks.ts runExperiment / runSweep) bit for bit.
 * Cancel aborts: running workers are stopped and replaced (the pool stays usable), the job rejects with AbortError.
 */
import { WorkerPool } from "../pool/pool.js";
import { browserHost } from "../pool/browser.js";
import type { AlignmentData } from "../app/experiments/alignment.js";
import { runExperimentOnPool } from "../app/sweep/experiment.js";
import { taskCount } from "../app/sweep/plan.js";
import { SweepColumns, sweepBatches } from "./sweep-columns.js";
import { experimentOptions, sweepSpec } from "./tasks.js";
import type { ExperimentReply, ExperimentRequest, SweepReply, SweepRequest } from "./protocol.js";

type Progress = (done: number, total: number) => void;

export class PagePool {
  /** The pool once every worker has its engine (or the reason it could not start), for every job after. */
  #pool: Promise<WorkerPool> | undefined;
  #abort: AbortController | undefined;
  constructor(private readonly url: string | URL, readonly workers = Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1)) {}

  #ready(): Promise<WorkerPool> {
    if (!this.#pool) {
      const pool = new WorkerPool(browserHost(this.url), this.workers, "wasm");
      this.#pool = pool.ready().then(() => pool);
    }
    return this.#pool;
  }

  /**
   * Starts the workers and their engines now (the page calls this once its own worker is ready), so that the first
   * experiment or sweep does not wait for them; a failure to start is reported by that first job instead.
   */
  start(): void { this.#ready().catch(() => {}); }

  /** Stops the job that runs now (its calls reject with AbortError). */
  cancel(): void { this.#abort?.abort(); }

  async experiment(data: AlignmentData, r: ExperimentRequest, onProgress?: Progress): Promise<ExperimentReply> {
    const abort = (this.#abort = new AbortController());
    const pool = await this.#ready();
    const t0 = performance.now();
    const result = await runExperimentOnPool(pool, data, { ...experimentOptions(data, r.preset), seed: r.seed }, true, {
      signal: abort.signal, ...(onProgress ? { onProgress } : {}),
    });
    return { result, seconds: (performance.now() - t0) / 1000 };
  }

  async sweep(data: AlignmentData, r: SweepRequest, onProgress?: Progress): Promise<SweepReply> {
    const abort = (this.#abort = new AbortController());
    const spec = sweepSpec(data, r);
    const pool = await this.#ready();
    const t0 = performance.now();
    const total = taskCount(spec);
    // only what the tasks read (not the models' and points' names, cloned again with every batch)
    const shared = { U: data.U, u: data.u };
    const columns = new SweepColumns(spec);
    let done = 0;
    await Promise.all(sweepBatches(total, pool.size).map(async (b) => {
      columns.add(b, (await pool.call("sweepColumns", [spec, b, shared], abort.signal)) as Float64Array);
      done += b.length;
      onProgress?.(done, total);
    }));
    return { rows: columns.summary(), tasks: total, seconds: (performance.now() - t0) / 1000 };
  }
}
