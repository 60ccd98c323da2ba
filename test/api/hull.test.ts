import { beforeAll, describe, expect, it } from "vitest";
import { InputError, type Engine } from "../../src/index.js";
import { seeded, gaussian, type Rng } from "../helpers/random.js";
import { hullWithHighs, loadHighs, type HighsModule } from "../helpers/lp-oracle.js";
import { implementations } from "../helpers/engines.js";

type Constraint = "simplex" | "nonnegative";
const VARIANTS: [Constraint, boolean][] = [["simplex", false], ["simplex", true], ["nonnegative", false], ["nonnegative", true]];

interface Dense { rows: number; cols: number; data: Float64Array }

const engines: Record<string, Engine> = Object.fromEntries(implementations);
const names = implementations.map(([name]) => name);
let highs: HighsModule;
beforeAll(async () => { highs = await loadHighs(); });

/** Correlated model utilities (a shared signal, 2 latent factors, per-model bias and noise), row-major n×k. */
function models(rng: Rng, n: number, k: number): Dense {
  const data = new Float64Array(n * k);
  const load = Array.from({ length: k }, () => [0.5 * gaussian(rng), 0.5 * gaussian(rng)]);
  const bias = Array.from({ length: k }, () => 0.3 * gaussian(rng));
  for (let i = 0; i < n; i++) {
    const s = gaussian(rng), f0 = gaussian(rng), f1 = gaussian(rng);
    for (let j = 0; j < k; j++) data[i * k + j] = s + f0 * load[j]![0]! + f1 * load[j]![1]! + bias[j]! + 0.3 * gaussian(rng);
  }
  return { rows: n, cols: k, data };
}

function combo(U: Dense, w: ArrayLike<number>): Float64Array {
  const out = new Float64Array(U.rows);
  for (let i = 0; i < U.rows; i++) { let s = 0; for (let j = 0; j < U.cols; j++) s += U.data[i * U.cols + j]! * w[j]!; out[i] = s; }
  return out;
}

function dirichlet(rng: Rng, k: number, support = k): Float64Array {
  const w = new Float64Array(k);
  let t = 0;
  for (let j = 0; j < support; j++) { w[j] = -Math.log(1 - rng()); t += w[j]!; }
  for (let j = 0; j < support; j++) w[j] = w[j]! / t;
  return w;
}

function sigmaOf(U: Dense, u: ArrayLike<number>): number {
  let s = 1;
  for (const v of U.data) s = Math.max(s, Math.abs(v));
  for (let i = 0; i < u.length; i++) s = Math.max(s, Math.abs(u[i]!));
  return s;
}

/**
 * Checks a result from scratch: weights in W, ε = ‖U w + c − u‖∞, y feasible for its variant to 1e-12·σ, the
 * lower bound recomputed from y, lowerBound ≤ ε* ≤ upperBound (ε* from HiGHS, to 1e-9·σ), gap ≤ tol·σ.
 */
