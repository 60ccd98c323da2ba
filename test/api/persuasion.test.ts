import { describe, expect, it } from "vitest";
import type { MaterialisedSimplexGrid, SimplexGrid } from "../../src/core/types.js";
import { implementations } from "../helpers/engines.js";
import { seeded, type Rng } from "../helpers/random.js";
import { loadHighs, solveWithHighs } from "../helpers/lp-oracle.js";

type Dense = { rows: number; cols: number; data: Float64Array };

function randomUtility(rng: Rng, nA: number, nY: number): Dense {
  const data = new Float64Array(nA * nY);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(20 * rng()) / 20;
  return { rows: nA, cols: nY, data };
}

function randomPrior(rng: Rng, nY: number): Float64Array {
  const p = Float64Array.from({ length: nY }, () => 0.1 + rng());
  const s = p.reduce((a, b) => a + b, 0);
  return p.map((x) => x / s);
}

function fullInformation(u: Dense, prior: ArrayLike<number>): number {
  let v = 0;
  for (let y = 0; y < u.cols; y++) {
    let m = -Infinity;
    for (let a = 0; a < u.rows; a++) m = Math.max(m, u.data[a * u.cols + y]!);
    v += prior[y]! * m;
  }
  return v;
}

/** The sender's value of the receiver's sender-preferred best response at each posterior of a grid. */
function senderValues(ea: (typeof implementations)[number][1], s: Dense, r: Dense, grid: Dense): Float64Array {
  const br = ea.bestResponses(r, grid, { prefer: s, tieTolerance: 1e-9 });
  return Float64Array.from(br.actions, (a, i) => {
    let v = 0;
    for (let y = 0; y < s.cols; y++) v += grid.data[i * s.cols + y]! * s.data[a * s.cols + y]!;
    return v;
  });
}

// Kamenica & Gentzkow's prosecutor and judge: states (innocent, guilty), actions (acquit, convict)
const judge = [[1, 0], [0, 1]];
const prosecutor = [[0, 0], [1, 1]];

describe.each(implementations)("persuasion (%s)", (_name, ea) => {
  it("solves the prosecutor–judge example: prior 0.3 guilty, value 0.6", () => {
    const r = ea.persuasion(prosecutor, judge, [0.7, 0.3]);
    expect(r.status).toBe("optimal");
    expect(r.value).toBeCloseTo(0.6, 12);
    expect(r.receiverValue).toBeCloseTo(0.7, 12);
    // convict always when guilty, and with probability 3/7 when innocent
    expect(r.scheme[2]).toBeCloseTo(0.3, 12);
    expect(r.scheme[3]).toBeCloseTo(0.3, 12);
    expect(r.scheme[0]).toBeCloseTo(0.4, 12);
    expect(r.residuals.obedience).toBeLessThanOrEqual(1e-12);
    expect(r.residuals.marginals).toBeLessThanOrEqual(1e-12);
  });

  it("agrees with concavify on a grid that holds the optimal posteriors, and stays above it on random games", () => {
    const grid = ea.simplexGrid(2, 100);
    if (!grid.materialised) throw new Error("small grids are materialised");
    const c = ea.concavify(senderValues(ea, { rows: 2, cols: 2, data: Float64Array.from(prosecutor.flat()) }, { rows: 2, cols: 2, data: Float64Array.from(judge.flat()) }, grid), grid, [0.7, 0.3]);
    expect(c.status).toBe("optimal");
    expect(c.value).toBeCloseTo(0.6, 9);
    const rng = seeded(11);
    const grid3 = ea.simplexGrid(3, 40);
    if (!grid3.materialised) throw new Error("small grids are materialised");
    for (let t = 0; t < 8; t++) {
      const s = randomUtility(rng, 3, 3), r = randomUtility(rng, 3, 3), prior = randomPrior(rng, 3);
      const p = ea.persuasion(s, r, prior);
      expect(p.status).toBe("optimal");
      const cv = ea.concavify(senderValues(ea, s, r, grid3), grid3, prior);
      expect(cv.value).toBeLessThanOrEqual(p.value + 1e-8);
      expect(p.value - cv.value).toBeLessThanOrEqual(0.05);
    }
  });

  it("matches HiGHS on the obedience LP for random games up to 6 actions × 5 states", async () => {
    const highs = await loadHighs();
    const rng = seeded(12);
    for (let t = 0; t < 12; t++) {
      const nA = 2 + Math.floor(rng() * 5), nY = 2 + Math.floor(rng() * 4);
      const s = randomUtility(rng, nA, nY), r = randomUtility(rng, nA, nY), prior = randomPrior(rng, nY);
      const nv = nA * nY;
      const Aub: number[][] = [];
      for (let a = 0; a < nA; a++) for (let b = 0; b < nA; b++) {
        if (a === b) continue;
        const row = new Array(nv).fill(0);
        for (let y = 0; y < nY; y++) row[a * nY + y] = r.data[b * nY + y]! - r.data[a * nY + y]!;
        Aub.push(row);
      }
      const Aeq = Array.from({ length: nY }, (_, y) => Array.from({ length: nv }, (_, j) => (j % nY === y ? 1 : 0)));
      const oracle = solveWithHighs(highs, { c: Array.from(s.data, (x) => -x), Aub, bub: new Array(Aub.length).fill(0), Aeq, beq: Array.from(prior) });
      const p = ea.persuasion(s, r, prior);
      expect(p.status).toBe("optimal");
      expect(p.value).toBeCloseTo(-oracle.objective, 8);
      expect(p.residuals.obedience).toBeLessThanOrEqual(1e-9);
      expect(p.residuals.marginals).toBeLessThanOrEqual(1e-9);
    }
  });

  it("picks the receiver's best among sender-optimal schemes (lexicographic)", () => {
    // the sender is indifferent: every obedient scheme is sender-optimal, so the receiver gets full information
    const rng = seeded(13);
    for (let t = 0; t < 5; t++) {
      const r = randomUtility(rng, 4, 3), prior = randomPrior(rng, 3);
      const p = ea.persuasion({ rows: 4, cols: 3, data: new Float64Array(12).fill(0.5) }, r, prior);
      expect(p.status).toBe("optimal");
      expect(p.receiverValue).toBeCloseTo(fullInformation(r, prior), 9);
    }
    // sender = receiver: full information as well
    const u = randomUtility(rng, 3, 4), prior = randomPrior(rng, 4);
    expect(ea.persuasion(u, u, prior).value).toBeCloseTo(fullInformation(u, prior), 9);
  });

  it("receiverAtLeast: binding, monotone, and infeasible above full information", () => {
    const full = 1; // the judge's full-information value
    let last = Infinity;
    for (const floor of [0.7, 0.8, 0.9, 1]) {
      const r = ea.persuasion(prosecutor, judge, [0.7, 0.3], { receiverAtLeast: floor });
      expect(r.status).toBe("optimal");
      expect(r.receiverValue).toBeGreaterThanOrEqual(floor - 1e-9);
      expect(r.value).toBeLessThanOrEqual(last + 1e-12);
      last = r.value;
    }
    expect(ea.persuasion(prosecutor, judge, [0.7, 0.3], { receiverAtLeast: full }).value).toBeCloseTo(0.3, 9);
    expect(ea.persuasion(prosecutor, judge, [0.7, 0.3], { receiverAtLeast: 1.01 }).status).toBe("infeasible");
  });

  it("rejects bad input with InputError", () => {
    expect(() => ea.persuasion(prosecutor, judge, [0.7, 0.4])).toThrow(/prior must sum to 1/);
    expect(() => ea.persuasion(prosecutor, judge, [1.1, -0.1])).toThrow(/prior\[1\] must be nonnegative/);
    expect(() => ea.persuasion(prosecutor, [[1, 0, 0], [0, 1, 0]], [0.7, 0.3])).toThrow(/receiverUtility must be 2×2/);
    expect(() => ea.persuasion(prosecutor, judge, [0.7, 0.3], { receiverAtLeast: NaN })).toThrow(/receiverAtLeast/);
    expect(() => ea.persuasion(prosecutor, judge, [0.7])).toThrow(expect.objectContaining({ name: "InputError" }));
  });
});

