import { createHash } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, renameSync, truncateSync, writeFileSync } from "node:fs";
import { createEngine, type BackendName } from "../index.js";
import { hasHull, type Method } from "../app/experiments/alignment.js";
import {
  describeTask, parseShard, shardTasks, summarizeSweep, taskCount, SWEEP_FORMAT,
  type SweepHeader, type SweepRecord, type SweepSpec,
} from "../app/sweep/plan.js";
import type { SweepTaskMessage } from "../app/sweep/worker.js";
import { DataError } from "../app/experiments/datasets.js";
import type { SweepArgsInput } from "../app/sweep/emit.js";
import { readMatrixCsv, readVectorCsv } from "./data.js";
import { runPool } from "./pool.js";
import { progress } from "./progress.js";
import { checkOutFile } from "./output.js";
import { formatNumber, formatTable } from "./table.js";
import { basename, dirname } from "node:path";
import { sweepFigure } from "../app/figures/sweep.js";
import { writeFigure, type FigureFormat } from "./figures.js";
import { shardHeaderLine, shardName, shardOf, sweepIdentity } from "../app/sweep/shard-files.js";

/** Entries of one instance's matrix (8 bytes each); the fit copies the training rows into WebAssembly memory (≤ 4 GiB). */
const MAX_ENTRIES = 2.5e8;

/** The sweep's own arguments (those that fix its spec, as `sweepArgs` spells them out) and how this run goes. */
export interface SweepCliOptions extends SweepArgsInput {
  methods: Method[];
  backend: BackendName;
  workers: number;
  shard: string;
  out: string;
  json: boolean;
  progress: boolean;
  format?: FigureFormat[];
  width?: number;
  height?: number;
}

/** Parses a sweep file: its header and the complete records (a torn last line, from a crash, is dropped). */
export function readSweepFile(path: string): { header: SweepHeader; records: SweepRecord[]; validBytes: number } {
  const text = readFileSync(path, "utf8");
  const end = text.lastIndexOf("\n") + 1;
  const lines = text.slice(0, end).split("\n").filter((l) => l !== "");
  if (!lines.length) throw new DataError(`${path}: no header line; not a sweep file`);
  let header: SweepHeader;
  try { header = JSON.parse(lines[0]!) as SweepHeader; } catch { throw new DataError(`${path}: the first line is not JSON; not a sweep file`); }
  if (header.format !== SWEEP_FORMAT) throw new DataError(`${path}: not a sweep file (format ${JSON.stringify(header.format)}; expected ${SWEEP_FORMAT})`);
  const records = lines.slice(1).map((l, i) => {
    try { return JSON.parse(l) as SweepRecord; } catch { throw new DataError(`${path} line ${i + 2} is not JSON`); }
  });
  return { header, records, validBytes: Buffer.byteLength(text.slice(0, end)) };
}

function buildSpec(o: SweepCliOptions): { spec: SweepSpec; shared?: SweepTaskMessage["shared"] } {
  const common = { seed: o.seed, backend: o.backend, methods: o.methods, testFraction: o.testFraction };
  if (o.models === undefined && o.target === undefined) {
    const k = o.k ?? [10, 100];
    return { spec: { kind: "synthetic", ...common, n: o.n, k, noise: o.noise, reps: o.reps, factors: 4, mixShare: 0.1 } };
  }
  if (o.models === undefined || o.target === undefined) throw new DataError("--models and --target go together (a CSV sweep needs both)");
  const { matrix } = readMatrixCsv(o.models, "--models");
  const u = readVectorCsv(o.target, "--target");
  if (u.length !== matrix.rows) throw new DataError(`--target has ${u.length} values but --models has ${matrix.rows} rows (one per point)`);
  if (matrix.rows < 3) throw new DataError(`--models needs at least 3 rows (points) for a train/test split; got ${matrix.rows}`);
  const k = (o.k ?? defaultK(matrix.cols)).filter((x) => x <= matrix.cols);
  if (!k.length) throw new DataError(`--k: every size exceeds the ${matrix.cols} models in --models`);
  const sha = createHash("sha256").update(readFileSync(o.models)).update("\0").update(readFileSync(o.target)).digest("hex");
  // shared memory: every task message references the same bytes instead of copying the matrix
  const U = new Float64Array(new SharedArrayBuffer(matrix.data.byteLength)); U.set(matrix.data);
  const us = new Float64Array(new SharedArrayBuffer(u.byteLength)); us.set(u);
  return {
    spec: { kind: "csv", ...common, k, draws: o.draws, data: { models: o.models, target: o.target, sha256: sha, rows: matrix.rows, cols: matrix.cols } },
    shared: { rows: matrix.rows, cols: matrix.cols, U, u: us },
  };
}

