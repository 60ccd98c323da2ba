/**
 * The demo page: every computation goes to a worker, so the page never blocks: loads, fits and games to the engine
 * worker (src/worker/), the experiment and the sweep to the engine pool (one worker per core, src/worker/pooled.ts).
 * One job at a time shows a progress bar and a Cancel button (cancel = stop the job's workers; the next job starts
 * fresh ones).
 * Numbers are shown rounded, with the exact value in data-value (the browser tests compare those with Node's).
 */
import { CancelledError, EngineWorker } from "../src/worker/client.js";
import { PagePool } from "../src/worker/pooled.js";
import type { DatasetInfo, DatasetSource, ExperimentReply, ExperimentRequest, FitReply, GameReply, ShippedName, SweepReply } from "../src/worker/protocol.js";
import { METHOD_LABELS, type AlignmentData, type Method } from "../src/app/experiments/alignment.js";
import { kFigure } from "../src/app/figures/experiments.js";
import { sweepFigure } from "../src/app/figures/sweep.js";
import { renderSvg } from "../src/app/figures/render.js";
import { csvText, figureFile, jsonText, offerDownloads } from "./downloads.js";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const worker = new EngineWorker(new URL("./worker.js", import.meta.url));
/** The experiment and the sweep run on the engine pool: one worker per core (navigator.hardwareConcurrency);
 *  `?workers=N` overrides the count (the benchmark compares 1 and 2). */
const pool = new PagePool(new URL("./pool-worker.js", import.meta.url), Number(new URLSearchParams(location.search).get("workers")) || undefined);
const loaded = new Map<string, AlignmentData>();
/** The data set's numbers on the page (once per key), to send to the pool's workers. */
async function dataOf(key: string): Promise<AlignmentData> {
  let d = loaded.get(key);
  if (!d) loaded.set(key, (d = await worker.call<AlignmentData>("data", [key])));
  return d;
}
function cancelJob(): void { worker.cancel(); pool.cancel(); }
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

function fmt(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e5 || a < 1e-3 ? v.toExponential(digits - 1) : Number(v.toPrecision(digits)).toString();
}
/** A table cell holding a number: rounded text, exact value in data-value. */
const cell = (v: number, field: string, digits = 4) => `<td data-field="${field}" data-value="${String(v)}">${fmt(v, digits)}</td>`;

let dataset: DatasetInfo | undefined;
let running = false;

function setStatus(text: string): void { $("status").textContent = text; }
/** The sections, each with its own error box next to its form (issue 12: errors show next to the action that failed). */
type Section = "data" | "fit" | "exp" | "sweep" | "game";
const SECTIONS: Section[] = ["data", "fit", "exp", "sweep", "game"];
/** Shows `message` in the section's error box (null clears it), and brings the box into view. */
function showError(message: string | null, section: Section): void {
  const box = $(`${section}-error`);
  box.hidden = message === null;
  box.textContent = message ?? "";
  if (message !== null) box.scrollIntoView?.({ block: "nearest" });
}
function setButtons(): void {
  for (const id of ["fit", "run-experiment", "run-sweep"]) ($<HTMLButtonElement>(id)).disabled = running || !dataset;
  for (const id of ["load", "run-game"]) ($<HTMLButtonElement>(id)).disabled = running;
}

