/// <reference lib="webworker" />
/**
 * The page's pool worker (bundled as web/dist/pool-worker.js, a module Web Worker): the engine pool's worker
 * (src/pool/serve.ts: every Engine method) plus the page's two parallel jobs, `experimentUnits` (units of an alignment
 * experiment, src/app/sweep/experiment.ts) and `sweepColumns` (a batch of a CSV sweep's tasks, their scores as one
 * Float64Array, transferred back: src/worker/sweep-columns.ts).
 */
import { serveBrowser } from "../pool/worker-browser.js";
import { experimentUnitsHandler } from "../app/sweep/experiment.js";
import type { CsvSweepSpec } from "../app/sweep/plan.js";
import type { DenseMatrix } from "../index.js";
import { runSweepColumns } from "./sweep-columns.js";

serveBrowser({
  experimentUnits: experimentUnitsHandler,
  sweepColumns: (ea, spec, tasks, data) => runSweepColumns(ea, spec as CsvSweepSpec, tasks as Int32Array, data as { U: DenseMatrix; u: Float64Array }),
});
