import { appendFileSync } from "node:fs";
/**
 * The fuzz harness: seeded cases from every generator, round-robin over kernels within a time budget, each call run
 * in a worker thread under a watchdog (a hang is counted and the worker replaced), each outcome judged by the case's
 * oracle, and the counts per kernel and backend.
 */

import { Worker } from "node:worker_threads";
import { seeded, taskSeed } from "../../src/core/random.js";
import { loadHighs } from "../helpers/lp-oracle.js";
import { lsqGenerators } from "./lsq.js";
import { lpGenerators } from "./lp.js";
import { responseGenerators } from "./responses.js";
import type { CallOutcome, Case, Check, Generator, Verdict } from "./types.js";

export type Backend = "wasm" | "js";

export interface FuzzOptions {
  seed: number;
  /** Wall-clock budget for the whole run (cases are spread evenly over the kernels). */
  seconds: number;
  perKernel: number;
  backends: Backend[];
  /** Only these kernels (table row names, e.g. 'nnls active-set'); default all. */
  kernels?: string[];
  /** A call taking longer than this counts as a hang (default 5000 ms). */
  timeoutMs?: number;
  onProgress?: (done: number, rows: Row[]) => void;
}

export interface Row {
  kernel: string;
  backend: Backend;
  problems: number;
  counts: Record<Verdict, number>;
  /** A few failing cases: verdict, family, detail and how to rerun it. */
  examples: string[];
}

const VERDICTS: Verdict[] = ["ok", "wrong", "nonOptimal", "nonFinite", "hang", "inputError", "crash", "skipped"];

/** One worker holding a wasm and a js engine; calls time out into 'hang' and replace the worker. */
export class EngineHost {
  #worker: Worker | null = null;
  #ready: Promise<void> | null = null;
  #next = 1;
  #pending = new Map<number, (o: CallOutcome) => void>();

  #start(): Promise<void> {
    const w = new Worker(new URL("./worker.mjs", import.meta.url));
    this.#worker = w;
    this.#ready = new Promise((resolve, reject) => {
      w.once("error", reject);
      w.on("message", (m: { ready?: boolean; id?: number } & Record<string, unknown>) => {
        if (m.ready) { resolve(); return; }
        const done = this.#pending.get(m.id!);
        if (done) { this.#pending.delete(m.id!); done(m as unknown as CallOutcome); }
      });
    });
    w.on("error", () => { /* reported through the pending call's timeout */ });
    return this.#ready;
  }

  async call(backend: Backend, method: string, args: unknown[], timeoutMs: number): Promise<CallOutcome> {
    if (!this.#worker) await this.#start();
    await this.#ready;
    const id = this.#next++;
    const t0 = performance.now();
    return new Promise<CallOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        void this.#worker?.terminate();
        this.#worker = null;
        resolve({ ok: false, hang: true, ms: performance.now() - t0 });
      }, timeoutMs);
      this.#pending.set(id, (o) => { clearTimeout(timer); resolve(o); });
      this.#worker!.postMessage({ id, backend, method, args });
    });
  }

  async close(): Promise<void> { await this.#worker?.terminate(); this.#worker = null; }
}

export async function generators(): Promise<Generator[]> {
  const highs = await loadHighs();
  return [...lsqGenerators, ...lpGenerators(highs), ...responseGenerators];
}

function judge(c: Case, o: CallOutcome): Check {
  if ("hang" in o) return { verdict: "hang", detail: `no answer within the watchdog (${o.ms.toFixed(0)} ms)` };
  if (!o.ok) {
    const { name, message } = o.error;
    if (name === "InputError") return { verdict: c.inputErrorAllowed ? "ok" : "inputError", detail: message };
    return { verdict: "crash", detail: `${name}: ${message}` };
  }
  try {
    return c.check(o.value);
  } catch (e) {
    return { verdict: "crash", detail: `the check itself failed on this result: ${(e as Error).message}` };
  }
}

/** The stream of case `index` of generator `g` (the same case for any budget, order or backend). */
export function caseRng(seed: number, index: number, g: number): () => number {
  return seeded(taskSeed(seed, index, g + 1));
}

