import { InputError } from "../core/errors.js";
import { PAGE_BYTES, type KernelExports, type KernelMemory } from "./abi.js";

/**
 * The only module that touches `memory.buffer` (WebAssembly's, or the js backend's heap). An arena lives for one
 * call: inputs are copied in, kernels run on pointers, results are copied out into JS-owned arrays, and the arena is reset. The f64 view is
 * checked against `memory.buffer` on every access and remade when they differ, so a `memory.grow` (which detaches the
 * old buffer) can never leave a stale view behind; one view per call, not one per copy (a small fit makes a dozen).
 */
export class Arena {
  #top: number;
  #view: Float64Array | null = null;
  #i32: Int32Array | null = null;
  /** A lower bound of the memory's size (it never shrinks): below it no allocation needs to look at memory.buffer. */
  #known = 0;
  constructor(private readonly memory: KernelMemory, private readonly base: number, private readonly limit: number) {
    this.#top = base;
  }

  /** Reserves `bytes` (16-byte aligned) and returns its byte offset; grows memory on demand. */
  bytes(bytes: number): number {
    const ptr = Math.ceil(this.#top / 16) * 16;
    const end = ptr + Math.max(0, Math.ceil(bytes));
    // the problem's shape decides this before any kernel runs: too large is bad input, not a crash
    if (end > this.limit) throw new InputError(`the problem is too large: it needs ${(end / 2 ** 30).toFixed(2)} GiB and this backend addresses at most ${(this.limit / 2 ** 30).toFixed(2)} GiB; split the problem`);
    this.#top = end;
    if (end <= this.#known) return ptr;
    const size = this.memory.buffer.byteLength;
    this.#known = size;
    const missing = end - size;
    if (missing > 0) {
      try {
        this.memory.grow(Math.ceil(missing / PAGE_BYTES));
      } catch {
        throw new InputError(`the problem is too large: WebAssembly memory could not grow to ${(end / 2 ** 30).toFixed(2)} GiB on this machine; split the problem`);
      }
    }
    return ptr;
  }

  /** The f64 view of the whole memory as it is now (valid until the next allocation that grows it). */
  view(): Float64Array { return this.#f64(); }

  /** A Float64Array over the whole current buffer. */
  #f64(): Float64Array {
    const buffer = this.memory.buffer;
    let v = this.#view;
    if (v === null || v.buffer !== buffer) v = this.#view = new Float64Array(buffer);
    return v;
  }

  f64(length: number): number { return this.bytes(8 * length); }
  i32(length: number): number { return this.bytes(4 * length); }

  /** Copies `src` in and returns its pointer. */
  put(src: ArrayLike<number>): number {
    const ptr = this.f64(src.length);
    this.#f64().set(src, ptr / 8);
    return ptr;
  }

  /** A second copy of `length` doubles at `ptr`, made inside wasm memory (no round trip through JS arrays). */
  duplicate(ptr: number, length: number): number {
    const dst = this.f64(length);
    this.#f64().copyWithin(dst / 8, ptr / 8, ptr / 8 + length);
    return dst;
  }

  /** Copies `length` doubles from `src` to `dst` inside wasm memory. */
  copy(src: number, dst: number, length: number): void {
    this.#f64().copyWithin(dst / 8, src / 8, src / 8 + length);
  }

  /** Sets `length` doubles at `ptr` to 0. */
  zero(ptr: number, length: number): void {
    this.#f64().fill(0, ptr / 8, ptr / 8 + length);
  }

  /** Writes `src` at an existing pointer. */
  write(ptr: number, src: ArrayLike<number>): void {
    this.#f64().set(src, ptr / 8);
  }

  /** A JS-owned copy of `length` doubles at `ptr`. */
  take(ptr: number, length: number): Float64Array {
    return this.#f64().slice(ptr / 8, ptr / 8 + length);
  }

  /** Copies `length` doubles at `ptr` into `target` from index `at` (no intermediate array: a response call's rows go
   *  straight into its result, or into a pool's shared output). */
  readInto(ptr: number, length: number, target: Float64Array, at: number): void {
    target.set(this.#f64().subarray(ptr / 8, ptr / 8 + length), at);
  }

  /** readInto for i32. */
  readI32Into(ptr: number, length: number, target: Int32Array, at: number): void {
    target.set(new Int32Array(this.memory.buffer, ptr, length), at);
  }

  /** `count` JS-owned copies of `length` doubles each, laid out one after another from `ptr`. */
  takeEach(ptr: number, length: number, count: number): Float64Array[] {
    const view = this.#f64().subarray(ptr / 8, ptr / 8 + length * count);
    const out: Float64Array[] = [];
    for (let j = 0; j < count; j++) out.push(view.slice(j * length, (j + 1) * length));
    return out;
  }

  /** The double at `ptr` + 8·i. */
  get(ptr: number, i = 0): number { return this.#f64()[ptr / 8 + i]!; }

  /** A JS-owned copy of `length` doubles at `ptr` as a plain array: for values that stay inside the library (a small
   *  Float64Array costs an off-heap allocation, several times this; a user-facing result stays a Float64Array). */
  takeArray(ptr: number, length: number): number[] {
    const v = this.#f64(), o = ptr / 8;
    const out = new Array<number>(length);
    for (let i = 0; i < length; i++) out[i] = v[o + i]!;
    return out;
  }

  /** The i32 at `ptr`. */
  getI32(ptr: number): number {
    const buffer = this.memory.buffer;
    let v = this.#i32;
    if (v === null || v.buffer !== buffer) v = this.#i32 = new Int32Array(buffer);
    return v[ptr / 4]!;
  }

  /** Copies `src` (i32) in and returns its pointer. */
  putI32(src: ArrayLike<number>, length = src.length): number {
    const ptr = this.i32(Math.max(length, 2));
    new Int32Array(this.memory.buffer, ptr, src.length).set(src);
    return ptr;
  }

  takeI32(ptr: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, length).slice();
  }

  release(): void { this.#top = this.base; }
}

/** Runs `fn` with a fresh arena on this instance's memory and always resets it. */
export function withArena<T>(kernels: KernelExports, fn: (arena: Arena) => T): T {
  const arena = new Arena(kernels.memory, kernels.heapBase(), kernels.maxMemoryBytes);
  try {
    return fn(arena);
  } finally {
    arena.release();
  }
}

/** Fails with InputError before anything is allocated when a problem cannot fit the 32-bit address space. */
export function ensureFits(kernels: KernelExports, bytes: number, what: string): void {
  const available = kernels.maxMemoryBytes - kernels.heapBase() - 1024 * 1024;
  if (bytes > available) {
    throw new InputError(
      `${what} is too large for the kernels' memory: it needs ${(bytes / 2 ** 30).toFixed(2)} GiB and this backend addresses at most ${(kernels.maxMemoryBytes / 2 ** 30).toFixed(0)} GiB; split the problem`,
    );
  }
}
