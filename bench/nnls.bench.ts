/**
 * NNLS suite: ea.nnls on the WebAssembly backend (method 'auto') against the JS backend, ml-fcnnls and, when python3
 * with SciPy is installed, scipy.optimize.nnls and lsq_linear(method='bvls'), all on the same seeded instances
 * (bench/data.ts) and in one run, so that the ratios compare like with like on a noisy shared machine.
 *
 * Timing: every solver is called once first (reported as "first ms"; its x is the one scored). Then
 *  - a call of at most TINYBENCH_MAX_MS: tinybench (time budget and minimum iterations by shape, 2 warm-up calls);
 *  - a longer call: performance.now around each call, until the budget and the minimum run count are met
 *    (at most maxRuns calls);
 *  - a first call over singleAboveMs: that call is the only sample ("1*" runs).
 * SciPy times itself in a persistent python3 process (bench/peers/scipy_nnls.py) with time.perf_counter and the
 * same budgets. Objective, KKT residual and nnz are recomputed here, by one routine, from each solver's x.
 */
import { Bench } from "tinybench";
import { Matrix } from "ml-matrix";
import { fcnnlsVector } from "ml-fcnnls";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createEngine, type Engine, type NnlsResult } from "../src/index.js";
import { defaultBuild } from "../src/backend/wasm/instance.js";
import * as wasmBytes from "../src/backend/wasm/bytes.generated.js";
import { nnlsInstance, type NnlsInstance } from "./data.js";
import {
  BENCH_DIR, environment, environmentLine, fmtDuration, fmtExp, fmtMs, fmtRatio, markdownTable, type SuiteOptions, type SuiteResult,
} from "./report.js";

export const SUITE = "nnls";
export const FULL_GRID: [number, number][] = [[200, 20], [1000, 100], [10000, 100], [10000, 1000], [50000, 2000]];

/** Calls longer than this are timed by hand (performance.now), shorter ones by tinybench. */
const TINYBENCH_MAX_MS = 1000;
/** A SciPy request (first call + repeats of one solver) still running after this is killed, and the worker restarted. */
const PEER_TIMEOUT_MS = 240_000;
/** The JS backend is skipped where a single call is predicted to take longer than this. */
const JS_SKIP_ABOVE_MS = 60_000;

interface Budget { timeMs: number; minRuns: number; maxRuns: number; singleAboveMs: number }

function budgetFor(rows: number, cols: number, quick: boolean): Budget {
  const size = rows * cols;
  const b: Budget = size <= 1e4 ? { timeMs: 1000, minRuns: 25, maxRuns: 100_000, singleAboveMs: 45_000 }
    : size <= 2e5 ? { timeMs: 1500, minRuns: 9, maxRuns: 100_000, singleAboveMs: 45_000 }
    : size <= 2e6 ? { timeMs: 2000, minRuns: 9, maxRuns: 1000, singleAboveMs: 45_000 }
    : size <= 2e7 ? { timeMs: 8000, minRuns: 3, maxRuns: 5, singleAboveMs: 45_000 }
    : { timeMs: 30_000, minRuns: 2, maxRuns: 3, singleAboveMs: 45_000 };
  return quick ? { ...b, timeMs: Math.min(b.timeMs, 300), minRuns: Math.min(b.minRuns, 5) } : b;
}

/** Peers skipped outright, with the reason shown in the table (one call would take minutes). */
function staticSkip(solver: SolverId, rows: number, cols: number): string | null {
  if (solver === "fcnnls" && rows * cols >= 1e7) {
    return "skipped: one call takes minutes here (shared/BASELINES.md A: 42 s at 10000×1000, killed after 240 s at 50000×2000)";
  }
  return null;
}

type SolverId = "wasm" | "js" | "fcnnls" | "scipy_nnls" | "scipy_bvls";
const LABEL: Record<SolverId, string> = {
  wasm: "ea wasm (auto)",
  js: "ea js (auto)",
  fcnnls: "ml-fcnnls",
  scipy_nnls: "scipy nnls",
  scipy_bvls: "scipy lsq_linear bvls",
};

export interface SolverRow {
  solver: SolverId;
  label: string;
  timer: "tinybench" | "performance.now" | "python perf_counter" | null;
  firstMs: number | null;
  medianMs: number | null;
  minMs: number | null;
  runs: number;
  /** true when the first call was the only sample. */
  single: boolean;
  iterations: number | null;
  status: string;
  objective: number | null;
  gap: number | null;
  kkt: number | null;
  nnz: number | null;
  notes: string[];
  error: string | null;
  skipped: string | null;
}

