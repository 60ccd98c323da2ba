/**
 * The message protocol between a page and the engine's Web Worker (src/worker/worker.ts). One request at a time is
 * computed (the engine is synchronous); requests queue in the worker in the order they were posted.
 *
 *   page → worker   { id, method, args }
 *   worker → page   { id, kind: 'progress', done, total }      (throttled, at most every ~50 ms, and at the end)
 *                   { id, kind: 'result', value }              (Float64Array / Int32Array buffers are transferred)
 *                   { id, kind: 'error', name, message }       (InputError, DataError, … keep their name)
 *
 * Cancel: the client terminates the worker (a synchronous kernel cannot be interrupted any other way) and starts a
 * fresh one on the next request, replaying the data-set loads so that the keys stay valid.
 */
import type { ExperimentResult, Method } from "../app/experiments/alignment.js";
import type { SweepSummaryRow } from "../app/sweep/plan.js";
import type { AlignResult, HullResult, SelectionGameResult } from "../core/types.js";

export interface WorkerRequest { id: number; method: WorkerMethod; args: unknown[] }
export type WorkerReply =
  | { id: number; kind: "progress"; done: number; total: number }
  | { id: number; kind: "result"; value: unknown }
  | { id: number; kind: "error"; name: string; message: string };

export type WorkerMethod = "engine" | "loadDataset" | "data" | "fit" | "experiment" | "sweep" | "game";

/** The engine methods callable through `engine` (the synchronous API of createEngine, run in the worker). */
export const ENGINE_METHODS = [
  "nnls", "alignWeights", "linprog", "hullDistance", "inHull", "bestResponses", "quantalResponses", "simplexGridSize",
  "concavify", "persuasion", "selectionGame",
] as const;
export type EngineMethod = (typeof ENGINE_METHODS)[number];

export const SHIPPED = {
  "moral-exceptqa": { label: "MoralExceptQA (148 scenarios × 31 model runs)", file: "moral-exceptqa/all_predictions.csv" },
  "moral-machine": { label: "Moral Machine (9 dimensions × 75 LLMs)", file: "moral-machine-llm-amce/table_S2_amce.csv" },
} as const;
export type ShippedName = keyof typeof SHIPPED;

export type DatasetSource =
  | { kind: "shipped"; name: ShippedName; /** Base URL of the data/ folder (same origin). */ base: string }
  | { kind: "csv"; models: { name: string; text: string }; target?: { name: string; text: string } };

export interface DatasetInfo {
  key: string;
  name: string;
  points: number;
  models: number;
  modelNames: string[];
  /** The target column's name when it came from the models file. */
  note?: string;
}

export interface FitOptions { constraint: "nonnegative" | "simplex"; offset: boolean; norm: "l2" | "linf" }

export interface Scores { rmse: number; mae: number; maxAbs: number }

export interface FitReply {
  fit: AlignResult;
  /** In-sample errors on every point: the fit, the best single model (+ its own offset when `offset`), the average. */
  errors: { fit: Scores; bestSingle: Scores & { model: number; name: string; offset: number }; average: Scores & { offset: number } };
  hull: HullResult;
  /** The hull certificate checked here from y alone (weak duality), next to what the engine reported. */
  check: { l1: number; sumY: number; yu: number; maxUty: number; lowerBound: number; conditionsHold: boolean };
  seconds: number;
}

export interface ExperimentRequest { preset: "quick" | "full"; seed: number }
export interface ExperimentReply { result: ExperimentResult; seconds: number }

export interface SweepRequest { k: number[]; draws: number; seed: number; testFraction: number; methods: Method[] }
export interface SweepReply { rows: SweepSummaryRow[]; tasks: number; seconds: number }

export interface GameRequest {
  providers: number; actions: number; states: number; epsilon: number; perturbation: "bias" | "noise" | "independent";
  seed: number; step: number; maxRounds: number;
}
export interface GameReply {
  instance: { providers: Float64Array[]; user: Float64Array; prior: Float64Array; actions: number; states: number };
  game: SelectionGameResult;
  seconds: number;
}
