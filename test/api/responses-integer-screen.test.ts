/**
 * The integer screen of bestResponses and of quantalResponses at λ = ∞ (assembly/responses.simd.ts,
 * screenSetupI16): the SIMD build rounds the centred, scaled utility and each posterior row (at the row's own power
 * of two) to i16, takes exact integer dot products, keeps the actions within a proved margin of the screened maximum,
 * and decides among them in f64. A margin too small, an i32 sum that overflows, or a row scale that saturates i16
 * would drop the true best response. The data here sit at and around the screen's margin (about 2^-12 of the
 * centred range), put large entries in single posterior rows (the per-row scale), use many states (the overflow
 * budget shrinks the scales), offset every state by a large constant (the centring), and push τ up to where the
 * screen must decline.
 *
 * Oracle (test/helpers/responses-oracle.ts): the SPEC's rule in plain f64 JavaScript, each value the canonical sequential sum
 * v_a = ((0 + μ_0·u(a,0)) + μ_1·u(a,1)) + … (the order the contract fixes for every build), the tied set
 * {a : v_a ≥ max v − τ} (τ = tieTolerance·max|u|), the sender's rule on it, the lowest index. Every build must return
 * the oracle's actions and the bits of its values; λ = ∞ must split evenly over the oracle's tied set.
 */
import { describe, expect, it } from "vitest";
import { implementations } from "../helpers/engines.js";
import { seeded, type Rng } from "../helpers/random.js";
import { expectBestResponses, tiedSet, type Dense } from "../helpers/responses-oracle.js";

type Engine = (typeof implementations)[number][1];

function expectTiedSplit(ea: Engine, u: Dense, p: Dense, tieTolerance: number, what: string): void {
  const got = ea.quantalResponses(u, p, Infinity, { tieTolerance });
  let bad = -1;
  for (let s = 0; s < p.rows && bad < 0; s++) {
    const { tied } = tiedSet(u, p, s, tieTolerance);
    for (let a = 0; a < u.rows; a++) if (!Object.is(got[s * u.rows + a], tied.includes(a) ? 1 / tied.length : 0)) bad = s;
  }
  expect(bad < 0 ? null : `${what} row ${bad}`).toBeNull();
}

/**
 * Posteriors of every kind the screen treats differently: spread (exponential weights, every entry small: the
 * largest row scale), concentrated (one entry near 1: the row's own smaller scale), vertices, two-point rows, and
 * rows with entries slightly below 0 (within the simplex tolerance, Σ|μ| > 1), mixed so that groups of four rows
 * hold several kinds.
 */
function posteriors(rng: Rng, S: number, nY: number): Dense {
  const data = new Float64Array(S * nY);
  for (let s = 0; s < S; s++) {
    const row = data.subarray(s * nY, (s + 1) * nY);
    const kind = Math.floor(rng() * 5);
    if (kind === 0 || nY === 1) { row[Math.floor(rng() * nY)] = 1; continue; }
    if (kind === 1) { const a = Math.floor(rng() * nY), b = (a + 1 + Math.floor(rng() * (nY - 1))) % nY; row[a] = 0.5; row[b] = 0.5; continue; }
    let sum = 0;
    for (let y = 0; y < nY; y++) { const x = -Math.log(1 - rng()); row[y] = kind === 2 ? x : x ** 6; sum += row[y]!; }
    for (let y = 0; y < nY; y++) row[y] = row[y]! / sum;
    if (kind === 4) { row[0] = row[0]! + row[1]! + 4e-10; row[1] = -4e-10; }
  }
  return { rows: S, cols: nY, data };
}

/** `top` best actions near-tied (one base row perturbed by about eps, relative), the rest worse, plus `offset`·y in
 *  every state (the same for every action: the centring removes it), times `scale`. */
