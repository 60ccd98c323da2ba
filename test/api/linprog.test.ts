import { beforeAll, describe, expect, it } from "vitest";
import { InputError, type Engine } from "../../src/index.js";
import type { LinprogResult } from "../../src/core/types.js";
import { seeded, gaussian, type Rng } from "../helpers/random.js";
import { loadHighs, solveWithHighs, type DenseLp, type HighsModule } from "../helpers/lp-oracle.js";
import { implementations } from "../helpers/engines.js";

const engines: Record<string, Engine> = Object.fromEntries(implementations);
const names = implementations.map(([name]) => name);
let highs: HighsModule;
beforeAll(async () => { highs = await loadHighs(); });

/**
 * KKT from scratch, in SciPy's sign convention: primal feasibility, y_ub ≤ 0, complementary slackness, reduced costs
 * z = c − Aubᵀy_ub − Aeqᵀy_eq with z ≥ 0 where x sits at a finite lower bound only, z ≤ 0 at an upper bound only,
 * z = 0 strictly inside, and strong duality cᵀx = bᵀy + Σ bound terms.
 */
function expectKkt(lp: DenseLp, r: LinprogResult, tol = 1e-7): void {
  const nv = lp.c.length;
  const Aub = lp.Aub ?? [], Aeq = lp.Aeq ?? [];
  const lower = lp.lower ?? new Array(nv).fill(0), upper = lp.upper ?? new Array(nv).fill(Infinity);
  const scale = Math.max(1, ...Array.from(lp.c, Math.abs), ...(lp.bub ?? []).map(Math.abs), ...(lp.beq ?? []).map(Math.abs));
  const x = r.x;
  const z = Array.from(lp.c);
  let objective = 0;
  for (let j = 0; j < nv; j++) objective += lp.c[j]! * x[j]!;
  expect(Math.abs(objective - r.objective)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(objective)));
  let dualObjective = 0;
  Aub.forEach((row, i) => {
    const ax = row.reduce((s, a, j) => s + a * x[j]!, 0);
    expect(ax).toBeLessThanOrEqual(lp.bub![i]! + tol * scale);
    const y = r.duals.ineq[i]!;
    expect(y).toBeLessThanOrEqual(tol * scale);
    expect(Math.abs(y * (lp.bub![i]! - ax))).toBeLessThanOrEqual(tol * scale * scale);
    dualObjective += y * lp.bub![i]!;
    row.forEach((a, j) => { z[j] = z[j]! - a * y; });
  });
  Aeq.forEach((row, i) => {
    const ax = row.reduce((s, a, j) => s + a * x[j]!, 0);
    expect(Math.abs(ax - lp.beq![i]!)).toBeLessThanOrEqual(tol * scale);
    const y = r.duals.eq[i]!;
    dualObjective += y * lp.beq![i]!;
    row.forEach((a, j) => { z[j] = z[j]! - a * y; });
  });
  for (let j = 0; j < nv; j++) {
    expect(x[j]!).toBeGreaterThanOrEqual(lower[j]! - tol * scale);
    expect(x[j]!).toBeLessThanOrEqual(upper[j]! + tol * scale);
    const atLower = Math.abs(x[j]! - lower[j]!) <= 1e-9 * scale, atUpper = Math.abs(x[j]! - upper[j]!) <= 1e-9 * scale;
    if (!atLower) expect(z[j]!).toBeLessThanOrEqual(tol * scale);
    if (!atUpper) expect(z[j]!).toBeGreaterThanOrEqual(-tol * scale);
    const ll = r.duals.lower[j]!, lu = r.duals.upper[j]!;
    expect(ll).toBeGreaterThanOrEqual(0);
    expect(lu).toBeLessThanOrEqual(0);
    if (ll !== 0) { expect(Number.isFinite(lower[j]!)).toBe(true); dualObjective += ll * lower[j]!; }
    if (lu !== 0) { expect(Number.isFinite(upper[j]!)).toBe(true); dualObjective += lu * upper[j]!; }
    expect(Math.abs(z[j]! - r.duals.lower[j]! - r.duals.upper[j]!)).toBeLessThanOrEqual(tol * scale);
  }
  expect(Math.abs(objective - dualObjective)).toBeLessThanOrEqual(tol * scale * Math.max(1, Math.abs(objective)));
  expect(r.residuals.primal).toBeLessThanOrEqual(tol * scale);
  expect(r.residuals.dual).toBeLessThanOrEqual(tol * scale);
}

