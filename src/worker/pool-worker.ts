/// <reference lib="webworker" />
/**
 * The page's pool worker (bundled as web/dist/pool-worker.js, a module Web Worker): the engine pool's worker
 * (src/pool/serve.ts: every Engine method) plus the page's two parallel jobs, `experimentUnits` (units of an alignment
 * experiment, src/app/sweep/experiment.ts) and `sweepColumns` (a batch of a CSV sweep's tasks, their scores as one
 * Float64Array: src/worker/sweep-columns.ts; `sweepTasks` returns the full records instead).
 */
import { serveBrowser } from "../pool/worker-browser.js";
import { experimentUnitsHandler } from "../app/sweep/experiment.js";
import { runSweepTask, type SweepSpec } from "../app/sweep/plan.js";
import type { AlignmentData } from "../app/experiments/alignment.js";
import { runSweepColumns } from "./sweep-columns.js";
import type { CsvSweepSpec } from "../app/sweep/plan.js";
import type { DenseMatrix } from "../index.js";

serveBrowser({
  experimentUnits: experimentUnitsHandler,
  sweepTasks: (ea, spec, tasks, data) => (tasks as number[]).map((t) => runSweepTask(ea, spec as SweepSpec, t, data as AlignmentData)),
  // the page's sweep: a batch of tasks' scores as one Float64Array (transferred back; src/worker/sweep-columns.ts)
  sweepColumns: (ea, spec, tasks, data) => runSweepColumns(ea, spec as CsvSweepSpec, tasks as Int32Array, data as { U: DenseMatrix; u: Float64Array }),
});
