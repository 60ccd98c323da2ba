import { InputError } from "./errors.js";
import { checkKeys, checkMatrixCapacity, normaliseToSumOne } from "./checks.js";
import type { DenseMatrix, MatrixLike, VectorLike } from "./types.js";

/** All input checks: each throws InputError naming the argument, the expectation and the value received. */

function describe(v: unknown): string {
  if (typeof v === "number") return String(v);
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === "string") return JSON.stringify(v);
  return typeof v;
}

function finite(v: unknown, where: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new InputError(`${where} must be a finite number; got ${describe(v)}`);
  }
  return v;
}

/** Index of the first NaN or ±Infinity, or −1. A finite x has x·0 = 0, anything else gives NaN, so one multiply-add per
 *  element screens the whole array and only a failing block is searched. */
export function firstNonFinite(data: Float64Array): number {
  const BLOCK = 4096;
  for (let start = 0; start < data.length; start += BLOCK) {
    const end = Math.min(data.length, start + BLOCK);
    // four independent sums so the adds pipeline instead of waiting on each other
    let p0 = 0, p1 = 0, p2 = 0, p3 = 0;
    let i = start;
    for (; i + 4 <= end; i += 4) {
      p0 += data[i]! * 0; p1 += data[i + 1]! * 0; p2 += data[i + 2]! * 0; p3 += data[i + 3]! * 0;
    }
    for (; i < end; i++) p0 += data[i]! * 0;
    if (p0 + p1 + p2 + p3 !== 0) {
      for (let j = start; j < end; j++) if (!Number.isFinite(data[j]!)) return j;
    }
  }
  return -1;
}

function isDense(m: unknown): m is DenseMatrix {
  return typeof m === "object" && m !== null && (m as DenseMatrix).data instanceof Float64Array
    && typeof (m as DenseMatrix).rows === "number" && typeof (m as DenseMatrix).cols === "number";
}

function isMlMatrix(m: unknown): m is { rows: number; columns: number; get(i: number, j: number): number } {
  return typeof m === "object" && m !== null && typeof (m as { get?: unknown }).get === "function"
    && typeof (m as { rows?: unknown }).rows === "number" && typeof (m as { columns?: unknown }).columns === "number";
}

/** The InputError for entry `bad` (row-major, `cols` wide) of a matrix that must be finite. */
export function nonFiniteEntry(name: string, data: ArrayLike<number>, cols: number, bad: number): InputError {
  return new InputError(`${name}[${Math.floor(bad / cols)}][${bad % cols}] must be a finite number; got ${data[bad]}`);
}

/**
 * A validated row-major copy-free view of a MatrixLike: a DenseMatrix's own Float64Array is returned as is (never
 * written), anything else is copied. Throws on empty, ragged or non-finite input. `checkSize` runs once the shape is
 * known and before any element is read (so a problem too large for the backend fails at once). `scanDense` = false
 * leaves a DenseMatrix's entries unscanned: only for a caller that screens them itself before using any (the kernels'
 * adapter does, on its copy in kernel memory: LsqProblem.finiteName), with nonFiniteEntry's error.
 */