function verify(U: Dense, u: Float64Array, constraint: Constraint, offset: boolean, r: ReturnType<Engine["hullDistance"]>, epsStar: number, tol = 1e-9): void {
  const { rows: n, cols: k } = U;
  const sigma = sigmaOf(U, u);
  expect(r.status).toBe("optimal");
  let sum = 0;
  for (let j = 0; j < k; j++) { expect(r.weights[j]).toBeGreaterThanOrEqual(0); sum += r.weights[j]!; }
  if (constraint === "simplex") expect(Math.abs(sum - 1)).toBeLessThanOrEqual(1e-12);
  if (!offset) expect(r.offset).toBe(0);
  const fit = combo(U, r.weights);
  let eps = 0;
  for (let i = 0; i < n; i++) eps = Math.max(eps, Math.abs(fit[i]! + r.offset - u[i]!));
  expect(r.epsilon).toBe(r.certificate.upperBound);
  expect(Math.abs(r.certificate.upperBound - eps)).toBeLessThanOrEqual(1e-14 * sigma);
  // y: feasibility and the bound it certifies
  const y = r.certificate.y;
  expect(y.length).toBe(n);
  let l1 = 0, yu = 0, ysum = 0;
  for (let i = 0; i < n; i++) { l1 += Math.abs(y[i]!); yu += y[i]! * u[i]!; ysum += y[i]!; }
  const Uty = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) Uty[j] = Uty[j]! + U.data[i * k + j]! * y[i]!;
  if (offset) expect(Math.abs(ysum)).toBeLessThanOrEqual(1e-12 * sigma);
  let lb: number;
  if (constraint === "simplex") {
    lb = (yu - Math.max(...Uty)) / Math.max(1, l1);
  } else {
    for (let j = 0; j < k; j++) expect(Uty[j]).toBeLessThanOrEqual(1e-12 * sigma);
    lb = yu / Math.max(1, l1);
  }
  expect(Math.abs(lb - r.certificate.lowerBound)).toBeLessThanOrEqual(1e-13 * sigma);
  expect(r.certificate.lowerBound).toBeLessThanOrEqual(epsStar + 1e-9 * sigma);
  expect(r.certificate.upperBound).toBeGreaterThanOrEqual(epsStar - 1e-9 * sigma);
  expect(r.certificate.upperBound - r.certificate.lowerBound).toBeLessThanOrEqual(tol * sigma);
  expect(Math.abs(r.epsilon - epsStar)).toBeLessThanOrEqual(1e-9 * sigma);
}

function oracle(U: Dense, u: Float64Array, constraint: Constraint, offset: boolean): number {
  const h = hullWithHighs(highs, U.data, U.rows, U.cols, u, constraint, offset);
  expect(h.status).toBe("optimal");
  return h.epsilon;
}

