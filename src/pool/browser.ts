/// <reference lib="dom" />
import { createPoolOn, type HostWorker, type Pool, type PoolHost, type PoolOptions } from "./pool.js";
import type { PoolReply } from "./protocol.js";

/**
 * `emergent-align/pool` under the `browser` export condition: the pool on module Web Workers running
 * dist/pool-worker.browser.js (found next to this file through `new URL(…, import.meta.url)`, the pattern bundlers
 * such as Vite and webpack follow; `workerUrl` overrides it).
 */
export function browserHost(url?: string | URL): PoolHost {
  return {
    defaultWorkers: () => Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1),
    spawn(): HostWorker {
      const w = url === undefined
        ? new Worker(new URL("./pool-worker.browser.js", import.meta.url), { type: "module" })
        : new Worker(url, { type: "module" });
      let ended = false;
      return {
        post: (message, transfer) => w.postMessage(message, transfer),
        listen(onMessage, onFatal) {
          w.onmessage = (event: MessageEvent<PoolReply>) => onMessage(event.data);
          w.onerror = (event: ErrorEvent) => {
            event.preventDefault();
            if (!ended) { ended = true; onFatal(new Error(`a pool worker failed: ${event.message || "it could not be loaded"}`)); }
          };
          w.onmessageerror = () => { if (!ended) { ended = true; onFatal(new Error("a pool worker's message could not be read")); } };
        },
        setBusy: () => {},
        terminate: () => { ended = true; w.terminate(); },
      };
    },
  };
}

/** Starts `workers` engines (default: navigator.hardwareConcurrency) in module Web Workers; see the Pool interface. */
export function createPool(options?: PoolOptions): Promise<Pool> {
  return createPoolOn(browserHost(options?.workerUrl), options);
}

export { abortError } from "./pool.js";
export type { AsyncEngine, MapOptions, Pool, PoolMethod, PoolOptions, RunOptions } from "./pool.js";
