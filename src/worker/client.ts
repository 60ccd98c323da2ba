/**
 * A promise-returning client for the engine worker (src/worker/worker.ts):
 *
 *   const w = new EngineWorker(new URL("./worker.js", import.meta.url));
 *   const fit = await w.engine.alignWeights(U, u, { constraint: "simplex", offset: true });   // the Engine API, async
 *   const info = await w.call("loadDataset", [{ kind: "shipped", name: "moral-exceptqa", base }]);
 *   const r = await w.call("sweep", [info.key, request], { onProgress: (done, total) => … });
 *   w.cancel();   // terminates the worker: pending calls reject with CancelledError; the next call starts a new one
 *
 * Data-set loads are remembered and replayed into a restarted worker, so keys stay valid after a cancel.
 */
import { reshapeResult } from "../core/shape.js";
import type { Engine } from "../engine.js";
import type { EngineMethod, WorkerMethod, WorkerReply, WorkerRequest } from "./protocol.js";

export class CancelledError extends Error {
  override name = "CancelledError";
  constructor() { super("cancelled"); }
}

/** An error raised inside the worker, with its original name (InputError, DataError, …). */
export class WorkerError extends Error {
  constructor(override readonly name: string, message: string) { super(message); }
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; onProgress?: ((done: number, total: number) => void) | undefined };

export type AsyncEngine = { [M in EngineMethod]: (...args: Parameters<Engine[M]>) => Promise<ReturnType<Engine[M]>> };

export class EngineWorker {
  #worker: Worker | undefined;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  /** Data-set loads by key, replayed into a restarted worker. */
  #replay = new Map<string, WorkerRequest>();
  /** How many workers have been started (1 after the first call; +1 after each cancel). */
  generation = 0;
  readonly engine: AsyncEngine;

  constructor(private readonly url: string | URL) {
    this.engine = new Proxy({} as AsyncEngine, {
      get: (_t, name) => (...args: unknown[]) => this.call("engine", [name, ...args]).then((r) => reshapeResult(String(name), args, r)),
    });
  }

  get busy(): boolean { return this.#pending.size > 0; }

  call<T = unknown>(method: WorkerMethod, args: unknown[], options: { onProgress?: (done: number, total: number) => void } = {}): Promise<T> {
    const worker = this.#ensure();
    const id = this.#nextId++;
    const req: WorkerRequest = { id, method, args };
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: options.onProgress });
      worker.postMessage(req);
    }).then((v) => {
      if (method === "loadDataset") this.#replay.set((v as { key: string }).key, { id: 0, method, args });
      return v;
    });
  }

  /** Stops whatever runs now (terminating the worker) and rejects every pending call with CancelledError. */
  cancel(): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.reject(new CancelledError());
  }

  terminate(): void { this.cancel(); this.#replay.clear(); }

  #ensure(): Worker {
    if (this.#worker) return this.#worker;
    if (typeof Worker === "undefined") throw new WorkerError("WorkerError", "EngineWorker needs module Web Workers (browsers, Deno, Bun); in Node use emergent-align/pool");
    const worker = new Worker(this.url, { type: "module", name: "emergent-align engine" });
    this.generation++;
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const m = event.data;
      const p = this.#pending.get(m.id);
      if (!p) return; // a replayed load, or a call already cancelled
      if (m.kind === "progress") p.onProgress?.(m.done, m.total);
      else {
        this.#pending.delete(m.id);
        if (m.kind === "result") p.resolve(m.value);
        else p.reject(new WorkerError(m.name, m.message));
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      const error = new WorkerError("WorkerError", `the engine worker failed: ${event.message || "it could not start (is worker.js served?)"}`);
      const pending = [...this.#pending.values()];
      this.#pending.clear();
      this.#worker?.terminate();
      this.#worker = undefined;
      for (const p of pending) p.reject(error);
    };
    // keys of data sets loaded into an earlier worker stay valid: load them again first (requests run in order)
    for (const r of this.#replay.values()) worker.postMessage({ ...r, id: -(this.#nextId++) });
    this.#worker = worker;
    return worker;
  }
}