describe.each(names)("hullDistance (%s)", (name) => {
  const ea = () => engines[name]!;

  it("solves a small example by hand: u at the centroid, at a vertex, on an edge, outside", () => {
    const U = [[0, 1, 0], [0, 0, 1]]; // models (0,0), (1,0), (0,1) as columns
    const Ud: Dense = { rows: 2, cols: 3, data: Float64Array.from([0, 1, 0, 0, 0, 1]) };
    const centroid = ea().hullDistance(U, [1 / 3, 1 / 3]);
    expect(centroid.status).toBe("optimal");
    expect(centroid.epsilon).toBeLessThanOrEqual(1e-15);
    const vertex = ea().hullDistance(U, [1, 0]);
    expect(vertex.epsilon).toBeLessThanOrEqual(1e-15);
    const edge = ea().hullDistance(U, [0.5, 0.5]);
    expect(edge.epsilon).toBeLessThanOrEqual(1e-15);
    // (1, 1) is at ∞-distance 1/3 from the hull: the closest point is (2/3, 2/3)... in ∞-norm (1−a, 1−b) with a + b ≤ 1
    const out = ea().hullDistance(U, [1, 1]);
    expect(out.epsilon).toBeCloseTo(0.5, 14);
    verify(Ud, Float64Array.from([1, 1]), "simplex", false, out, 0.5);
    // with an offset, (1, 1) − c(1, 1) reaches the hull: ε* = 0
    const shifted = ea().hullDistance(U, [1, 1], { offset: true });
    expect(shifted.epsilon).toBeLessThanOrEqual(1e-15);
    // the cone contains (1, 1); it does not contain (−1, 0): ε* = 1/2 (w = 0 gives 1; best is ‖(−1,0) − (a,b)‖∞ … )
    const cone = ea().hullDistance(U, [-1, 0], { constraint: "nonnegative" });
    verify(Ud, Float64Array.from([-1, 0]), "nonnegative", false, cone, 1);
  });

  it("handles k = 1, n = 1, duplicate models and a far-away u", () => {
    const rng = seeded(7);
    const one = models(rng, 30, 1);
    const u1 = combo(one, [1]).map((v, i) => v + (i % 3 === 0 ? 0.5 : -0.25));
    for (const [c, o] of VARIANTS) verify(one, u1, c, o, ea().hullDistance(one, u1, { constraint: c, offset: o }), oracle(one, u1, c, o));
    const row: Dense = { rows: 1, cols: 4, data: Float64Array.from([0.3, -1, 2, 0.5]) };
    for (const [c, o] of VARIANTS) for (const t of [5, 0.1, -3]) {
      const u = Float64Array.from([t]);
      verify(row, u, c, o, ea().hullDistance(row, u, { constraint: c, offset: o }), oracle(row, u, c, o));
    }
    const base = models(rng, 40, 3);
    const dup: Dense = { rows: 40, cols: 6, data: new Float64Array(240) };
    for (let i = 0; i < 40; i++) for (let j = 0; j < 6; j++) dup.data[i * 6 + j] = base.data[i * 3 + (j % 3)]!;
    const ud = combo(base, [0.2, 0.3, 0.5]);
    for (const [c, o] of VARIANTS) verify(dup, ud, c, o, ea().hullDistance(dup, ud, { constraint: c, offset: o }), 0);
    const far = combo(base, [0.2, 0.3, 0.5]).map((v, i) => v + 1e4 * (i % 2 === 0 ? 1 : -0.5));
    for (const [c, o] of VARIANTS) verify(base, far, c, o, ea().hullDistance(base, far, { constraint: c, offset: o }), oracle(base, far, c, o));
  });

  it("matches HiGHS with checkable certificates on 320 seeded random problems (every variant)", () => {
    const rng = seeded(20260101);
    for (let t = 0; t < 80; t++) {
      const n = 2 + Math.floor(rng() * 60), k = 1 + Math.floor(rng() * 12);
      const U = models(rng, n, k);
      let u: Float64Array;
      const kind = t % 6;
      if (kind === 0) u = combo(U, dirichlet(rng, k));                                   // inside
      else if (kind === 1) { const w = new Float64Array(k); w[Math.floor(rng() * k)] = 1; u = combo(U, w); } // a model
      else if (kind === 2) u = combo(U, dirichlet(rng, k, Math.min(2, k)));               // on a face
      else if (kind === 3) u = combo(U, new Float64Array(k).fill(1 / k));                 // the average
      else u = combo(U, dirichlet(rng, k)).map((v) => v + 0.3 * gaussian(rng));           // outside
      const scale = [1, 1e3, 1e-3, 1][t % 4]!;                                             // σ far from 1, both ways
      if (scale !== 1) { U.data.forEach((v, i) => { U.data[i] = v * scale; }); u = u.map((v) => v * scale); }
      for (const [c, o] of VARIANTS) {
        const r = ea().hullDistance(U, u, { constraint: c, offset: o });
        verify(U, u, c, o, r, oracle(U, u, c, o));
      }
    }
  });

  it("matches HiGHS on a 400×40 correlated instance, u inside and outside", () => {
    const rng = seeded(99);
    const U = models(rng, 400, 40);
    const inside = combo(U, dirichlet(rng, 40, 6));
    const outside = inside.map((v) => v + 0.05 * gaussian(rng));
    for (const u of [inside, outside]) for (const [c, o] of VARIANTS) {
      verify(U, u, c, o, ea().hullDistance(U, u, { constraint: c, offset: o }), oracle(U, u, c, o));
    }
  });

  it("solves a 1000×100 instance with u inside (degenerate: ε* = 0) and outside, matching HiGHS", () => {
    const rng = seeded(5);
    const U = models(rng, 1000, 100);
    const inside = combo(U, dirichlet(rng, 100, 10));
    verify(U, inside, "simplex", false, ea().hullDistance(U, inside), 0);
    const outside = inside.map((v) => v + 0.05 * gaussian(rng));
    verify(U, outside, "simplex", true, ea().hullDistance(U, outside, { offset: true }), oracle(U, outside, "simplex", true));
    const near = inside.map((v, i) => v + 1e-7 * Math.sin(i));
    verify(U, near, "nonnegative", false, ea().hullDistance(U, near, { constraint: "nonnegative" }), oracle(U, near, "nonnegative", false));
  });

  it("inHull: inside/outside, and y separates u from every model", () => {
    const rng = seeded(11);
    const U = models(rng, 50, 6);
    const inside = combo(U, dirichlet(rng, 6));
    const a = ea().inHull(U, inside);
    expect(a.inside).toBe(true);
    expect(a.certificate.upperBound).toBeLessThanOrEqual(1e-9 * sigmaOf(U, inside));
    const outside = inside.map((v) => v + 0.5 * gaussian(rng));
    for (const [c, o] of VARIANTS) {
      const b = ea().inHull(U, outside, { constraint: c, offset: o });
      expect(b.inside).toBe(false);
      expect(b.certificate.lowerBound).toBeGreaterThan(0);
      const y = b.certificate.y;
      let yu = 0;
      for (let i = 0; i < 50; i++) yu += y[i]! * outside[i]!;
      for (let j = 0; j < 6; j++) {
        let s = 0;
        for (let i = 0; i < 50; i++) s += U.data[i * 6 + j]! * y[i]!;
        if (c === "simplex") expect(s).toBeLessThanOrEqual(yu - b.certificate.lowerBound + 1e-12);
        else expect(s).toBeLessThanOrEqual(1e-12 * sigmaOf(U, outside));
      }
    }
    // a loose epsilonTolerance accepts a near miss
    const near = ea().inHull(U, outside, { epsilonTolerance: 100 });
    expect(near.inside).toBe(true);
  });

  it("returns iteration_limit with a valid certificate", () => {
    const rng = seeded(3);
    const U = models(rng, 80, 10);
    const u = combo(U, dirichlet(rng, 10)).map((v) => v + 0.3 * gaussian(rng));
    const star = oracle(U, u, "simplex", false);
    const r = ea().hullDistance(U, u, { maxIterations: 2 });
    expect(r.status).toBe("iteration_limit");
    expect(r.iterations).toBe(2);
    expect(r.certificate.lowerBound).toBeLessThanOrEqual(star + 1e-12);
    expect(r.certificate.upperBound).toBeGreaterThanOrEqual(star - 1e-12);
  });

  it("leaves its inputs untouched (number[][], dense and Float64Array forms)", () => {
    const rng = seeded(17);
    const U = models(rng, 30, 5);
    const u = combo(U, dirichlet(rng, 5)).map((v) => v + 0.2 * gaussian(rng));
    const dataCopy = U.data.slice(), uCopy = u.slice();
    const rows = Array.from({ length: 30 }, (_, i) => Array.from(U.data.subarray(i * 5, i * 5 + 5)));
    const rowsCopy = JSON.stringify(rows);
    for (const [c, o] of VARIANTS) {
      ea().hullDistance(U, u, { constraint: c, offset: o });
      ea().inHull(rows, Array.from(u), { constraint: c, offset: o });
    }
    expect(U.data).toEqual(dataCopy);
    expect(u).toEqual(uCopy);
    expect(JSON.stringify(rows)).toBe(rowsCopy);
  });

  it("throws InputError naming the argument", () => {
    const U = [[1, 0], [0, 1]];
    const bad: [() => unknown, RegExp][] = [
      [() => ea().hullDistance([], [1]), /U/],
      [() => ea().hullDistance(U, [1]), /u must have length 2/],
      [() => ea().hullDistance([[1, NaN], [0, 1]], [1, 1]), /U\[0\]\[1\]/],
      [() => ea().hullDistance(U, [1, Infinity]), /u\[1\]/],
      [() => ea().hullDistance(U, [1, 1], { constraint: "convex" as never }), /constraint/],
      [() => ea().hullDistance(U, [1, 1], { offset: "yes" as never }), /offset/],
      [() => ea().hullDistance(U, [1, 1], { tolerance: 0 }), /tolerance/],
      [() => ea().hullDistance(U, [1, 1], { maxIterations: 1.5 }), /maxIterations/],
      [() => ea().inHull(U, [1, 1], { epsilonTolerance: -1 }), /epsilonTolerance/],
      [() => ea().hullDistance(U, [1, 1], 5 as never), /opts/],
    ];
    for (const [f, re] of bad) {
      expect(f).toThrow(InputError);
      expect(f).toThrow(re);
    }
  });
});

