import { describe, expect, it } from "vitest";
import { createEngine, type DenseMatrix, type Engine } from "../../src/index.js";
import {
  bestSingleModel, defaultKGrid, fitAndScore, hasHull, makeSplits, poolExperiments, runAlignmentExperiment, submatrix, type AlignmentData,
} from "../../src/app/experiments/alignment.js";
import { DataError, moralExceptQa, moralMachine, movielensRatings } from "../../src/app/experiments/datasets.js";
import { personaBank } from "../../src/app/experiments/movielens.js";
import { gaussian, permutation, sampleIndices, seeded, taskSeed } from "../../src/core/random.js";
import { summarize } from "../../src/app/experiments/stats.js";
import { syntheticModels } from "../../src/app/experiments/synthetic.js";
import { describeTask, parseShard, recordLine, runSweepTask, shardTasks, taskCount, type SyntheticSweepSpec } from "../../src/app/sweep/plan.js";

const engines: Array<[string, Engine]> = [["wasm", await createEngine({ backend: "wasm" })], ["js", await createEngine({ backend: "js" })]];

function inHullData(seed: number, n = 120, k = 15): AlignmentData {
  const inst = syntheticModels({ n, k, seed, userNoise: 0 });
  return { name: "in-hull", U: inst.U, u: inst.u, models: Array.from({ length: k }, (_, j) => `m${j}`), points: Array.from({ length: n }, (_, i) => `p${i}`) };
}

/** u plus, for model j, a bias and noise of scale σ_j; model `closest` gets the smallest σ by far. */
function closestModelData(seed: number, n: number, k: number, closest: number): AlignmentData {
  const rng = seeded(seed);
  const u = Float64Array.from({ length: n }, () => gaussian(rng));
  const data = new Float64Array(n * k);
  for (let j = 0; j < k; j++) {
    const sigma = j === closest ? 0.05 : 0.5 + 0.1 * j;
    const bias = 2 * rng() - 1;
    for (let i = 0; i < n; i++) data[i * k + j] = u[i]! + bias + sigma * gaussian(rng);
  }
  return { name: "closest", U: { rows: n, cols: k, data }, u, models: Array.from({ length: k }, (_, j) => `m${j}`), points: [] };
}

describe.each(engines)("alignment experiment (%s)", (_name, ea) => {
  it("recovers a utility that lies exactly in the shifted hull: held-out error ≈ 0 for the convex and conic fits with offset", () => {
    const data = inHullData(7);
    const r = runAlignmentExperiment(ea, data, { splits: 10, kGrid: [data.U.cols], kDraws: 2, seed: 3 });
    const get = (m: string) => r.methods.find((x) => x.method === m)!;
    for (const m of ["simplex+offset", "nonnegative+offset"]) {
      expect(get(m).mse.mean, m).toBeLessThan(1e-16);
      expect(get(m).maxAbs.mean, m).toBeLessThan(1e-7);
      expect(get(m).statuses.optimal, m).toBe(10);
    }
    if (hasHull(ea)) expect(get("hull").maxAbs.mean).toBeLessThan(1e-6);
    // the single best model and the plain average are far from it on this instance
    expect(get("best-single").mse.mean).toBeGreaterThan(1e-3);
    expect(get("uniform").mse.mean).toBeGreaterThan(1e-3);
    // the k-curve at k = all models agrees
    const full = r.kCurve.find((p) => p.method === "simplex+offset" && p.k === data.U.cols)!;
    expect(full.mse.mean).toBeLessThan(1e-16);
  });

  it("chooses the model generated closest to the user as the best single model, on every split", () => {
    const data = closestModelData(11, 200, 12, 7);
    expect(bestSingleModel(data.U, data.u).model).toBe(7);
    const r = runAlignmentExperiment(ea, data, { splits: 25, kGrid: [1, 12], kDraws: 5, seed: 5 });
    expect(r.bestSingleChoices).toEqual([{ model: "m7", count: 25 }]);
    // the paired curve: with all 12 models the best single model is its own baseline (ratio exactly 1), and a single
    // random model is worse than the closest one on every draw
    const rel = (k: number, m: string) => r.kCurveRelative!.find((p) => p.k === k && p.method === m)!.mse;
    expect(rel(12, "best-single")).toMatchObject({ mean: 1, lo: 1, hi: 1 });
    expect(rel(1, "best-single").lo).toBeGreaterThanOrEqual(1);
    const best = r.methods.find((m) => m.method === "best-single")!;
    // its held-out MSE is its noise variance, 0.05²
    expect(best.mse.mean).toBeGreaterThan(0.0015);
    expect(best.mse.mean).toBeLessThan(0.0035);
    // with every model available the convex fit is at least as good as that single model (up to sampling noise)
    expect(r.methods.find((m) => m.method === "simplex+offset")!.mse.mean).toBeLessThan(best.mse.mean * 1.1);
  });

  it("scores every method on held-out rows from its own weights and offset (checked by hand on one split)", () => {
    const data = inHullData(3, 40, 6);
    const data2 = { ...data, u: data.u.map((v, i) => v + (i % 3 === 0 ? 0.3 : -0.1)) };
    const [split] = makeSplits(40, "random", 1, 0.25, seeded(1));
    const { scores } = fitAndScore(ea, data2, split!.train, split!.test, null, ["nonnegative+offset"]);
    const Utr = submatrix(data2.U, split!.train, null);
    const utr = Float64Array.from(split!.train, (i) => data2.u[i]!);
    const fit = ea.alignWeights(Utr, utr, { constraint: "nonnegative", offset: true });
    let ss = 0, mx = 0;
    for (const i of split!.test) {
      let p = fit.offset;
      for (let j = 0; j < 6; j++) p += fit.weights[j]! * data2.U.data[i * 6 + j]!;
      ss += (p - data2.u[i]!) ** 2; mx = Math.max(mx, Math.abs(p - data2.u[i]!));
    }
    expect(scores["nonnegative+offset"]!.mse).toBeCloseTo(ss / split!.test.length, 14);
    expect(scores["nonnegative+offset"]!.maxAbs).toBeCloseTo(mx, 14);
  });
});

