/// <reference lib="webworker" />
/**
 * The page's pool worker (bundled as web/dist/pool-worker.js, a module Web Worker): the engine pool's worker
 * (src/pool/serve.ts: every Engine method) plus the page's two parallel jobs, `experimentUnits` (units of an alignment
 * experiment, src/app/sweep/experiment.ts) and `sweepTasks` (tasks of a CSV sweep, src/app/sweep/plan.ts).
 */
import { serveBrowser } from "../pool/worker-browser.js";
import { experimentUnitsHandler } from "../app/sweep/experiment.js";
import { runSweepTask, type SweepSpec } from "../app/sweep/plan.js";
import type { AlignmentData } from "../app/experiments/alignment.js";

serveBrowser({
  experimentUnits: experimentUnitsHandler,
  sweepTasks: (ea, spec, tasks, data) => (tasks as number[]).map((t) => runSweepTask(ea, spec as SweepSpec, t, data as AlignmentData)),
});
