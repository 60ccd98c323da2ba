import { describe, it, expect, beforeAll } from "vitest";
import { createEngine, type Engine } from "../../src/index.js";
import { kernelBuilds, withArena } from "../helpers/kernels.js";
import { debugEngine } from "../helpers/engines.js";
import { seeded, randomNnls, type NnlsProblem } from "../helpers/random.js";
import { bitDifference } from "../helpers/bits.js";

/**
 * The accelerated projected-gradient kernel (assembly/pg.ts, in every build), judged against the
 * exact active-set method on the same problems: objective, feasibility, iteration limit, warm start, and agreement
 * between the backends.
 */

const implementations: [string, () => Promise<Engine> | Engine][] = [
  ["wasm-release", () => createEngine({ backend: "wasm", wasmBuild: "release" })],
  ["wasm-release-scalar", () => createEngine({ backend: "wasm", wasmBuild: "release-scalar" })],
  ["wasm-debug", debugEngine],
  ["js", () => createEngine({ backend: "js" })],
];

type Variant = { constraint: "nonnegative" | "simplex"; offset: boolean };
const VARIANTS: Variant[] = [
  { constraint: "nonnegative", offset: false },
  { constraint: "simplex", offset: false },
  { constraint: "nonnegative", offset: true },
  { constraint: "simplex", offset: true },
];

interface Case extends NnlsProblem { variant: Variant }

/** 52 seeded problems, the four variants in turn; some are underdetermined (n < k), a few have k = 1. */
function cases(): Case[] {
  const rng = seeded(20260);
  const out: Case[] = [];
  for (let t = 0; t < 52; t++) {
    const variant = VARIANTS[t % 4]!;
    const k = t < 4 ? 1 : 2 + Math.floor(rng() * 24);
    const n = t % 7 === 3 ? Math.max(2, Math.floor(k / 2)) : k + 3 + Math.floor(rng() * 80);
    const p = randomNnls(rng, n, k, { convex: variant.constraint === "simplex", correlation: 0.3 + 0.6 * rng() });
    if (variant.offset) for (let i = 0; i < n; i++) p.b[i] = p.b[i]! + 2.5;   // an intercept for the offset to absorb
    out.push({ ...p, variant });
  }
  return out;
}

/** ½ Σ_i e_i² of the original problem (the offset, when on, set to its optimum mean(b − A w)). */
function objective(p: NnlsProblem, w: Float64Array, offset: boolean): number {
  const { rows: n, cols: k, data } = p.A;
  const e = new Float64Array(n);
  let mean = 0;
  for (let i = 0; i < n; i++) {
    let s = -p.b[i]!;
    for (let j = 0; j < k; j++) s += data[i * k + j]! * w[j]!;
    e[i] = s;
    mean += s / n;
  }
  let f = 0;
  for (let i = 0; i < n; i++) { const r = offset ? e[i]! - mean : e[i]!; f += r * r; }
  return 0.5 * f;
}

/** The SPEC's yardstick: objectives equal within 1e-9 relative plus 1e-12·½‖b‖² (absolute, for exact fits). */
function expectSameObjective(f: number, fRef: number, b: Float64Array, what: string): void {
  let bb = 0;
  for (const v of b) bb += v * v;
  const slack = 1e-9 * Math.abs(fRef) + 1e-12 * 0.5 * bb;
  expect(Math.abs(f - fRef), `${what}: f = ${f}, reference ${fRef}`).toBeLessThanOrEqual(slack);
}

function expectFeasible(w: Float64Array, simplex: boolean, what: string): void {
  let sum = 0;
  for (let j = 0; j < w.length; j++) {
    expect(w[j]!, `${what}: w[${j}]`).toBeGreaterThanOrEqual(0);
    sum += w[j]!;
  }
  if (simplex) expect(Math.abs(sum - 1), `${what}: |1ᵀw − 1|`).toBeLessThanOrEqual(1e-12 * w.length);
}

