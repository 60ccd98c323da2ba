import type { WorkerPool } from "../../pool/pool.js";
import type { Engine } from "../../index.js";
import {
  assembleExperiment, experimentPlan, experimentUnit, hasHull, type AlignmentData, type ExperimentOptions,
  type ExperimentResult, type ExperimentUnitResult,
} from "../experiments/alignment.js";

/**
 * An alignment experiment on the engine pool: its units (app/experiments/alignment.ts `ExperimentPlan`) in batches over
 * the workers, assembled in unit order — the same result, bit for bit, as `runAlignmentExperiment` on one engine.
 * Used by the CLI's `reproduce` (worker_threads) and the page (module Web Workers); the workers' method is
 * `experimentUnits` (experimentUnitsHandler).
 */
export type ExperimentPlanOptions = Omit<ExperimentOptions, "onProgress">;

/** The workers' side: units `indices` of the experiment (the plan is rebuilt from the same inputs: cheap, exact). */
export function experimentUnitsHandler(ea: Engine, data: unknown, options: unknown, indices: unknown): ExperimentUnitResult[] {
  const d = data as AlignmentData;
  const plan = experimentPlan(d, options as ExperimentPlanOptions, hasHull(ea));
  return (indices as number[]).map((i) => experimentUnit(ea, d, plan, i));
}

export async function runExperimentOnPool(
  pool: WorkerPool, data: AlignmentData, options: ExperimentPlanOptions, hull: boolean,
  run: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<ExperimentResult> {
  const plan = experimentPlan(data, options, hull);
  const size = Math.max(1, Math.ceil(plan.total / (16 * pool.size)));
  const batches: number[][] = [];
  for (let i = 0; i < plan.total; i += size) batches.push(Array.from({ length: Math.min(size, plan.total - i) }, (_, j) => i + j));
  let done = 0;
  const results = await Promise.all(batches.map(async (b) => {
    const r = (await pool.call("experimentUnits", [data, options, b], run.signal)) as ExperimentUnitResult[];
    done += b.length;
    run.onProgress?.(done, plan.total);
    return r;
  }));
  return assembleExperiment(data, plan, results.flat());
}