export async function runFuzz(opts: FuzzOptions): Promise<{ rows: Row[]; seconds: number; cases: number }> {
  const all = await generators();
  const gens = opts.kernels ? all.filter((g) => opts.kernels!.includes(g.kernel)) : all;
  if (gens.length === 0) throw new Error(`no kernel matches ${opts.kernels?.join(", ")}; known: ${all.map((g) => g.kernel).join(", ")}`);
  const rows: Row[] = [];
  const rowOf = new Map<string, Row>();
  for (const g of gens) for (const backend of opts.backends) {
    const row: Row = { kernel: g.kernel, backend, problems: 0, counts: Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>, examples: [] };
    rows.push(row); rowOf.set(`${g.kernel}|${backend}`, row);
  }
  const host = new EngineHost();
  const t0 = performance.now();
  const deadline = t0 + opts.seconds * 1000;
  let cases = 0;
  const oracleFailures = new Set<string>();
  try {
    for (let index = 0; index < opts.perKernel; index++) {
      for (const g of gens) {
        if (performance.now() > deadline) return { rows, seconds: (performance.now() - t0) / 1000, cases };
        const gi = all.indexOf(g);
        let c: Case;
        try {
          c = await g.make(caseRng(opts.seed, index, gi));
        } catch (e) {
          // the oracle could not even take the problem (e.g. HiGHS refused the model): undecided on every backend
          for (const backend of opts.backends) { const row = rowOf.get(`${g.kernel}|${backend}`)!; row.problems++; row.counts.skipped++; }
          if (!oracleFailures.has(g.kernel)) { oracleFailures.add(g.kernel); console.error(`oracle failed on ${g.kernel}:${index}: ${(e as Error).message}`); }
          continue;
        }
        cases++;
        for (const backend of opts.backends) {
          const o = await host.call(backend, c.method, c.args, opts.timeoutMs ?? 5000);
          const v = judge(c, o);
          const row = rowOf.get(`${g.kernel}|${backend}`)!;
          row.problems++;
          row.counts[v.verdict]++;
          if (v.verdict !== "ok" && process.env.FUZZ_LOG) {
            // every flagged (or undecided) case, one line each, for triage: FUZZ_LOG=/path npm run fuzz …
            appendFileSync(process.env.FUZZ_LOG, `${g.kernel}:${index}\t${backend}\t${v.verdict}\t${c.family}\t${v.detail ?? ""}\n`);
          }
          if (v.verdict !== "ok" && v.verdict !== "skipped" && row.examples.filter((e) => e.startsWith(v.verdict)).length < 3) {
            row.examples.push(`${v.verdict} [${c.family}] ${v.detail ?? ""} (rerun: --seed ${opts.seed} --case '${g.kernel}:${index}')`);
          }
        }
      }
      opts.onProgress?.(index + 1, rows);
    }
  } finally {
    await host.close();
  }
  return { rows, seconds: (performance.now() - t0) / 1000, cases };
}

/** The case `kernel:index` for a rerun (its arguments, to print or replay). */
export async function findCase(seed: number, kernel: string, index: number): Promise<Case> {
  const all = await generators();
  const gi = all.findIndex((g) => g.kernel === kernel);
  if (gi < 0) throw new Error(`unknown kernel '${kernel}'; known: ${all.map((g) => g.kernel).join(", ")}`);
  return all[gi]!.make(caseRng(seed, index, gi));
}

export function markdownTable(rows: Row[]): string {
  const head = "| kernel | backend | problems | wrong 'optimal' | non-optimal (oracle solves) | NaN/Inf | hangs | InputError | other errors | oracle undecided |";
  const sep = "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|";
  const lines = rows.map((r) => {
    const c = r.counts;
    return `| ${r.kernel} | ${r.backend} | ${r.problems} | ${c.wrong} | ${c.nonOptimal} | ${c.nonFinite} | ${c.hang} | ${c.inputError} | ${c.crash} | ${c.skipped} |`;
  });
  return [head, sep, ...lines].join("\n");
}

export function markdownExamples(rows: Row[]): string {
  const out: string[] = [];
  for (const r of rows) for (const e of r.examples) out.push(`- ${r.kernel} (${r.backend}): ${e}`);
  return out.join("\n");
}