const PROGRESS_MS = 200;
/** Runs one job in the worker with the progress bar and Cancel button; errors go to the alert box. */
async function job<T>(label: string, section: Section, run: (onProgress: (done: number, total: number) => void) => Promise<T>): Promise<T | undefined> {
  if (running) return undefined;
  running = true; setButtons();
  const bar = $<HTMLProgressElement>("job-progress"), count = $("job-count");
  $("job-label").textContent = label;
  bar.removeAttribute("value"); count.textContent = "";
  $("job").hidden = false;
  setStatus(`${label}…`);
  document.body.setAttribute("aria-busy", "true");
  // Progress is shown at most every PROGRESS_MS (and at the end): each update costs a frame — style, layout, a hit
  // test for the mouse, paint, composite: about 4 ms of CPU over the page's threads — and on a machine whose cores the
  // pool's workers fill, every such ms is taken from a worker (a sweep's 32 batch replies cost ~150 ms that way).
  let shown = -Infinity, pending: { done: number; total: number } | undefined, timer: ReturnType<typeof setTimeout> | undefined, ended = false;
  const show = () => {
    timer = undefined;
    if (!pending) return;
    const { done, total } = pending;
    pending = undefined; shown = performance.now();
    bar.max = total; bar.value = done; count.textContent = `${done} / ${total}`;
  };
  const progress = (done: number, total: number) => {
    if (ended) return;   // a late report of a job that is over must not touch the next job's bar
    pending = { done, total };
    const wait = shown + PROGRESS_MS - performance.now();
    if (done >= total || wait <= 0) { if (timer !== undefined) clearTimeout(timer); show(); }
    else if (timer === undefined) timer = setTimeout(show, wait);
  };
  try {
    const value = await run(progress);
    showError(null, section);   // a success clears this action's old error
    return value;
  } catch (e) {
    if (e instanceof CancelledError || (e as Error).name === "AbortError") setStatus(`${label}: cancelled.`);
    else { showError(`${label} failed: ${(e as Error).message}`, section); setStatus(`${label}: failed.`); }
    return undefined;
  } finally {
    ended = true;
    if (timer !== undefined) clearTimeout(timer);
    running = false; setButtons();
    $("job").hidden = true;
    document.body.removeAttribute("aria-busy");
  }
}

$("cancel").addEventListener("click", () => { cancelJob(); });
document.addEventListener("keydown", (e) => { if (e.key === "Escape" && running) cancelJob(); });

// ---- data
function sourceChoice(): string { return (document.querySelector<HTMLInputElement>('input[name="source"]:checked'))!.value; }
function syncCsvInputs(): void {
  const csv = sourceChoice() === "csv";
  for (const id of ["models-file", "target-file"]) ($<HTMLInputElement>(id)).disabled = !csv;
}
document.querySelectorAll('input[name="source"]').forEach((r) => r.addEventListener("change", syncCsvInputs));
syncCsvInputs();

async function readFile(input: HTMLInputElement): Promise<{ name: string; text: string } | undefined> {
  const f = input.files?.[0];
  if (!f) return undefined;
  if (f.size > 50 * 1024 * 1024) throw new Error(`${f.name} is ${(f.size / 1048576).toFixed(0)} MB; the demo takes files up to 50 MB`);
  return { name: f.name, text: await f.text() };
}

$("data-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const choice = sourceChoice();
  let source: DatasetSource;
  if (choice === "csv") {
    try {
      const models = await readFile($<HTMLInputElement>("models-file"));
      if (!models) { showError("Choose a models CSV file first.", "data"); return; }
      const target = await readFile($<HTMLInputElement>("target-file"));
      source = { kind: "csv", models, ...(target ? { target } : {}) };
    } catch (err) { showError((err as Error).message, "data"); return; }
  } else {
    source = { kind: "shipped", name: choice as ShippedName, base: new URL("data/", location.href).href };
  }
  const info = await job("Loading data", "data", () => worker.call<DatasetInfo>("loadDataset", [source]));
  if (!info) return;
  dataset = info;
  for (const s of SECTIONS) showError(null, s);   // new data: every earlier error is moot
  setButtons();
  $("data-info").textContent = `${info.name}: ${info.points} points × ${info.models} models${info.note ? ` (${info.note})` : ""}.`;
  $("sweep-k").setAttribute("value", defaultK(info.models).join(","));
  ($<HTMLInputElement>("sweep-k")).value = defaultK(info.models).join(",");
  for (const id of ["fit-out", "exp-out", "sweep-out"]) $(id).innerHTML = "";
  for (const id of ["fit-files", "exp-files", "sweep-files"]) offerDownloads($(id), []);
  setStatus(`Loaded ${info.name}: ${info.points} points × ${info.models} models.`);
});

function defaultK(K: number): number[] { const out: number[] = []; for (let x = 1; x < K; x *= 2) out.push(x); out.push(K); return out; }

