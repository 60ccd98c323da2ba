/**
 * npm run fuzz -- [--seconds 60] [--per-kernel 5000] [--backend wasm|js|both] [--seed 1] [--kernels 'nnls active-set,linprog']
 *                 [--timeout 5000] [--out bench/FUZZ.md] [--case 'kernel:index']
 * Prints the table (Markdown) and writes it, with examples of each failure, to --out.
 */

import { writeFileSync } from "node:fs";
import { createEngine } from "../../src/index.js";
import { findCase, markdownExamples, markdownTable, runFuzz, type Backend } from "./harness.js";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : fallback;
}

const seed = Number(arg("seed", "1"));
const seconds = Number(arg("seconds", "60"));
const perKernel = Number(arg("per-kernel", "5000"));
const backendArg = arg("backend", "both");
const backends: Backend[] = backendArg === "both" ? ["wasm", "js"] : [backendArg as Backend];
if (!backends.every((b) => b === "wasm" || b === "js")) throw new Error(`--backend must be wasm, js or both; got ${backendArg}`);
const kernels = process.argv.includes("--kernels") ? arg("kernels", "").split(",").map((s) => s.trim()).filter(Boolean) : undefined;
const timeoutMs = Number(arg("timeout", "5000"));
const out = arg("out", "bench/FUZZ.md");
const one = arg("case", "");

if (one) {
  // rerun one case in this thread and print its arguments, each backend's answer and the verdict
  const sep = one.lastIndexOf(":");
  const c = await findCase(seed, one.slice(0, sep), Number(one.slice(sep + 1)));
  console.log(`${c.kernel} [${c.family}] ${c.method}(${JSON.stringify(c.args)})`);
  for (const backend of backends) {
    const engine = (await createEngine({ backend })) as unknown as Record<string, (...a: unknown[]) => unknown>;
    try {
      const value = engine[c.method]!(...c.args);
      console.log(backend, value, c.check(value));
    } catch (e) {
      console.log(backend, "threw", e);
    }
  }
  process.exit(0);
}

const started = new Date().toISOString();
const { rows, seconds: took, cases } = await runFuzz({
  seed, seconds, perKernel, backends, kernels, timeoutMs,
  onProgress: (done) => { if (done % 100 === 0) process.stderr.write(`\r${done} per kernel…`); },
});
process.stderr.write("\n");
const table = markdownTable(rows);
const doc = [
  "# Fuzz results (issue 11)",
  "",
  `Run ${started}: \`npm run fuzz -- --seed ${seed} --seconds ${seconds} --per-kernel ${perKernel} --backend ${backendArg}${kernels ? ` --kernels '${kernels.join(",")}'` : ""}\``,
  `(${cases} cases in ${took.toFixed(0)} s on ${process.version}; each case runs on every backend listed).`,
  "",
  "Oracles: exact rational least squares over all supports (nnls, alignWeights); HiGHS at 1e-10 tolerances on data",
  "equilibrated by powers of two (linprog, hull, persuasion, concavify); exact brute force (responses). 'wrong",
  "'optimal'' = status 'optimal' (or any response) refuted by the oracle under SPEC's rules; 'non-optimal' = another",
  "status where the oracle solves the problem; 'oracle undecided' cases are not judged.",
  "",
  table,
  "",
  "## Examples (first three per kind)",
  "",
  markdownExamples(rows) || "(none)",
  "",
].join("\n");
console.log(table);
writeFileSync(out, doc);
console.error(`wrote ${out}`);
