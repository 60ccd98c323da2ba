/**
 * The page's CSV sweep on the engine pool in compact form (src/worker/pooled.ts, src/worker/pool-worker.ts). Pure: no
 * DOM, no Worker API, so Node tests run exactly this code.
 *
 * Why: the page's main thread shares the machine's cores with the pool's workers (2 cores, 2 workers), so its work per
 * task must be tiny. A task's result as a record ({ task, n, k, draw, scores: { method: { mse, rmse, maxAbs, support,
 * status } } }) costs the main thread a structured-clone deserialisation of six objects and a string, then the
 * grouping of 8,000 records; here a batch's results come back as one transferred Float64Array (3 numbers per task and
 * method: mse, maxAbs, support — what the summary uses), copied into columns by task index. The summary is then
 * computed from those columns exactly as summarizeSweep computes it from the records (same values in the same task
 * order through the same `summarize`), so the numbers are the single worker's and the CLI's, bit for bit.
 *
 * Batches interleave the tasks (batch j of B holds tasks j, j + B, j + 2B, …): tasks are ordered by k and a task with
 * k = 31 costs several times one with k = 1, so contiguous batches left the most expensive batches for the end, where
 * one worker finished them while the other idled. Interleaved, every batch holds the same mix of k and costs the same.
 */
import type { Method } from "../app/experiments/alignment.js";
import { scorePrediction } from "../app/experiments/alignment.js";
import { describeTask, type CsvSweepSpec, type SweepSummaryRow } from "../app/sweep/plan.js";
import { seeded, taskSeed } from "../core/random.js";
import { summarize } from "../app/experiments/stats.js";
import type { DenseMatrix, Engine } from "../index.js";

/** Numbers per task and method in a batch's reply: mse, maxAbs, support (NaN support = the method has no score). */
export const SWEEP_FIELDS = 3;

/**
 * Batches of task indices for `workers` workers: about `perWorker` batches per worker (so progress moves in small
 * steps and the last batches are short), each interleaving the tasks so that all batches cost about the same.
 */
export function sweepBatches(total: number, workers: number, perWorker = 16): Int32Array[] {
  const count = Math.max(1, Math.min(total, perWorker * Math.max(1, workers)));
  const batches: Int32Array[] = [];
  for (let j = 0; j < count; j++) {
    const b = new Int32Array(Math.ceil((total - j) / count));
    for (let i = 0, t = j; t < total; i++, t += count) b[i] = t;
    batches.push(b);
  }
  return batches;
}

/**
 * The worker's side: runs `tasks` and returns their scores, SWEEP_FIELDS per task and method, in spec.methods order.
 *
 * Each task is plan.ts's runSweepTask (csv) — the same random streams, subsets, splits, fits and scores, in the same
 * order, so the same bits (test/node/page-sweep.test.ts compares them task by task) — but written into buffers reused
 * across the batch: runSweepTask allocates about fifteen typed arrays a task (index draws, the split, the training and
 * test submatrices, the single-model and average weights), and in Chromium the sweeping of those short-lived array
 * buffers runs on V8's helper threads, which on a 2-core machine take their time from the other worker.
 */
export function runSweepColumns(ea: Engine, spec: CsvSweepSpec, tasks: ArrayLike<number>, data: { U: DenseMatrix; u: Float64Array }): Float64Array {
  const M = spec.methods.length;
  const out = new Float64Array(tasks.length * M * SWEEP_FIELDS);
  const { U, u } = data, n = U.rows, K = U.cols;
  const nTest = Math.min(n - 2, Math.max(1, Math.round(spec.testFraction * n))), nTrain = n - nTest;
  // reused for every task of the batch
  const pick = new Int32Array(K), perm = new Int32Array(n);
  const trainData = new Float64Array(nTrain * K), testData = new Float64Array(nTest * K);
  const utr = new Float64Array(nTrain), ute = new Float64Array(nTest);
  const w = new Float64Array(K), sum = new Float64Array(K), sq = new Float64Array(K);
  for (let i = 0; i < tasks.length; i++) {
    const index = tasks[i]!;
    const k = describeTask(spec, index).k;
    if (k > K) throw new RangeError(`cannot draw ${k} of ${K} indices`);
    const rng = seeded(taskSeed(spec.seed, index, 2));
    // sampleIndices(rng, K, k): a partial Fisher–Yates shuffle, the first k sorted
    for (let j = 0; j < K; j++) pick[j] = j;
    for (let j = 0; j < k; j++) {
      const r = j + Math.floor(rng() * (K - j));
      const t = pick[j]!; pick[j] = pick[r]!; pick[r] = t;
    }
    const cols = pick.subarray(0, k).sort();
    // makeSplits(n, "random", 1, testFraction, rng): a permutation; the test rows first, each part sorted
    for (let j = 0; j < n; j++) perm[j] = j;
    for (let j = n - 1; j > 0; j--) {
      const r = Math.floor(rng() * (j + 1));
      const t = perm[j]!; perm[j] = perm[r]!; perm[r] = t;
    }
    const test = perm.subarray(0, nTest).sort(), train = perm.subarray(nTest).sort();
    // fitAndScore(ea, data, train, test, cols, methods)
    const Utr: DenseMatrix = { rows: nTrain, cols: k, data: trainData.subarray(0, nTrain * k) };
    const Ute: DenseMatrix = { rows: nTest, cols: k, data: testData.subarray(0, nTest * k) };
    gather(U, u, train, cols, Utr.data, utr);
    gather(U, u, test, cols, Ute.data, ute);
    const wk = w.subarray(0, k);
    for (let m = 0; m < M; m++) {
      const method = spec.methods[m]!;
      let weights: ArrayLike<number>, c: number;
      if (method === "best-single") {
        const b = bestSingle(Utr, utr, sum, sq);
        wk.fill(0); wk[b.model] = 1;
        weights = wk; c = b.offset;
      } else if (method === "uniform") {
        wk.fill(1 / k);
        let s = 0;
        for (let r = 0; r < nTrain; r++) {
          let p = 0;
          for (let j = 0; j < k; j++) p += Utr.data[r * k + j]!;
          s += utr[r]! - p / k;
        }
        weights = wk; c = s / nTrain;
      } else if (method === "hull") {
        const r = ea.hullDistance(Utr, utr, { constraint: "simplex", offset: true });
        weights = r.weights; c = r.offset;
      } else {
        const r = ea.alignWeights(Utr, utr, { constraint: method.startsWith("simplex") ? "simplex" : "nonnegative", offset: method.endsWith("+offset") });
        weights = r.weights; c = r.offset;
      }
      const score = scorePrediction(Ute, ute, weights, c);
      let support = 0;
      for (let j = 0; j < weights.length; j++) if (weights[j]! > 0) support++;
      const at = (i * M + m) * SWEEP_FIELDS;
      out[at] = score.mse; out[at + 1] = score.maxAbs; out[at + 2] = support;
    }
  }
  return out;
}