describe("experiment protocol pieces", () => {
  it("leave-one-out holds each point out exactly once", () => {
    const folds = makeSplits(9, "loo", 0, 0, seeded(1));
    expect(folds).toHaveLength(9);
    folds.forEach((f, i) => { expect([...f.test]).toEqual([i]); expect(f.train).toHaveLength(8); expect([...f.train]).not.toContain(i); });
  });

  it("random splits partition the points with the requested test share", () => {
    for (const { train, test } of makeSplits(148, "random", 5, 0.25, seeded(2))) {
      expect(test).toHaveLength(37);
      expect(new Set([...train, ...test]).size).toBe(148);
    }
  });

  it("uses leave-one-out on a Moral-Machine-shaped problem (9 points, 75 models) and pools its errors", async () => {
    const ea = await createEngine();
    const rng = seeded(4);
    const n = 9, k = 75;
    const U: DenseMatrix = { rows: n, cols: k, data: Float64Array.from({ length: n * k }, () => gaussian(rng) * 0.3) };
    const u = Float64Array.from({ length: n }, () => gaussian(rng) * 0.3);
    const r = runAlignmentExperiment(ea, { name: "mm", U, u, models: [], points: [] }, { protocol: "loo", kGrid: [1, 75], kDraws: 3, methods: ["best-single", "simplex+offset"] });
    expect(r.protocol).toMatchObject({ kind: "loo", splits: 9, trainPoints: 8, testPoints: 1 });
    const s = r.methods.find((m) => m.method === "simplex+offset")!;
    expect(s.mse.count).toBe(9);
    expect(s.pooled.rmse).toBeCloseTo(Math.sqrt(s.mse.mean), 15);
    // one held-out point per fold: the fold's max error is √(its MSE), and the pooled max is the largest of them
    expect(s.maxAbs.mean).toBeCloseTo(s.rmse.mean, 15);
    expect(s.pooled.maxAbs).toBeGreaterThanOrEqual(s.maxAbs.hi - 1e-15);
    expect(r.notes.join(" ")).toMatch(/leave-one-out/);
  });

  it("pools problems by giving each one equal weight", async () => {
    const ea = await createEngine();
    const a = runAlignmentExperiment(ea, inHullData(1, 60, 5), { splits: 4, kGrid: [5], kDraws: 2 });
    const b = runAlignmentExperiment(ea, closestModelData(2, 60, 5, 1), { splits: 4, kGrid: [5], kDraws: 2 });
    const p = poolExperiments("both", [a, b]);
    expect(p.problems).toBe(2);
    const m = (r: typeof a, name: string) => r.methods.find((x) => x.method === name)!.mse.mean;
    expect(m(p, "best-single")).toBeCloseTo((m(a, "best-single") + m(b, "best-single")) / 2, 15);
  });

  it("default k grids are increasing and end at k", () => {
    expect(defaultKGrid(31)).toEqual([1, 2, 3, 5, 8, 12, 18, 27, 31]);
    expect(defaultKGrid(1)).toEqual([1]);
  });
});