interface ShapeResult {
  rows: number;
  cols: number;
  seed: number;
  generateMs: number;
  plantedSupport: number;
  bestSolver: SolverId | null;
  bestObjective: number | null;
  budget: Budget;
  /** 1-minute load average when the shape started and when it ended (other processes share the 2 cores). */
  loadAverage: [number, number];
  solvers: SolverRow[];
  /** peer median ÷ ea wasm median (> 1: ours is faster). */
  ratios: Record<string, number | null>;
}

function emptyRow(solver: SolverId): SolverRow {
  return {
    solver, label: LABEL[solver], timer: null, firstMs: null, medianMs: null, minMs: null, runs: 0, single: false,
    iterations: null, status: "–", objective: null, gap: null, kkt: null, nnz: null, notes: [], error: null,
    skipped: null,
  };
}

function errorText(e: unknown): string {
  const text = e instanceof Error ? `${e.name === "Error" ? "" : `${e.name}: `}${e.message}` : String(e);
  const line = text.split("\n")[0] ?? text;
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}

function median(sorted: number[]): number {
  const n = sorted.length, h = n >> 1;
  return n % 2 ? sorted[h]! : (sorted[h - 1]! + sorted[h]!) / 2;
}

/** First call, then tinybench or a manual loop (see the file comment). Throws what the solver throws. */
async function measure<T>(label: string, fn: () => T, budget: Budget, row: SolverRow): Promise<T> {
  let t0 = performance.now();
  const result = fn();
  const first = performance.now() - t0;
  row.firstMs = first;
  if (first > budget.singleAboveMs) {
    Object.assign(row, { timer: "performance.now", medianMs: first, minMs: first, runs: 1, single: true });
    row.notes.push(`one call took over ${budget.singleAboveMs / 1000} s: not repeated`);
  } else if (first <= TINYBENCH_MAX_MS) {
    const bench = new Bench({
      name: label, time: budget.timeMs, iterations: budget.minRuns, warmupIterations: 2,
      warmupTime: Math.min(250, budget.timeMs / 4), throws: true,
    });
    bench.add(label, () => { fn(); });
    await bench.run();
    const r = bench.tasks[0]!.result;
    if (r.state !== "completed") throw new Error(`tinybench task ended in state ${r.state}`);
    Object.assign(row, { timer: "tinybench", medianMs: r.latency.p50, minMs: r.latency.min, runs: r.latency.samplesCount });
  } else {
    const samples: number[] = [];
    let spent = 0;
    while (samples.length < budget.maxRuns && (samples.length < budget.minRuns || spent < budget.timeMs)) {
      t0 = performance.now();
      fn();
      const dt = performance.now() - t0;
      samples.push(dt);
      spent += dt;
    }
    samples.sort((a, b) => a - b);
    Object.assign(row, { timer: "performance.now", medianMs: median(samples), minMs: samples[0]!, runs: samples.length });
  }
  return result;
}

/** ½‖Ax − b‖², ‖PG‖∞/‖Aᵀb‖∞ (projected gradient of that objective) and nnz(x): one routine for every solver. */
function score(inst: NnlsInstance, x: Float64Array, atbInf: number): { objective: number; kkt: number; nnz: number; negative: number } {
  const { rows, cols, data } = inst.A;
  const g = new Float64Array(cols);
  let f = 0;
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    let s = 0;
    for (let j = 0; j < cols; j++) s += data[base + j]! * x[j]!;
    const r = s - inst.b[i]!;
    f += r * r;
    if (r !== 0) for (let j = 0; j < cols; j++) g[j]! += r * data[base + j]!;
  }
  let pg = 0, nnz = 0, negative = 0;
  for (let j = 0; j < cols; j++) {
    const xj = x[j]!, gj = g[j]!;
    const v = xj > 0 ? Math.abs(gj) : Math.max(0, -gj);
    if (v > pg) pg = v;
    if (xj > 0) nnz++;
    if (xj < negative) negative = xj;
  }
  return { objective: 0.5 * f, kkt: pg / (atbInf || 1), nnz, negative };
}

function atbInfNorm(inst: NnlsInstance): number {
  const { rows, cols, data } = inst.A;
  const g = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const bi = inst.b[i]!, base = i * cols;
    for (let j = 0; j < cols; j++) g[j]! += bi * data[base + j]!;
  }
  let m = 0;
  for (let j = 0; j < cols; j++) m = Math.max(m, Math.abs(g[j]!));
  return m;
}

