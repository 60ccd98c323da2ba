/**
 * `emergent-align/worker`: the engine off the main thread, in a module Web Worker (browsers, Deno, Bun; in Node use
 * `emergent-align/pool`). Every Engine method is available as an async method with the same arguments and results:
 *
 *   import { createEngineWorker } from "emergent-align/worker";
 *   const w = createEngineWorker();                       // starts dist/engine-worker.js, next to this module
 *   const fit = await w.engine.alignWeights(U, u, { constraint: "simplex", offset: true });
 *   w.cancel();                                           // stops a long call; pending calls reject with CancelledError
 *
 * Bundlers that copy workers only when they see `new Worker(new URL(…, import.meta.url))` can be given the script's
 * URL explicitly: `new EngineWorker(new URL("emergent-align/worker/script", import.meta.url))`.
 */
import { EngineWorker } from "./client.js";

export { CancelledError, EngineWorker, WorkerError, type AsyncEngine } from "./client.js";
export type { EngineMethod, WorkerMethod, WorkerReply, WorkerRequest } from "./protocol.js";
export { ENGINE_METHODS } from "./protocol.js";

/** An EngineWorker on the worker script shipped next to this module (or on `url`). */
export function createEngineWorker(url: string | URL = new URL("./engine-worker.js", import.meta.url)): EngineWorker {
  return new EngineWorker(url);
}
