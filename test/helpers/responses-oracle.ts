/**
 * The SPEC's best-response rule in plain f64 JavaScript, the oracle of the response screens' tests
 * (test/api/responses-screen.test.ts, test/api/responses-integer-screen.test.ts): each value the canonical sequential
 * sum v_a = ((0 + μ_0·u(a,0)) + μ_1·u(a,1)) + … in y order (the order the contract fixes for every build), the tied
 * set {a : v_a ≥ max v − τ} (τ = tieTolerance·max|u|), the sender's rule on it, the lowest index.
 */
import { expect } from "vitest";
import type { Engine } from "../../src/index.js";

export type Dense = { rows: number; cols: number; data: Float64Array };

/** v_a at posterior row s, summed in y order from 0. */
export function value(u: Dense, p: Dense, s: number, a: number): number {
  let v = 0;
  for (let y = 0; y < u.cols; y++) v += p.data[s * p.cols + y]! * u.data[a * u.cols + y]!;
  return v;
}

export const maxAbs = (d: Float64Array) => d.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/** The tied set of row s (in index order), and its values. */
export function tiedSet(u: Dense, p: Dense, s: number, tieTolerance: number): { tied: number[]; v: number[] } {
  const v = Array.from({ length: u.rows }, (_, a) => value(u, p, s, a));
  let mx = -Infinity;
  for (const x of v) if (x > mx) mx = x;
  const thr = mx - tieTolerance * maxAbs(u.data);
  return { tied: v.map((x, a) => (x >= thr ? a : -1)).filter((a) => a >= 0), v };
}

export function bestResponsesOracle(u: Dense, p: Dense, tieTolerance: number, prefer?: Dense): { actions: Int32Array; values: Float64Array } {
  const actions = new Int32Array(p.rows), values = new Float64Array(p.rows);
  for (let s = 0; s < p.rows; s++) {
    const { v } = tiedSet(u, p, s, tieTolerance);
    let { tied } = tiedSet(u, p, s, tieTolerance);
    if (prefer && tied.length > 1) {
      const tp = tieTolerance * maxAbs(prefer.data);
      const w = tied.map((a) => value(prefer, p, s, a));
      let wm = -Infinity;
      for (const x of w) if (x > wm) wm = x;
      tied = tied.filter((_, i) => w[i]! >= wm - tp);
    }
    actions[s] = tied[0]!;
    values[s] = v[tied[0]!]!;
  }
  return { actions, values };
}

/** `ea.bestResponses` returns the oracle's actions and the bits of its values on every row (the first miss named). */
export function expectBestResponses(ea: Pick<Engine, "bestResponses">, u: Dense, p: Dense, tieTolerance: number, what: string, prefer?: Dense): void {
  const got = ea.bestResponses(u, p, prefer ? { tieTolerance, prefer } : { tieTolerance });
  const want = bestResponsesOracle(u, p, tieTolerance, prefer);
  let bad = -1;
  for (let s = 0; s < p.rows && bad < 0; s++) {
    if (got.actions[s] !== want.actions[s] || !Object.is(got.values[s], want.values[s])) bad = s;
  }
  expect(bad < 0 ? null : `${what} row ${bad}: got ${got.actions[bad]} (${got.values[bad]}), want ${want.actions[bad]} (${want.values[bad]})`).toBeNull();
}
