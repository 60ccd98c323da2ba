/// <reference lib="webworker" />
/**
 * The page's pool worker (bundled as web/dist/pool-worker.js, a module Web Worker): the engine pool's worker
 * (src/pool/serve.ts: every Engine method) plus the page's two parallel jobs, `experimentUnits` (units of an alignment
 * experiment, src/parallel/experiment.ts) and `sweepTasks` (tasks of a CSV sweep, src/parallel/sweep.ts).
 */
import { serveBrowser } from "../pool/worker-browser.js";
import { experimentUnitsHandler } from "../parallel/experiment.js";
import { runSweepTask, type SweepSpec } from "../parallel/sweep.js";
import type { AlignmentData } from "../experiments/alignment.js";

serveBrowser({
  experimentUnits: experimentUnitsHandler,
  sweepTasks: (ea, spec, tasks, data) => (tasks as number[]).map((t) => runSweepTask(ea, spec as SweepSpec, t, data as AlignmentData)),
});