/** A random LP: a known feasible point x0 (some rows tight, so vertices are degenerate), random bounds, costs. */
function randomLp(rng: Rng, t: number): DenseLp {
  const nv = 1 + Math.floor(rng() * 8), mUb = Math.floor(rng() * 8), mEq = Math.floor(rng() * Math.min(nv, 4));
  const lower: number[] = [], upper: number[] = [], x0: number[] = [];
  for (let j = 0; j < nv; j++) {
    const kind = Math.floor(rng() * 5);
    const l = kind === 0 ? -Infinity : kind === 1 ? -2 * rng() : 0;
    const u = kind === 2 || t % 3 === 0 ? l === -Infinity ? 3 * rng() : l + 0.5 + 3 * rng() : Infinity;
    lower.push(l); upper.push(u);
    const lo = Number.isFinite(l) ? l : -2, hi = Number.isFinite(u) ? u : lo + 3;
    x0.push(lo + (hi - lo) * rng());
  }
  const row = () => Array.from({ length: nv }, () => (rng() < 0.2 ? 0 : Math.round(gaussian(rng) * 8) / 4));
  const Aub = Array.from({ length: mUb }, row);
  const bub = Aub.map((r) => r.reduce((s, a, j) => s + a * x0[j]!, 0) + (rng() < 0.3 ? 0 : rng()));
  const Aeq = Array.from({ length: mEq }, row);
  if (mEq >= 2 && t % 4 === 0) Aeq[1] = Aeq[0]!.map((v) => 2 * v); // a redundant equality
  const beq = Aeq.map((r) => r.reduce((s, a, j) => s + a * x0[j]!, 0));
  const c = Array.from({ length: nv }, () => Math.round(gaussian(rng) * 4) / 2);
  const lp: DenseLp = { c, lower, upper };
  if (mUb > 0) { lp.Aub = Aub; lp.bub = bub; }
  if (mEq > 0) { lp.Aeq = Aeq; lp.beq = beq; }
  return lp;
}

