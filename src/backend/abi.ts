import type { KernelFunctions } from "./abi.generated.js";

/**
 * The kernels' binary interface, the same for both backends: the functions exported by assembly/index.ts
 * (signatures generated from assembly/ at build time into abi.generated.ts, so a changed kernel signature fails the
 * type check) over one linear memory addressed by byte offsets.
 */

/** A linear memory: a WebAssembly.Memory, or the js backend's growable ArrayBuffer heap (src/backend/js/). */
export interface KernelMemory {
  readonly buffer: ArrayBuffer;
  /** Grows by `pages` 64 KiB pages; returns the previous size in pages (WebAssembly.Memory's contract). */
  grow(pages: number): number;
}

export interface KernelExports extends KernelFunctions {
  readonly memory: KernelMemory;
  /** First free byte after the module's static data: the arena starts here. */
  heapBase(): number;
  /** The largest byte offset this backend addresses (wasm32: 4 GiB; js: 2 GiB). */
  readonly maxMemoryBytes: number;
  /** Drops what the backend's module keeps of this instance beyond its exports (the js backend's module-level views
   *  over the last heap it ran on), so that disposing an engine frees its memory. */
  release?(): void;
}

/** WebAssembly pages are 64 KiB; wasm32 addresses at most 65536 of them (4 GiB). */
export const PAGE_BYTES = 65536;
export const MAX_MEMORY_BYTES = 65536 * PAGE_BYTES;
