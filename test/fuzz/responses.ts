/**
 * Best and quantal responses judged by brute force: every action's value μᵀu(a,·) computed exactly (dyadic
 * rationals), the tie set and the softmax taken from the exact values. A verdict is 'wrong' only outside the band
 * that the library's own rounding (a few ulps of Σ|μ_y u_ay|) can explain.
 */

import { gaussian, type Rng } from "../../src/core/random.js";
import { dadd, dcmp, dmul, dsub, dToNumber, dyadic, dzero, type Dyadic } from "../helpers/exact.js";
import { allFinite, fmt, int, pick, pow10, type Case, type Check, type Generator } from "./types.js";

const MAX = 1.7976931348623157e308;

interface Game { u: number[][]; post: number[][]; family: string; nA: number; nY: number }

function game(rng: Rng): Game {
  const family = pick(rng, ["integers-ties", "gaussian", "units", "small-units", "entries-1e150", "overflow", "near-ties", "single"] as const);
  let nA = int(rng, 1, 6), nY = int(rng, 1, 5);
  if (family === "single") { nA = 1; nY = 1; }
  const S = int(rng, 1, 6);
  const u = Array.from({ length: nA }, () => Array.from({ length: nY }, () => (family === "integers-ties" ? int(rng, -2, 2) : gaussian(rng))));
  const scaleAll = (t: number) => { for (const r of u) for (let y = 0; y < nY; y++) r[y] = r[y]! * t; };
  if (family === "units") scaleAll(10 ** int(rng, -150, 150));
  if (family === "small-units") scaleAll(10 ** -int(rng, 6, 12));
  if (family === "entries-1e150") for (const r of u) for (let y = 0; y < nY; y++) r[y] = r[y]! * pow10(rng, -150, 150);
  if (family === "overflow") for (const r of u) for (let y = 0; y < nY; y++) r[y] = (rng() < 0.5 ? -1 : 1) * (rng() < 0.7 ? MAX : MAX * rng());
  if (family === "near-ties" && nA >= 2) u[1] = u[0]!.map((v) => v * (1 + pick(rng, [1e-13, 1e-12, 1e-11, 0]) * gaussian(rng)));
  const post: number[][] = [];
  for (let s = 0; s < S; s++) {
    const mode = pick(rng, ["vertex", "grid", "random", "off-simplex"] as const);
    let p: number[];
    if (mode === "vertex") { p = new Array<number>(nY).fill(0); p[int(rng, 0, nY - 1)] = 1; }
    else if (mode === "grid") {
      const r = int(rng, 1, 4);
      const c = new Array<number>(nY).fill(0);
      for (let t = 0; t < r; t++) { const y = int(rng, 0, nY - 1); c[y] = c[y]! + 1; }
      p = c.map((v) => v / r);
    } else {
      const raw = Array.from({ length: nY }, () => rng());
      const tot = raw.reduce((a, b) => a + b, 0) || 1;
      p = raw.map((v) => v / tot);
      if (mode === "off-simplex") p = p.map((v) => v * (1 + 4e-10));
    }
    post.push(p);
  }
  return { u, post, family, nA, nY };
}

/** Exact values μᵀu(a,·) per action and the rounding band δ of a float evaluation. */
function values(g: Game, mu: number[]): { v: Dyadic[]; max: Dyadic; delta: number } {
  const v: Dyadic[] = [];
  let delta = 0;
  for (let a = 0; a < g.nA; a++) {
    let s = dzero, abs = 0;
    for (let y = 0; y < g.nY; y++) { s = dadd(s, dmul(dyadic(mu[y]!), dyadic(g.u[a]![y]!))); abs += Math.abs(mu[y]! * g.u[a]![y]!); }
    v.push(s);
    delta = Math.max(delta, (g.nY + 4) * 2 ** -52 * abs);
  }
  let max = v[0]!;
  for (const x of v) if (dcmp(x, max) > 0) max = x;
  return { v, max, delta };
}

function maxAbsU(g: Game): number { let m = 0; for (const r of g.u) for (const x of r) m = Math.max(m, Math.abs(x)); return m; }