describe.each(names)("linprog (%s)", (name) => {
  const ea = () => engines[name]!;

  it("solves SciPy's documented example with its marginals", () => {
    // scipy.optimize.linprog docs: c = [-1, 4], A_ub = [[-3, 1], [1, 2]], b_ub = [6, 4], x0 free, x1 ≥ −3
    const r = ea().linprog({ c: [-1, 4], Aub: [[-3, 1], [1, 2]], bub: [6, 4], lower: [-Infinity, -3], upper: [Infinity, Infinity] });
    expect(r.status).toBe("optimal");
    expect(r.objective).toBeCloseTo(-22, 12);
    expect(Array.from(r.x)).toEqual([10, -3]);
    expect(r.duals.ineq[0]).toBeCloseTo(0, 14);
    expect(r.duals.ineq[1]).toBeCloseTo(-1, 14);
    expect(r.duals.lower[1]).toBeCloseTo(6, 14);
    expect(Array.from(r.slack)).toEqual([39, 0]);
    // SciPy's None as null: the same problem
    const r2 = ea().linprog({ c: [-1, 4], Aub: [[-3, 1], [1, 2]], bub: [6, 4], lower: [null, -3], upper: [null, null] });
    expect(Array.from(r2.x)).toEqual(Array.from(r.x));
  });

  it("matches HiGHS (status and objective) and meets KKT on 300 seeded random LPs", () => {
    const rng = seeded(31337);
    const counts: Record<string, number> = {};
    for (let t = 0; t < 300; t++) {
      const lp = randomLp(rng, t);
      const ref = solveWithHighs(highs, lp);
      const r = ea().linprog(lp);
      const st = ref.status === "unbounded_or_infeasible" ? "unbounded" : ref.status;
      counts[st] = (counts[st] ?? 0) + 1;
      if (ref.status === "optimal") {
        expect(r.status).toBe("optimal");
        expect(Math.abs(r.objective - ref.objective)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(ref.objective)));
        expectKkt(lp, r);
      } else if (ref.status === "unbounded_or_infeasible") {
        expect(r.status).toBe("unbounded"); // feasible by construction (x0), so HiGHS's "one of the two" is unbounded
      } else {
        expect(r.status).toBe(ref.status);
      }
    }
    expect(counts["optimal"]).toBeGreaterThan(150);
    expect(counts["unbounded"]).toBeGreaterThan(5);
  });

  it("matches HiGHS on 40 larger random LPs (30 variables, 25 inequalities, 5 equalities)", () => {
    const rng = seeded(8);
    for (let t = 0; t < 40; t++) {
      const nv = 30, x0 = Array.from({ length: nv }, () => rng());
      const row = () => Array.from({ length: nv }, () => gaussian(rng));
      const Aub = Array.from({ length: 25 }, row), Aeq = Array.from({ length: 5 }, row);
      const lp: DenseLp = {
        c: Array.from({ length: nv }, () => gaussian(rng)), Aub, Aeq,
        bub: Aub.map((r) => r.reduce((s, a, j) => s + a * x0[j]!, 0) + rng()),
        beq: Aeq.map((r) => r.reduce((s, a, j) => s + a * x0[j]!, 0)),
        lower: new Array(nv).fill(0), upper: new Array(nv).fill(2),
      };
      const ref = solveWithHighs(highs, lp);
      const r = ea().linprog(lp);
      expect(r.status).toBe(ref.status);
      expect(Math.abs(r.objective - ref.objective)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(ref.objective)));
      expectKkt(lp, r);
    }
  });

  it("walks Klee–Minty cubes (n = 3…9) to the optimum 5ⁿ", () => {
    for (let n = 3; n <= 9; n++) {
      // max Σ 2^(n−j) x_j s.t. 2 Σ_{j<i} 2^(i−j) x_j + x_i ≤ 5^i  (Chvátal's form), as a minimisation
      const c = Array.from({ length: n }, (_, j) => -(2 ** (n - 1 - j)));
      const Aub = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j < i ? 2 ** (i - j + 1) : j === i ? 1 : 0)));
      const bub = Array.from({ length: n }, (_, i) => 5 ** (i + 1));
      const r = ea().linprog({ c, Aub, bub });
      expect(r.status).toBe("optimal");
      expect(r.objective).toBeCloseTo(-(5 ** n), 6);
      expectKkt({ c, Aub, bub }, r, 1e-9);
    }
  });

  it("does not cycle on Beale's example", () => {
    // Beale (1955): cycles under Dantzig's rule with lowest-index ties; optimum −5/4 at x = (1, 0, 1, 0)
    const lp: DenseLp = {
      c: [-0.75, 20, -0.5, 6],
      Aub: [[0.25, -8, -1, 9], [0.5, -12, -0.5, 3], [0, 0, 1, 0]],
      bub: [0, 0, 1],
    };
    const r = ea().linprog(lp);
    expect(r.status).toBe("optimal");
    expect(r.objective).toBeCloseTo(-1.25, 14);
    expect(Array.from(r.x).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([1, 0, 1, 0]);
    expectKkt(lp, r, 1e-12);
  });

  it("reports infeasible and unbounded problems as statuses", () => {
    expect(ea().linprog({ c: [1, 1], Aub: [[1, 1]], bub: [-1] }).status).toBe("infeasible");
    expect(ea().linprog({ c: [1, 1], Aeq: [[1, 1], [1, 1]], beq: [1, 2] }).status).toBe("infeasible");
    expect(ea().linprog({ c: [0], lower: [2], upper: [3], Aub: [[1]], bub: [1] }).status).toBe("infeasible");
    const u = ea().linprog({ c: [-1, 0], Aub: [[1, -1]], bub: [1] });
    expect(u.status).toBe("unbounded");
    expect(ea().linprog({ c: [1], lower: -Infinity }).status).toBe("unbounded");
    // bounds only: the best bound
    const b = ea().linprog({ c: [1, -1], lower: [-2, 0], upper: [5, 3] });
    expect(b.status).toBe("optimal");
    expect(Array.from(b.x)).toEqual([-2, 3]);
    expect(b.objective).toBe(-5);
  });

  it("returns iteration_limit with the last iterate", () => {
    const n = 8;
    const c = Array.from({ length: n }, (_, j) => -(2 ** (n - 1 - j)));
    const Aub = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j < i ? 2 ** (i - j + 1) : j === i ? 1 : 0)));
    // (equilibrated, the cube takes 3 pivots instead of 2ⁿ − 1: stop it after 2)
    const r = ea().linprog({ c, Aub, bub: Array.from({ length: n }, (_, i) => 5 ** (i + 1)) }, { maxIterations: 2 });
    expect(r.status).toBe("iteration_limit");
    expect(r.iterations).toBe(2);
    expect(r.x.length).toBe(n);
  });

  it("leaves its inputs untouched", () => {
    const lp = { c: [1, 2, -1], Aub: [[1, 1, 1], [2, -1, 0]], bub: [4, 1], Aeq: [[1, 0, 1]], beq: [1], lower: [0, -1, 0], upper: [3, 3, 3] };
    const copy = JSON.stringify(lp);
    const dense = { rows: 2, cols: 3, data: Float64Array.from([1, 1, 1, 2, -1, 0]) };
    const c64 = Float64Array.from([1, 2, -1]);
    ea().linprog(lp);
    ea().linprog({ ...lp, Aub: dense, c: c64 });
    expect(JSON.stringify(lp)).toBe(copy);
    expect(Array.from(dense.data)).toEqual([1, 1, 1, 2, -1, 0]);
    expect(Array.from(c64)).toEqual([1, 2, -1]);
  });

  it("throws InputError naming the argument", () => {
    const bad: [() => unknown, RegExp][] = [
      [() => ea().linprog(null as never), /problem/],
      [() => ea().linprog({ c: [] }), /c must not be empty/],
      [() => ea().linprog({ c: [1, NaN] }), /c\[1\]/],
      [() => ea().linprog({ c: [1, 1], Aub: [[1, 1, 1]], bub: [1] }), /Aub must have 2 columns/],
      [() => ea().linprog({ c: [1, 1], Aub: [[1, 1]], bub: [1, 2] }), /bub must have length 1/],
      [() => ea().linprog({ c: [1, 1], Aub: [[1, 1]] }), /bub is required/],
      [() => ea().linprog({ c: [1, 1], beq: [1] }), /beq was given without Aeq/],
      [() => ea().linprog({ c: [1, 1], Aeq: [[1, Infinity]], beq: [1] }), /Aeq\[0\]\[1\]/],
      [() => ea().linprog({ c: [1, 1], lower: [0, 2], upper: [1, 1] }), /lower\[1\] must not exceed upper\[1\]/],
      [() => ea().linprog({ c: [1, 1], lower: [0, Infinity] }), /lower\[1\]/],
      [() => ea().linprog({ c: [1, 1], upper: -Infinity }), /upper/],
      [() => ea().linprog({ c: [1, 1], lower: [0] }), /lower must have length 2/],
      [() => ea().linprog({ c: [1] }, { tolerance: -1 }), /tolerance/],
      [() => ea().linprog({ c: [1] }, { maxIterations: 0 }), /maxIterations/],
    ];
    for (const [f, re] of bad) {
      expect(f).toThrow(InputError);
      expect(f).toThrow(re);
    }
  });
});

