import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { WorkerPool } from "../pool/pool.js";
import { nodeHost } from "../pool/node.js";
import type { BackendName } from "../core/types.js";
import type { SweepTaskMessage } from "../app/sweep/worker.js";

/**
 * The sweep's and reproduce's workers: the library's engine pool (src/pool/, worker_threads) whose worker also knows
 * `sweepTasks` and `experimentUnits`. The worker file is dist/sweep-worker.js next to the bundled CLI, or
 * src/app/sweep/dev-worker.mjs (which registers tsx and loads src/app/sweep/worker.ts) when the CLI runs from source.
 */
export function workerFile(): string {
  for (const candidate of [new URL("./sweep-worker.js", import.meta.url), new URL("../app/sweep/dev-worker.mjs", import.meta.url)]) {
    const path = fileURLToPath(candidate);
    if (existsSync(path)) return path;
  }
  throw new Error(`sweep worker not found next to ${fileURLToPath(import.meta.url)} (expected sweep-worker.js, or ../app/sweep/dev-worker.mjs)`);
}

export const defaultWorkers = (): number => Math.max(1, availableParallelism());

/** A warm pool of sweep workers (each compiles its engine once, when it starts). */
export class SweepPool {
  readonly #pool: WorkerPool;
  constructor(readonly workers: number, readonly filename = workerFile(), backend: BackendName = "wasm") {
    this.#pool = new WorkerPool(nodeHost(filename), workers, backend);
  }
  /** One batch of tasks: their JSON lines, in task order. */
  async run(message: SweepTaskMessage): Promise<string[]> {
    return (await this.#pool.call("sweepTasks", [message])) as string[];
  }
  destroy(): Promise<void> {
    return this.#pool.close();
  }
}

/**
 * Runs `batches` on `workers` threads and calls `onResult(batchIndex, lines)` as each one finishes (in completion
 * order; the caller restores task order). Resolves when all are done; the first failure rejects and stops the pool.
 */
export async function runPool(
  batches: SweepTaskMessage[], workers: number, onResult: (batch: number, lines: string[]) => void, filename = workerFile(),
): Promise<void> {
  const pool = new SweepPool(workers, filename, batches[0]?.spec.backend ?? "wasm");
  try {
    await Promise.all(batches.map(async (b, i) => { onResult(i, await pool.run(b)); }));
  } finally {
    await pool.destroy();
  }
}