export function toDense(m: MatrixLike, name: string, checkSize?: (rows: number, cols: number) => void, scanDense = true): DenseMatrix {
  const check = (rows: number, cols: number) => { checkMatrixCapacity(rows, cols, name); checkSize?.(rows, cols); };
  if (isDense(m)) {
    const { rows, cols, data } = m;
    if (!Number.isInteger(rows) || !Number.isInteger(cols)) {
      throw new InputError(`${name} must have a whole number of rows and columns; got ${rows}×${cols}`);
    }
    if (rows < 1 || cols < 1) throw new InputError(`${name} must have at least one row and one column; got ${rows}×${cols}`);
    if (data.length !== rows * cols) {
      throw new InputError(`${name}.data must have length ${rows * cols} (rows × cols = ${rows}×${cols}); got ${data.length}`);
    }
    check(rows, cols);
    const bad = scanDense ? firstNonFinite(data) : -1;
    if (bad >= 0) throw nonFiniteEntry(name, data, cols, bad);
    return { rows, cols, data };
  }
  if (Array.isArray(m)) {
    const rows = m.length;
    if (rows < 1) throw new InputError(`${name} must have at least one row; got an empty array`);
    const first = m[0];
    if (!Array.isArray(first) && !((first as unknown) instanceof Float64Array)) {
      throw new InputError(`${name}[0] must be an array (a row); got ${describe(first)}`);
    }
    const cols = (first as ArrayLike<number>).length;
    if (cols < 1) throw new InputError(`${name} must have at least one column; got ${name}[0] of length 0`);
    check(rows, cols);
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const r = m[i] as ArrayLike<number> | undefined;
      if (!Array.isArray(r) && !(r instanceof Float64Array)) {
        throw new InputError(`${name}[${i}] must be an array (a row); got ${describe(r)}`);
      }
      if (r.length !== cols) {
        throw new InputError(`${name}[${i}] must have length ${cols} (the length of ${name}[0]); got ${r.length}`);
      }
      const o = i * cols;
      for (let j = 0; j < cols; j++) {
        const v = r[j];
        if (typeof v !== "number" || !Number.isFinite(v)) finite(v, `${name}[${i}][${j}]`);
        data[o + j] = v as number;
      }
    }
    return { rows, cols, data };
  }
  if (isMlMatrix(m)) {
    const rows = m.rows, cols = m.columns;
    if (!Number.isInteger(rows) || !Number.isInteger(cols)) {
      throw new InputError(`${name} must have a whole number of rows and columns; got ${rows}×${cols}`);
    }
    if (rows < 1 || cols < 1) throw new InputError(`${name} must have at least one row and one column; got ${rows}×${cols}`);
    check(rows, cols);
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) data[i * cols + j] = finite(m.get(i, j), `${name}[${i}][${j}]`);
    }
    return { rows, cols, data };
  }
  throw new InputError(`${name} must be a matrix (number[][], an ml-matrix Matrix or { rows, cols, data: Float64Array }); got ${describe(m)}`);
}

/** A validated Float64Array view of a VectorLike (a Float64Array is returned as is, never written). */
export function toVector(v: VectorLike, name: string, length?: number, lengthMeaning?: string): Float64Array {
  if (!Array.isArray(v) && !(v instanceof Float64Array)) {
    throw new InputError(`${name} must be a number[] or Float64Array; got ${describe(v)}`);
  }
  if (length !== undefined && v.length !== length) {
    throw new InputError(`${name} must have length ${length}${lengthMeaning ? ` (${lengthMeaning})` : ""}; got ${v.length}`);
  }
  if (v.length < 1) throw new InputError(`${name} must not be empty`);
  if (v instanceof Float64Array) {
    const bad = firstNonFinite(v);
    if (bad >= 0) finite(v[bad], `${name}[${bad}]`);
    return v;
  }
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = finite(v[i], `${name}[${i}]`);
  return out;
}

/** Nonnegative point weights, not all zero, normalised to sum 1 (a new array). */
export function toPointWeights(v: VectorLike, name: string, length: number): Float64Array {
  const w = toVector(v, name, length, "one weight per row of U");
  for (let i = 0; i < w.length; i++) {
    if (w[i]! < 0) throw new InputError(`${name}[${i}] must be nonnegative; got ${w[i]}`);
  }
  // by the maximum first, so that weights near 1e308 cannot overflow the sum (nor tiny ones underflow to zeros)
  const out = normaliseToSumOne(w);
  if (!out) throw new InputError(`${name} must not be all zero`);
  return out;
}

export function positiveInteger(v: unknown, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw new InputError(`${name} must be a positive integer; got ${describe(v)}`);
  }
  return v;
}

export function positiveNumber(v: unknown, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v)) {
    throw new InputError(`${name} must be a positive finite number; got ${describe(v)}`);
  }
  return v;
}

export function oneOf<T extends string>(v: unknown, name: string, allowed: readonly T[], fallback: T): T {
  if (v === undefined) return fallback;
  if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) {
    throw new InputError(`${name} must be one of ${allowed.map((a) => `'${a}'`).join(", ")}; got ${describe(v)}`);
  }
  return v as T;
}

export function booleanOption(v: unknown, name: string, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== "boolean") throw new InputError(`${name} must be a boolean; got ${describe(v)}`);
  return v;
}

/** Options must be an object (or absent). */
export function optionsObject<T extends object>(v: T | undefined, name = "opts", known?: readonly string[]): Partial<T> {
  if (v === undefined || v === null) return {};
  if (typeof v !== "object" || Array.isArray(v)) throw new InputError(`${name} must be an object; got ${describe(v)}`);
  if (known) checkKeys(v, known, name);
  return v;
}

