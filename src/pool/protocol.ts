/**
 * The message protocol between a pool (src/pool/pool.ts) and its workers (src/pool/serve.ts). Host-neutral: the same
 * messages travel over Node's worker_threads and browsers' module Web Workers.
 *
 *   pool → worker   { id, method, calls, packed? }   calls: the argument lists of `calls.length` calls of `method`,
 *                                                      run one after another (a batch amortises the message cost);
 *                                                      packed: their Float64Arrays in one transferred buffer (pack.ts)
 *   pool → worker   { init: { backend } }            first, once: the worker creates its engine and replies with id −1
 *   worker → pool   { id, ok: true, values, encoded?, returned? }
 *                                                      one value per call; their typed arrays are transferred, or
 *                                                      (encoded) a batch's values are in one buffer (values.ts) and
 *                                                      `values` is empty; the packed buffer comes back (returned)
 *                                                      to be reused
 *                   { id, ok: false, name, message } the first call that threw (InputError etc. keep their name)
 * */
import type { Packed } from "./pack.js";
import type { EncodedValues } from "./values.js";

export interface PoolInit { init: { backend: "wasm" | "js" } }
export interface PoolRequest { id: number; method: string; calls: unknown[][]; packed?: Packed }
export type PoolReply =
  | { id: number; ok: true; values: unknown[]; encoded?: EncodedValues; returned?: ArrayBuffer }
  | { id: number; ok: false; name: string; message: string; index: number }
  | { id: -1; ok: true; values: [] }
  | { id: -1; ok: false; name: string; message: string; index: -1 };

/**
 * Every distinct ArrayBuffer under a value (the typed arrays of results), to transfer rather than copy. Buffers of
 * SharedArrayBuffer are skipped (they are shared anyway), as are views that do not cover their whole buffer (the
 * rest of the buffer may belong to someone else).
 */
export function transferables(value: unknown, out = new Set<ArrayBuffer>(), depth = 0): ArrayBuffer[] {
  if (depth > 8 || value === null || typeof value !== "object") return [...out];
  if (ArrayBuffer.isView(value)) {
    const buf = value.buffer;
    if (buf instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === buf.byteLength) out.add(buf);
    return [...out];
  }
  for (const v of Array.isArray(value) ? value : Object.values(value)) transferables(v, out, depth + 1);
  return [...out];
}