// ---- fit + hull
$("fit-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  if (!dataset) return;
  const opts = { constraint: ($<HTMLSelectElement>("constraint")).value, offset: ($<HTMLInputElement>("offset")).checked, norm: ($<HTMLSelectElement>("norm")).value };
  const key = dataset.key, names = dataset.modelNames;
  const r = await job("Fitting", "fit", () => worker.call<FitReply>("fit", [key, opts]));
  if (!r) return;
  const { fit, errors, hull, check } = r;
  const rows = [["the fit", errors.fit], [`best single model (${esc(errors.bestSingle.name)})`, errors.bestSingle], ["average of all models", errors.average]] as const;
  const weights = Array.from(fit.weights, (w, j) => ({ w, j })).filter((x) => x.w > 0).sort((a, b) => b.w - a.w);
  const ok = (b: boolean) => (b ? '<span class="ok">✓</span>' : '<span class="warn">✗</span>');
  $("fit-out").innerHTML = `
    <div class="cards">
      <div class="card">status<b id="fit-status">${esc(fit.status)}</b></div>
      <div class="card">offset c<b>${fmt(fit.offset)}</b></div>
      <div class="card">models used<b>${weights.length} of ${fit.weights.length}</b></div>
      <div class="card">hull distance ε*<b id="hull-epsilon" data-value="${hull.epsilon}">${fmt(hull.epsilon, 6)}</b></div>
    </div>
    <table id="fit-errors"><caption>Errors on all ${dataset.points} points (${opts.norm === "linf" ? "sup-norm" : "least-squares"} fit, ${opts.constraint} weights${opts.offset ? " + offset" : ""})</caption>
      <thead><tr><th scope="col">predictor</th><th scope="col">RMSE</th><th scope="col">mean |error|</th><th scope="col">max |error|</th></tr></thead>
      <tbody>${rows.map(([label, s], i) => `<tr data-row="${["fit", "best-single", "average"][i]}"><th scope="row">${label}</th>${cell(s.rmse, "rmse")}${cell(s.mae, "mae")}${cell(s.maxAbs, "maxAbs")}</tr>`).join("")}</tbody></table>
    <table id="fit-weights"><caption>Fitted weights (nonzero, largest first)</caption>
      <thead><tr><th scope="col">model</th><th scope="col">weight</th></tr></thead>
      <tbody>${weights.slice(0, 15).map(({ w, j }) => `<tr><th scope="row">${esc(names[j] ?? `model ${j + 1}`)}</th>${cell(w, "weight")}</tr>`).join("")}
      ${weights.length > 15 ? `<tr><th scope="row">… ${weights.length - 15} more</th><td></td></tr>` : ""}</tbody></table>
    <h3>Hull distance and its certificate</h3>
    <p>ε* = min over weights${opts.offset ? " and c" : ""} of ‖U w${opts.offset ? " + c·1" : ""} − u‖∞ (${opts.constraint}); status <strong>${esc(hull.status)}</strong>.
      The dual vector y proves ε* ≥ lowerBound by weak duality; anyone can check it from y, U and u alone.</p>
    <table id="hull-cert"><caption>Certificate, recomputed in the page's worker from y</caption>
      <tbody>
        <tr><th scope="row">upper bound ‖U w + c − u‖∞</th>${cell(hull.certificate.upperBound, "upperBound", 10)}</tr>
        <tr><th scope="row">lower bound (engine)</th>${cell(hull.certificate.lowerBound, "lowerBound", 10)}</tr>
        <tr><th scope="row">lower bound from y (checked here)</th>${cell(check.lowerBound, "checkedLowerBound", 10)}</tr>
        <tr><th scope="row">‖y‖₁ (≤ 1)</th>${cell(check.l1, "l1")}</tr>
        <tr><th scope="row">yᵀu</th>${cell(check.yu, "yu")}</tr>
        <tr><th scope="row">max_j (Uᵀy)_j</th>${cell(check.maxUty, "maxUty")}</tr>
        ${opts.offset ? `<tr><th scope="row">1ᵀy (= 0)</th>${cell(check.sumY, "sumY")}</tr>` : ""}
        <tr><th scope="row">conditions on y hold</th><td>${ok(check.conditionsHold)}</td></tr>
        <tr><th scope="row">lower ≤ upper, gap</th><td>${ok(check.lowerBound <= hull.certificate.upperBound + 1e-12)} ${fmt(hull.certificate.upperBound - check.lowerBound, 2)}</td></tr>
      </tbody></table>`;
  offerDownloads($("fit-files"), [
    { label: "weights (CSV)", filename: "fit-weights.csv", type: "text/csv", text: csvText(["model", "weight"], Array.from(fit.weights, (w, j) => [names[j] ?? `model ${j + 1}`, w])) },
    { label: "hull certificate y (CSV)", filename: "hull-certificate.csv", type: "text/csv", text: csvText(["point", "y"], Array.from(hull.certificate.y, (y, i) => [i + 1, y])) },
    { label: "everything (JSON)", filename: "fit.json", type: "application/json", text: jsonText({ data: dataset.name, options: opts, models: names, ...r }) },
  ]);
  setStatus(`Fit: ${fit.status}, RMSE ${fmt(errors.fit.rmse)} (best single ${fmt(errors.bestSingle.rmse)}, average ${fmt(errors.average.rmse)}); hull distance ${fmt(hull.epsilon, 6)} (${r.seconds.toFixed(3)} s).`);
});

