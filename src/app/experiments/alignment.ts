import type { DenseMatrix, Engine, SolverStatus } from "../../index.js";
import { permutation, sampleIndices, seeded, taskSeed, type Rng } from "../../core/random.js";
import { summarize, type Summary } from "./stats.js";

/**
 * The alignment experiment of arXiv 2509.15090, one module for every data set: can a combination of k models'
 * utilities (columns of U, one row per point) reproduce the user's utility u on points the fit has not seen?
 *
 * Protocol, per train/test split of the points (random splits, or leave-one-out when the points are few):
 *   best single  the model with the smallest training MSE, each model with its own offset c_j = mean_train(u − U_j)
 *   uniform      the average of all models, plus its training offset
 *   nonnegative  alignWeights(U_train, u_train, { constraint: 'nonnegative', offset })  with and without offset
 *   simplex      alignWeights(…, { constraint: 'simplex', offset })                     with and without offset
 *   hull         hullDistance(U_train, u_train, { constraint: 'simplex', offset: true }): the sup-norm fit (Def. 1)
 * Every method is scored on the held-out rows by MSE, RMSE and max |error|, computed here from its weights and offset.
 * Error against the number of models: for each k in a grid, random subsets of k models (many draws; draw d uses the
 * same split at every k) are fitted the same way; the curve is the mean test MSE with the central 95% of the draws.
 */

export interface AlignmentData {
  /** Data-set name, for tables and files. */
  name: string;
  /** n points × k models, row-major. */
  U: DenseMatrix;
  /** The user's (target) utility, length n. */
  u: Float64Array;
  models: string[];
  points: string[];
}

export const METHODS = [
  "best-single", "uniform", "nonnegative", "nonnegative+offset", "simplex", "simplex+offset", "hull",
] as const;
export type Method = (typeof METHODS)[number];

export const METHOD_LABELS: Record<Method, string> = {
  "best-single": "best single model + offset",
  "uniform": "uniform average + offset",
  "nonnegative": "nonnegative weights",
  "nonnegative+offset": "nonnegative weights + offset",
  "simplex": "convex weights",
  "simplex+offset": "convex weights + offset",
  "hull": "sup-norm hull fit (Def. 1)",
};

/** Held-out errors of one fitted method on one split. */
export interface SplitScore {
  mse: number;
  rmse: number;
  maxAbs: number;
  /** Models with positive weight. */
  support: number;
  status: SolverStatus | "closed_form";
}

export interface ExperimentOptions {
  /** 'random': `splits` random splits holding out `testFraction` of the points; 'loo': each point held out once. */
  protocol?: "random" | "loo";
  splits?: number;
  testFraction?: number;
  seed?: number;
  methods?: readonly Method[];
  /** Sizes k of the model subsets for the error-vs-k curve (values above the number of models are dropped). */
  kGrid?: number[];
  /** Random subsets (each with its own split) per k. */
  kDraws?: number;
  kMethods?: readonly Method[];
  /** Called after each unit of work with (done, total), for progress bars. */
  onProgress?: (done: number, total: number) => void;
}

export interface MethodSummary {
  method: Method;
  label: string;
  /** Over splits (for leave-one-out: over the n folds, each one held-out point). */
  mse: Summary;
  rmse: Summary;
  maxAbs: Summary;
  support: Summary;
  /** √(mean MSE) and the largest held-out error over all splits: the natural numbers for leave-one-out. */
  pooled: { rmse: number; maxAbs: number };
  /** How many fits ended in each status ('closed_form' for best single and uniform). */
  statuses: Record<string, number>;
}

export interface KCurvePoint {
  k: number;
  method: Method;
  /** Test MSE over the draws (mean, central 95%, CI of the mean). */
  mse: Summary;
  rmse: Summary;
}

export interface ExperimentResult {
  dataset: string;
  points: number;
  models: number;
  /** Pooled results (poolExperiments): how many problems (e.g. users) were pooled. */
  problems?: number;
  protocol: { kind: "random" | "loo"; splits: number; testFraction: number | null; trainPoints: number; testPoints: number; seed: number; kDraws: number; kGrid: number[] };
  methods: MethodSummary[];
  kCurve: KCurvePoint[];
  /**
   * The k-curve relative to the best single model: each draw's test MSE ÷ the test MSE of the best single model among
   * all models on the same split (present when the grid includes every model). Pooled results summarise each
   * problem's mean ratio over problems. Paired, so the spread between splits and users does not hide the effect.
   */
  kCurveRelative?: KCurvePoint[];
  /** How often each model was the best single model on the training rows (top 5). */
  bestSingleChoices: Array<{ model: string; count: number }>;
  notes: string[];
}

