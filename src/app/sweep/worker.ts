import { createEngineSync, type Engine } from "../../index.js";
import { serveNode } from "../../pool/worker-node.js";
import { recordLine, runSweepTask, type SweepSpec } from "./plan.js";
import { experimentUnitsHandler } from "./experiment.js";

/**
 * The worker of the sweep's pool (src/cli/pool.ts; bundled as dist/sweep-worker.js): the engine pool's worker
 * (src/pool/serve.ts, every Engine method) plus `sweepTasks`, which runs a batch of sweep tasks on the worker's engine
 * and returns each task's JSON line, so the main thread only writes strings; and `experimentUnits`, units of an alignment
 * experiment of `emergent-align reproduce` (src/app/sweep/experiment.ts).
 */
export interface SweepTaskMessage {
  spec: SweepSpec;
  tasks: number[];
  /** CSV sweeps: the data, in SharedArrayBuffer-backed arrays (shared, not copied, with every task). */
  shared?: { rows: number; cols: number; U: Float64Array; u: Float64Array };
}

const others = new Map<string, Engine>();

export function runTasks(pooled: Engine, message: SweepTaskMessage): string[] {
  const { spec, tasks, shared } = message;
  let ea = pooled;
  if (spec.backend !== pooled.backend) {
    ea = others.get(spec.backend) ?? createEngineSync({ backend: spec.backend });
    others.set(spec.backend, ea);
  }
  const data = shared ? { U: { rows: shared.rows, cols: shared.cols, data: shared.U }, u: shared.u } : undefined;
  return tasks.map((t) => recordLine(runSweepTask(ea, spec, t, data)));
}

serveNode({
  sweepTasks: (ea, message) => runTasks(ea, message as SweepTaskMessage),
  experimentUnits: experimentUnitsHandler,
});