describe.each(implementations)("projected gradient (%s)", (_name, options) => {
  let ea: Engine;
  beforeAll(async () => { ea = await options(); });

  it("reaches the active-set objective on 52 seeded problems (every constraint, with and without offset)", () => {
    for (const [t, p] of cases().entries()) {
      const what = `problem ${t} (${p.A.rows}×${p.A.cols}, ${p.variant.constraint}${p.variant.offset ? " + offset" : ""})`;
      const exact = ea.alignWeights(p.A, p.b, { ...p.variant, method: "active-set" });
      const pg = ea.alignWeights(p.A, p.b, { ...p.variant, method: "projected-gradient" });
      expect(exact.status, what).toBe("optimal");
      expect(pg.status, what).toBe("optimal");
      expect(pg.method, what).toBe("projected-gradient");
      expectFeasible(pg.weights, p.variant.constraint === "simplex", what);
      expectSameObjective(objective(p, pg.weights, p.variant.offset), objective(p, exact.weights, p.variant.offset), p.b, what);
    }
  });

  it("solves plain NNLS through ea.nnls, on the Gram path (n ≥ 4k) and the fused path", () => {
    const rng = seeded(5);
    for (const [n, k] of [[160, 12], [30, 12], [400, 40], [12, 30]] as const) {
      const p = randomNnls(rng, n, k);
      const exact = ea.nnls(p.A, p.b, { method: "active-set" });
      const pg = ea.nnls(p.A, p.b, { method: "projected-gradient" });
      expect(pg.status).toBe("optimal");
      expect(pg.kkt.dual).toBeLessThanOrEqual(1e-10);
      expect(pg.kkt.complementarity).toBeLessThanOrEqual(1e-10);
      expectSameObjective(0.5 * pg.residualNorm ** 2, 0.5 * exact.residualNorm ** 2, p.b, `${n}×${k}`);
    }
  });

  it("returns iteration_limit with a feasible point no worse than the start when maxIterations is tiny", () => {
    const rng = seeded(11);
    for (const variant of VARIANTS) {
      const simplex = variant.constraint === "simplex";
      const p = randomNnls(rng, 60, 15, { convex: simplex });
      const k = p.A.cols;
      const start = new Float64Array(k).fill(simplex ? 1 / k : 0);   // P(0), the cold start
      for (const maxIterations of [1, 3, 7]) {
        const r = ea.alignWeights(p.A, p.b, { ...variant, method: "projected-gradient", maxIterations });
        const what = `${variant.constraint}${variant.offset ? " + offset" : ""}, maxIterations ${maxIterations}`;
        expect(r.status, what).toBe("iteration_limit");
        expect(r.iterations, what).toBe(maxIterations);
        expect(r.message, what).toMatch(/Iteration limit/);
        expectFeasible(r.weights, simplex, what);
        expect(objective(p, r.weights, variant.offset), what).toBeLessThan(objective(p, start, variant.offset));
      }
    }
  });

  it("honours warmStart: from the optimum it stops at once, elsewhere it starts there, and the start is projected", () => {
    const rng = seeded(23);
    for (const variant of VARIANTS) {
      const simplex = variant.constraint === "simplex";
      const p = randomNnls(rng, 50, 10, { convex: simplex });
      const what = `${variant.constraint}${variant.offset ? " + offset" : ""}`;
      const exact = ea.alignWeights(p.A, p.b, { ...variant, method: "active-set" });
      const cold = ea.alignWeights(p.A, p.b, { ...variant, method: "projected-gradient" });
      const warmStart = exact.weights.slice();
      const warm = ea.alignWeights(p.A, p.b, { ...variant, method: "projected-gradient", warmStart });
      expect(warm.status, what).toBe("optimal");
      expect(warm.iterations, what).toBeLessThanOrEqual(2);
      expect(cold.iterations, what).toBeGreaterThan(10);
      expect(warmStart, `${what}: warmStart untouched`).toEqual(exact.weights);
      // one step from a far start lands near that start, not near the cold start's first step
      const far = new Float64Array(10);
      far[9] = simplex ? 3 : 40;   // off the simplex: projected to the vertex e₉ first
      const oneWarm = ea.alignWeights(p.A, p.b, { ...variant, method: "projected-gradient", warmStart: far, maxIterations: 1 });
      const oneCold = ea.alignWeights(p.A, p.b, { ...variant, method: "projected-gradient", maxIterations: 1 });
      expectFeasible(oneWarm.weights, simplex, what);
      expect(oneWarm.weights[9]!, what).toBeGreaterThan(oneCold.weights[9]!);
      if (simplex) {
        const vertex = new Float64Array(10);
        vertex[9] = 1;
        const fromVertex = ea.alignWeights(p.A, p.b, {
          ...variant, method: "projected-gradient", warmStart: vertex, maxIterations: 1,
        });
        expect(oneWarm.weights, `${what}: projected start`).toEqual(fromVertex.weights);
      }
    }
  });

  it("handles b = 0 on the simplex, zero and duplicate columns, and data scaled by 2^±400 (bit for bit)", () => {
    const p = randomNnls(seeded(31), 30, 6);
    const k = 6;
    const data = p.A.data.map((v, i) => (i % k === 2 ? 0 : i % k === 4 ? p.A.data[i - 1]! : v));   // zero, duplicate
    const A = { rows: 30, cols: k, data };
    for (const variant of VARIANTS) {
      const what = `${variant.constraint}${variant.offset ? " + offset" : ""}`;
      for (const b of [p.b, new Float64Array(30)]) {
        const exact = ea.alignWeights(A, b, { ...variant, method: "active-set" });
        const pg = ea.alignWeights(A, b, { ...variant, method: "projected-gradient" });
        expect(pg.status, what).toBe("optimal");
        const prob = { A, b };
        expectSameObjective(objective(prob, pg.weights, variant.offset), objective(prob, exact.weights, variant.offset), b, what);
      }
      const pg = ea.alignWeights(A, p.b, { ...variant, method: "projected-gradient" });
      for (const e of [-400, 400]) {
        const s = 2 ** e;
        const scaled = ea.alignWeights({ rows: 30, cols: k, data: data.map((v) => v * s) }, p.b.map((v) => v * s), {
          ...variant, method: "projected-gradient",
        });
        expect(scaled.weights, `${what}, scaled by 2^${e}`).toEqual(pg.weights);
        expect(scaled.iterations, `${what}, scaled by 2^${e}`).toBe(pg.iterations);
      }
    }
  });

  it("leaves the caller's arrays untouched", () => {
    const p = randomNnls(seeded(3), 40, 8);
    const A0 = p.A.data.slice(), b0 = p.b.slice();
    const warmStart = new Float64Array(8).fill(0.5);
    for (const variant of VARIANTS) {
      ea.alignWeights(p.A, p.b, { ...variant, method: "projected-gradient", warmStart, pointWeights: new Float64Array(40).fill(2) });
    }
    expect(p.A.data).toEqual(A0);
    expect(p.b).toEqual(b0);
    expect(warmStart).toEqual(new Float64Array(8).fill(0.5));
  });
});

