/**
 * The screen of bestResponses (assembly/responses.ts screenBlock; since issue 13 the integer screen, screenSetupI16's
 * margin; written for the f32 screen before it, whose cases stay): the SIMD build picks candidate actions from
 * approximate values and decides among them in f64, so a margin that is too small would drop the true best response
 * at near-ties. test/api/responses-integer-screen.test.ts adds the integer screen's own hard cases. Adversarial
 * utilities here put the top actions within one ulp, exactly τ, beyond f32 precision, and at about the f32 screen's
 * margin apart, at every utility scale (including 1e±300, which must take the
 * plain f64 path) and every shape class (|A| over 64, not a multiple of 4; odd |Y|).
 *
 * Oracle (test/helpers/responses-oracle.ts): the SPEC's rule in plain f64 JavaScript, each value the canonical sequential sum
 * v_a = ((0 + μ_0·u(a,0)) + μ_1·u(a,1)) + … in y order (the order the contract fixes for every build), then
 * m = max v, the tied set {a : v_a ≥ m − τ} (τ = tieTolerance·max|u|), the sender's rule on it, the lowest index.
 * Every build must return the oracle's actions and the bits of its values.
 */
import { describe, expect, it } from "vitest";
import { implementations } from "../helpers/engines.js";
import { seeded, type Rng } from "../helpers/random.js";
import { expectBestResponses, maxAbs, value, type Dense } from "../helpers/responses-oracle.js";

/** The next double above x (x finite). */
function nextUp(x: number): number {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x);
  const bits = b.getBigUint64(0);
  if (x === 0) return Number.MIN_VALUE;
  b.setBigUint64(0, x > 0 ? bits + 1n : bits - 1n);
  return b.getFloat64(0);
}

function posteriors(rng: Rng, S: number, nY: number, negative = false): Dense {
  const data = new Float64Array(S * nY);
  for (let s = 0; s < S; s++) {
    let sum = 0;
    for (let y = 0; y < nY; y++) { const x = -Math.log(1 - rng()); data[s * nY + y] = x; sum += x; }
    for (let y = 0; y < nY; y++) data[s * nY + y] = data[s * nY + y]! / sum;
    // entries slightly below 0 (within the simplex tolerance 1e-9): Σ|μ| exceeds 1
    if (negative && nY > 1 && s % 2 === 0) { data[s * nY] = data[s * nY]! + data[s * nY + 1]! + 4e-10; data[s * nY + 1] = -4e-10; }
  }
  return { rows: S, cols: nY, data };
}

/**
 * A utility whose `top` best actions are perturbations of one row by about `eps` (relative), scattered over the
 * action indices, and the rest clearly worse, times `scale`.
 */
function nearTied(rng: Rng, nA: number, nY: number, eps: number, top: number, scale: number): Dense {
  const data = new Float64Array(nA * nY);
  const base = Float64Array.from({ length: nY }, () => 1 + rng());
  const chosen = new Set<number>();
  while (chosen.size < Math.min(top, nA)) chosen.add(Math.floor(rng() * nA));
  for (let a = 0; a < nA; a++) {
    for (let y = 0; y < nY; y++) {
      data[a * nY + y] = chosen.has(a) ? base[y]! * (1 + eps * (2 * rng() - 1)) : base[y]! - 0.05 - 0.5 * rng();
    }
  }
  for (let i = 0; i < data.length; i++) data[i] = data[i]! * scale;
  return { rows: nA, cols: nY, data };
}

const SHAPES: Array<[number, number]> = [[9, 7], [13, 64], [16, 1], [33, 65], [64, 16], [65, 3], [100, 32]]; // |A|, |Y|
const SCALES = [1, 1e-3, 3e5, 2 ** 499, 2 ** 501, 1e100, 1e-100, 2 ** -499, 2 ** -501, 1e300, 1e-300];