/** submatrix(U, rows, cols) and pick(u, rows) of alignment.ts, into `into` and `v`. */
function gather(U: DenseMatrix, u: Float64Array, rows: Int32Array, cols: Int32Array, into: Float64Array, v: Float64Array): void {
  const k = cols.length;
  for (let r = 0; r < rows.length; r++) {
    const o = rows[r]! * U.cols, d = r * k;
    for (let j = 0; j < k; j++) into[d + j] = U.data[o + cols[j]!]!;
    v[r] = u[rows[r]!]!;
  }
}

/** bestSingleModel of alignment.ts (the same sums in the same order; ties: the lowest index), with scratch sums. */
function bestSingle(U: DenseMatrix, u: Float64Array, sum: Float64Array, sq: Float64Array): { model: number; offset: number } {
  const { rows: n, cols: k, data } = U;
  sum.fill(0, 0, k); sq.fill(0, 0, k);
  for (let i = 0; i < n; i++) {
    const o = i * k, ui = u[i]!;
    for (let j = 0; j < k; j++) { const d = ui - data[o + j]!; sum[j] = sum[j]! + d; sq[j] = sq[j]! + d * d; }
  }
  let model = -1, offset = 0, best = Infinity;
  for (let j = 0; j < k; j++) {
    const c = sum[j]! / n;
    const mse = Math.max(0, sq[j]! / n - c * c);
    if (mse < best) { model = j; offset = c; best = mse; }
  }
  return { model, offset };
}

/** The calling thread's side: the batches' replies, put in task order; `summary()` equals summarizeSweep(records). */
export class SweepColumns {
  readonly #spec: CsvSweepSpec;
  readonly #total: number;
  /** [method][field] → one value per task. */
  readonly #cols: Float64Array[][];

  constructor(spec: CsvSweepSpec) {
    this.#spec = spec;
    this.#total = spec.k.length * spec.draws;
    this.#cols = spec.methods.map(() => Array.from({ length: SWEEP_FIELDS }, () => new Float64Array(this.#total)));
  }

  /** A batch's reply (runSweepColumns on `tasks`). */
  add(tasks: ArrayLike<number>, values: Float64Array): void {
    const M = this.#spec.methods.length;
    if (values.length !== tasks.length * M * SWEEP_FIELDS) throw new Error(`a sweep batch of ${tasks.length} tasks came back with ${values.length} numbers`);
    for (let i = 0; i < tasks.length; i++) {
      const t = tasks[i]!;
      for (let m = 0; m < M; m++) {
        const c = this.#cols[m]!, at = (i * M + m) * SWEEP_FIELDS;
        for (let f = 0; f < SWEEP_FIELDS; f++) c[f]![t] = values[at + f]!;
      }
    }
  }

  /**
   * Mean held-out MSE (and the central 95% over draws) per k and method: summarizeSweep's rows, computed the same way
   * (groups by k in order of first appearance, values in task order, rows sorted by k).
   */
  summary(): SweepSummaryRow[] {
    const spec = this.#spec;
    const groups = new Map<number, number[]>();
    for (let t = 0; t < this.#total; t += spec.draws) {
      const { k } = describeTask(spec, t);
      let g = groups.get(k);
      if (!g) groups.set(k, (g = []));
      for (let d = 0; d < spec.draws; d++) g.push(t + d);
    }
    const n = spec.data.rows;
    const rows: SweepSummaryRow[] = [];
    for (const [k, tasks] of groups) {
      spec.methods.forEach((method: Method, m) => {
        const [mseCol, maxCol, supCol] = this.#cols[m]!;
        const present = new Int32Array(tasks.length);
        let count = 0;
        for (const t of tasks) if (!Number.isNaN(supCol![t]!)) present[count++] = t;
        if (!count) return;
        const mse = new Float64Array(count);
        for (let i = 0; i < count; i++) mse[i] = mseCol![present[i]!]!;
        const s = summarize(mse);
        rows.push({ n, k, method, count, mse: s.mean, mseLo: s.lo, mseHi: s.hi, maxAbs: meanAt(maxCol!, present, count), support: meanAt(supCol!, present, count) });
      });
    }
    return rows.sort((a, b) => a.n - b.n || a.k - b.k || (a.noise ?? 0) - (b.noise ?? 0));
  }
}

/** The mean of c[at[0…count−1]], summed in that order: summarize's mean, bit for bit, without its sort. */
function meanAt(c: Float64Array, at: Int32Array, count: number): number {
  let s = 0;
  for (let i = 0; i < count; i++) s += c[at[i]!]!;
  return s / count;
}
