import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import Tinypool from "tinypool";
import type { SweepTaskMessage } from "../app/sweep/worker.js";

/**
 * The sweep's worker pool (tinypool over Node worker_threads). The worker file is dist/sweep-worker.js next to the
 * bundled CLI, or src/app/sweep/dev-worker.mjs (which registers tsx and loads src/app/sweep/worker.ts) when the CLI runs from
 * source.
 */
export function workerFile(): string {
  for (const candidate of [new URL("./sweep-worker.js", import.meta.url), new URL("../app/sweep/dev-worker.mjs", import.meta.url)]) {
    const path = fileURLToPath(candidate);
    if (existsSync(path)) return path;
  }
  throw new Error(`sweep worker not found next to ${fileURLToPath(import.meta.url)} (expected sweep-worker.js, or ../app/sweep/dev-worker.mjs)`);
}

export const defaultWorkers = (): number => Math.max(1, availableParallelism());

/** A warm pool of sweep workers (each compiles its engine once, on its first task). */
export class SweepPool {
  readonly #pool: Tinypool;
  constructor(readonly workers: number, readonly filename = workerFile()) {
    this.#pool = new Tinypool({ filename, minThreads: workers, maxThreads: workers, isolateWorkers: false, idleTimeout: 1000 });
  }
  run(message: SweepTaskMessage): Promise<string[]> {
    return this.#pool.run(message) as Promise<string[]>;
  }
  destroy(): Promise<void> {
    return this.#pool.destroy();
  }
}

/**
 * Runs `batches` on `workers` threads and calls `onResult(batchIndex, lines)` as each one finishes (in completion
 * order; the caller restores task order). Resolves when all are done; the first failure rejects and stops the pool.
 */
export async function runPool(
  batches: SweepTaskMessage[], workers: number, onResult: (batch: number, lines: string[]) => void, filename = workerFile(),
): Promise<void> {
  const pool = new SweepPool(workers, filename);
  try {
    await Promise.all(batches.map(async (b, i) => { onResult(i, await pool.run(b)); }));
  } finally {
    await pool.destroy();
  }
}
