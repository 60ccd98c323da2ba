/** Runs engine calls for the fuzz harness: { id, backend, method, args } in, { id, ok, value | error, ms } out. */

import { parentPort } from "node:worker_threads";
import { createEngine, type Engine } from "../../src/index.js";

const engines: Record<string, Engine> = {
  wasm: await createEngine({ backend: "wasm" }),
  js: await createEngine({ backend: "js" }),
};

parentPort!.on("message", (msg: { id: number; backend: string; method: string; args: unknown[] }) => {
  const engine = engines[msg.backend]! as unknown as Record<string, (...a: unknown[]) => unknown>;
  const t0 = performance.now();
  try {
    const value = engine[msg.method]!(...msg.args);
    parentPort!.postMessage({ id: msg.id, ok: true, value, ms: performance.now() - t0 });
  } catch (e) {
    const err = e as Error;
    parentPort!.postMessage({ id: msg.id, ok: false, error: { name: err?.name ?? "Error", message: String(err?.message ?? e) }, ms: performance.now() - t0 });
  }
});
parentPort!.postMessage({ ready: true });
