/**
 * What the worker computes, as pure functions of an engine and plain data (no DOM, no Worker API, no Node built-ins),
 * so that Node (tests, benchmarks) runs exactly the code the page runs.
 */
import { numericCsv, parseCsv } from "../app/csv.js";
import type { DenseMatrix, Engine } from "../index.js";
import {
  bestSingleModel, runAlignmentExperiment, scorePrediction, type AlignmentData, type ExperimentOptions,
} from "../app/experiments/alignment.js";
import { DataError, moralExceptQa, moralMachine, type Records } from "../app/experiments/datasets.js";
import { runSweepTask, summarizeSweep, taskCount, type CsvSweepSpec, type SweepRecord } from "../app/sweep/plan.js";
import { seeded } from "../core/random.js";
import { protocolFor } from "../app/experiments/protocols.js";
import { gameInstance as drawGame } from "../app/game-instances.js";
import type {
  ExperimentReply, ExperimentRequest, FitOptions, FitReply, GameReply, GameRequest, Scores, ShippedName, SweepReply, SweepRequest,
} from "./protocol.js";

export type Progress = (done: number, total: number) => void;

/** A shipped data set from its CSV text. */
export function shippedDataset(name: ShippedName, text: string): AlignmentData {
  const records = parseCsv(text, name);
  return name === "moral-exceptqa" ? moralExceptQa(records) : moralMachine(records);
}

const TARGET_NAMES = ["target", "user", "human", "u"];

/**
 * Your own data: a models file (one row per point, one column per model; an optional header row, detected by any
 * non-numeric cell) and a target file (one column, or one row). Without a target file, a models column named
 * target / user / human / u is the target. Every message names the file, the line and the column.
 */
export function csvDataset(models: { name: string; text: string }, target?: { name: string; text: string }): AlignmentData & { note?: string } {
  const m = numericCsv(models.text, models.name);
  let U = m.matrix, columns = m.columns, u: Float64Array, note: string | undefined;
  if (target) {
    const t = numericCsv(target.text, target.name);
    if (t.matrix.cols !== 1 && t.matrix.rows !== 1) {
      throw new DataError(`${target.name} must have a single column (or a single row) of target values; it has ${t.matrix.rows} rows × ${t.matrix.cols} columns`);
    }
    u = t.matrix.data;
    if (u.length !== U.rows) throw new DataError(`${target.name} has ${u.length} values but ${models.name} has ${U.rows} rows (one per point)`);
  } else {
    const j = m.header ? columns.findIndex((c) => TARGET_NAMES.includes(c.trim().toLowerCase())) : -1;
    if (j < 0) throw new DataError(`no target: choose a target file, or name one column of ${models.name} "target" (or user, human, u)`);
    u = Float64Array.from({ length: U.rows }, (_, i) => U.data[i * U.cols + j]!);
    const keep = columns.map((_, c) => c).filter((c) => c !== j);
    const data = new Float64Array(U.rows * keep.length);
    for (let i = 0; i < U.rows; i++) keep.forEach((c, jj) => { data[i * keep.length + jj] = U.data[i * U.cols + c]!; });
    note = `target: column ${JSON.stringify(columns[j])} of ${models.name}`;
    U = { rows: U.rows, cols: keep.length, data };
    columns = keep.map((c) => columns[c]!);
  }
  if (U.cols < 1) throw new DataError(`${models.name} has no model columns`);
  if (U.rows < 3) throw new DataError(`${models.name} needs at least 3 rows (points); it has ${U.rows}`);
  return { name: models.name, U, u, models: columns, points: Array.from({ length: U.rows }, (_, i) => `point ${i + 1}`), ...(note ? { note } : {}) };
}

function errorsOf(U: DenseMatrix, u: Float64Array, w: ArrayLike<number>, c: number): Scores {
  const s = scorePrediction(U, u, w, c);
  let mae = 0;
  for (let i = 0; i < U.rows; i++) {
    let p = c;
    for (let j = 0; j < U.cols; j++) p += w[j]! * U.data[i * U.cols + j]!;
    mae += Math.abs(p - u[i]!);
  }
  return { rmse: s.rmse, mae: mae / U.rows, maxAbs: s.maxAbs };
}

