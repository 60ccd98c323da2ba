import { join } from "node:path";
import { createEngine, type BackendName } from "../index.js";
import {
  METHOD_LABELS, hasHull, poolExperiments, type AlignmentData, type ExperimentOptions, type ExperimentResult, type Method,
} from "../app/experiments/alignment.js";
import { personaBank, type PersonaModel } from "../app/experiments/movielens.js";
import { protocols } from "../app/experiments/protocols.js";
import { taskSeed } from "../core/random.js";
import { runExperimentOnPool } from "../app/sweep/experiment.js";
import { WorkerPool } from "../pool/pool.js";
import { nodeHost } from "../pool/node.js";
import { defaultWorkers, workerFile } from "./pool.js";
import { loadMoralExceptQa, loadMoralMachine, loadMovielens } from "./data.js";
import { kFigure, methodsFigure } from "../app/figures/experiments.js";
import type { FigureSize } from "../app/figures/specs.js";
import { writeFigure, type FigureFormat } from "./figures.js";
import { ETHICS_SUBSETS, ethicsProblem, type EthicsPersona } from "../app/experiments/ethics.js";
import { loadEthics } from "./ethics-data.js";
import { ethicsFigure, renderEthicsPersonas } from "./ethics-report.js";
import { progress } from "./progress.js";
import { checkOutDir, writeFilesAtomic } from "./output.js";
import { formatNumber, formatTable } from "./table.js";

export interface ReproduceOptions {
  out: string;
  json: boolean;
  quick: boolean;
  seed: number;
  backend: BackendName;
  datasets: string[];
  progress: boolean;
  /** Figure files: formats and total size in CSS pixels (defaults svg+png, 440 × 320). */
  format?: FigureFormat[];
  width?: number;
  height?: number;
  /** Where timings go (never into --json output, so two runs are byte-identical); default stderr. */
  timing?: (line: string) => void;
  /** Worker threads of the engine pool (default: every core). */
  workers?: number;
}

export const DATASETS = ["moral-exceptqa", "moral-machine", "movielens", "ethics"] as const;

interface DatasetReport {
  slug: string;
  result: ExperimentResult;
  extra?: { models: PersonaModel[]; targetUsers: number[] } | { personas: EthicsPersona[]; droppedSeen: number; source: string };
}

/**
 * Every experiment runs on the engine pool (src/pool/; the CLI's worker adds `experimentUnits`): each experiment's
 * splits and draws are units spread over the workers (src/app/sweep/experiment.ts), all data sets' at once, while the
 * main thread builds the MovieLens and ETHICS personas. Each unit is a pure function of its data and seed and the
 * results are assembled in unit order, so the output does not depend on the number of workers. (Experiment timings
 * overlap: they run side by side.)
 */