function nearTied(rng: Rng, nA: number, nY: number, eps: number, top: number, scale: number, offset = 0): Dense {
  const data = new Float64Array(nA * nY);
  const base = Float64Array.from({ length: nY }, () => 2 * rng() - 1);
  const chosen = new Set<number>();
  while (chosen.size < Math.min(top, nA)) chosen.add(Math.floor(rng() * nA));
  for (let a = 0; a < nA; a++) {
    for (let y = 0; y < nY; y++) {
      const x = chosen.has(a) ? base[y]! + eps * (2 * rng() - 1) : base[y]! - 0.02 - 0.5 * rng();
      data[a * nY + y] = (x + offset * (1 + y)) * scale;
    }
  }
  return { rows: nA, cols: nY, data };
}

describe.each(implementations)("bestResponses' integer screen (%s)", (_name, ea) => {
  it("finds the f64 answer with the top actions at about the screen's margin, on every kind of posterior row", () => {
    const rng = seeded(201);
    for (const [nA, nY] of [[9, 2], [10, 7], [17, 64], [32, 64], [40, 33], [70, 5]] as const) {
      for (const eps of [2 ** -4, 2 ** -7, 2 ** -10, 2 ** -12, 2 ** -14, 2 ** -18, 2 ** -30]) {
        for (const scale of [1, -3e-7, 5e120]) {
          const u = nearTied(rng, nA, nY, eps, 2 + Math.floor(rng() * 4), scale);
          const p = posteriors(rng, 45, nY);
          expectBestResponses(ea, u, p, 1e-12, `${nA}×${nY} eps ${eps} scale ${scale}`);
          expectBestResponses(ea, u, p, 0, `${nA}×${nY} eps ${eps} scale ${scale} τ=0`);
        }
      }
    }
  });

  it("many states: the overflow budget of the i32 sums shrinks the scales, the answers stay the f64 ones", () => {
    const rng = seeded(202);
    for (const [nA, nY] of [[9, 999], [12, 4097], [9, 70001]] as const) {
      for (const eps of [2 ** -6, 2 ** -11, 2 ** -20]) {
        // every utility at ±max (the largest i32 partial sums), or near-tied
        const u = nearTied(rng, nA, nY, eps, 3, 1);
        const p = posteriors(rng, 12, nY);
        expectBestResponses(ea, u, p, 1e-12, `${nA}×${nY} eps ${eps}`);
        const extreme: Dense = { rows: nA, cols: nY, data: u.data.map((_, i) => ((i * 7919) % 3 === 0 ? -1 : 1) * (1 + (i % nY === 5 ? 2 ** -30 : 0))) };
        expectBestResponses(ea, extreme, p, 0, `${nA}×${nY} ±1`);
      }
    }
  });

  it("a large offset per state (removed by the centring) and constant states leave near-ties intact", () => {
    const rng = seeded(203);
    for (const [nA, nY] of [[12, 16], [33, 40]] as const) {
      for (const offset of [1e3, 1e6, 3e9]) {
        for (const eps of [2 ** -8, 2 ** -12, 2 ** -16]) {
          const u = nearTied(rng, nA, nY, eps, 3, 1, offset);
          for (let a = 0; a < nA; a++) u.data[a * nY + 3] = 7.25; // a state where every action is the same
          const p = posteriors(rng, 40, nY);
          for (const t of [0, 1e-12, 1e-9]) expectBestResponses(ea, u, p, t, `${nA}×${nY} offset ${offset} eps ${eps} τ ${t}`);
        }
      }
    }
  });

  it("one far outlier action (a wide range: coarse integer values) and near-ties among the others", () => {
    const rng = seeded(204);
    for (const far of [1e3, 1e8, -1e8]) {
      const nA = 24, nY = 20;
      const u = nearTied(rng, nA, nY, 2 ** -14, 4, 1);
      const o = Math.floor(rng() * nA);
      for (let y = 0; y < nY; y++) u.data[o * nY + y] = y % 2 ? far : -far; // best only where its states weigh in
      const p = posteriors(rng, 60, nY);
      expectBestResponses(ea, u, p, 1e-12, `outlier ${far}`);
      expectTiedSplit(ea, u, p, 1e-12, `outlier ${far} λ=∞`);
    }
  });

  it("tie tolerances from 0 to large (the margin grows with τ, then the screen declines)", () => {
    const rng = seeded(205);
    for (const t of [0, 1e-15, 1e-6, 1e-3, 0.05, 0.6]) {
      for (const [nA, nY] of [[16, 8], [45, 31]] as const) {
        const u = nearTied(rng, nA, nY, 2 ** -10, 5, 1);
        const prefer: Dense = { rows: nA, cols: nY, data: Float64Array.from({ length: nA * nY }, () => Math.round(rng() * 4) / 4) };
        const p = posteriors(rng, 30, nY);
        expectBestResponses(ea, u, p, t, `τ ${t} ${nA}×${nY}`);
        expectBestResponses(ea, u, p, t, `τ ${t} ${nA}×${nY} prefer`, prefer);
        expectTiedSplit(ea, u, p, t, `τ ${t} ${nA}×${nY} λ=∞`);
      }
    }
  });

  it("integer utilities with exact ties, under the screen, with and without prefer", () => {
    const rng = seeded(206);
    for (const [nA, nY] of [[9, 4], [20, 6], [130, 3]] as const) {
      const u: Dense = { rows: nA, cols: nY, data: Float64Array.from({ length: nA * nY }, () => Math.floor(rng() * 5) - 2) };
      const prefer: Dense = { rows: nA, cols: nY, data: Float64Array.from({ length: nA * nY }, () => Math.floor(rng() * 3)) };
      const p = posteriors(rng, 64, nY);
      expectBestResponses(ea, u, p, 1e-12, `${nA}×${nY}`);
      expectBestResponses(ea, u, p, 1e-12, `${nA}×${nY} prefer`, prefer);
      expectTiedSplit(ea, u, p, 1e-12, `${nA}×${nY} λ=∞`);
    }
  });

  it("long runs cross blocks and chunks (the set-up is kept for the later chunks of one call)", () => {
    const rng = seeded(207);
    for (const [nA, nY, S] of [[32, 64, 1301], [11, 900, 203], [64, 2, 4099]] as const) {
      const u = nearTied(rng, nA, nY, 2 ** -12, 4, 1);
      const p = posteriors(rng, S, nY);
      expectBestResponses(ea, u, p, 1e-12, `${nA}×${nY}×${S}`);
      expectTiedSplit(ea, u, p, 1e-12, `${nA}×${nY}×${S} λ=∞`);
    }
  });

  it("names the first posterior off the simplex wherever it sits in a group of four rows", () => {
    const rng = seeded(208);
    const nA = 12;
    for (const nY of [5, 6]) {
      const u = nearTied(rng, nA, nY, 0.01, 3, 1);
      for (const at of [0, 1, 2, 3, 6, 33, 38]) {
        for (const how of ["negative", "sum", "nan", "infinite"] as const) {
          const p = posteriors(rng, 40, nY);
          const row = p.data.subarray(at * nY, (at + 1) * nY);
          row.fill(1 / nY);
          if (how === "negative") { row[nY - 1] = -2e-9; row[0] = row[0]! + 2e-9; }
          if (how === "sum") row[1] = row[1]! + 3e-9;
          if (how === "nan") row[2] = NaN;
          if (how === "infinite") row[nY - 1] = Infinity;
          // a later row off the simplex too: the first one is named
          const later = p.data.subarray((at + 1) * nY, (at + 2) * nY);
          later.fill(0); later[0] = 1.5;
          const msg = how === "negative" ? new RegExp(`posteriors\\[${at}\\]\\[${nY - 1}\\] must be nonnegative`)
            : how === "sum" ? new RegExp(`posteriors\\[${at}\\] must sum to 1`)
            : new RegExp(`posteriors\\[${at}\\]\\[${how === "nan" ? 2 : nY - 1}\\] must be a finite number`);
          expect(() => ea.bestResponses(u, p)).toThrow(msg);
          expect(() => ea.quantalResponses(u, p, Infinity)).toThrow(msg);
        }
      }
    }
  });
});