// ---------------------------------------------------------------------------------------------------------------------
// SciPy through a persistent python3 process

interface ScipyReady { ready: boolean; python?: string; numpy?: string; scipy?: string; blas?: string; env?: Record<string, string>; error?: string }
interface ScipySolverReply {
  first_ms?: number; median_ms?: number; min_ms?: number; runs?: number; single?: boolean; iterations?: number | null;
  status?: string; x?: string; finite?: boolean; error?: string;
}

class ScipyPeer {
  private nextId = 1;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly info: ScipyReady,
    private readonly lines: AsyncIterator<string>,
    private readonly stderr: () => string,
  ) {}

  /** The peer, or the reason it cannot run (python3 or SciPy missing). */
  static async start(): Promise<ScipyPeer | string> {
    const script = join(BENCH_DIR, "peers", "scipy_nnls.py");
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn("python3", ["-u", script], { stdio: ["pipe", "pipe", "pipe"] });
    } catch (e) {
      return errorText(e);
    }
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
    const spawnError = new Promise<string>((resolve) => {
      child.once("error", (e) => resolve(errorText(e)));
      child.once("exit", (code) => resolve(`python3 exited with code ${code}${stderr ? `: ${stderr.trim().split("\n").pop()}` : ""}`));
    });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const firstLine = lines.next().then((r) => (r.done ? null : r.value));
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve("python3 did not answer within 60 s"), 60_000).unref());
    const got = await Promise.race([firstLine, spawnError, timeout]);
    if (typeof got !== "string" || !got.startsWith("{")) {
      child.kill();
      return typeof got === "string" ? got : "python3 closed its output";
    }
    const info = JSON.parse(got) as ScipyReady;
    if (!info.ready) {
      child.kill();
      return info.error ?? "numpy/scipy not importable";
    }
    return new ScipyPeer(child, info, lines, () => stderr);
  }

  /** One request; after timeoutMs the worker is killed (a running SciPy call cannot be interrupted otherwise). */
  async solve(request: Record<string, unknown>, timeoutMs: number): Promise<{ results?: Record<string, ScipySolverReply>; error?: string; killed?: boolean }> {
    const id = this.nextId++;
    this.child.stdin.write(`${JSON.stringify({ id, ...request })}\n`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => { timer = setTimeout(() => resolve("timeout"), timeoutMs); });
    const r = await Promise.race([this.lines.next(), timeout]);
    clearTimeout(timer);
    if (r === "timeout") {
      this.child.kill("SIGKILL");
      return { error: `killed after ${fmtDuration(timeoutMs)} (the call had not returned)`, killed: true };
    }
    if (r.done) return { error: `python3 exited${this.stderr() ? `: ${this.stderr().trim().split("\n").pop()}` : ""}`, killed: true };
    return JSON.parse(r.value) as { results?: Record<string, ScipySolverReply>; error?: string };
  }

  close(): void {
    try { this.child.stdin.write(`${JSON.stringify({ cmd: "exit" })}\n`); this.child.stdin.end(); } catch { /* gone */ }
    setTimeout(() => { if (this.child.exitCode === null) this.child.kill(); }, 2000).unref();
  }
}

