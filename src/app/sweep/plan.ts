import type { BackendName, DenseMatrix, Engine } from "../../index.js";
import { fitAndScore, makeSplits, type Method, type SplitScore } from "../experiments/alignment.js";
import { sampleIndices, seeded, taskSeed } from "../../core/random.js";
import { syntheticModels } from "../experiments/synthetic.js";
import { summarize } from "../experiments/stats.js";

/**
 * Sweeps: many independent alignment tasks, each a pure function of (the sweep's spec, the task's index). Every random
 * stream of task t is seeded from (spec.seed, t) (random.ts `taskSeed`), so a task's record is the same whichever
 * worker, shard or machine runs it, and the output (records in task order) is byte-identical for any worker count and
 * for any sharding followed by `merge`. This module is pure (no Node APIs); the pool lives in src/cli/pool.ts and the
 * worker entry in sweep-worker.ts.
 *
 *   synthetic  task = (n, k, userNoise, rep) on a grid: a fresh "perturbations of one prompt" instance (synthetic.ts),
 *              one random train/test split, every method fitted on train and scored on test.
 *   csv        task = (k, draw): a random subset of k of the user's models (columns of U) and a random split.
 */

export const SWEEP_FORMAT = "emergent-align/sweep@1";
export const SWEEP_METHODS: readonly Method[] = ["best-single", "uniform", "nonnegative", "nonnegative+offset", "simplex", "simplex+offset", "hull"];
export const DEFAULT_SWEEP_METHODS: readonly Method[] = ["best-single", "uniform", "nonnegative+offset", "simplex+offset"];

export interface SyntheticSweepSpec {
  kind: "synthetic";
  seed: number;
  backend: BackendName;
  methods: Method[];
  testFraction: number;
  n: number[];
  k: number[];
  noise: number[];
  reps: number;
  factors: number;
  mixShare: number;
}

export interface CsvSweepSpec {
  kind: "csv";
  seed: number;
  backend: BackendName;
  methods: Method[];
  testFraction: number;
  k: number[];
  draws: number;
  /** Where the data came from and its SHA-256, so that a resumed or merged sweep refuses other data. */
  data: { models: string; target: string; sha256: string; rows: number; cols: number };
}

export type SweepSpec = SyntheticSweepSpec | CsvSweepSpec;

export interface SweepHeader {
  format: typeof SWEEP_FORMAT;
  spec: SweepSpec;
  tasks: number;
}

export interface SweepRecord {
  task: number;
  n: number;
  k: number;
  noise?: number;
  rep?: number;
  draw?: number;
  scores: Partial<Record<Method, SplitScore>>;
}

export function taskCount(spec: SweepSpec): number {
  return spec.kind === "synthetic" ? spec.n.length * spec.k.length * spec.noise.length * spec.reps : spec.k.length * spec.draws;
}

/** The grid point of task `index` (mixed radix, reps fastest). */
export function describeTask(spec: SweepSpec, index: number): { n: number; k: number; noise?: number; rep?: number; draw?: number } {
  if (spec.kind === "csv") return { n: spec.data.rows, k: spec.k[Math.floor(index / spec.draws)]!, draw: index % spec.draws };
  let t = index;
  const rep = t % spec.reps; t = Math.floor(t / spec.reps);
  const noise = spec.noise[t % spec.noise.length]!; t = Math.floor(t / spec.noise.length);
  const k = spec.k[t % spec.k.length]!; t = Math.floor(t / spec.k.length);
  return { n: spec.n[t]!, k, noise, rep };
}

/** Runs one task. `shared` is the CSV sweep's data (the pool passes it once per task in shared memory). */
export function runSweepTask(ea: Engine, spec: SweepSpec, index: number, shared?: { U: DenseMatrix; u: Float64Array }): SweepRecord {
  const where = describeTask(spec, index);
  if (spec.kind === "synthetic") {
    const inst = syntheticModels({ n: where.n, k: where.k, seed: taskSeed(spec.seed, index, 0), factors: spec.factors, mixShare: spec.mixShare, userNoise: where.noise });
    const [split] = makeSplits(where.n, "random", 1, spec.testFraction, seeded(taskSeed(spec.seed, index, 1)));
    const { scores } = fitAndScore(ea, inst, split!.train, split!.test, null, spec.methods);
    return { task: index, ...where, scores };
  }
  if (!shared) throw new Error("a CSV sweep task needs its data");
  const rng = seeded(taskSeed(spec.seed, index, 2));
  const cols = sampleIndices(rng, shared.U.cols, where.k);
  const [split] = makeSplits(shared.U.rows, "random", 1, spec.testFraction, rng);
  const { scores } = fitAndScore(ea, shared, split!.train, split!.test, cols, spec.methods);
  return { task: index, ...where, scores };
}

/** One JSON line, keys in a fixed order (the byte-identity of sweep files rests on this). */
export function recordLine(r: SweepRecord): string {
  return JSON.stringify(r) + "\n";
}

export function headerLine(spec: SweepSpec): string {
  const h: SweepHeader = { format: SWEEP_FORMAT, spec, tasks: taskCount(spec) };
  return JSON.stringify(h) + "\n";
}

/** "i/N" → { index: i, count: N } with 0 ≤ i < N. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new RangeError(`--shard must look like i/N (e.g. 0/4); got ${JSON.stringify(text)}`);
  const index = Number(m[1]), count = Number(m[2]);
  if (count < 1 || index >= count) throw new RangeError(`--shard i/N needs 0 ≤ i < N; got ${text}`);
  return { index, count };
}

/** The task indices of a shard: every N-th task from i, so each shard gets a mix of cheap and expensive grid points. */
export function shardTasks(total: number, shard: { index: number; count: number }): number[] {
  const out: number[] = [];
  for (let t = shard.index; t < total; t += shard.count) out.push(t);
  return out;
}

export interface SweepSummaryRow {
  n: number;
  k: number;
  noise?: number;
  method: Method;
  count: number;
  mse: number;
  mseLo: number;
  mseHi: number;
  maxAbs: number;
  support: number;
}

/** Mean held-out MSE (and the central 95% over reps/draws) per grid point and method. */
export function summarizeSweep(records: SweepRecord[], methods: readonly Method[]): SweepSummaryRow[] {
  const groups = new Map<string, SweepRecord[]>();
  for (const r of records) {
    const key = `${r.n}|${r.k}|${r.noise ?? ""}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(r);
  }
  const rows: SweepSummaryRow[] = [];
  for (const g of groups.values()) {
    const { n, k, noise } = g[0]!;
    for (const m of methods) {
      const s = g.map((r) => r.scores[m]).filter((x): x is SplitScore => x !== undefined);
      if (!s.length) continue;
      const mse = summarize(s.map((x) => x.mse));
      rows.push({ n, k, ...(noise === undefined ? {} : { noise }), method: m, count: s.length, mse: mse.mean, mseLo: mse.lo, mseHi: mse.hi, maxAbs: summarize(s.map((x) => x.maxAbs)).mean, support: summarize(s.map((x) => x.support)).mean });
    }
  }
  return rows.sort((a, b) => a.n - b.n || a.k - b.k || (a.noise ?? 0) - (b.noise ?? 0));
}