/** Rows `rows` and columns `cols` (all when null) of U, as a new dense matrix. */
export function submatrix(U: DenseMatrix, rows: ArrayLike<number>, cols: ArrayLike<number> | null): DenseMatrix {
  const k = cols === null ? U.cols : cols.length;
  const data = new Float64Array(rows.length * k);
  for (let r = 0; r < rows.length; r++) {
    const o = rows[r]! * U.cols;
    const d = r * k;
    if (cols === null) data.set(U.data.subarray(o, o + U.cols), d);
    else for (let j = 0; j < k; j++) data[d + j] = U.data[o + cols[j]!]!;
  }
  return { rows: rows.length, cols: k, data };
}

function pick(u: Float64Array, rows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) out[r] = u[rows[r]!]!;
  return out;
}

/** Held-out scores of the prediction U_test·w + c. */
export function scorePrediction(U: DenseMatrix, u: Float64Array, w: ArrayLike<number>, c: number): { mse: number; rmse: number; maxAbs: number } {
  const { rows: n, cols: k, data } = U;
  let ss = 0, mx = 0;
  for (let i = 0; i < n; i++) {
    let p = c;
    const o = i * k;
    for (let j = 0; j < k; j++) { const wj = w[j]!; if (wj !== 0) p += wj * data[o + j]!; }
    const e = p - u[i]!;
    ss += e * e;
    const a = Math.abs(e);
    if (a > mx) mx = a;
  }
  const mse = n > 0 ? ss / n : NaN;
  return { mse, rmse: Math.sqrt(mse), maxAbs: mx };
}

function support(w: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < w.length; j++) if (w[j]! > 0) s++;
  return s;
}

/** The model with the smallest training MSE when each model gets its own offset (ties: lowest index). */
export function bestSingleModel(U: DenseMatrix, u: Float64Array): { model: number; offset: number; trainMse: number } {
  const { rows: n, cols: k, data } = U;
  const sum = new Float64Array(k), sq = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const o = i * k, ui = u[i]!;
    for (let j = 0; j < k; j++) { const d = ui - data[o + j]!; sum[j] = sum[j]! + d; sq[j] = sq[j]! + d * d; }
  }
  let best = { model: -1, offset: 0, trainMse: Infinity };
  for (let j = 0; j < k; j++) {
    const c = sum[j]! / n;
    const mse = Math.max(0, sq[j]! / n - c * c);
    if (mse < best.trainMse) best = { model: j, offset: c, trainMse: mse };
  }
  return best;
}

/** Whether this engine has a working hull LP (it is being added while the experiments are written; guard its use). */
export function hasHull(ea: Engine): boolean {
  if (typeof (ea as Partial<Engine>).hullDistance !== "function") return false;
  try {
    const r = ea.hullDistance({ rows: 3, cols: 2, data: Float64Array.of(0, 1, 1, 0, 0.5, 0.5) }, Float64Array.of(0.5, 0.5, 0.5), { constraint: "simplex", offset: true });
    return r.weights instanceof Float64Array && Number.isFinite(r.offset);
  } catch {
    return false;
  }
}

/**
 * Fits every requested method on the training rows (and the model columns `cols`, all when null) and scores it on
 * the test rows. Returns the scores and the index (within `cols`) of the chosen best single model.
 */
export function fitAndScore(
  ea: Engine, data: { U: DenseMatrix; u: Float64Array }, train: ArrayLike<number>, test: ArrayLike<number>,
  cols: ArrayLike<number> | null, methods: readonly Method[],
): { scores: Partial<Record<Method, SplitScore>>; bestModel: number } {
  const Utr = submatrix(data.U, train, cols), utr = pick(data.u, train);
  const Ute = submatrix(data.U, test, cols), ute = pick(data.u, test);
  const k = Utr.cols;
  const scores: Partial<Record<Method, SplitScore>> = {};
  let bestModel = -1;
  for (const method of methods) {
    let w: ArrayLike<number>, c: number, status: SplitScore["status"];
    switch (method) {
      case "best-single": {
        const b = bestSingleModel(Utr, utr);
        bestModel = b.model;
        const one = new Float64Array(k);
        one[b.model] = 1;
        w = one; c = b.offset; status = "closed_form";
        break;
      }
      case "uniform": {
        const avg = new Float64Array(k).fill(1 / k);
        let s = 0;
        for (let i = 0; i < Utr.rows; i++) {
          let p = 0;
          for (let j = 0; j < k; j++) p += Utr.data[i * k + j]!;
          s += utr[i]! - p / k;
        }
        w = avg; c = s / Utr.rows; status = "closed_form";
        break;
      }
      case "hull": {
        const r = ea.hullDistance(Utr, utr, { constraint: "simplex", offset: true });
        w = r.weights; c = r.offset; status = r.status;
        break;
      }
      default: {
        const constraint = method.startsWith("simplex") ? "simplex" : "nonnegative";
        const r = ea.alignWeights(Utr, utr, { constraint, offset: method.endsWith("+offset") });
        w = r.weights; c = r.offset; status = r.status;
      }
    }
    scores[method] = { ...scorePrediction(Ute, ute, w, c), support: support(w), status };
  }
  return { scores, bestModel };
}

