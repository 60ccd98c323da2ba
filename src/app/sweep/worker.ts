import { createEngineSync, type Engine } from "../../index.js";
import { recordLine, runSweepTask, type SweepSpec } from "./plan.js";

/**
 * The worker entry of the sweep pool (tinypool runs the default export; bundled as dist/sweep-worker.js). It compiles
 * the engine once per worker thread (synchronously, on the same embedded bytes as the main thread) and returns each
 * task's JSON line, so the main thread only writes strings.
 */
export interface SweepTaskMessage {
  spec: SweepSpec;
  tasks: number[];
  /** CSV sweeps: the data, in SharedArrayBuffer-backed arrays (shared, not copied, with every task). */
  shared?: { rows: number; cols: number; U: Float64Array; u: Float64Array };
}

const engines = new Map<string, Engine>();

export default function runTasks(message: SweepTaskMessage): string[] {
  const { spec, tasks, shared } = message;
  let ea = engines.get(spec.backend);
  if (!ea) engines.set(spec.backend, (ea = createEngineSync({ backend: spec.backend })));
  const data = shared ? { U: { rows: shared.rows, cols: shared.cols, data: shared.U }, u: shared.u } : undefined;
  return tasks.map((t) => recordLine(runSweepTask(ea!, spec, t, data)));
}