/** A warm start: length k, finite, nonnegative. */
export function toWarmStart(v: VectorLike | undefined, name: string, k: number): Float64Array | null {
  if (v === undefined) return null;
  const w = toVector(v, name, k, "one entry per column");
  for (let i = 0; i < k; i++) if (w[i]! < 0) throw new InputError(`${name}[${i}] must be nonnegative; got ${w[i]}`);
  return w;
}

/** LP bounds: a number (broadcast) or one entry per variable; NaN rejected, and −Infinity only for a lower bound,
 *  +Infinity only for an upper bound. Returns a new array. */
export function toBounds(v: unknown, name: string, length: number, fallback: number, side: "lower" | "upper"): Float64Array {
  const out = new Float64Array(length);
  const bad = side === "lower" ? Infinity : -Infinity;
  const check = (x: unknown, where: string): number => {
    if (typeof x !== "number" || Number.isNaN(x) || x === bad) {
      throw new InputError(`${where} must be a number${side === "lower" ? " or -Infinity" : " or Infinity"}; got ${describe(x)}`);
    }
    return x;
  };
  if (v === undefined || v === null) { out.fill(fallback); return out; }
  if (typeof v === "number") { out.fill(check(v, name)); return out; }
  if (!Array.isArray(v) && !(v instanceof Float64Array)) {
    throw new InputError(`${name} must be a number, number[] or Float64Array; got ${describe(v)}`);
  }
  if (v.length !== length) throw new InputError(`${name} must have length ${length} (one entry per variable); got ${v.length}`);
  // null means "no bound" (SciPy's None): −Infinity for a lower bound, +Infinity for an upper bound
  for (let i = 0; i < length; i++) out[i] = v[i] === null ? (side === "lower" ? -Infinity : Infinity) : check(v[i], `${name}[${i}]`);
  return out;
}

// ---- Games (src/responses.ts, src/persuasion.ts, src/games.ts) ----

/** A nonnegative finite number (0 allowed). */
export function nonNegativeNumber(v: unknown, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !(v >= 0) || !Number.isFinite(v)) {
    throw new InputError(`${name} must be a nonnegative finite number; got ${describe(v)}`);
  }
  return v;
}

/** Posteriors S×|Y|: the shape is checked here; the simplex test (which also catches non-finite entries) runs fused
 *  with the response kernels, and `describeOffSimplex` words the error. A DenseMatrix is used as is, never written. */
export function toPosteriors(m: MatrixLike, name: string, states: number): DenseMatrix {
  const d = m !== null && typeof m === "object" && (m as DenseMatrix).data instanceof Float64Array
    ? (m as DenseMatrix) : toDense(m, name);
  if (!Number.isInteger(d.rows) || !Number.isInteger(d.cols) || d.rows < 1 || d.cols < 1 || d.data.length !== d.rows * d.cols) {
    throw new InputError(`${name} must be a nonempty matrix with data of length rows × cols; got ${d.rows}×${d.cols} with ${d.data.length} entries`);
  }
  if (d.cols !== states) {
    throw new InputError(`${name} must have ${states} columns (one per state, the columns of the utility); got ${d.cols}`);
  }
  return d;
}

/** The InputError for posterior row r that a kernel reported off the simplex by more than tol. */
export function offSimplexError(name: string, data: Float64Array, cols: number, r: number, tol: number): InputError {
  let sum = 0;
  for (let j = 0; j < cols; j++) {
    const x = data[r * cols + j]!;
    if (!Number.isFinite(x)) return new InputError(`${name}[${r}][${j}] must be a finite number; got ${x}`);
    if (x < -tol) return new InputError(`${name}[${r}][${j}] must be nonnegative (a probability, within ${tol}); got ${x}`);
    sum += x;
  }
  return new InputError(`${name}[${r}] must sum to 1 (a point of the simplex, within ${tol}); got a sum of ${sum}`);
}

/** A probability vector (nonnegative, sums to 1 within tol). */
export function toDistribution(v: VectorLike, name: string, length: number, lengthMeaning: string, tol = 1e-9): Float64Array {
  const p = toVector(v, name, length, lengthMeaning);
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i]! < 0) throw new InputError(`${name}[${i}] must be nonnegative (a probability); got ${p[i]}`);
    sum += p[i]!;
  }
  if (!(Math.abs(sum - 1) <= tol)) throw new InputError(`${name} must sum to 1 (within ${tol}); got a sum of ${sum}`);
  return p;
}
