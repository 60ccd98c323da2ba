import type { RowMajor } from "./types.js";

/** Gives a flat row-major array its shape: `rows` and `cols` as non-enumerable, read-only own properties (so the
 *  array still compares, prints and serialises as a plain Float64Array). Returns the same array. */
export function withShape(data: Float64Array, rows: number, cols: number): RowMajor {
  Object.defineProperties(data, { rows: { value: rows, enumerable: false }, cols: { value: cols, enumerable: false } });
  return data as RowMajor;
}