describe.each(implementations)("bestResponses' screen (%s)", (_name, ea) => {
  it("finds the f64 best response when the top actions differ at about the screen's margin, at every scale", () => {
    const rng = seeded(101);
    for (const [nA, nY] of SHAPES) {
      for (const eps of [2 ** -12, 2 ** -16, 2 ** -19, 2 ** -22, 2 ** -26, 2 ** -40]) {
        for (const scale of SCALES) {
          const u = nearTied(rng, nA, nY, eps, 1 + Math.floor(rng() * 5), scale);
          const p = posteriors(rng, 37, nY, rng() < 0.3);
          expectBestResponses(ea, u, p, 1e-12, `${nA}×${nY} eps ${eps} scale ${scale}`);
          expectBestResponses(ea, u, p, 0, `${nA}×${nY} eps ${eps} scale ${scale} τ=0`);
        }
      }
    }
  });

  it("separates actions one ulp apart and actions equal in f32 but not in f64", () => {
    const rng = seeded(102);
    for (const [nA, nY] of SHAPES) {
      for (const scale of [1, 1e-300, 1e300, 7e10]) {
        const u = nearTied(rng, nA, nY, 0, 1, scale);
        const a = Math.floor(rng() * nA), b = (a + 1 + Math.floor(rng() * (nA - 1))) % nA;
        // b = a with one entry one ulp up; c (a third action) = a with an entry raised by 2^-35 relative (f32 sees
        // neither difference)
        for (let y = 0; y < nY; y++) u.data[b * nY + y] = u.data[a * nY + y]!;
        const y0 = Math.floor(rng() * nY);
        u.data[b * nY + y0] = nextUp(u.data[a * nY + y0]!);
        const c = (b + 1) % nA === a ? (b + 2) % nA : (b + 1) % nA;
        if (c !== a && c !== b) {
          for (let y = 0; y < nY; y++) u.data[c * nY + y] = u.data[a * nY + y]!;
          u.data[c * nY + (y0 + 1) % nY] = u.data[a * nY + (y0 + 1) % nY]! * (1 + 2 ** -35);
        }
        const p = posteriors(rng, 41, nY);
        for (const t of [0, 1e-12, 1e-9]) expectBestResponses(ea, u, p, t, `${nA}×${nY} scale ${scale} τ ${t}`);
      }
    }
  });

  it("ties at exactly τ: two values τ apart are tied, a hair more than τ apart are not (dyadic data, exact sums)", () => {
    for (const nA of [9, 20, 70]) {
      const nY = 8;
      // utilities k/16 in [−1, 1] (max|u| = 1), posteriors multiples of 1/8: every sum exact, so v_b − v_a is exact
      const base = [1, 0.5, -0.25, 0.75, 0, 0.125, -1, 0.375];
      const data = new Float64Array(nA * nY);
      for (let a = 0; a < nA; a++) for (let y = 0; y < nY; y++) data[a * nY + y] = 0.5 * base[y]! - ((a * 7 + y) % 3 === 0 ? 0.25 : 0.125); // within [−1, 1], worse than base
      const tieTolerance = 2 ** -10;
      const p: Dense = { rows: 3, cols: nY, data: new Float64Array(3 * nY) };
      p.data.set([0.5, 0.25, 0, 0, 0.125, 0, 0.125, 0], 0);
      p.data.set([0, 0, 0, 0.25, 0.125, 0.5, 0.125, 0], nY);
      p.data.set([0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125], 2 * nY);
      const a = 3, b = nA - 2;
      for (const [delta, tied] of [[1, true], [1 + 2 ** -30, false], [1 - 2 ** -30, true]] as const) {
        const u: Dense = { rows: nA, cols: nY, data: data.slice() };
        for (let y = 0; y < nY; y++) { u.data[a * nY + y] = base[y]!; u.data[b * nY + y] = base[y]!; }
        // v_b − v_a = p_4 · (8τ·delta) with p_4 = 1/8 at all three posteriors: exactly τ·delta
        u.data[b * nY + 4] = base[4]! + 8 * tieTolerance * delta;
        const prefer: Dense = { rows: nA, cols: nY, data: new Float64Array(nA * nY) };
        prefer.data[a * nY] = 1; // the sender prefers a, which is tied with b only when delta ≤ 1
        expectBestResponses(ea, u, p, tieTolerance, `nA ${nA} delta ${delta}`);
        expectBestResponses(ea, u, p, tieTolerance, `nA ${nA} delta ${delta} prefer`, prefer);
        expect(Array.from(ea.bestResponses(u, p, { tieTolerance, prefer }).actions)).toEqual(tied ? [a, a, a] : [b, b, b]);
      }
    }
  });

  it("breaks many-way ties with prefer, across the 64-action windows", () => {
    const rng = seeded(103);
    for (const nA of [9, 33, 70, 130]) {
      const nY = 5;
      const u: Dense = { rows: nA, cols: nY, data: new Float64Array(nA * nY) };
      for (let i = 0; i < u.data.length; i++) u.data[i] = Math.round(rng() * 2) / 2; // ties abound
      const prefer: Dense = { rows: nA, cols: nY, data: Float64Array.from({ length: nA * nY }, () => Math.round(rng() * 4) / 4) };
      const p: Dense = { rows: 60, cols: nY, data: new Float64Array(60 * nY) };
      for (let s = 0; s < 60; s++) {
        if (s % 2 === 0) { p.data[s * nY + Math.floor(rng() * nY)] = 1; continue; } // vertices: many exact ties
        for (let y = 0; y < nY; y++) p.data[s * nY + y] = 0.2;
      }
      expectBestResponses(ea, u, p, 1e-12, `nA ${nA}`);
      expectBestResponses(ea, u, p, 1e-12, `nA ${nA} prefer`, prefer);
      // every action identical: all tied
      const same: Dense = { rows: nA, cols: nY, data: new Float64Array(nA * nY).fill(0.25) };
      expectBestResponses(ea, same, p, 0, `nA ${nA} all tied`, prefer);
    }
  });

  it("quantalResponses with λ = Infinity splits evenly over the f64 tied set (the same screen)", () => {
    const rng = seeded(105);
    for (const [nA, nY] of SHAPES) {
      for (const eps of [2 ** -16, 2 ** -22, 2 ** -40, 0]) {
        for (const scale of [1, 2 ** 501, 1e-300, 3e-5]) {
          const u = nearTied(rng, nA, nY, eps, 1 + Math.floor(rng() * 4), scale);
          const p = posteriors(rng, 19, nY, rng() < 0.3);
          for (const tieTolerance of [0, 1e-12, 1e-6]) {
            const got = ea.quantalResponses(u, p, Infinity, { tieTolerance });
            const tau = tieTolerance * maxAbs(u.data);
            const want = new Float64Array(p.rows * nA);
            for (let s = 0; s < p.rows; s++) {
              const v = Array.from({ length: nA }, (_, a) => value(u, p, s, a));
              let mx = -Infinity;
              for (const x of v) if (x > mx) mx = x;
              const tied = v.filter((x) => x >= mx - tau).length;
              for (let a = 0; a < nA; a++) want[s * nA + a] = v[a]! >= mx - tau ? 1 / tied : 0;
            }
            let bad = -1;
            for (let i = 0; i < want.length && bad < 0; i++) if (!Object.is(got[i], want[i])) bad = i;
            expect(bad < 0 ? null : `${nA}×${nY} eps ${eps} scale ${scale} τ ${tieTolerance}: entry ${bad} ${got[bad]} vs ${want[bad]}`).toBeNull();
          }
        }
      }
    }
  });

  it("agrees on long runs of random problems crossing block and chunk boundaries", () => {
    const rng = seeded(104);
    for (const [nA, nY, S] of [[32, 64, 1531], [40, 9, 4099], [12, 30, 1090]] as const) {
      const u = nearTied(rng, nA, nY, 2 ** -18, 4, 1);
      const p = posteriors(rng, S, nY, true);
      expectBestResponses(ea, u, p, 1e-12, `${nA}×${nY}×${S}`);
    }
  });
});
