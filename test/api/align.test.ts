import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { implementations } from "../helpers/engines.js";
import { seeded, gaussian, randomNnls } from "../helpers/random.js";
import { bruteForceLsq, objective, type Dense } from "../helpers/oracles.js";
import { expectClose } from "../helpers/expect.js";
import type { AlignOptions, Engine } from "../../src/index.js";
import { bitDifference } from "../helpers/bits.js";
import { exactLsq, exactObjective } from "../helpers/exact.js";

type Variant = { constraint: "nonnegative" | "simplex"; offset: boolean };
const VARIANTS: Variant[] = [
  { constraint: "nonnegative", offset: false },
  { constraint: "nonnegative", offset: true },
  { constraint: "simplex", offset: false },
  { constraint: "simplex", offset: true },
];

function normalised(w: ArrayLike<number>): number[] {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i]!;
  return Array.from(w, (v) => v / s);
}

/** Weighted objective of the returned weights and offset, against the brute-force optimum of the same variant. */
function expectOptimal(U: Dense, u: ArrayLike<number>, v: Variant, res: { weights: Float64Array; offset: number }, omega?: number[]): void {
  const om = omega ? normalised(omega) : new Array<number>(U.rows).fill(1 / U.rows);
  const brute = bruteForceLsq(U, u, { simplex: v.constraint === "simplex", offset: v.offset, omega: om });
  const f = objective(U, u, res.weights, res.offset, om);
  let uu = 0, umax = 0;
  for (let i = 0; i < U.rows; i++) uu += om[i]! * u[i]! * u[i]!;
  for (const v of U.data) umax = Math.max(umax, Math.abs(v));
  // SPEC: within 1e-8 relative plus 1e-12·‖u‖²; with u = 0 the fitted values (up to ‖U‖max) set the rounding floor
  expect(f).toBeLessThanOrEqual(brute.value + 1e-8 * brute.value + 1e-12 * uu + 1e-24 * umax * umax + 1e-300);
  for (const w of res.weights) expect(w).toBeGreaterThanOrEqual(0);
  if (v.constraint === "simplex") expect(res.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  if (!v.offset) expect(res.offset).toBe(0);
}

describe.each(implementations)("alignWeights (%s)", (_name, ea: Engine) => {
  it.each(VARIANTS)("matches brute force on 150 tiny problems: %o", (v) => {
    const rng = seeded(v.constraint.length * 10 + (v.offset ? 1 : 0));
    for (let t = 0; t < 150; t++) {
      const n = 1 + Math.floor(rng() * 8), k = 1 + Math.floor(rng() * 5);
      const U = { rows: n, cols: k, data: new Float64Array(n * k).map(() => gaussian(rng)) };
      const u = new Float64Array(n).map(() => gaussian(rng));
      const omega: number[] | undefined = rng() < 0.5 ? Array.from({ length: n }, (): number => (rng() < 0.2 ? 0 : rng())) : undefined;
      if (omega && !omega.some((w) => w > 0)) omega[0] = 1;
      const opts: AlignOptions = { ...v, ...(omega ? { pointWeights: omega } : {}) };
      const r = ea.alignWeights(U, u, opts);
      expect(r.status).toBe("optimal");
      expectOptimal(U, u, v, r, omega);
    }
  });

  it("recovers exact convex weights and offset when u is inside the (shifted) hull", () => {
    const { A: U } = randomNnls(seeded(21), 80, 6);
    const w = [0.5, 0, 0.2, 0, 0.3, 0];
    const u = new Float64Array(80);
    for (let i = 0; i < 80; i++) { let s = 0.75; for (let j = 0; j < 6; j++) s += U.data[i * 6 + j]! * w[j]!; u[i] = s; }
    const r = ea.alignWeights(U, u, { constraint: "simplex", offset: true });
    expect(r.status).toBe("optimal");
    expectClose(r.weights, w, { rtol: 1e-9, atol: 1e-10 });
    expect(r.offset).toBeCloseTo(0.75, 10);
    expect(r.error.rmse).toBeLessThan(1e-10);
    expect(r.error.maxAbs).toBeLessThan(1e-10);
  });

  it("errors are the pointWeights-weighted rmse/mae and the max over rows of positive weight", () => {
    const U = [[1, 0], [0, 1], [1, 1], [2, 1], [5, 5]];
    const u = [1, 2, 3, 4, 100];
    const omega = [1, 1, 1, 1, 0];   // the outlier row carries no weight
    const r = ea.alignWeights(U, u, { pointWeights: omega });
    expect(r.status).toBe("optimal");
    expectClose(r.weights, [1, 2], { rtol: 1e-12, atol: 1e-12 });  // exact fit on the weighted rows
    expect(r.error.rmse).toBeLessThan(1e-12);
    expect(r.error.maxAbs).toBeLessThan(1e-12);                    // row 5 (error 85) is excluded
    const r2 = ea.alignWeights(U, u);
    const e = Array.from({ length: 5 }, (_, i) => U[i]![0]! * r2.weights[0]! + U[i]![1]! * r2.weights[1]! - u[i]!);
    expect(r2.error.rmse).toBeCloseTo(Math.sqrt(e.reduce((a, x) => a + x * x, 0) / 5), 12);
    expect(r2.error.mae).toBeCloseTo(e.reduce((a, x) => a + Math.abs(x), 0) / 5, 12);
    expect(r2.error.maxAbs).toBeCloseTo(Math.max(...e.map(Math.abs)), 12);
  });

  it("offset equals the weighted mean residual and is 0 when off", () => {
    const { A: U, b: u } = randomNnls(seeded(22), 50, 5);
    const omega = Array.from({ length: 50 }, (_, i) => 1 + (i % 3));
    const r = ea.alignWeights(U, u, { offset: true, pointWeights: omega });
    const om = normalised(omega);
    let c = 0;
    for (let i = 0; i < 50; i++) {
      let s = 0;
      for (let j = 0; j < 5; j++) s += U.data[i * 5 + j]! * r.weights[j]!;
      c += om[i]! * (u[i]! - s);
    }
    expect(r.offset).toBeCloseTo(c, 12);
    expect(ea.alignWeights(U, u).offset).toBe(0);
  });

  it("simplex weights on duplicated and affinely dependent models", () => {
    const rng = seeded(23);
    const n = 40;
    const a = Array.from({ length: n }, () => gaussian(rng));
    const c = Array.from({ length: n }, () => gaussian(rng));
    // models: a, 2a (collinear but affinely independent), a (duplicate), c, and a zero model
    const rows = a.map((v, i) => [v, 2 * v, v, c[i]!, 0]);
    const U = { rows: n, cols: 5, data: Float64Array.from(rows.flat()) };
    const u = a.map((v, i) => 1.5 * v + 0.1 * c[i]! + 0.01 * gaussian(rng));
    for (const v of VARIANTS) {
      const r = ea.alignWeights(U, u, v);
      expect(r.status, JSON.stringify(v)).toBe("optimal");
      expectOptimal(U, u, v, r);
    }
  });

  it("property: every variant is never worse than brute force (fast-check, integer-valued data with ties)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (n, k, vi, seed) => {
          const rng = seeded(seed);
          const U = { rows: n, cols: k, data: new Float64Array(n * k).map(() => Math.round(gaussian(rng) * 2)) };
          const u = new Float64Array(n).map(() => Math.round(gaussian(rng) * 2));
          const v = VARIANTS[vi]!;
          const r = ea.alignWeights(U, u, v);
          if (r.status !== "optimal" && v.constraint === "simplex" && u.every((t) => t === 0)) {
            // SPEC's objective rule with u = 0 and an exact minimum of 0 asks for an exact fit (f ≤ 1e-8·0 + 1e-12·0):
            // a 'numerical_error' is then right exactly when the returned weights (2/3, 1/3… in f64) miss it
            const ex = exactLsq({ A: U.data, n, k, b: u, simplex: true, offset: v.offset });
            expect(ex.r).toBe(0);
            expect(exactObjective(U.data, n, k, u, r.weights, v.offset ? r.offset : 0).m).not.toBe(0n);
            return;
          }
          expect(r.status).toBe("optimal");
          expectOptimal(U, u, v, r);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  it("KKT numbers are recomputed and within tolerance on a correlated 500×80 problem, all variants", () => {
    const { A: U, b: u } = randomNnls(seeded(24), 500, 80);
    for (const v of VARIANTS) {
      const r = ea.alignWeights(U, u, v);
      expect(r.status).toBe("optimal");
      expect(r.kkt.primal).toBeLessThanOrEqual(1e-10);
      expect(r.kkt.dual).toBeLessThanOrEqual(1e-10);
      expect(r.kkt.complementarity).toBeLessThanOrEqual(1e-10);
    }
  });

  it("reports iteration_limit with feasible simplex weights", () => {
    const { A: U, b: u } = randomNnls(seeded(25), 200, 60);
    const r = ea.alignWeights(U, u, { constraint: "simplex", maxIterations: 1 });
    expect(r.status).toBe("iteration_limit");
    for (const w of r.weights) expect(w).toBeGreaterThanOrEqual(0);
    expect(r.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(Number.isFinite(r.error.rmse)).toBe(true);
  });

  it("leaves its inputs untouched", () => {
    const { A: U, b: u } = randomNnls(seeded(26), 40, 6);
    const copyU = new Float64Array(U.data), copyu = new Float64Array(u);
    const omega = new Float64Array(40).fill(2);
    ea.alignWeights(U, u, { constraint: "simplex", offset: true, pointWeights: omega });
    expect(Array.from(U.data)).toEqual(Array.from(copyU));
    expect(Array.from(u)).toEqual(Array.from(copyu));
    expect(Array.from(omega)).toEqual(new Array(40).fill(2));
  });
});

describe("alignWeights across implementations", () => {
  it("every build (wasm SIMD, scalar, debug; js) gives the same bits on every variant", () => {
    const rng = seeded(77);
    for (let t = 0; t < 20; t++) {
      const n = 30 + Math.floor(rng() * 100), k = 2 + Math.floor(rng() * 12);
      const { A: U, b: u } = randomNnls(rng, n, k);
      const omega = Array.from({ length: n }, () => rng());
      for (const v of VARIANTS) {
        const results = implementations.map(([name, ea]) => [name, ea.alignWeights(U, u, { ...v, pointWeights: omega })] as const);
        const ref = results[0]![1];
        for (const [name, r] of results) {
          expect(r.status, name).toBe("optimal");
          expect(bitDifference(r, ref), name).toBeNull();
        }
      }
    }
  });
});

describe.each(implementations)("alignWeights norm 'linf' (%s)", (_name, ea: Engine) => {
  it("is the hull-distance LP: same ε, weights and certificate, errors recomputed on every row", () => {
    const { A: U, b: u } = randomNnls(seeded(41), 120, 12);
    for (const v of VARIANTS) {
      const fit = ea.alignWeights(U, u, { ...v, norm: "linf" });
      const hull = ea.hullDistance(U, u, v);
      expect(fit.status).toBe("optimal");
      expect(fit.method).toBe("hull-lp");
      expect(Array.from(fit.weights)).toEqual(Array.from(hull.weights));
      expect(fit.offset).toBe(hull.offset);
      expect(fit.error.maxAbs).toBeCloseTo(hull.epsilon, 12);
      expect(fit.certificate!.lowerBound).toBeLessThanOrEqual(fit.error.maxAbs + 1e-12);
      expect(fit.kkt.dual).toBeLessThanOrEqual(1e-9);
      // the sup-norm fit is never worse in max error than the least-squares fit of the same variant
      expect(fit.error.maxAbs).toBeLessThanOrEqual(ea.alignWeights(U, u, v).error.maxAbs + 1e-12);
    }
  });

  it("ignores rows of zero point weight", () => {
    const U = [[1, 0], [0, 1], [0.5, 0.5], [10, 10]];
    const u = [0.6, 0.4, 0.5, -50];
    const r = ea.alignWeights(U, u, { constraint: "simplex", norm: "linf", pointWeights: [1, 1, 1, 0] });
    expect(r.status).toBe("optimal");
    expectClose(r.weights, [0.6, 0.4], { rtol: 1e-9, atol: 1e-12 });
    expect(r.error.maxAbs).toBeLessThan(1e-12);
    expect(() => ea.alignWeights(U, u, { norm: "l1" as never })).toThrow(/^norm must be one of 'l2', 'linf'; got "l1"$/);
  });
});
