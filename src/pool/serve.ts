import { createEngine, type Engine } from "../index.js";
import type { BestResponseOptions, MatrixLike, QuantalResponseOptions } from "../core/types.js";
import { engineKernels } from "../engine.js";
import * as responses from "../api/responses.js";
import { transferables, type PoolInit, type PoolReply, type PoolRequest } from "./protocol.js";
import { transferred, unpackCalls, usesBuffer } from "./pack.js";
import { encodeValues } from "./values.js";

/**
 * The worker side of the pool, host-neutral: `port` is Node's `parentPort` or a Web Worker's `self` (see
 * worker-node.ts, worker-browser.ts). Requests run strictly one after another on this worker's engine (the engine is
 * synchronous); every result's typed arrays are transferred back.
 */
export interface WorkerPort {
  post(message: PoolReply, transfer: ArrayBuffer[]): void;
  listen(handler: (message: PoolInit | PoolRequest) => void): void;
}

/** A worker method: the engine first, then the caller's arguments. */
export type WorkerHandler = (ea: Engine, ...args: unknown[]) => unknown;

/** The Engine's methods that a pool forwards (simplexGridChunks, a generator, runs in the calling thread instead). */
export const FORWARDED_METHODS = [
  "nnls", "alignWeights", "nnlsMany", "alignWeightsMany", "linprog", "hullDistance", "inHull", "bestResponses",
  "quantalResponses", "simplexGrid", "simplexGridSize", "concavify", "persuasion", "selectionGame",
] as const;

/**
 * The pool's own worker method for a block of a split response call on shared posteriors: runs the engine's `method`
 * on the block and writes its rows into `out` (views of the pool's reused shared buffer) from row `row` on; returns
 * nothing. (Not an Engine method.)
 */
export const RESPOND_INTO = "respondInto";
export interface RespondIntoOutput { actions?: Int32Array; values: Float64Array }

function respondInto(ea: Engine, method: unknown, args: unknown, out: unknown, row: unknown): null {
  // the kernels write the block's rows straight into the shared output (no result arrays of the worker's own: for
  // 10⁶ posteriors those were megabytes allocated, faulted in and copied again on every call)
  const o = out as RespondIntoOutput, at = row as number;
  const [utility, posteriors, ...rest] = args as [MatrixLike, MatrixLike, ...unknown[]];
  const rowsOf = (m: unknown) => (Array.isArray(m) ? m.length : (m as { rows: number }).rows);
  const rows = rowsOf(posteriors);
  if (method === "bestResponses") {
    responses.bestResponses(engineKernels(ea, "bestResponses"), utility, posteriors, rest[0] as BestResponseOptions | undefined,
      { actions: o.actions!.subarray(at, at + rows), values: o.values.subarray(at, at + rows) });
  } else {
    const width = rowsOf(utility);   // one probability per action
    responses.quantalResponses(engineKernels(ea, "quantalResponses"), utility, posteriors, rest[0] as number, rest[1] as QuantalResponseOptions | undefined,
      o.values.subarray(at * width, (at + rows) * width));
  }
  return null;
}

function errorReply(id: number, index: number, e: unknown): PoolReply {
  const err = e instanceof Error ? e : new Error(String(e));
  return { id, ok: false, name: err.name, message: err.message, index } as PoolReply;
}

export function serve(port: WorkerPort, extra: Record<string, WorkerHandler> = {}): void {
  let engine: Engine | undefined;
  const handlers = new Map<string, WorkerHandler>();
  for (const m of FORWARDED_METHODS) {
    handlers.set(m, (ea, ...args) => (ea[m] as (...x: unknown[]) => unknown)(...args));
  }
  handlers.set(RESPOND_INTO, respondInto);
  for (const [name, h] of Object.entries(extra)) handlers.set(name, h);

  // messages are handled in arrival order: the init (async) must finish before the first request runs
  let queue: Promise<void> = Promise.resolve();
  port.listen((message) => {
    queue = queue.then(async () => {
      if ("init" in message) {
        try {
          engine = await createEngine({ backend: message.init.backend });
          port.post({ id: -1, ok: true, values: [] }, []);
        } catch (e) {
          port.post(errorReply(-1, -1, e), []);
        }
        return;
      }
      const { id, method, packed } = message;
      const calls = packed ? unpackCalls(message.calls, packed) : message.calls;
      const handler = handlers.get(method);
      if (!engine || !handler) {
        port.post(errorReply(id, 0, new TypeError(engine ? `the pool has no method ${JSON.stringify(method)}` : "the worker has no engine")), []);
        return;
      }
      const values: unknown[] = [];
      for (let i = 0; i < calls.length; i++) {
        try {
          values.push(await handler(engine, ...calls[i]!));
        } catch (e) {
          port.post(errorReply(id, i, e), []);
          return;
        }
      }
      const encoded = encodeValues(values);
      const transfer = encoded ? [encoded.numbers.buffer as ArrayBuffer] : transferables(values);
      const reply: PoolReply = encoded ? { id, ok: true, values: [], encoded } : { id, ok: true, values };
      if (packed && (encoded || !usesBuffer(values, packed.buffer))) {
        // the engine copied the arguments into its own memory: the buffer goes back to the pool to be reused
        port.post({ ...reply, returned: packed.buffer } as PoolReply, [...transfer, ...transferred(packed.buffer)]);
      } else {
        port.post(reply, transfer);
      }
    });
  });
}
