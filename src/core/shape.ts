import type { RowMajor } from "./types.js";

/** Gives a flat row-major array its shape: `rows` and `cols` as non-enumerable, read-only own properties (so the
 *  array still compares, prints and serialises as a plain Float64Array). Returns the same array. */
export function withShape(data: Float64Array, rows: number, cols: number): RowMajor {
  Object.defineProperties(data, { rows: { value: rows, enumerable: false }, cols: { value: cols, enumerable: false } });
  return data as RowMajor;
}

/** The number of rows of a MatrixLike (array of rows, dense, or ml-matrix), without validating it. */
function rowsOf(m: unknown): number {
  if (Array.isArray(m)) return m.length;
  return (m as { rows?: number } | null)?.rows ?? 0;
}

/**
 * Gives the flat results of `method` their shape again after a structured clone (postMessage drops the non-enumerable
 * rows/cols): used by the engine worker's client and the pool, so their results carry what the Engine's do.
 */
export function reshapeResult(method: string, args: readonly unknown[], result: unknown): unknown {
  if (method === "quantalResponses" && result instanceof Float64Array) {
    const cols = rowsOf(args[0]);
    if (cols > 0) withShape(result, result.length / cols, cols);
  } else if (method === "persuasion") {
    const states = (args[2] as ArrayLike<number> | undefined)?.length ?? 0;
    const scheme = (result as { scheme?: unknown } | null)?.scheme;
    if (states > 0 && scheme instanceof Float64Array) withShape(scheme, scheme.length / states, states);
  } else if (method === "selectionGame") {
    const states = ((args[0] as { prior?: ArrayLike<number> } | undefined)?.prior)?.length ?? 0;
    for (const s of (result as { schemes?: unknown[] } | null)?.schemes ?? []) {
      if (states > 0 && s instanceof Float64Array) withShape(s, s.length / states, states);
    }
  }
  return result;
}
