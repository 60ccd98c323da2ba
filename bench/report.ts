/**
 * Where results go: one section per suite in bench/RESULTS.md (between markers, rewritten in place, so rerunning a
 * suite replaces its own section and leaves the others alone) and bench/results/<suite>.json with the environment.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const ROOT = dirname(BENCH_DIR);
export const RESULTS_MD = join(BENCH_DIR, "RESULTS.md");
export const RESULTS_DIR = join(BENCH_DIR, "results");

export interface Environment {
  date: string;
  node: string;
  v8: string;
  platform: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  /** os.loadavg() when the run started (1, 5, 15 min): the machine is shared. */
  loadAverage: number[];
  commit: string;
  /** true when the work tree had uncommitted changes to tracked files under src/ or assembly/ (the code measured). */
  dirty: boolean;
  packages: Record<string, string>;
  /** Filled by suites (e.g. the Python/SciPy versions, the WebAssembly build). */
  extra: Record<string, unknown>;
}

function git(args: string[]): string {
  try {
    return execFileSync("git", args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
}

function packageVersion(name: string): string {
  try {
    const path = join(ROOT, "node_modules", ...name.split("/"), "package.json");
    return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
  } catch {
    return "not installed";
  }
}

export function environment(): Environment {
  const cpus = os.cpus();
  const self = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; version: string };
  const packages: Record<string, string> = { [self.name]: self.version };
  for (const p of ["tinybench", "ml-fcnnls", "ml-matrix", "tsx", "assemblyscript"]) packages[p] = packageVersion(p);
  return {
    date: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((v) => Math.round(v * 100) / 100),
    commit: git(["rev-parse", "HEAD"]) || "unknown",
    dirty: git(["status", "--porcelain", "--untracked-files=no", "--", "src", "assembly"]) !== "",
    packages,
    extra: {},
  };
}

export function environmentLine(env: Environment): string {
  const pk = Object.entries(env.packages).map(([k, v]) => `${k} ${v}`).join(", ");
  return `${env.date.slice(0, 16).replace("T", " ")} UTC · ${env.cpu} (${env.cores} cores, ${env.memoryGiB} GiB, load average ${env.loadAverage[0]?.toFixed(1)} at the start) · `
    + `Node ${env.node} · commit ${env.commit.slice(0, 10)}${env.dirty ? " (with uncommitted changes in src/ or assembly/)" : ""} · ${pk}`;
}

const HEADER = `# Benchmark results

Written by \`npm run bench\` (see [README.md](README.md) for how to run it and what each column means). Each suite
rewrites only its own section, between its markers; the raw numbers and the full environment are in
\`results/<suite>.json\`. Machines are shared and noisy: compare the ratios, measured side by side in one run, rather
than absolute times across runs.
`;

const begin = (suite: string) => `<!-- bench:${suite}:begin -->`;
const end = (suite: string) => `<!-- bench:${suite}:end -->`;

/** Replaces (or appends) the suite's section of RESULTS.md; running the same suite twice leaves one section. */
export function writeSection(suite: string, markdown: string, file = RESULTS_MD): void {
  const text = existsSync(file) ? readFileSync(file, "utf8") : HEADER;
  const block = `${begin(suite)}\n${markdown.trim()}\n${end(suite)}`;
  const i = text.indexOf(begin(suite));
  const j = text.indexOf(end(suite));
  let out: string;
  if (i >= 0 && j > i) out = text.slice(0, i) + block + text.slice(j + end(suite).length);
  else out = `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, out.endsWith("\n") ? out : `${out}\n`);
}

export function writeJson(suite: string, json: unknown, dir = RESULTS_DIR): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${suite}.json`);
  writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
  return path;
}

/** A GitHub-flavoured markdown table; cells are escaped for '|'. */
export function markdownTable(header: string[], rows: (string | number)[][]): string {
  const cell = (v: string | number) => String(v).replace(/\|/g, "\\|").replace(/\n/g, " ");
  return [
    `| ${header.map(cell).join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
  ].join("\n");
}

/** Milliseconds with about three significant figures, seconds past 10 s (as in shared/BASELINES.md). */
export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "–";
  if (ms >= 10000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toPrecision(3);
}

/** A duration with its unit, for prose: "0.512 ms", "356 ms", "47.4 s". */
export function fmtDuration(ms: number | null | undefined): string {
  const t = fmtMs(ms);
  return t === "–" || t.endsWith(" s") ? t : `${t} ms`;
}

export function fmtExp(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  if (v === 0) return "0";
  return v.toExponential(digits);
}

export function fmtRatio(r: number | null | undefined): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return "–";
  return r >= 100 ? `${r.toFixed(0)}×` : r >= 10 ? `${r.toFixed(1)}×` : `${r.toFixed(2)}×`;
}

/** What bench/run.ts passes to every suite. */
export interface SuiteOptions {
  /** Shapes chosen with --sizes (rows×cols), or undefined for the suite's own grid. */
  sizes: [number, number][] | undefined;
  /** --quick: the two smallest shapes and short time budgets. */
  quick: boolean;
  /** false with --no-peers: only this library's backends. */
  peers: boolean;
  log: (line: string) => void;
}

/** What every suite returns: a section for RESULTS.md and the raw numbers for results/<suite>.json. */
export interface SuiteResult {
  title: string;
  markdownTable: string;
  json: unknown;
}
