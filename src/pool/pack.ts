/**
 * Packing a request's Float64Arrays into one buffer that travels to the worker and back.
 *
 * Why: posting `{ rows, cols, data }` structured-clones `data` — serialised on the calling thread into a fresh message
 * buffer, then deserialised into fresh memory on the worker — and for many small fits (200×20: 33 KB a call) that
 * clone, its allocations and its garbage cost the calling thread a third of the fit itself, which caps the pool's
 * scaling well below the number of cores. Packed, the calling thread does one memcpy per array into a buffer it
 * already owns; the buffer is shared (or, where it cannot be, transferred: no copy either way) and the worker reads
 * the arrays as views over it; the reply hands the buffer back to be reused. The caller's arrays are only read: they are never transferred or detached.
 *
 * The packed arrays are replaced by `null` in the message and located by their path (call, argument, keys), so no
 * value a user passes can be mistaken for a placeholder.
 */

/** Where one packed array goes back: its path below the calls and its place in the buffer (in float64 elements). */
export interface PackedSlot { path: (string | number)[]; offset: number; length: number }
export interface Packed { buffer: ArrayBuffer; slots: PackedSlot[] }

/** Below this many bytes of arrays a request is posted as it is (a clone of a few KB costs less than the walk). */
export const PACK_MIN_BYTES = 16 * 1024;
/** How deep the walk looks: calls → argument → { data } or rows, and one level more for option objects. */
const MAX_DEPTH = 4;

function isPlainContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  if (Array.isArray(v)) return true;
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A Float64Array the pool may copy: over an ArrayBuffer (arrays over a SharedArrayBuffer are shared as they are). */
function packable(v: unknown): v is Float64Array {
  return v instanceof Float64Array && !(typeof SharedArrayBuffer === "function" && v.buffer instanceof SharedArrayBuffer);
}

/** `v` with its packable arrays replaced by null (a container holding one is copied; nothing of the caller's changes). */
function strip(v: unknown, path: (string | number)[], out: { path: (string | number)[]; array: Float64Array }[], depth: number): unknown {
  if (packable(v)) { out.push({ path: path.slice(), array: v }); return null; }
  if (depth >= MAX_DEPTH || !isPlainContainer(v)) return v;
  const before = out.length;
  let copy: unknown[] | Record<string, unknown>;
  if (Array.isArray(v)) {
    if (typeof v[0] === "number") return v;   // a row of numbers: cloned as it is
    const c: unknown[] = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) { path.push(i); c[i] = strip(v[i], path, out, depth + 1); path.pop(); }
    copy = c;
  } else {
    const c: Record<string, unknown> = {};
    for (const key of Object.keys(v)) { path.push(key); c[key] = strip(v[key], path, out, depth + 1); path.pop(); }
    copy = c;
  }
  return out.length === before ? v : copy;
}

/**
 * The calls with their Float64Arrays copied into a buffer from `take(bytes)` and replaced by null, or null when the
 * arrays are too small to be worth it. The caller's values are not changed.
 */
export function packCalls(calls: unknown[][], take: (bytes: number) => ArrayBuffer): { calls: unknown[][]; packed: Packed } | null {
  const found: { path: (string | number)[]; array: Float64Array }[] = [];
  const stripped = strip(calls, [], found, 0) as unknown[][];
  let elements = 0;
  for (const f of found) elements += f.array.length;
  if (elements * 8 < PACK_MIN_BYTES) return null;
  const buffer = take(elements * 8);
  const whole = new Float64Array(buffer);
  const slots: PackedSlot[] = [];
  let offset = 0;
  for (const f of found) {
    whole.set(f.array, offset);
    slots.push({ path: f.path, offset, length: f.array.length });
    offset += f.array.length;
  }
  return { calls: stripped, packed: { buffer, slots } };
}

/** The worker's side: puts views over the packed buffer back where the arrays were (in place: the message is ours). */
export function unpackCalls(calls: unknown[][], packed: Packed): unknown[][] {
  for (const { path, offset, length } of packed.slots) {
    let parent = calls as unknown as Record<string | number, unknown>;
    for (let i = 0; i < path.length - 1; i++) parent = parent[path[i]!] as Record<string | number, unknown>;
    parent[path[path.length - 1]!] = new Float64Array(packed.buffer, offset * 8, length);
  }
  return calls;
}

/** Whether a result holds a view over `buffer` (then the buffer must not be handed back for reuse). */
export function usesBuffer(value: unknown, buffer: ArrayBuffer, depth = 0): boolean {
  if (ArrayBuffer.isView(value)) return value.buffer === buffer;
  if (depth > 8 || value === null || typeof value !== "object") return false;
  for (const v of Array.isArray(value) ? value : Object.values(value)) if (usesBuffer(v, buffer, depth + 1)) return true;
  return false;
}

/**
 * Whether request buffers can be SharedArrayBuffers: in Node, and in browsers when the page is cross-origin isolated.
 * Why shared: a transferred ArrayBuffer arrives as new external memory in the receiving thread each time, so a
 * buffer going back and forth for every batch makes both threads' garbage collectors run for memory pressure that
 * is not there (V8's "external memory pressure" scavenges: a third of the calling thread's time on small fits). A
 * shared buffer is posted by reference; it is reused only after the worker's reply hands it back, when the worker is
 * done with it.
 */
export function canShareBuffers(): boolean {
  return typeof SharedArrayBuffer === "function" && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
}

/** A request buffer that travels by transfer (a plain ArrayBuffer); shared ones are posted as they are. */
export function transferred(buffer: ArrayBuffer): ArrayBuffer[] {
  return typeof SharedArrayBuffer === "function" && (buffer as unknown) instanceof SharedArrayBuffer ? [] : [buffer];
}

/** Buffers returned by the workers, kept for the next requests (a few per worker; fresh memory costs page faults). */
export class BufferStock {
  readonly #free: ArrayBuffer[] = [];
  constructor(readonly capacity: number, readonly shared = canShareBuffers()) {}

  /**
   * The smallest kept buffer of at least `bytes`, or a new one rounded up to a power of 2. A transferred buffer is
   * not used for a request of less than a quarter of its size (the receiving thread counts its whole size as new
   * memory); a shared one is used for any smaller request (a map's batches shrink towards its end: fresh buffers
   * for them cost page faults every time).
   */
  take(bytes: number): ArrayBuffer {
    let best = -1;
    const most = this.shared ? Infinity : 4 * bytes;
    for (let i = 0; i < this.#free.length; i++) {
      const n = this.#free[i]!.byteLength;
      if (n >= bytes && n <= most && (best < 0 || n < this.#free[best]!.byteLength)) best = i;
    }
    if (best >= 0) return this.#free.splice(best, 1)[0]!;
    const size = Math.max(PACK_MIN_BYTES, 2 ** Math.ceil(Math.log2(bytes)));
    return this.shared ? new SharedArrayBuffer(size) as unknown as ArrayBuffer : new ArrayBuffer(size);
  }

  give(buffer: ArrayBuffer): void {
    if (buffer.byteLength === 0) return;   // detached
    this.#free.push(buffer);
    if (this.#free.length > this.capacity) this.#free.shift();
  }
}