/** The same Vega-Lite specs as the command line's figures, rendered to SVG by the same code (src/app/figures/). */
function chart(svg: string, label: string): string {
  return `<figure role="img" aria-label="${esc(label)}">${svg}</figure>`;
}

// ---- experiment
$("exp-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  if (!dataset) return;
  const request = { preset: ($<HTMLSelectElement>("preset")).value, seed: Number(($<HTMLInputElement>("exp-seed")).value) };
  if (!Number.isInteger(request.seed) || request.seed < 0) { showError(`Seed must be a whole number ≥ 0; got ${($<HTMLInputElement>("exp-seed")).value}`, "exp"); return; }
  const key = dataset.key;
  const r = await job("Running the experiment", "exp", async (onProgress): Promise<ExperimentReply> => pool.experiment(await dataOf(key), request as ExperimentRequest, onProgress));
  if (!r) return;
  const x = r.result, loo = x.protocol.kind === "loo";
  const methods = [...new Set(x.kCurve.map((c) => c.method))];
  const kSvg = await renderSvg(kFigure(x, "experiment").spec);
  $("exp-out").innerHTML = `
    <p>${esc(x.dataset)}: ${x.points} points × ${x.models} models; ${loo ? `leave-one-out over the ${x.points} points` : `${x.protocol.splits} random splits, ${x.protocol.trainPoints} train / ${x.protocol.testPoints} test points`}; seed ${x.protocol.seed}; ${r.seconds.toFixed(2)} s.</p>
    <table id="exp-methods" class="methods"><caption>Held-out error by method (fit on train, scored on test)</caption>
      <thead><tr><th scope="col">method</th><th scope="col">test MSE</th><th scope="col">95% band</th><th scope="col">RMSE</th><th scope="col">max |error|</th><th scope="col">models used</th></tr></thead>
      <tbody>${x.methods.map((m) => `<tr data-method="${m.method}"><th scope="row">${esc(m.label)}</th>${cell(m.mse.mean, "mse")}<td>[${fmt(m.mse.lo, 3)}, ${fmt(m.mse.hi, 3)}]</td>${cell(loo ? m.pooled.rmse : m.rmse.mean, "rmse")}${cell(loo ? m.pooled.maxAbs : m.maxAbs.mean, "maxAbs")}${cell(m.support.mean, "support", 3)}</tr>`).join("")}</tbody></table>
    ${chart(kSvg, "Held-out MSE against the number of models k for each method; the values are in the table below.")}
    <table id="exp-k"><caption>Error vs k (test MSE, mean over ${x.protocol.kDraws} random subsets)</caption>
      <thead><tr><th scope="col">k</th>${methods.map((m) => `<th scope="col">${esc(METHOD_LABELS[m])}</th>`).join("")}</tr></thead>
      <tbody>${[...new Set(x.kCurve.map((c) => c.k))].map((k) => `<tr data-k="${k}"><th scope="row">${k}</th>${methods.map((m) => cell(x.kCurve.find((c) => c.k === k && c.method === m)!.mse.mean, m)).join("")}</tr>`).join("")}</tbody></table>`;
  const ks = [...new Set(x.kCurve.map((c) => c.k))];
  offerDownloads($("exp-files"), [
    { label: "methods (CSV)", filename: "experiment-methods.csv", type: "text/csv", text: csvText(["method", "test MSE", "MSE low", "MSE high", "RMSE", "max |error|", "models used"], x.methods.map((m) => [m.method, m.mse.mean, m.mse.lo, m.mse.hi, loo ? m.pooled.rmse : m.rmse.mean, loo ? m.pooled.maxAbs : m.maxAbs.mean, m.support.mean])) },
    { label: "error vs k (CSV)", filename: "experiment-k.csv", type: "text/csv", text: csvText(["k", "method", "test MSE", "MSE low", "MSE high"], ks.flatMap((k) => x.kCurve.filter((c) => c.k === k).map((c) => [k, c.method, c.mse.mean, c.mse.lo, c.mse.hi]))) },
    { label: "everything (JSON)", filename: "experiment.json", type: "application/json", text: jsonText(r) },
    ...figureFile($("exp-out"), "experiment-k"),
  ]);
  setStatus(`Experiment done in ${r.seconds.toFixed(2)} s.`);
});