describe("seeds, shards and sweep tasks", () => {
  it("taskSeed depends on (seed, index, stream) only, and differs between neighbours", () => {
    expect(taskSeed(1, 5)).toBe(taskSeed(1, 5));
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => taskSeed(1, i)));
    expect(seeds.size).toBe(1000);
    expect(taskSeed(1, 5, 1)).not.toBe(taskSeed(1, 5, 0));
    expect(taskSeed(2, 5)).not.toBe(taskSeed(1, 5));
  });

  it("permutation and sampleIndices are valid and reproducible", () => {
    expect([...permutation(seeded(3), 10)].sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    const s = sampleIndices(seeded(3), 100, 10);
    expect(new Set(s).size).toBe(10);
    expect([...s]).toEqual([...sampleIndices(seeded(3), 100, 10)]);
  });

  const spec: SyntheticSweepSpec = { kind: "synthetic", seed: 9, backend: "wasm", methods: ["best-single", "simplex+offset"], testFraction: 0.25, n: [50, 80], k: [3, 7], noise: [0, 0.2], reps: 3, factors: 4, mixShare: 0.1 };

  it("enumerates the grid in mixed radix, reps fastest", () => {
    expect(taskCount(spec)).toBe(24);
    expect(describeTask(spec, 0)).toEqual({ n: 50, k: 3, noise: 0, rep: 0 });
    expect(describeTask(spec, 4)).toEqual({ n: 50, k: 3, noise: 0.2, rep: 1 });
    expect(describeTask(spec, 23)).toEqual({ n: 80, k: 7, noise: 0.2, rep: 2 });
  });

  it("a task's record is a function of (spec, index) alone", async () => {
    const ea = await createEngine();
    const a = recordLine(runSweepTask(ea, spec, 13));
    runSweepTask(ea, spec, 2);
    expect(recordLine(runSweepTask(ea, spec, 13))).toBe(a);
    // noise 0 → the user is in the shifted hull → the convex fit is exact on held-out points
    const exact = runSweepTask(ea, spec, 0);
    expect(exact.scores["simplex+offset"]!.mse).toBeLessThan(1e-20);
  });

  it("shards partition the tasks", () => {
    const all = [...shardTasks(10, parseShard("0/3")), ...shardTasks(10, parseShard("1/3")), ...shardTasks(10, parseShard("2/3"))].sort((a, b) => a - b);
    expect(all).toEqual([...Array(10).keys()]);
    expect(() => parseShard("3/3")).toThrow(/0 ≤ i < N/);
    expect(() => parseShard("a/b")).toThrow(/--shard must look like i\/N/);
  });
});

describe("data parsers (pure: records in, problems out)", () => {
  it("MoralExceptQA: long format to items × runs, human share as u", () => {
    const h = ["study", "context", "condition", "human.response", "scenario", "proba_1", "model", "model_type"];
    const rec = [h,
      ["s", "a", "x", "0.25", "..", "0.1", "m1", "t"], ["s", "a", "x", "0.25", "..", "0.2", "m2", "t"],
      ["s", "b", "x", "0.75", "..", "0.3", "m1", "t"], ["s", "b", "x", "0.75", "..", "0.4", "m2", "t"]];
    const d = moralExceptQa(rec);
    expect(d.U).toEqual({ rows: 2, cols: 2, data: Float64Array.of(0.1, 0.2, 0.3, 0.4) });
    expect([...d.u]).toEqual([0.25, 0.75]);
    expect(() => moralExceptQa(rec.slice(0, 4))).toThrow(/no value for item s\/b\/x and model m2/);
    expect(() => moralExceptQa([h, ["s", "a", "x", "0.25", "..", "oops", "m1", "t"]])).toThrow(/row 2 column proba_1 must be a finite number; got "oops"/);
  });

  it("Moral Machine: dimensions × LLM columns, Human as u", () => {
    const d = moralMachine([["Label", "A", "B", "Human"], ["Age", "0.1", "0.2", "0.5"], ["Law", "-0.1", "0", "0.3"]]);
    expect(d.models).toEqual(["A", "B"]);
    expect(d.points).toEqual(["Age", "Law"]);
    expect([...d.U.data]).toEqual([0.1, 0.2, -0.1, 0]);
    expect([...d.u]).toEqual([0.5, 0.3]);
    expect(() => moralMachine([["Label", "A"], ["Age", "1"]])).toThrow(DataError);
  });

  it("MovieLens: a persona bank whose target users are held out of every model", () => {
    const rng = seeded(5);
    const rec = [["userId", "movieId", "rating", "timestamp"]];
    for (let u = 1; u <= 30; u++) for (let m = 1; m <= 40; m++) if (rng() < 0.7) rec.push([String(u), String(m), String(Math.round(2 + 6 * rng()) / 2), "0"]);
    const r = movielensRatings(rec);
    const bank = personaBank(r, { models: 6, targetUsers: 3, minTargetRatings: 20, epochs: 4, seed: 2 });
    expect(bank.problems).toHaveLength(3);
    expect(bank.models).toHaveLength(6);
    for (const m of bank.models) expect(bank.targetUsers).not.toContain(m.persona);
    for (const p of bank.problems) {
      expect(p.U.cols).toBe(6);
      for (const v of p.U.data) { expect(v).toBeGreaterThanOrEqual(0.5); expect(v).toBeLessThanOrEqual(5); }
    }
    expect(JSON.stringify(personaBank(r, { models: 6, targetUsers: 3, minTargetRatings: 20, epochs: 4, seed: 2 }).models)).toBe(JSON.stringify(bank.models));
  });
});

describe("summaries", () => {
  it("summarize gives the mean, sd, central 95% and CI of the mean", () => {
    const s = summarize([1, 2, 3, 4, 5]);
    expect(s.mean).toBe(3);
    expect(s.sd).toBeCloseTo(Math.sqrt(2.5), 15);
    expect(s.lo).toBeCloseTo(1.1, 15);
    expect(s.hi).toBeCloseTo(4.9, 15);
    expect(s.ci95).toBeCloseTo((1.96 * Math.sqrt(2.5)) / Math.sqrt(5), 15);
  });
});
