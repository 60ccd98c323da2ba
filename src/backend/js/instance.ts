import * as generated from "./kernels.generated.js";
import { PAGE_BYTES, type KernelExports, type KernelMemory } from "../abi.js";

/**
 * The js backend: the kernels compiled from assembly/ to JavaScript (kernels.generated.ts, built by
 * build/build-js-backend.mjs) over a heap laid out like WebAssembly memory, so that the same adapter
 * (src/backend/kernels.ts) drives both backends and both give the same bits.
 */

/** Byte offsets stay below 2^31 so that the kernels' `<<` offset arithmetic is exact in JavaScript. */
export const JS_MAX_MEMORY_BYTES = 2 ** 31 - PAGE_BYTES;

/** A growable ArrayBuffer with WebAssembly.Memory's contract: grow(pages) makes at least `pages` more pages
 *  addressable and replaces the buffer (views over the old one must not be kept). Capacity at least doubles on each
 *  grow, so that an arena growing by small steps copies O(total) bytes. */
class HeapMemory implements KernelMemory {
  #buffer = new ArrayBuffer(PAGE_BYTES);
  get buffer(): ArrayBuffer { return this.#buffer; }
  grow(pages: number): number {
    const before = this.#buffer.byteLength / PAGE_BYTES;
    const need = this.#buffer.byteLength + pages * PAGE_BYTES;
    if (need > JS_MAX_MEMORY_BYTES) throw new RangeError(`the js backend's heap is limited to ${JS_MAX_MEMORY_BYTES} bytes`);
    const next = new ArrayBuffer(Math.min(JS_MAX_MEMORY_BYTES, Math.max(need, 2 * this.#buffer.byteLength)));
    new Uint8Array(next).set(new Uint8Array(this.#buffer));
    this.#buffer = next;
    return before;
  }
}

type Generated = typeof generated;

/** A js engine's kernels: every export bound to this engine's own heap before it runs. */
export function portableExports(): KernelExports {
  const memory = new HeapMemory();
  const bound: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(generated as Generated)) {
    if (name === "bindMemory" || typeof fn !== "function") continue;
    const kernel = fn as (...args: number[]) => number;
    bound[name] = (...args: number[]) => { generated.bindMemory(memory.buffer); return kernel(...args); };
  }
  // The generated module keeps typed-array views over the last heap it ran on: after dispose() they would keep this
  // engine's heap alive. Rebinding to an empty buffer is safe, every call binds its own heap first.
  const release = () => generated.bindMemory(new ArrayBuffer(0));
  return { ...bound, memory, maxMemoryBytes: JS_MAX_MEMORY_BYTES, release } as unknown as KernelExports;
}