/** The train/test splits of the protocol, drawn from `rng`. */
export function makeSplits(n: number, protocol: "random" | "loo", splits: number, testFraction: number, rng: Rng): Array<{ train: Int32Array; test: Int32Array }> {
  if (protocol === "loo") {
    return Array.from({ length: n }, (_, i) => ({
      train: Int32Array.from({ length: n - 1 }, (_, r) => (r < i ? r : r + 1)),
      test: Int32Array.of(i),
    }));
  }
  const nTest = Math.min(n - 2, Math.max(1, Math.round(testFraction * n)));
  return Array.from({ length: splits }, () => {
    const p = permutation(rng, n);
    return { train: p.slice(nTest).sort(), test: p.slice(0, nTest).sort() };
  });
}

const DEFAULT_METHODS: readonly Method[] = METHODS;
const DEFAULT_K_METHODS: readonly Method[] = ["best-single", "uniform", "nonnegative+offset", "simplex+offset"];

/**
 * An experiment as independent units of work (each a pure function of the data, the options and its index), so that
 * a pool can spread them over workers (src/pool/, the CLI's `reproduce`, the page) and `assembleExperiment` can put
 * the results together in unit order: the same numbers, bit for bit, as running them one after another.
 *   units 0 … splits−1            the method table: every method fitted on split s's training rows, scored on its test rows
 *   units splits … total−1        the error-vs-k curve: draw d of size kGrid[g] (a random model subset and its split)
 */
export interface ExperimentPlan {
  n: number; K: number; protocol: "random" | "loo"; testFraction: number; seed: number;
  methods: Method[]; kMethods: Method[]; kGrid: number[]; kDraws: number; notes: string[];
  splits: Array<{ train: Int32Array; test: Int32Array }>;
  total: number;
}
export type ExperimentUnitResult =
  | { kind: "split"; scores: Partial<Record<Method, SplitScore>>; bestModel: number }
  | { kind: "draw"; mse: number[] };

export function experimentPlan(data: AlignmentData, options: ExperimentOptions, hull: boolean): ExperimentPlan {
  const n = data.U.rows, K = data.U.cols;
  if (data.u.length !== n) throw new RangeError(`${data.name}: u has ${data.u.length} entries for ${n} points`);
  if (n < 3) throw new RangeError(`${data.name}: at least 3 points are needed for held-out scores; got ${n}`);
  const protocol = options.protocol ?? "random";
  const splitsWanted = options.splits ?? 200;
  const testFraction = options.testFraction ?? 0.25;
  const seed = options.seed ?? 1;
  const notes: string[] = [];
  const drop = (ms: readonly Method[]) => ms.filter((m) => m !== "hull" || hull);
  const methods = drop(options.methods ?? DEFAULT_METHODS);
  const kMethods = drop(options.kMethods ?? DEFAULT_K_METHODS);
  if (!hull && (options.methods ?? DEFAULT_METHODS).includes("hull")) notes.push("hull: this engine has no working hullDistance yet; the sup-norm fit was skipped.");
  const kGrid = [...new Set((options.kGrid ?? defaultKGrid(K)).filter((k) => k >= 1 && k <= K))].sort((a, b) => a - b);
  const kDraws = options.kDraws ?? 100;
  const splits = makeSplits(n, protocol, splitsWanted, testFraction, seeded(taskSeed(seed, 0, 1)));
  return { n, K, protocol, testFraction, seed, methods, kMethods, kGrid, kDraws, notes, splits, total: splits.length + kGrid.length * kDraws };
}

