/** The fuzz suite's shared vocabulary: a case is one call on the engine plus a check against an independent oracle. */

import type { Rng } from "../../src/core/random.js";

/** What one engine call returned: the result, or the error it threw (name and message). */
export type CallOutcome =
  | { ok: true; value: unknown; ms: number }
  | { ok: false; error: { name: string; message: string }; ms: number }
  | { ok: false; hang: true; ms: number };

export type Verdict =
  | "ok"
  /** status 'optimal' (or a response result) that the oracle refutes */
  | "wrong"
  /** a status other than 'optimal' where the oracle solves the problem */
  | "nonOptimal"
  /** NaN or ±Infinity in a returned number */
  | "nonFinite"
  | "hang"
  /** InputError on input that the oracle treats as valid (counted apart: some families allow it) */
  | "inputError"
  /** any other exception (RangeError, WasmAbortError, …) */
  | "crash"
  /** the oracle could not decide; not counted as a problem */
  | "skipped";

export interface Check { verdict: Verdict; detail?: string }

export interface Case {
  /** The table row: e.g. 'nnls active-set'. */
  kernel: string;
  /** The generating family (for the examples). */
  family: string;
  method: string;
  args: unknown[];
  /** Judges one backend's outcome (after hang / error handling by the harness). */
  check(value: unknown): Check;
  /** InputError is an acceptable answer for this case (e.g. values that overflow the double range). */
  inputErrorAllowed?: boolean;
}

/** A kernel's case generator: draws one case from the seeded stream (oracles computed here, in the main thread). */
export interface Generator {
  kernel: string;
  make(rng: Rng): Case | Promise<Case>;
}

/** True when every number in a result (recursively through arrays, typed arrays and objects) is finite. */
export function allFinite(v: unknown, depth = 0): boolean {
  if (typeof v === "number") return Number.isFinite(v);
  if (depth > 6 || v === null || typeof v !== "object") return true;
  if (ArrayBuffer.isView(v)) {
    const a = v as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return false;
    return true;
  }
  for (const x of Object.values(v as Record<string, unknown>)) if (!allFinite(x, depth + 1)) return false;
  return true;
}

export function pick<T>(rng: Rng, items: readonly T[]): T { return items[Math.floor(rng() * items.length)]!; }
export function int(rng: Rng, lo: number, hi: number): number { return lo + Math.floor(rng() * (hi - lo + 1)); }
export function pow10(rng: Rng, lo: number, hi: number): number { return 10 ** (lo + rng() * (hi - lo)); }
export function fmt(x: number): string { return Number.isFinite(x) ? x.toExponential(3) : String(x); }
