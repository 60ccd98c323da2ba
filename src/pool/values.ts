/**
 * A batch's results in one buffer, for the trip from a worker back to the calling thread.
 *
 * Why: a `map` of many small fits returns hundreds of result objects per message. Structured-cloned, each costs the
 * calling thread its deserialisation (objects, strings, an ArrayBuffer per typed array, each transferred one by one)
 * and the garbage collector's work on every one of those buffers: about half of the calling thread's time per
 * 200×20 fit, time that on a machine with as many cores as workers is taken from the workers. Results of one method
 * have one shape, so a batch is sent as that shape once plus every result's numbers in one transferred
 * Float64Array and its strings in a small table (a status and a message repeat in every result: sent once).
 *
 * Exact: numbers travel as float64 (every result number is one), integers of Int32Arrays too; -0, NaN and Infinity
 * keep their bits. A batch whose results do not all have the first one's shape (or hold anything else: a
 * SharedArrayBuffer's view, a class instance, a large array) is not encoded: it travels as before.
 */

type Shape =
  | { kind: "number" | "string" | "boolean" | "null" | "undefined" | "f64" | "i32" }
  | { kind: "object"; keys: string[]; fields: Shape[] };

export interface EncodedValues { shape: Shape; count: number; numbers: Float64Array; strings: string[] }

/** Fewer results than this are cloned as they are (one object costs little either way). */
const MIN_VALUES = 4;
/** Typed arrays longer than this are left to structured clone (they are the results of big calls, not of a batch). */
const MAX_ARRAY = 4096;
const MAX_DEPTH = 4;

function plainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function unshared(v: ArrayBufferView): boolean {
  return !(typeof SharedArrayBuffer === "function" && v.buffer instanceof SharedArrayBuffer);
}

function shapeOf(v: unknown, depth: number): Shape | null {
  if (v === null) return { kind: "null" };
  switch (typeof v) {
    case "number": return { kind: "number" };
    case "string": return { kind: "string" };
    case "boolean": return { kind: "boolean" };
    case "undefined": return { kind: "undefined" };
    case "object": break;
    default: return null;
  }
  const o = v as object;
  if (o.constructor === Float64Array) return unshared(o as Float64Array) && (o as Float64Array).length <= MAX_ARRAY ? { kind: "f64" } : null;
  if (o.constructor === Int32Array) return unshared(o as Int32Array) && (o as Int32Array).length <= MAX_ARRAY ? { kind: "i32" } : null;
  if (depth >= MAX_DEPTH || Array.isArray(o) || !plainObject(o)) return null;
  const keys = Object.keys(o), fields: Shape[] = [];
  for (const k of keys) {
    const s = shapeOf((o as Record<string, unknown>)[k], depth + 1);
    if (!s) return null;
    fields.push(s);
  }
  return { kind: "object", keys, fields };
}

class Writer {
  numbers: Float64Array;
  at = 0;
  readonly strings: string[] = [];
  readonly #index = new Map<string, number>();
  constructor(capacity: number) { this.numbers = new Float64Array(Math.max(16, capacity)); }
  reserve(n: number): void {
    if (this.at + n <= this.numbers.length) return;
    const grown = new Float64Array(Math.max(2 * this.numbers.length, this.at + n));
    grown.set(this.numbers.subarray(0, this.at));
    this.numbers = grown;
  }
  push(x: number): void { this.reserve(1); this.numbers[this.at++] = x; }
  string(s: string): number {
    let i = this.#index.get(s);
    if (i === undefined) { i = this.strings.length; this.strings.push(s); this.#index.set(s, i); }
    return i;
  }
}

/** Writes `v` by `shape`; false when `v` does not have that shape. */
function write(w: Writer, shape: Shape, v: unknown): boolean {
  switch (shape.kind) {
    case "number": if (typeof v !== "number") return false; w.push(v); return true;
    case "string": if (typeof v !== "string") return false; w.push(w.string(v)); return true;
    case "boolean": if (typeof v !== "boolean") return false; w.push(v ? 1 : 0); return true;
    case "null": return v === null;
    case "undefined": return v === undefined;
    case "f64":
    case "i32": {
      const Ctor = shape.kind === "f64" ? Float64Array : Int32Array;
      if (v === null || typeof v !== "object" || v.constructor !== Ctor) return false;
      const a = v as Float64Array | Int32Array;
      if (a.length > MAX_ARRAY || !unshared(a)) return false;
      w.reserve(a.length + 1);
      w.numbers[w.at++] = a.length;
      w.numbers.set(a, w.at);
      w.at += a.length;
      return true;
    }
    case "object": {
      if (v === null || typeof v !== "object" || Array.isArray(v) || !plainObject(v)) return false;
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length !== shape.keys.length) return false;
      for (let i = 0; i < keys.length; i++) {
        if (keys[i] !== shape.keys[i] || !write(w, shape.fields[i]!, o[keys[i]!])) return false;
      }
      return true;
    }
  }
}

/** The results of one batch in one buffer, or null when they should be cloned as they are. */
export function encodeValues(values: readonly unknown[]): EncodedValues | null {
  if (values.length < MIN_VALUES) return null;
  const shape = shapeOf(values[0], 0);
  if (!shape || shape.kind !== "object") return null;
  const w = new Writer(64 * values.length);
  for (const v of values) if (!write(w, shape, v)) return null;
  return { shape, count: values.length, numbers: w.numbers.subarray(0, w.at), strings: w.strings };
}

class Reader {
  at = 0;
  constructor(readonly numbers: Float64Array, readonly strings: string[]) {}
}

function read(r: Reader, shape: Shape): unknown {
  switch (shape.kind) {
    case "number": return r.numbers[r.at++];
    case "string": return r.strings[r.numbers[r.at++]!];
    case "boolean": return r.numbers[r.at++] === 1;
    case "null": return null;
    case "undefined": return undefined;
    case "f64": {
      const n = r.numbers[r.at++]!;
      const a = r.numbers.slice(r.at, r.at + n);   // each result owns its array, as the engine's do
      r.at += n;
      return a;
    }
    case "i32": {
      const n = r.numbers[r.at++]!;
      const a = new Int32Array(n);
      for (let i = 0; i < n; i++) a[i] = r.numbers[r.at + i]!;
      r.at += n;
      return a;
    }
    case "object": {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < shape.keys.length; i++) o[shape.keys[i]!] = read(r, shape.fields[i]!);
      return o;
    }
  }
}

/** The results again, as fresh objects (each typed array its own copy). */
export function decodeValues(e: EncodedValues): unknown[] {
  const r = new Reader(e.numbers, e.strings);
  const out = new Array<unknown>(e.count);
  for (let i = 0; i < e.count; i++) out[i] = read(r, e.shape);
  return out;
}