/** Unit `index` of the plan (see ExperimentPlan). */
export function experimentUnit(ea: Engine, data: AlignmentData, plan: ExperimentPlan, index: number): ExperimentUnitResult {
  const { n, K, protocol, testFraction, seed, methods, kMethods, kGrid, kDraws, splits } = plan;
  if (index < splits.length) {
    const s = splits[index]!;
    const { scores, bestModel } = fitAndScore(ea, data, s.train, s.test, null, methods);
    return { kind: "split", scores, bestModel };
  }
  const u = index - splits.length;
  const gi = Math.floor(u / kDraws), d = u % kDraws, k = kGrid[gi]!;
  const cols = sampleIndices(seeded(taskSeed(seed, gi * 1_000_003 + d, 2)), K, k);
  // leave-one-out: every fold for this subset (the mean over folds is the draw's MSE); random: one split per
  // draw, the same split for draw d at every k (common random numbers: the curve's steps are not split noise)
  const folds = protocol === "loo" ? makeSplits(n, "loo", 0, 0, seeded(0)) : makeSplits(n, "random", 1, testFraction, seeded(taskSeed(seed, d, 5)));
  const acc = new Map<Method, number>(kMethods.map((m) => [m, 0]));
  for (const f of folds) {
    const { scores } = fitAndScore(ea, data, f.train, f.test, cols, kMethods);
    for (const m of kMethods) acc.set(m, acc.get(m)! + scores[m]!.mse / folds.length);
  }
  return { kind: "draw", mse: kMethods.map((m) => acc.get(m)!) };
}

/** The full experiment on one data set: the method table over splits and the error-vs-k curve. */
export function runAlignmentExperiment(ea: Engine, data: AlignmentData, options: ExperimentOptions = {}): ExperimentResult {
  const plan = experimentPlan(data, options, hasHull(ea));
  const units: ExperimentUnitResult[] = [];
  for (let i = 0; i < plan.total; i++) {
    units.push(experimentUnit(ea, data, plan, i));
    options.onProgress?.(i + 1, plan.total);
  }
  return assembleExperiment(data, plan, units);
}

/** The result from every unit's result, in unit order. */
export function assembleExperiment(data: AlignmentData, plan: ExperimentPlan, units: readonly ExperimentUnitResult[]): ExperimentResult {
  const { n, K, protocol, testFraction, seed, methods, kMethods, kGrid, kDraws, splits } = plan;
  const notes = [...plan.notes];
  const perMethod = new Map<Method, SplitScore[]>(methods.map((m) => [m, []]));
  const chosen = new Int32Array(K);
  for (let i = 0; i < splits.length; i++) {
    const unit = units[i]!;
    if (unit.kind !== "split") throw new RangeError(`experiment unit ${i} is not a split`);
    for (const m of methods) perMethod.get(m)!.push(unit.scores[m]!);
    if (unit.bestModel >= 0) chosen[unit.bestModel]!++;
  }

  const kCurve: KCurvePoint[] = [];
  const perDraw = new Map<string, number[]>(); // `${k}|${method}` → test MSE of each draw
  const nTest = protocol === "loo" ? 1 : Math.min(n - 2, Math.max(1, Math.round(testFraction * n)));
  kGrid.forEach((k, gi) => {
    const mse = new Map<Method, number[]>(kMethods.map((m) => [m, []]));
    for (let d = 0; d < kDraws; d++) {
      const unit = units[splits.length + gi * kDraws + d]!;
      if (unit.kind !== "draw") throw new RangeError(`experiment unit ${splits.length + gi * kDraws + d} is not a draw`);
      kMethods.forEach((m, j) => mse.get(m)!.push(unit.mse[j]!));
    }
    for (const m of kMethods) {
      const v = mse.get(m)!;
      perDraw.set(`${k}|${m}`, v);
      kCurve.push({ k, method: m, mse: summarize(v), rmse: summarize(v.map(Math.sqrt)) });
    }
  });
  // paired: draw d's MSE ÷ the best single model's MSE among all K models on the same split (draw d's split is the
  // same at every k), so split-to-split and user-to-user spread cancel
  const base = perDraw.get(`${K}|best-single`);
  const kCurveRelative: KCurvePoint[] = [];
  if (base) {
    for (const p of kCurve) {
      const v = perDraw.get(`${p.k}|${p.method}`)!.map((x, d) => x / base[d]!).filter(Number.isFinite);
      kCurveRelative.push({ k: p.k, method: p.method, mse: summarize(v), rmse: summarize(v.map(Math.sqrt)) });
    }
  }

  const methodSummaries: MethodSummary[] = methods.map((m) => {
    const v = perMethod.get(m)!;
    const statuses: Record<string, number> = {};
    for (const s of v) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
    const mse = summarize(v.map((s) => s.mse));
    return {
      method: m, label: METHOD_LABELS[m], mse, rmse: summarize(v.map((s) => s.rmse)), maxAbs: summarize(v.map((s) => s.maxAbs)),
      support: summarize(v.map((s) => s.support)),
      pooled: { rmse: Math.sqrt(mse.mean), maxAbs: v.reduce((m, s) => Math.max(m, s.maxAbs), -Infinity) },
      statuses,
    };
  });
  const bestSingleChoices = [...chosen].map((count, j) => ({ model: data.models[j] ?? `model ${j}`, count }))
    .filter((c) => c.count > 0).sort((a, b) => b.count - a.count).slice(0, 5);
  if (protocol === "loo") notes.push(`leave-one-out: ${n} points are fewer than the ${K} models, so each point is held out once and the fits use the other ${n - 1}.`);

  return {
    dataset: data.name, points: n, models: K,
    protocol: {
      kind: protocol, splits: splits.length, testFraction: protocol === "loo" ? null : testFraction,
      trainPoints: n - nTest, testPoints: nTest, seed, kDraws, kGrid,
    },
    methods: methodSummaries, kCurve, ...(kCurveRelative.length ? { kCurveRelative } : {}), bestSingleChoices, notes,
  };
}