/** The fit on every point, the best single model and the average (each with its own offset when `offset`), the hull LP. */
export function fitDataset(ea: Engine, data: AlignmentData, o: FitOptions): FitReply {
  const t0 = performance.now();
  const { U, u } = data, k = U.cols, n = U.rows;
  const fit = ea.alignWeights(U, u, { constraint: o.constraint, offset: o.offset, norm: o.norm });
  const b = bestSingleModel(U, u);
  const one = new Float64Array(k); one[b.model] = 1;
  const bOffset = o.offset ? b.offset : 0;
  const avg = new Float64Array(k).fill(1 / k);
  let aOffset = 0;
  if (o.offset) { for (let i = 0; i < n; i++) { let p = 0; for (let j = 0; j < k; j++) p += U.data[i * k + j]! / k; aOffset += u[i]! - p; } aOffset /= n; }
  const hull = ea.hullDistance(U, u, { constraint: o.constraint, offset: o.offset });
  // check the certificate from y alone: lowerBound = (yᵀu − σ_W(Uᵀy)) / max(1, ‖y‖₁)
  const y = hull.certificate.y;
  let l1 = 0, sumY = 0, yu = 0;
  const Uty = new Float64Array(k);
  for (let i = 0; i < n; i++) { l1 += Math.abs(y[i]!); sumY += y[i]!; yu += y[i]! * u[i]!; for (let j = 0; j < k; j++) Uty[j]! += U.data[i * k + j]! * y[i]!; }
  // loops, never Math.max(...array): a spread of a large array overflows the call stack (issue 12)
  let maxUty = -Infinity, sigma = 1;
  for (let j = 0; j < k; j++) maxUty = Math.max(maxUty, Uty[j]!);
  for (let i = 0; i < n; i++) sigma = Math.max(sigma, Math.abs(u[i]!));
  for (let i = 0; i < U.data.length; i++) sigma = Math.max(sigma, Math.abs(U.data[i]!));
  const tol = 1e-12 * sigma * Math.max(1, l1);
  const lowerBound = (o.constraint === "simplex" ? yu - maxUty : yu) / Math.max(1, l1);
  const conditionsHold = (!o.offset || Math.abs(sumY) <= tol) && (o.constraint === "simplex" || maxUty <= tol);
  return {
    fit, hull,
    errors: {
      fit: { rmse: fit.error.rmse, mae: fit.error.mae, maxAbs: fit.error.maxAbs },
      bestSingle: { ...errorsOf(U, u, one, bOffset), model: b.model, name: data.models[b.model] ?? `model ${b.model + 1}`, offset: bOffset },
      average: { ...errorsOf(U, u, avg, aOffset), offset: aOffset },
    },
    check: { l1, sumY, yu, maxUty, lowerBound, conditionsHold },
    seconds: (performance.now() - t0) / 1000,
  };
}

/** The CLI's protocols (`emergent-align reproduce`, with and without --quick) for the shipped data sets. */
export function experimentOptions(data: AlignmentData, preset: "quick" | "full"): ExperimentOptions {
  return protocolFor(data, preset === "quick");
}

export function runExperiment(ea: Engine, data: AlignmentData, r: ExperimentRequest, onProgress?: Progress): ExperimentReply {
  const t0 = performance.now();
  const result = runAlignmentExperiment(ea, data, { ...experimentOptions(data, r.preset), seed: r.seed, ...(onProgress ? { onProgress } : {}) });
  return { result, seconds: (performance.now() - t0) / 1000 };
}

/** The CSV sweep of `emergent-align sweep --models … --target …` on a loaded data set: (k, draw) tasks in order. */
export function sweepSpec(data: AlignmentData, r: SweepRequest): CsvSweepSpec {
  const k = r.k.filter((x) => Number.isInteger(x) && x >= 1 && x <= data.U.cols);
  if (!k.length) throw new DataError(`k: every size must be a whole number from 1 to ${data.U.cols} (the models in ${data.name})`);
  if (!(Number.isInteger(r.draws) && r.draws >= 1)) throw new DataError(`draws must be a positive whole number; got ${r.draws}`);
  return {
    kind: "csv", seed: r.seed >>> 0, backend: "wasm", methods: r.methods, testFraction: r.testFraction, k, draws: r.draws,
    data: { models: data.name, target: data.name, sha256: "", rows: data.U.rows, cols: data.U.cols },
  };
}

export function runSweep(ea: Engine, data: AlignmentData, r: SweepRequest, onProgress?: Progress): SweepReply {
  const t0 = performance.now();
  const spec = sweepSpec(data, r);
  const total = taskCount(spec);
  const records: SweepRecord[] = [];
  for (let t = 0; t < total; t++) {
    records.push(runSweepTask(ea, spec, t, { U: data.U, u: data.u }));
    onProgress?.(t + 1, total);
  }
  return { rows: summarizeSweep(records, spec.methods), tasks: total, seconds: (performance.now() - t0) / 1000 };
}

/** A random selection-game instance, drawn as `emergent-align game` draws its instances (src/app/game-instances.ts). */
export function gameInstance(r: GameRequest): GameReply["instance"] {
  const epsilon = r.perturbation === "independent" ? "independent" : r.epsilon;
  const perturbation = r.perturbation === "noise" ? "noise" : "bias";
  const g = drawGame(seeded(r.seed >>> 0), { providers: r.providers, actions: r.actions, states: r.states, perturbation }, epsilon);
  return { providers: g.providers.map((p) => p.data), user: g.user.data, prior: g.prior, actions: r.actions, states: r.states };
}

export const GAME_LIMITS = { providers: [2, 6], actions: [2, 6], states: [2, 6] } as const;

export function runGame(ea: Engine, r: GameRequest): GameReply {
  for (const key of ["providers", "actions", "states"] as const) {
    const [lo, hi] = GAME_LIMITS[key];
    if (!(Number.isInteger(r[key]) && r[key] >= lo && r[key] <= hi)) throw new DataError(`${key} must be a whole number from ${lo} to ${hi} (small instances only); got ${r[key]}`);
  }
  if (!(r.epsilon >= 0 && r.epsilon <= 10)) throw new DataError(`ε must be between 0 and 10; got ${r.epsilon}`);
  const t0 = performance.now();
  const instance = gameInstance(r);
  const m = (data: Float64Array) => ({ rows: r.actions, cols: r.states, data });
  const game = ea.selectionGame({ providers: instance.providers.map(m), user: m(instance.user), prior: instance.prior, step: r.step, maxRounds: r.maxRounds });
  return { instance, game, seconds: (performance.now() - t0) / 1000 };
}
