/** Exact comparison of whole results: every number of a result object, bit for bit (signed zeros and NaN included). */

/** Every number of a value, depth first in key order (typed arrays element by element, booleans as 0/1), and its
 *  strings, so results of any shape (LP duals, certificates, schemes per provider) compare whole. */
export function flatten(value: unknown, numbers: number[] = [], strings: string[] = []): { numbers: number[]; strings: string[] } {
  if (typeof value === "number") numbers.push(value);
  else if (typeof value === "boolean") numbers.push(value ? 1 : 0);
  else if (typeof value === "string") strings.push(value);
  else if (ArrayBuffer.isView(value)) numbers.push(...Array.from(value as unknown as ArrayLike<number>));
  else if (Array.isArray(value)) for (const item of value) flatten(item, numbers, strings);
  else if (value && typeof value === "object") for (const key of Object.keys(value)) flatten((value as Record<string, unknown>)[key], numbers, strings);
  return { numbers, strings };
}

/** The first difference between two results (bits of every number, then every string), or null when identical. */
export function bitDifference(a: unknown, b: unknown): string | null {
  const fa = flatten(a), fb = flatten(b);
  if (fa.numbers.length !== fb.numbers.length) return `${fa.numbers.length} numbers vs ${fb.numbers.length}`;
  const va = new Float64Array(fa.numbers), vb = new Float64Array(fb.numbers);
  const ua = new BigUint64Array(va.buffer), ub = new BigUint64Array(vb.buffer);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return `number ${i}: ${va[i]} vs ${vb[i]}`;
  const sa = fa.strings.join(" | "), sb = fb.strings.join(" | ");
  return sa === sb ? null : `strings: ${sa} vs ${sb}`;
}
