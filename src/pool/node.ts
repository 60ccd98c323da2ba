import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createPoolOn, type HostWorker, type Pool, type PoolHost, type PoolOptions } from "./pool.js";
import type { PoolReply } from "./protocol.js";

/**
 * `emergent-align/pool` under the `node` export condition: the pool on worker_threads. The worker script is
 * dist/pool-worker.node.js next to this bundle, or (running from source: tests, tsx) src/pool/dev-worker.mjs.
 */
export function defaultWorkerFile(): URL {
  for (const candidate of [new URL("./pool-worker.node.js", import.meta.url), new URL("./dev-worker.mjs", import.meta.url)]) {
    if (existsSync(fileURLToPath(candidate))) return candidate;
  }
  throw new Error(`the pool's worker script was not found next to ${fileURLToPath(import.meta.url)} (pool-worker.node.js)`);
}

/**
 * The process's flags that a worker needs: module loaders and resolution conditions (--import, --require, --loader,
 * --conditions, …). Others are dropped: V8 and per-process flags (--expose-gc, --max-old-space-size) are refused by
 * worker_threads, and --input-type is only valid with -e.
 */
export function workerExecArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  const keep = /^--(import|require|loader|experimental-loader|conditions|experimental-[\w-]+|enable-source-maps|no-warnings)(=|$)|^-[rC]$/;
  const takesValue = /^--(import|require|loader|experimental-loader|conditions)$|^-[rC]$/;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!keep.test(a)) continue;
    out.push(a);
    if (takesValue.test(a) && i + 1 < argv.length) out.push(argv[++i]!);
  }
  return out;
}

export function nodeHost(file: URL | string = defaultWorkerFile()): PoolHost {
  return {
    defaultWorkers: () => Math.max(1, availableParallelism()),
    spawn(): HostWorker {
      const w = new Worker(file, { execArgv: workerExecArgv(process.execArgv) });
      let fatal: ((e: Error) => void) | undefined;
      let ended = false;
      w.on("error", (e) => { if (!ended) { ended = true; fatal?.(e); } });
      w.on("exit", (code) => { if (!ended) { ended = true; fatal?.(new Error(`a pool worker exited (code ${code})`)); } });
      return {
        post: (message, transfer) => w.postMessage(message, transfer),
        listen(onMessage, onFatal) {
          fatal = onFatal;
          w.on("message", (m: PoolReply) => onMessage(m));
          // after the listeners (adding one re-refs the worker's port): an idle worker keeps no process alive
          w.unref();
        },
        setBusy: (busy) => { if (busy) w.ref(); else w.unref(); },
        terminate: () => { ended = true; void w.terminate(); },
      };
    },
  };
}

/** Starts `workers` engines (default: every core) on worker threads; see the Pool interface. */
export function createPool(options?: PoolOptions): Promise<Pool> {
  return createPoolOn(nodeHost(options?.workerUrl ?? defaultWorkerFile()), options);
}

export { abortError } from "./pool.js";
export type { AsyncEngine, MapOptions, Pool, PoolMethod, PoolOptions, RunOptions } from "./pool.js";