/** 1, 2, 3, 5, 8, … up to k (about a dozen sizes, always including k). */
export function defaultKGrid(K: number): number[] {
  const grid = new Set<number>();
  for (let x = 1; x < K; x = Math.max(x + 1, Math.round(x * 1.5))) grid.add(x);
  grid.add(K);
  return [...grid];
}

/**
 * One result over many problems of the same shape of question (MovieLens: one problem per target user): every
 * summary is taken over the problems' means (each user counts once), and statuses are added up.
 */
export function poolExperiments(name: string, results: ExperimentResult[], notes: string[] = []): ExperimentResult {
  const first = results[0];
  if (!first) throw new RangeError(`${name}: nothing to pool`);
  const methods: MethodSummary[] = first.methods.map((m0) => {
    const rows = results.map((r) => r.methods.find((m) => m.method === m0.method)!);
    const statuses: Record<string, number> = {};
    for (const r of rows) for (const [s, c] of Object.entries(r.statuses)) statuses[s] = (statuses[s] ?? 0) + c;
    const mse = summarize(rows.map((r) => r.mse.mean));
    return {
      method: m0.method, label: m0.label, mse, rmse: summarize(rows.map((r) => r.rmse.mean)),
      maxAbs: summarize(rows.map((r) => r.maxAbs.mean)), support: summarize(rows.map((r) => r.support.mean)),
      pooled: { rmse: Math.sqrt(mse.mean), maxAbs: rows.reduce((m, r) => Math.max(m, r.pooled.maxAbs), -Infinity) }, statuses,
    };
  });
  const kCurve: KCurvePoint[] = first.kCurve.map((p0) => {
    const v = results.map((r) => r.kCurve.find((p) => p.k === p0.k && p.method === p0.method)?.mse.mean).filter((x): x is number => x !== undefined);
    return { k: p0.k, method: p0.method, mse: summarize(v), rmse: summarize(v.map(Math.sqrt)) };
  });
  const kCurveRelative: KCurvePoint[] = (first.kCurveRelative ?? []).map((p0) => {
    const v = results.map((r) => r.kCurveRelative?.find((p) => p.k === p0.k && p.method === p0.method)?.mse.mean)
      .filter((x): x is number => x !== undefined && Number.isFinite(x));
    return { k: p0.k, method: p0.method, mse: summarize(v), rmse: summarize(v.map(Math.sqrt)) };
  });
  const choices = new Map<string, number>();
  for (const r of results) for (const c of r.bestSingleChoices) choices.set(c.model, (choices.get(c.model) ?? 0) + c.count);
  return {
    dataset: name,
    points: results.reduce((s, r) => s + r.points, 0),
    models: first.models,
    problems: results.length,
    protocol: first.protocol,
    methods, kCurve, ...(kCurveRelative.length ? { kCurveRelative } : {}),
    bestSingleChoices: [...choices].map(([model, count]) => ({ model, count })).sort((a, b) => b.count - a.count).slice(0, 5),
    notes: [...notes, ...new Set(results.flatMap((r) => r.notes))],
  };
}