describe("projected gradient: every build gives the same bits", () => {
  it("on both paths (Gram and fused) and every variant", async () => {
    const engines = await Promise.all(implementations.map(([, o]) => o()));
    const rng = seeded(77);
    for (let t = 0; t < 16; t++) {
      const variant = VARIANTS[t % 4]!;
      const k = 2 + Math.floor(rng() * 20);
      const n = t % 2 === 0 ? 4 * k + Math.floor(rng() * 40) : 2 * k + Math.floor(rng() * (2 * k - 1));   // Gram / fused
      const p = randomNnls(rng, n, k, { convex: variant.constraint === "simplex", correlation: 0.5 });
      const results = engines.map((e) => e.alignWeights(p.A, p.b, { ...variant, method: "projected-gradient" }));
      const js = results[implementations.length - 1]!;
      for (const [i, r] of results.entries()) {
        expect(bitDifference(r, js), `case ${t} (${n}×${k}), ${implementations[i]![0]} vs js`).toBeNull();
      }
    }
  });
});

describe("simplex projection (assembly/simplex.ts, every build)", () => {
  /** argmin Σ w_j (x_j − v_j)² on the simplex by bisection on τ in x_j = max(0, v_j − τ/w_j): slow, obviously correct. */
  function bisect(v: Float64Array, w: Float64Array): Float64Array {
    const at = (tau: number) => v.map((x, j) => Math.max(0, x - tau / w[j]!));
    let lo = -1e30, hi = 1e30;
    for (let it = 0; it < 3000 && hi - lo > 1e-300; it++) {
      const mid = 0.5 * (lo + hi);
      if (mid === lo || mid === hi) break;
      if (at(mid).reduce((s, x) => s + x, 0) > 1) lo = mid; else hi = mid;
    }
    return at(0.5 * (lo + hi));
  }

  const builds = kernelBuilds();
  /** The kernel (assembly/simplex.ts) in every build; all must give the same bits. */
  function project(v: Float64Array, w: Float64Array): Float64Array {
    const k = v.length;
    const outs = builds.map(([, kx]) => withArena(kx, (arena) => {
      const x = arena.put(v), pw = arena.put(w), iw = arena.put(w.map((d) => 1 / d));
      kx.projectSimplexScaled(x, pw, iw, k, arena.f64(k), arena.i32(k));
      return arena.take(x, k);
    }));
    for (const o of outs) expect(Array.from(o)).toEqual(Array.from(outs[0]!));
    return outs[0]!;
  }

  it("matches bisection and is idempotent, Euclidean and weighted, on random, tied and extreme vectors", () => {
    const rng = seeded(99);
    const inputs: Float64Array[] = [
      new Float64Array([0.5, 0.5]), new Float64Array([0, 0, 0, 0]), new Float64Array([3, 3, 3]), new Float64Array([-5, 1e-20]),
      new Float64Array([1e6, -1e6, 1e6]), new Float64Array([7]),
    ];
    for (let t = 0; t < 40; t++) {
      const spread = t % 3 === 0 ? 100 : 2;
      inputs.push(Float64Array.from({ length: 1 + Math.floor(rng() * 30) }, () => (rng() - 0.3) * spread));
    }
    for (const [t, v] of inputs.entries()) {
      const scale = Math.max(1, ...v.map(Math.abs));
      for (const weighted of [false, true]) {
        const w = v.map(() => (weighted ? 10 ** (4 * rng() - 2) : 1));
        const x = project(v, w);
        const ref = bisect(v, w);
        let sum = 0;
        for (let j = 0; j < x.length; j++) {
          expect(x[j]!, `input ${t}`).toBeGreaterThanOrEqual(0);
          expect(Math.abs(x[j]! - ref[j]!), `input ${t}, weighted ${weighted}, x[${j}]`).toBeLessThanOrEqual(1e-10 * scale);
          sum += x[j]!;
        }
        expect(Math.abs(sum - 1), `input ${t}`).toBeLessThanOrEqual(1e-13 * x.length * scale);
        const again = project(x, w);
        for (let j = 0; j < x.length; j++) expect(Math.abs(again[j]! - x[j]!)).toBeLessThanOrEqual(1e-13);
      }
    }
  });
});