function bestGenerator(): Generator {
  return {
    kernel: "bestResponses",
    make(rng) {
      const g = game(rng);
      const tie = pick(rng, [undefined, 0, 1e-12, 1e-9]);
      const opts: Record<string, unknown> = {};
      if (tie !== undefined) opts.tieTolerance = tie;
      const tau = (tie ?? 1e-12) * maxAbsU(g);
      return {
        kernel: "bestResponses", family: g.family, method: "bestResponses", args: [g.u, g.post, opts],
        inputErrorAllowed: g.family === "overflow",
        check(value): Check {
          const r = value as { actions: Int32Array; values: Float64Array };
          if (!allFinite(value)) return { verdict: "nonFinite", detail: "non-finite value" };
          for (let s = 0; s < g.post.length; s++) {
            const { v, max, delta } = values(g, g.post[s]!);
            const a = r.actions[s]!;
            if (!(a >= 0 && a < g.nA)) return { verdict: "wrong", detail: `row ${s}: action ${a}` };
            const gap = dToNumber(dsub(max, v[a]!));
            if (gap > tau + 2 * delta) return { verdict: "wrong", detail: `row ${s}: action ${a} is ${fmt(gap)} below the best (τ ${fmt(tau)})` };
            for (let b = 0; b < a; b++) {
              if (dToNumber(dsub(max, v[b]!)) < tau - 2 * delta) return { verdict: "wrong", detail: `row ${s}: tied action ${b} has a lower index than ${a}` };
            }
            const exact = dToNumber(v[a]!);
            if (Number.isFinite(exact) && Math.abs(exact) <= MAX && !(Math.abs(r.values[s]! - exact) <= 2 * delta)) {
              return { verdict: "wrong", detail: `row ${s}: value ${fmt(r.values[s]!)} vs exact ${fmt(exact)}` };
            }
          }
          return { verdict: "ok" };
        },
      } satisfies Case;
    },
  };
}

function quantalGenerator(): Generator {
  return {
    kernel: "quantalResponses",
    make(rng) {
      const g = game(rng);
      const lambda = pick(rng, [0, Infinity, pow10(rng, -3, 3), pow10(rng, 3, 12), 1]);
      const tau = 1e-12 * maxAbsU(g);
      return {
        kernel: "quantalResponses", family: `${g.family} λ=${fmt(lambda)}`, method: "quantalResponses", args: [g.u, g.post, lambda],
        inputErrorAllowed: g.family === "overflow",
        check(value): Check {
          const p = value as Float64Array;
          if (!allFinite(value)) return { verdict: "nonFinite", detail: "non-finite probability" };
          for (let s = 0; s < g.post.length; s++) {
            const { v, max, delta } = values(g, g.post[s]!);
            const row = Array.from(p.subarray(s * g.nA, (s + 1) * g.nA));
            const sum = row.reduce((a, b) => a + b, 0);
            if (Math.abs(sum - 1) > 1e-12 || row.some((x) => x < 0 || x > 1)) return { verdict: "wrong", detail: `row ${s} is not a distribution (sum ${sum})` };
            const d = v.map((x) => dToNumber(dsub(x, max))); // ≤ 0, exact to rounding
            let expected: number[];
            if (lambda === Infinity) {
              const clear = d.map((x) => x >= -tau + 2 * delta), maybe = d.map((x) => x >= -tau - 2 * delta);
              if (clear.some((c, i) => c !== maybe[i])) continue; // tie set not decided by the data
              const m = clear.filter(Boolean).length;
              expected = clear.map((c) => (c ? 1 / m : 0));
            } else if (lambda === 0) {
              expected = d.map(() => 1 / g.nA);
            } else {
              const e = d.map((x) => Math.exp(lambda * x));
              const z = e.reduce((a, b) => a + b, 0);
              expected = e.map((x) => x / z);
            }
            const rel = lambda === Infinity || lambda === 0 ? 0 : Math.expm1(Math.min(700, lambda * 4 * delta));
            for (let a = 0; a < g.nA; a++) {
              const tol = 2 * rel * Math.max(expected[a]!, row[a]!) + 1e-13;
              if (!(Math.abs(row[a]! - expected[a]!) <= tol)) return { verdict: "wrong", detail: `row ${s} action ${a}: ${fmt(row[a]!)} vs ${fmt(expected[a]!)}` };
            }
          }
          return { verdict: "ok" };
        },
      } satisfies Case;
    },
  };
}

export const responseGenerators: Generator[] = [bestGenerator(), quantalGenerator()];