function defaultK(K: number): number[] {
  const out: number[] = [];
  for (let x = 1; x < K; x *= 2) out.push(x);
  out.push(K);
  return out;
}

/** Tasks per message: about 2·10⁶ matrix entries of work each, and at least 4 messages per worker for balance. */
export function taskBatches(spec: SweepSpec, tasks: number[], workers: number): number[][] {
  const out: number[][] = [];
  const cap = Math.max(1, Math.ceil(tasks.length / (4 * workers)));
  let cur: number[] = [], work = 0;
  for (const t of tasks) {
    const { n, k } = describeTask(spec, t);
    cur.push(t); work += n * k;
    if (work >= 2e6 || cur.length >= cap) { out.push(cur); cur = []; work = 0; }
  }
  if (cur.length) out.push(cur);
  return out;
}

export async function runSweep(o: SweepCliOptions, log: (line: string) => void = console.log): Promise<{ records: SweepRecord[]; seconds: number; fits: number }> {
  checkOutFile(o.out);
  const shard = parseShard(o.shard);
  if (o.methods.includes("hull") && !hasHull(await createEngine({ backend: o.backend }))) {
    throw new DataError("--methods hull: this build has no hull LP (hullDistance) yet");
  }
  const { spec, shared } = buildSpec(o);
  if (spec.kind === "synthetic") {
    // each task holds its n × k matrix (and a training copy) in one worker: refuse shapes no worker could hold
    const n = spec.n.reduce((a, b) => Math.max(a, b)), k = spec.k.reduce((a, b) => Math.max(a, b));
    if (n * k > MAX_ENTRIES) throw new DataError(`--n × --k: ${n} × ${k} = ${(n * k).toExponential(2)} entries per instance is more than one worker can hold (at most ${MAX_ENTRIES.toExponential(1)}, about 2 GB)`);
  }
  const total = taskCount(spec);
  const mine = shardTasks(total, shard);
  const header = shardHeaderLine(spec, shard);

  // resume: keep the records already in --out (after checking they belong to this very sweep)
  let done = new Set<number>();
  let existing: SweepRecord[] = [];
  if (existsSync(o.out)) {
    const file = readSweepFile(o.out);
    if (sweepIdentity(file.header) === sweepIdentity(JSON.parse(header)) && JSON.stringify(file.header) + "\n" !== header) {
      throw new DataError(`--out ${o.out} holds shard ${shardName(shardOf(file.header))} of this sweep, not ${shardName(shard)}; give each shard its own file (--out 'sweep.{shard}-of-{shards}.jsonl') and \`merge\` them`);
    }
    if (JSON.stringify(file.header) + "\n" !== header) {
      throw new DataError(`--out ${o.out} holds a different sweep (its header differs from this one's spec); choose another file or delete it`);
    }
    const foreign = file.records.find((r) => r.task % shard.count !== shard.index);
    if (foreign) throw new DataError(`--out ${o.out} holds task ${foreign.task}, which is not in shard ${o.shard}; give each shard its own file and \`merge\` them`);
    truncateSync(o.out, file.validBytes);
    existing = file.records;
    done = new Set(existing.map((r) => r.task));
  } else {
    writeFileSync(o.out, header);
  }
  const pending = mine.filter((t) => !done.has(t));

  // write records in task order: hold finished ones until every earlier task of this run is written
  const started = performance.now();
  const bar = progress(`sweep ${o.shard}`, pending.length, o.progress);
  const order = new Map<number, number>(pending.map((t, i) => [t, i]));
  const ready: Array<string | undefined> = new Array(pending.length);
  let next = 0, finished = 0;
  const work = taskBatches(spec, pending, o.workers);
  if (work.length) await runPool(work.map((tasks) => ({ spec, tasks, ...(shared ? { shared } : {}) })), o.workers, (b, lines) => {
    work[b]!.forEach((t, j) => { ready[order.get(t)!] = lines[j]; });
    finished += lines.length;
    let chunk = "";
    while (next < pending.length && ready[next] !== undefined) { chunk += ready[next]; ready[next] = undefined; next++; }
    if (chunk) appendFileSync(o.out, chunk);
    bar.update(finished);
  });
  bar.stop();
  const seconds = (performance.now() - started) / 1000;
  let records = readSweepFile(o.out).records;
  // a file resumed from a non-prefix (e.g. records copied in by hand) ends up out of order: restore task order
  if (records.some((r, i) => i > 0 && r.task <= records[i - 1]!.task)) {
    const byTask = new Map(records.map((r) => [r.task, JSON.stringify(r) + "\n"]));
    records = [...byTask.keys()].sort((a, b) => a - b).map((t) => JSON.parse(byTask.get(t)!) as SweepRecord);
    const tmp = `${o.out}.tmp-${process.pid}`;
    writeFileSync(tmp, header + records.map((r) => JSON.stringify(r) + "\n").join(""));
    renameSync(tmp, o.out);
  }
  const fits = pending.length * spec.methods.filter((m) => m !== "best-single" && m !== "uniform").length;
  // the figure and its CSV next to the JSON lines: <out minus .jsonl>.vl.json, .csv, .svg, .png
  const stem = basename(o.out).replace(/\.jsonl?$/i, "");
  const figure = sweepFigure(stem === basename(o.out) ? `${stem}-figure` : stem, summarizeSweep(records, spec.methods), spec.methods, {
    subtitle: [spec.kind === "synthetic" ? `synthetic: ${spec.reps} instances per shape` : `${spec.data.cols} models from ${basename(spec.data.models)}; ${spec.draws} draws per k`, `shard ${o.shard}, ${records.length} tasks`],
    size: { ...(o.width ? { width: o.width } : {}), ...(o.height ? { height: o.height } : {}) },
  });
  const figures = records.length ? await writeFigure(dirname(o.out), figure, { formats: o.format ?? ["svg", "png"] }) : [];
  report(spec, records, { seconds, fits, ran: pending.length, resumed: existing.length, shard: o.shard, out: o.out, json: o.json, workers: o.workers, figures }, log);
  return { records, seconds, fits };
}