// ---- sweep
$("sweep-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  if (!dataset) return;
  const kText = ($<HTMLInputElement>("sweep-k")).value;
  const k = kText.split(/[\s,]+/).filter(Boolean).map(Number);
  if (!k.length || k.some((v) => !Number.isInteger(v) || v < 1)) { showError(`Model counts k must be whole numbers ≥ 1, separated by commas; got ${JSON.stringify(kText)}`, "sweep"); return; }
  const methods: Method[] = ["best-single", "uniform", "nonnegative+offset", "simplex+offset"];
  if (($<HTMLInputElement>("sweep-hull")).checked) methods.push("hull");
  const request = { k, draws: Number(($<HTMLInputElement>("sweep-draws")).value), seed: Number(($<HTMLInputElement>("sweep-seed")).value), testFraction: 0.25, methods };
  const key = dataset.key;
  // User Timing marks (the benchmark reads them): the results are in at sweep:results, on the page at sweep:shown
  performance.mark("sweep:start");
  const r = await job("Running the sweep", "sweep", async (onProgress): Promise<SweepReply> => pool.sweep(await dataOf(key), request, onProgress));
  if (!r) return;
  performance.mark("sweep:results");
  const ks = [...new Set(r.rows.map((x) => x.k))];
  const sweepSvg = await renderSvg(sweepFigure("sweep", r.rows, methods, { subtitle: [`${r.tasks} tasks (k × draw)`] }).spec);
  $("sweep-out").innerHTML = `
    <p>${r.tasks} tasks (k × draw, each a random subset of k models and a random 75/25 split) in ${r.seconds.toFixed(2)} s.</p>
    ${chart(sweepSvg, "Sweep: held-out MSE against k for each method; the values are in the table below.")}
    <table id="sweep-table"><caption>Sweep summary (test MSE, mean over draws)</caption>
      <thead><tr><th scope="col">k</th>${methods.map((m) => `<th scope="col">${esc(METHOD_LABELS[m])}</th>`).join("")}</tr></thead>
      <tbody>${ks.map((k) => `<tr data-k="${k}"><th scope="row">${k}</th>${methods.map((m) => { const row = r.rows.find((x) => x.k === k && x.method === m); return row ? cell(row.mse, m) : "<td>–</td>"; }).join("")}</tr>`).join("")}</tbody></table>`;
  performance.mark("sweep:shown");
  offerDownloads($("sweep-files"), [
    { label: "summary (CSV)", filename: "sweep.csv", type: "text/csv", text: csvText(["k", "method", "tasks", "test MSE", "MSE low", "MSE high", "max |error|", "models used"], r.rows.map((x) => [x.k, x.method, x.count, x.mse, x.mseLo, x.mseHi, x.maxAbs, x.support])) },
    { label: "everything (JSON)", filename: "sweep.json", type: "application/json", text: jsonText({ request, ...r }) },
    ...figureFile($("sweep-out"), "sweep"),
  ]);
  setStatus(`Sweep done: ${r.tasks} tasks in ${r.seconds.toFixed(2)} s.`);
});