/** Small grids are materialised (and then usable as matrices); the type says so once checked. */
function materialised(g: SimplexGrid): MaterialisedSimplexGrid {
  if (!g.materialised) throw new Error(`a ${g.rows}×${g.cols} grid was expected to be materialised`);
  return g;
}

describe.each(implementations)("simplexGrid and concavify (%s)", (_name, ea) => {
  it("enumerates C(r + |Y| − 1, |Y| − 1) distinct points on the simplex, also in chunks", () => {
    for (const [states, res] of [[1, 3], [2, 4], [3, 5], [4, 6]] as const) {
      const g = materialised(ea.simplexGrid(states, res));
      expect(g.rows).toBe(ea.simplexGridSize(states, res));
      expect(g.cols).toBe(states);
      const keys = new Set<string>();
      for (let s = 0; s < g.rows; s++) {
        const row = Array.from(g.data.subarray(s * states, (s + 1) * states));
        expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
        for (const x of row) expect(Number.isInteger(Math.round(x * res)) && Math.abs(x * res - Math.round(x * res)) < 1e-9 && x >= 0).toBe(true);
        keys.add(row.join(","));
      }
      expect(keys.size).toBe(g.rows);
      const parts = [...ea.simplexGridChunks(states, res, 7)];
      expect(parts.reduce((n, p) => n + p.rows, 0)).toBe(g.rows);
      expect(Array.from(parts.flatMap((p) => Array.from(p.data)))).toEqual(Array.from(g.data));
    }
    expect(ea.simplexGridSize(10, 100)).toBe(4263421511271);
    const huge = ea.simplexGrid(10, 100);
    expect(huge.materialised).toBe(false);
    expect(huge.rows).toBe(4263421511271);
    const first = huge.chunks(1000).next().value!;
    expect(first.rows).toBe(1000);
    expect(Array.from(first.data.subarray(0, 10))).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const small = materialised(ea.simplexGrid(3, 4));
    expect(small.materialised).toBe(true);
    expect([...small].reduce((n, c) => n + c.rows, 0)).toBe(15);
    expect(Array.from(ea.bestResponses([[1, 0, 0], [0, 0, 1]], small).actions).length).toBe(15);
    expect(() => ea.simplexGrid(3, 0)).toThrow(/resolution must be a positive integer/);
  });

  it("concavify: the value of a concave function at the prior, and the hull of a convex one", () => {
    const g = materialised(ea.simplexGrid(2, 10));
    const prior = [0.35, 0.65];
    const concave = Float64Array.from({ length: g.rows }, (_, s) => -((g.data[2 * s]! - 0.35) ** 2));
    expect(ea.concavify(concave, g, prior).value).toBeCloseTo(-(0.05 ** 2), 12);
    const convex = Float64Array.from({ length: g.rows }, (_, s) => (g.data[2 * s]! - 0.5) ** 2);
    const c = ea.concavify(convex, g, prior);
    expect(c.value).toBeCloseTo(0.25, 12); // split between the vertices
    expect(Array.from(c.splitting.posteriorIndices).sort()).toEqual([0, g.rows - 1]);
    expect(c.splitting.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(() => ea.concavify([1, 2], g, prior)).toThrow(/values must have length 11/);
  });
});