function report(spec: SweepSpec, records: SweepRecord[], run: { seconds: number; fits: number; ran: number; resumed: number; shard: string; out: string; json: boolean; workers: number; figures: string[] }, log: (line: string) => void): void {
  const summary = summarizeSweep(records, spec.methods);
  if (run.json) {
    log(JSON.stringify({ spec, out: run.out, figures: run.figures, shard: run.shard, tasksRun: run.ran, tasksResumed: run.resumed, records: records.length, seconds: run.seconds, workers: run.workers, summary }));
    return;
  }
  log(formatTable(["n", "k", ...(spec.kind === "synthetic" ? ["noise"] : []), "method", "tasks", "test MSE", "95% band", "max |err|", "models used"],
    summary.map((r) => [r.n, r.k, ...(spec.kind === "synthetic" ? [r.noise ?? 0] : []), r.method, r.count, r.mse, `[${formatNumber(r.mseLo)}, ${formatNumber(r.mseHi)}]`, r.maxAbs, r.support])));
  const bad = records.flatMap((r) => Object.entries(r.scores).filter(([, x]) => x && x.status !== "optimal" && x.status !== "closed_form").map(([m, x]) => `${m} ${x!.status}`));
  if (bad.length) log(`\nwarning: ${bad.length} fits did not reach 'optimal' (${[...new Set(bad)].slice(0, 4).join("; ")}); their errors are those of the best point found`);
  log(`\n${run.out}: ${records.length} records (${run.ran} run now${run.resumed ? `, ${run.resumed} resumed` : ""}; shard ${run.shard}) in ${run.seconds.toFixed(1)} s on ${run.workers} worker${run.workers === 1 ? "" : "s"}${run.ran ? `, ${(run.fits / Math.max(run.seconds, 1e-9)).toFixed(1)} constrained fits/s` : ""}`);
  if (run.figures.length) log(`figure: ${run.figures.join(", ")}`);
}