// ---- game
$("game-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const num = (id: string) => Number(($<HTMLInputElement>(id)).value);
  const request = {
    providers: num("game-providers"), actions: num("game-actions"), states: num("game-states"), epsilon: num("game-epsilon"),
    perturbation: ($<HTMLSelectElement>("game-perturbation")).value, seed: num("game-seed"), step: 0.01, maxRounds: 1000,
  };
  const r = await job("Playing the selection game", "game", () => worker.call<GameReply>("game", [request]));
  if (!r) return;
  const g = r.game, range = g.fullInformationValue - g.noInformationValue;
  const gap = range > 1e-12 ? (g.fullInformationValue - g.userValue) / range : 0;
  const { actions, states } = r.instance;
  const matrix = (d: Float64Array, caption: string) => `<table><caption>${esc(caption)}</caption><tbody>${Array.from({ length: actions }, (_, a) => `<tr><th scope="row">action ${a + 1}</th>${Array.from({ length: states }, (_, y) => `<td>${fmt(d[a * states + y]!, 3)}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
  $("game-out").innerHTML = `
    <div class="cards">
      <div class="card">user's value<b id="game-user" data-value="${g.userValue}">${fmt(g.userValue)}</b></div>
      <div class="card">full information<b>${fmt(g.fullInformationValue)}</b></div>
      <div class="card">no information<b>${fmt(g.noInformationValue)}</b></div>
      <div class="card">gap (0 = full info)<b>${fmt(gap, 3)}</b></div>
      <div class="card">hull distance ε*<b id="game-hull" data-value="${g.hull.epsilon}">${fmt(g.hull.epsilon)}</b></div>
      <div class="card">rounds<b>${g.rounds}${g.converged ? " (converged)" : g.cycle ? " (cycle)" : ""}</b></div>
    </div>
    <p>Winner: provider ${g.winner + 1}; the user's choice probabilities ${Array.from(g.choice, (p) => fmt(p, 3)).join(", ")}. Prior over states: ${Array.from(r.instance.prior, (p) => fmt(p, 3)).join(", ")}.</p>
    <details><summary>The instance</summary>${r.instance.providers.map((p, i) => matrix(p, `provider ${i + 1}`)).join("")}${matrix(r.instance.user, "user")}</details>`;
  offerDownloads($("game-files"), [
    { label: "schemes (CSV)", filename: "game-schemes.csv", type: "text/csv", text: csvText(["provider", "action", "state", "probability"], g.schemes.flatMap((s, p) => Array.from(s, (v, i) => [p + 1, Math.floor(i / states) + 1, (i % states) + 1, v]))) },
    { label: "everything (JSON)", filename: "game.json", type: "application/json", text: jsonText({ request, ...r }) },
  ]);
  setStatus(`Game: the user gets ${fmt(g.userValue)} of a possible ${fmt(g.fullInformationValue)} (hull distance ${fmt(g.hull.epsilon)}), ${g.rounds} rounds, ${r.seconds.toFixed(2)} s.`);
});

// warm the worker up (compiles the WebAssembly module) and say when the page is ready
worker.engine.simplexGridSize(2, 1)
  .then(() => { setStatus("Engine ready. Load a data set to begin."); document.body.dataset.ready = "true"; pool.start(); })
  .catch((e: Error) => { const box = $("error"); box.hidden = false; box.textContent = `The engine could not start: ${e.message}`; });
setButtons();
