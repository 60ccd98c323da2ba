import { InputError } from "./errors.js";

/**
 * Input checks added by issue 11 (to move into src/core/validate.ts with the layering): option keys, iteration caps,
 * allocation capacity, scale-safe normalisations.
 */

/** Edit distance of a and b, compared case-insensitively and without '_' or '-' (so A_ub is next to Aub). */
function distance(a: string, b: string): number {
  const s = a.toLowerCase().replace(/[_-]/g, ""), t = b.toLowerCase().replace(/[_-]/g, "");
  const prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (s[i - 1] === t[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[t.length]!;
}

/** The known key closest to `key`. */
export function closestKey(key: string, known: readonly string[]): string {
  // edit distance, less half the common prefix (a truncated name such as 'tieTol' belongs to 'tieTolerance')
  const norm = (s: string) => s.toLowerCase().replace(/[_-]/g, "");
  const a = norm(key);
  let best = known[0]!, bestD = Infinity;
  for (const k of known) {
    const b = norm(k);
    let p = 0;
    while (p < a.length && p < b.length && a[p] === b[p]) p++;
    const d = distance(key, k) - p / 2;
    if (d < bestD) { best = k; bestD = d; }
  }
  return best;
}

/** Throws InputError for the first own key of `obj` that is not in `known`, naming it and the closest known key. */
export function checkKeys(obj: object | undefined | null, known: readonly string[], name: string): void {
  if (obj === undefined || obj === null || typeof obj !== "object") return;
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) {
      throw new InputError(`${name} has an unknown key '${key}' (did you mean '${closestKey(key, known)}'?); known keys: ${known.join(", ")}`);
    }
  }
}

/** The largest iteration count the i32 kernels take. */
export const MAX_KERNEL_ITERATIONS = 2 ** 31 - 1;

/** Most doubles one matrix may hold: what wasm32 can address (4 GiB); beyond it a Float64Array copy fails as well. */
export const MAX_MATRIX_DOUBLES = 2 ** 29;

/** InputError when a rows×cols matrix named `name` cannot be copied or passed to a kernel. */
export function checkMatrixCapacity(rows: number, cols: number, name: string): void {
  if (rows * cols > MAX_MATRIX_DOUBLES) {
    throw new InputError(`${name} is too large: ${rows}×${cols} = ${rows * cols} numbers needs ${(8 * rows * cols / 2 ** 30).toFixed(1)} GiB, more than the 4 GiB that WebAssembly memory (and one Float64Array copy) can hold; split the problem`);
  }
}

/** A copy of nonnegative v scaled to sum 1, dividing by its maximum first (so that 1e308 entries cannot overflow the
 *  sum); null when every entry is 0. */
export function normaliseToSumOne(v: Float64Array): Float64Array | null {
  let max = 0;
  for (let i = 0; i < v.length; i++) if (v[i]! > max) max = v[i]!;
  if (!(max > 0)) return null;
  const out = new Float64Array(v.length);
  let sum = 0;
  for (let i = 0; i < v.length; i++) { out[i] = v[i]! / max; sum += out[i]!; }
  for (let i = 0; i < v.length; i++) out[i] = out[i]! / sum;
  return out;
}