function readF64(path: string, length: number): Float64Array {
  const buf = readFileSync(path);
  if (buf.byteLength !== 8 * length) throw new Error(`${path}: ${buf.byteLength} bytes, expected ${8 * length}`);
  const out = new Float64Array(length);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

function writeF64(path: string, a: Float64Array): void {
  writeFileSync(path, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

// ---------------------------------------------------------------------------------------------------------------------

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function oursRow(row: SolverRow, r: NnlsResult): void {
  row.iterations = r.iterations;
  row.status = r.status;
  if (r.method) row.notes.push(`method ${r.method}`);
}

export async function run(options: SuiteOptions): Promise<SuiteResult> {
  const { log } = options;
  const shapes = options.sizes ?? (options.quick ? FULL_GRID.slice(0, 2) : FULL_GRID);
  if (!(globalThis as { gc?: unknown }).gc) log("note: global.gc is not exposed (run with node --expose-gc); memory is not collected between shapes");
  const env = environment();
  const engines: Partial<Record<"wasm" | "js", Engine | string>> = {};
  for (const backend of ["wasm", "js"] as const) {
    try { engines[backend] = await createEngine({ backend }); } catch (e) { engines[backend] = errorText(e); }
  }
  env.extra.wasmBuild = defaultBuild();
  // the kernels measured: bytes.generated.ts is generated (not committed), so its stamps say which build ran
  env.extra.wasmSha256 = Object.fromEntries(Object.entries(wasmBytes).filter(([k]) => k.endsWith("SHA256")));

  let scipy: ScipyPeer | null = null;
  let scipyNote: string | null = null;
  if (options.peers) {
    const s = await ScipyPeer.start();
    if (typeof s === "string") {
      scipyNote = `scipy: skipped (python3/scipy not found)`;
      log(`${scipyNote} [${s}]`);
    } else {
      scipy = s;
      const { python, numpy, scipy: sv, blas, env: penv } = s.info;
      env.extra.python = { python, numpy, scipy: sv, blas, env: penv };
      env.packages.scipy = sv ?? "?";
      env.packages.numpy = numpy ?? "?";
      log(`scipy: python ${python}, numpy ${numpy}, scipy ${sv} (${blas})`);
    }
  }
  const tmp = scipy ? mkdtempSync(join(os.tmpdir(), "ea-bench-nnls-")) : null;

  const results: ShapeResult[] = [];
  /** js median ÷ wasm median at the largest shape where both ran: predicts the JS backend's time from the wasm one. */
  let jsOverWasm: { ratio: number; shape: string } | null = null;
  try {
    for (const [rows, cols] of shapes) {
      gc();
      const budget = budgetFor(rows, cols, options.quick);
      const shape = `${rows}×${cols}`;
      const loadBefore = os.loadavg()[0]!;
      let t0 = performance.now();
      const inst = nnlsInstance(rows, cols);
      const generateMs = performance.now() - t0;
      log(`\n${shape}: generated in ${fmtDuration(generateMs)} (seed ${inst.seed}, planted support ${inst.support.length})`);
      const xs = new Map<SolverId, Float64Array>();
      const rowsOut: SolverRow[] = [];

      // ours: wasm, then js
      for (const backend of ["wasm", "js"] as const) {
        const row = emptyRow(backend);
        rowsOut.push(row);
        const engine = engines[backend];
        if (typeof engine === "string" || engine === undefined) { row.error = `createEngine failed: ${engine}`; continue; }
        if (backend === "js") {
          const wasmRow = rowsOut[0]!;
          if (jsOverWasm && wasmRow.firstMs !== null) {
            const predicted = wasmRow.firstMs * jsOverWasm.ratio;
            if (predicted > JS_SKIP_ABOVE_MS) {
              row.skipped = `skipped: one call predicted at ${fmtDuration(predicted)} (> 60 s) = wasm first call × js/wasm ratio ${jsOverWasm.ratio.toFixed(2)} measured at ${jsOverWasm.shape}`;
              log(`  ${row.label}: ${row.skipped}`);
              continue;
            }
          }
        }
        try {
          const r = await measure(`${backend} ${shape}`, () => engine.nnls(inst.A, inst.b, { method: "auto" }), budget, row);
          oursRow(row, r);
          xs.set(backend, r.x);
        } catch (e) {
          row.error = errorText(e);
        }
        log(`  ${row.label}: ${row.error ?? `${fmtDuration(row.medianMs)} median (${row.runs} runs, ${row.timer}), ${row.iterations} iterations, ${row.status}`}`);
        gc();
      }
      const w = rowsOut[0]!, j = rowsOut[1]!;
      if (w.medianMs && j.medianMs) jsOverWasm = { ratio: j.medianMs / w.medianMs, shape };

      if (options.peers) {
        // ml-fcnnls: conversion to ml-matrix outside the timed region
        const row = emptyRow("fcnnls");
        rowsOut.push(row);
        const skip = staticSkip("fcnnls", rows, cols);
        if (skip) {
          row.skipped = skip;
          log(`  ${row.label}: ${skip}`);
        } else {
          try {
            t0 = performance.now();
            const X = new Matrix(rows, cols);
            const store = (X as unknown as { data?: Float64Array[] }).data; // ml-matrix keeps one Float64Array per row
            for (let i = 0; i < rows; i++) {
              const src = inst.A.data.subarray(i * cols, (i + 1) * cols);
              if (store?.[i] instanceof Float64Array) store[i]!.set(src);
              else for (let q = 0; q < cols; q++) X.set(i, q, src[q]!);
            }
            const y = Array.from(inst.b);
            row.notes.push(`to Matrix ${fmtDuration(performance.now() - t0)} (untimed)`);
            const out = await measure(`fcnnls ${shape}`, () => fcnnlsVector(X, y), budget, row);
            xs.set("fcnnls", Float64Array.from(out.K.to1DArray()));
            const info = fcnnlsVector(X, y, { info: true }).info; // untimed: info adds a residual per iteration
            row.iterations = info.iterations;
            row.status = info.iterations > 3 * cols ? "iteration_limit" : "ok";
          } catch (e) {
            row.error = errorText(e);
          }
          log(`  ${row.label}: ${row.error ?? `${fmtDuration(row.medianMs)} median (${row.runs} runs, ${row.timer}), ${row.iterations} iterations`}`);
          gc();
        }

        // SciPy
        const sRows = (["scipy_nnls", "scipy_bvls"] as const).map((id) => { const r = emptyRow(id); rowsOut.push(r); return r; });
        if (!tmp) {
          for (const r of sRows) r.skipped = scipyNote ?? "scipy: skipped";
        } else {
          const aPath = join(tmp, "A.f64"), bPath = join(tmp, "b.f64");
          try {
            writeF64(aPath, inst.A.data);
            writeF64(bPath, inst.b);
          } catch (e) {
            for (const r of sRows) r.error = `writing the instance for python3: ${errorText(e)}`;
          }
          for (const r of sRows) { // one request per solver, so that a kill loses only that solver
            if (r.error) continue;
            if (!scipy) {
              const again = await ScipyPeer.start();
              if (typeof again === "string") { r.error = `python3 restart failed: ${again}`; continue; }
              scipy = again;
            }
            try {
              const reply = await scipy.solve({
                a: aPath, b: bPath, rows, cols, solvers: [r.solver], out: tmp,
                budget_ms: budget.timeMs, min_runs: budget.minRuns, max_runs: budget.maxRuns,
                single_run_above_ms: budget.singleAboveMs,
              }, PEER_TIMEOUT_MS);
              if (reply.killed) { scipy = null; r.status = "killed"; }
              if (reply.error || !reply.results) throw new Error(reply.error ?? "no results");
              const p = reply.results[r.solver];
              if (!p || p.error) { r.error = p?.error ?? "no result"; continue; }
              Object.assign(r, {
                timer: "python perf_counter", firstMs: p.first_ms ?? null, medianMs: p.median_ms ?? null,
                minMs: p.min_ms ?? null, runs: p.runs ?? 0, single: p.single ?? false, iterations: p.iterations ?? null,
                status: p.status ?? "ok",
              });
              if (p.single) r.notes.push(`one call took over ${budget.singleAboveMs / 1000} s: not repeated`);
              if (p.x) { xs.set(r.solver, readF64(p.x, cols)); rmSync(p.x, { force: true }); }
            } catch (e) {
              r.error = errorText(e);
            }
          }
          rmSync(aPath, { force: true });
          rmSync(bPath, { force: true });
          for (const r of sRows) {
            log(`  ${r.label}: ${r.error ?? `${fmtDuration(r.medianMs)} median (${r.runs} runs), ${r.iterations ?? "–"} iterations`}`);
          }
        }
      }

      // score every x with the same routine; the gap is relative to the best objective found
      const atb = atbInfNorm(inst);
      let best: SolverId | null = null;
      for (const row of rowsOut) {
        const x = xs.get(row.solver);
        if (!x) continue;
        if (!x.every(Number.isFinite)) { row.notes.push("x has non-finite entries"); continue; }
        const s = score(inst, x, atb);
        row.objective = s.objective;
        row.kkt = s.kkt;
        row.nnz = s.nnz;
        if (s.negative < 0) row.notes.push(`min x = ${fmtExp(s.negative)}`);
        if (best === null || s.objective < rowsOut.find((r) => r.solver === best)!.objective!) best = row.solver;
      }
      const fBest = best ? rowsOut.find((r) => r.solver === best)!.objective! : null;
      for (const row of rowsOut) {
        if (row.objective !== null && fBest !== null) row.gap = (row.objective - fBest) / Math.max(fBest, Number.MIN_VALUE);
      }

      const med = (id: SolverId) => rowsOut.find((r) => r.solver === id)?.medianMs ?? null;
      const ours = med("wasm");
      const ratio = (id: SolverId) => {
        const p = med(id);
        return ours && p ? p / ours : null;
      };
      results.push({
        rows, cols, seed: inst.seed, generateMs, plantedSupport: inst.support.length, bestSolver: best,
        bestObjective: fBest, budget, loadAverage: [loadBefore, os.loadavg()[0]!], solvers: rowsOut,
        ratios: {
          scipy_nnls: ratio("scipy_nnls"), scipy_bvls: ratio("scipy_bvls"), fcnnls: ratio("fcnnls"), js: ratio("js"),
        },
      });
      xs.clear();
    }
  } finally {
    scipy?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }

  return {
    title: "NNLS",
    markdownTable: markdown(results, env, options, scipyNote),
    json: { suite: SUITE, env, mode: options.quick ? "quick" : "full", peers: options.peers, tinybenchMaxMs: TINYBENCH_MAX_MS, jsSkipAboveMs: JS_SKIP_ABOVE_MS, peerTimeoutMs: PEER_TIMEOUT_MS, shapes: results },
  };
}

function markdown(results: ShapeResult[], env: ReturnType<typeof environment>, options: SuiteOptions, scipyNote: string | null): string {
  const out: string[] = [];
  out.push("## NNLS: `ea.nnls` (WebAssembly and JS backends) vs ml-fcnnls and SciPy");
  out.push("");
  const py = env.extra.python as { python?: string; blas?: string } | undefined;
  out.push(`Measured ${environmentLine(env)}${py ? ` · python ${py.python} (numpy on ${py.blas})` : ""}. `
    + `WebAssembly build: ${String(env.extra.wasmBuild)}. Mode: ${options.quick ? "--quick" : "full"}${options.peers ? "" : ", --no-peers"}. `
    + `Instances: bench/data.ts (correlated model-utility matrices, target = convex combination of 10% of the columns + noise).`);
  if (scipyNote) out.push(`\n${scipyNote}.`);
  out.push("");
  out.push("### Speed ratios (peer median ÷ `ea` wasm median, same run; > 1 means `ea` wasm 'auto' is faster)");
  out.push("");
  const warn = (r: ShapeResult) => {
    const w = r.solvers.find((s) => s.solver === "wasm");
    if (!w || w.status !== "optimal" || (w.gap ?? 0) > 1e-9) return " †";
    return "";
  };
  out.push(markdownTable(
    ["n×k", "vs scipy nnls", "vs scipy lsq_linear bvls", "vs ml-fcnnls", "vs ea js backend", "load avg (start → end)"],
    results.map((r) => [
      `${r.rows}×${r.cols}${warn(r)}`, fmtRatio(r.ratios.scipy_nnls), fmtRatio(r.ratios.scipy_bvls), fmtRatio(r.ratios.fcnnls),
      fmtRatio(r.ratios.js), `${r.loadAverage[0].toFixed(1)} → ${r.loadAverage[1].toFixed(1)}`,
    ]),
  ));
  if (results.some((r) => warn(r))) out.push("\n† `ea` wasm was not optimal there, or its objective is more than 1e-9 (relative) above the best: read its row.");
  out.push("");
  out.push("### Per solver");
  out.push("");
  const rows: (string | number)[][] = [];
  for (const r of results) {
    for (const s of r.solvers) {
      const runs = s.runs === 0 ? "–" : s.single ? `${s.runs}*` : String(s.runs);
      const status = s.skipped ? "skipped" : s.status === "killed" ? "killed" : s.error ? "error" : s.status;
      const notes = [...(s.skipped ? [s.skipped] : []), ...(s.error ? [s.error] : []), ...s.notes].join("; ");
      rows.push([
        `${r.rows}×${r.cols}`, s.label, fmtMs(s.medianMs), fmtMs(s.minMs), runs, fmtMs(s.firstMs), s.timer ?? "–",
        s.iterations ?? "–", s.gap === null ? "–" : fmtExp(s.gap), fmtExp(s.kkt), s.nnz ?? "–", status, notes,
      ]);
    }
  }
  out.push(markdownTable(
    ["n×k", "solver", "median ms", "min ms", "runs", "first ms", "timer", "iterations", "rel. obj. gap vs best", "KKT ‖PG‖∞/‖Aᵀb‖∞", "nnz(x)", "status", "notes"],
    rows,
  ));
  out.push("");
  out.push("Runs marked * are a single call (longer than 45 s): it is the first call and the only sample. "
    + "The best objective per shape is the lowest ½‖Ax − b‖² among the solvers' x, all recomputed by the harness.");
  return out.join("\n");
}