export async function runReproduce(o: ReproduceOptions, log: (line: string) => void = console.log): Promise<DatasetReport[]> {
  const started = performance.now();
  checkOutDir(o.out);
  const timing = o.timing ?? ((line: string) => process.stderr.write(line + "\n"));
  const P = protocols(o.quick);
  const pool = new WorkerPool(nodeHost(workerFile()), o.workers ?? defaultWorkers(), o.backend);
  let reports: DatasetReport[];
  try {
    const hull = hasHull(await createEngine({ backend: "js" })); // as the workers' engines decide it (a tiny LP)
    let total = 0;
    const doneBy: number[] = [];
    let bar: ReturnType<typeof progress> | undefined;
    const experiment = (data: AlignmentData, opts: ExperimentOptions, label: string): Promise<ExperimentResult> => {
      const slot = doneBy.push(0) - 1;
      let counted = false;
      const t0 = performance.now();
      return runExperimentOnPool(pool, data, opts, hull, {
        onProgress: (d, t) => {
          if (!counted) { counted = true; total += t; }
          doneBy[slot] = d;
          bar?.update(doneBy.reduce((a, b) => a + b, 0), Math.max(total, 1));
        },
      }).then((r) => {
        if (label) timing(`reproduce: ${label} experiment ${((performance.now() - t0) / 1000).toFixed(1)} s (on the pool)`);
        return r;
      });
    };
    const pending: Promise<DatasetReport[]>[] = [];
    for (const slug of o.datasets) {
      if (slug === "ethics") {
        for (const subset of ETHICS_SUBSETS) {
          const t0s = performance.now();
          const personas = progress(`ETHICS ${subset} personas`, P.ethics.personas, o.progress);
          const problem = ethicsProblem(loadEthics(subset, o.seed), { personas: P.ethics.personas, points: P.ethics.points, seed: o.seed, onProgress: (d) => personas.update(d) });
          personas.stop();
          timing(`reproduce: ETHICS ${subset}: personas ${((performance.now() - t0s) / 1000).toFixed(1)} s`);
          pending.push(experiment(problem.data, { ...P.ethics.experiment, seed: o.seed }, `ETHICS ${subset}`).then((result) => {
            result.notes.unshift(`reconstruction: ${problem.personas.length} text-classifier personas trained on ETHICS training text (${problem.source}) stand in for the paper's LLM personas; a persona's probability that the label is 1 is its utility, the human label is u; held-out scenarios whose text is in the training file were dropped (${problem.droppedSeen}).`);
            return [{ slug: `ethics-${subset}`, result, extra: { personas: problem.personas, droppedSeen: problem.droppedSeen, source: problem.source } }];
          }));
        }
      } else if (slug === "moral-exceptqa") {
        pending.push(experiment(loadMoralExceptQa(), { ...P[slug], seed: o.seed }, slug).then((result) => [{ slug, result }]));
      } else if (slug === "moral-machine") {
        pending.push(experiment(loadMoralMachine(), { ...P[slug], seed: o.seed }, slug).then((result) => [{ slug, result }]));
      } else if (slug === "movielens") {
        const t0 = performance.now();
        const ratings = loadMovielens();
        const bankBar = progress("MovieLens models", P.movielens.bank.models ?? 120, o.progress);
        const bank = personaBank(ratings, { ...P.movielens.bank, seed: o.seed, onProgress: (d) => bankBar.update(d) });
        bankBar.stop();
        timing(`reproduce: movielens personas ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        const users = bank.problems.map((p, i) => experiment(p, { ...P.movielens.experiment, seed: taskSeed(o.seed, i, 7) }, ""));
        pending.push(Promise.all(users).then((results) => {
          timing(`reproduce: movielens experiments ${((performance.now() - t0) / 1000).toFixed(1)} s (on the pool)`);
          return [{
            slug,
            result: poolExperiments("MovieLens (reconstructed: MF personas)", results, [
              `reconstruction: ${bank.models.length} matrix-factorisation "personas" stand in for the paper's LLM personas; ${bank.problems.length} target users (held out of every model's training), each user's own ratings are u; summaries are over users (each user's mean over ${results[0]?.protocol.splits ?? 0} splits).`,
            ]),
            extra: { models: bank.models, targetUsers: bank.targetUsers },
          }];
        }));
      } else {
        throw new Error(`unknown data set ${slug}`);
      }
    }
    bar = progress(`experiments on ${pool.size} worker${pool.size === 1 ? "" : "s"}`, 1, o.progress);
    try {
      reports = (await Promise.all(pending)).flat();
    } finally {
      bar.stop();
    }
  } finally {
    await pool.close();
  }

  // write every file to a temporary name first, then rename: a failed run leaves no half-written output
  const files: Array<[string, string]> = [];
  for (const r of reports) {
    files.push([`${r.slug}.json`, JSON.stringify({ ...r.result, ...(r.extra ? { reconstruction: r.extra } : {}) }, null, 2) + "\n"]);
  }
  const document = { seed: o.seed, backend: o.backend, quick: o.quick, datasets: reports.map((r) => r.result) };
  files.push(["reproduce.json", JSON.stringify(document, null, 2) + "\n"]);
  writeFilesAtomic(files, o.out);
  const written = files.map(([n]) => join(o.out, n));
  const figureStart = performance.now();
  const size: FigureSize = { ...(o.width ? { width: o.width } : {}), ...(o.height ? { height: o.height } : {}) };
  const figureOut = { formats: o.format ?? (["svg", "png"] as FigureFormat[]) };
  for (const r of reports) {
    for (const f of await writeFigure(o.out, kFigure(r.result, r.slug, size), figureOut)) written.push(f);
    for (const f of await writeFigure(o.out, methodsFigure(r.result, r.slug, size), figureOut)) written.push(f);
  }
  const ethics = reports.filter((r) => r.extra && "personas" in r.extra) as Array<DatasetReport & { extra: { personas: EthicsPersona[] } }>;
  if (ethics.length) {
    for (const f of await writeFigure(o.out, ethicsFigure(ethics.map((r) => ({ subset: r.slug.replace(/^ethics-/, ""), personas: r.extra.personas, result: r.result })), size), figureOut)) written.push(f);
  }
  timing(`reproduce: figures ${((performance.now() - figureStart) / 1000).toFixed(1)} s`);
  const seconds = (performance.now() - started) / 1000;

  if (o.json) {
    log(JSON.stringify(document));
  } else {
    for (const r of reports) log(renderReport(r.result) + "\n");
    if (ethics.length) log(renderEthicsPersonas(ethics.map((r) => ({ subset: r.slug.replace(/^ethics-/, ""), personas: r.extra.personas, result: r.result }))) + "\n");
    log(renderSummary(reports.map((r) => r.result)) + "\n");
    log(`wrote ${written.length} files to ${o.out}/ (JSON; and per figure .vl.json, .csv, ${figureOut.formats.map((f) => `.${f}`).join(", ")})`);
  }
  timing(`reproduce: ${seconds.toFixed(1)} s (${o.backend} backend, seed ${o.seed}${o.quick ? ", --quick" : ""})`);
  return reports;
}

/** One line per data set: the best single model against the convex and nonnegative fits with an offset. */
export function renderSummary(results: ExperimentResult[]): string {
  const mse = (r: ExperimentResult, m: Method) => r.methods.find((x) => x.method === m)?.mse.mean ?? NaN;
  const change = (a: number, b: number) => `${b <= a ? "−" : "+"}${(Math.abs(b / a - 1) * 100).toFixed(1)}%`;
  return "== summary: held-out MSE against the best single model (chosen on training rows)\n" + formatTable(
    ["data set", "best single", "uniform", "convex + offset", "nonneg + offset", "convex vs best", "nonneg vs best"],
    results.map((r) => {
      const b = mse(r, "best-single"), c = mse(r, "simplex+offset"), n = mse(r, "nonnegative+offset");
      return [r.dataset, b, mse(r, "uniform"), c, n, change(b, c), change(b, n)];
    }),
  );
}

const SHORT: Record<Method, string> = {
  "best-single": "best single", "uniform": "uniform", "nonnegative": "nonneg", "nonnegative+offset": "nonneg+off",
  "simplex": "simplex", "simplex+offset": "simplex+off", "hull": "hull (sup)",
};

export function renderReport(r: ExperimentResult): string {
  const p = r.protocol;
  const loo = p.kind === "loo";
  const lines: string[] = [];
  lines.push(r.problems
    ? `== ${r.dataset}: ${r.problems} users (${r.points} ratings in all) × ${r.models} models`
    : `== ${r.dataset}: ${r.points} points × ${r.models} models`);
  lines.push(r.problems
    ? `protocol: per user, ${p.splits} random splits holding out ${Math.round((p.testFraction ?? 0) * 100)}% of her ratings; columns are means over users of each user's mean over splits, band = central 95% of the users`
    : loo
    ? `protocol: leave-one-out over the ${r.points} points (n < k); MSE band = central 95% of the folds; RMSE = √(mean MSE); max = largest held-out error`
    : `protocol: ${p.splits} random splits, ${p.trainPoints} train / ${p.testPoints} test points; columns are means over splits, band = central 95% of the splits`);
  const rows = r.methods.map((m) => [
    m.label, m.mse.mean, `[${formatNumber(m.mse.lo)}, ${formatNumber(m.mse.hi)}]`,
    loo ? m.pooled.rmse : m.rmse.mean, loo ? m.pooled.maxAbs : m.maxAbs.mean, m.support.mean,
    Object.entries(m.statuses).map(([s, c]) => `${s} ${c}`).join(", "),
  ]);
  lines.push(formatTable(["method (fit on train, scored on test)", "test MSE", "95% band", "RMSE", "max |err|", "models used", "fits"], rows));
  if (r.bestSingleChoices.length) lines.push(`best single model chosen: ${r.bestSingleChoices.map((c) => `${c.model} (${c.count}×)`).join(", ")}`);
  const methods = [...new Set(r.kCurve.map((c) => c.method))];
  const ks = [...new Set(r.kCurve.map((c) => c.k))];
  if (ks.length) {
    lines.push(`\nerror vs number of models k (${p.kDraws} random subsets per k; test MSE mean [central 95%])`);
    lines.push(formatTable(["k", ...methods.map((m) => SHORT[m])], ks.map((k) => [k, ...methods.map((m) => {
      const c = r.kCurve.find((x) => x.k === k && x.method === m)!;
      return `${formatNumber(c.mse.mean)} [${formatNumber(c.mse.lo)}, ${formatNumber(c.mse.hi)}]`;
    })])));
  }
  if (r.problems && r.kCurveRelative?.length) {
    lines.push(`\nthe same, relative: each draw's test MSE ÷ that of the user's best single model among all ${r.models} on the same split (mean over users of each user's mean ratio [central 95% of users]; < 1 = better)`);
    lines.push(formatTable(["k", ...methods.map((m) => SHORT[m])], ks.map((k) => [k, ...methods.map((m) => {
      const c = r.kCurveRelative!.find((x) => x.k === k && x.method === m)!;
      return `${c.mse.mean.toFixed(4)} [${c.mse.lo.toFixed(3)}, ${c.mse.hi.toFixed(3)}]`;
    })])));
  }
  for (const n of r.notes) lines.push(`note: ${n}`);
  return lines.join("\n");
}
