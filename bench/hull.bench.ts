/**
 * Convex-hull distance ε* = min_{w ∈ simplex} ‖U w − u‖∞: wasm vs js (the pure-TS port of the same kernel) vs HiGHS
 * (npm `highs`, structured CSR model of the epigraph LP: rows 2n + 1, columns k + 1, as in shared/BASELINES.md table B).
 *
 *   npm run bench -- --suite hull [--sizes 200x20,1000x100] [--quick] [--no-peers]
 *
 * Instances: bench/data.ts (correlated model utilities: a shared signal, 4 latent factors, per-model bias and noise);
 * u inside = the planted convex combination of 10% of the columns, u outside = that plus N(0, 0.05²) noise.
 * Timed: one call on data already in memory (HiGHS: building the model, solving, reading the solution, disposing);
 * module loading and compilation excluded. Median of a few runs (fewer for slow cells; a cell whose peer would take
 * minutes is skipped and says so). The machine may be shared: compare the ratios.
 */
import { readFileSync } from "node:fs";
import { createEngine } from "../src/index.js";
import { nnlsInstance } from "./data.js";
import { hullWithHighs, loadHighs } from "../test/helpers/lp-oracle.js";
import { environment, environmentLine, type SuiteOptions, type SuiteResult } from "./report.js";

const HIGHS_VERSION: string = JSON.parse(readFileSync(new URL("../node_modules/highs/package.json", import.meta.url), "utf8")).version;
const GRID: [number, number][] = [[200, 20], [1000, 100], [5000, 500], [10000, 1000]];

/** Median of `runs` timings (after one untimed warm-up when the call is cheap). */
function time<T>(fn: () => T, budgetMs: number): { ms: number; runs: number; value: T } {
  let value = fn();
  const first = (() => { const t0 = performance.now(); value = fn(); return performance.now() - t0; })();
  const runs = first > budgetMs ? 1 : first > budgetMs / 5 ? 3 : first > budgetMs / 50 ? 5 : 9;
  const times = [first];
  for (let r = 1; r < runs; r++) { const t0 = performance.now(); value = fn(); times.push(performance.now() - t0); }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, runs, value };
}

/** One timed call only (for cells that take seconds). */
function once<T>(fn: () => T): { ms: number; runs: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, runs: 1, value };
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? ms.toFixed(0) : ms.toFixed(2));

export async function run(options: SuiteOptions): Promise<SuiteResult> {
  const shapes = options.sizes ?? (options.quick ? GRID.slice(0, 2) : GRID);
  const wasm = await createEngine({ backend: "wasm" });
  const js = await createEngine({ backend: "js" });
  const highs = options.peers ? await loadHighs() : null;
  const json: unknown[] = [];
  const rows: string[] = [];
  rows.push("| n×k | u | wasm ms | js ms | highs ms | highs / wasm | js / wasm | iterations | ε (wasm) | \\|ε − ε_highs\\| / ‖u‖∞ | \\|ε_wasm − ε_js\\| | gap / σ | status |");
  rows.push("|---|---|---|---|---|---|---|---|---|---|---|---|---|");

  for (const [n, k] of shapes) {
    const inst = nnlsInstance(n, k);
    const inside = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let p = 0; p < inst.support.length; p++) t += inst.weights[p]! * inst.A.data[i * k + inst.support[p]!]!;
      inside[i] = t;
    }
    for (const [label, u] of [["in", inside], ["out", inst.b]] as const) {
      let uMax = 0;
      for (const v of u) uMax = Math.max(uMax, Math.abs(v));
      const big = n * k >= 5e6;
      const w = big ? once(() => wasm.hullDistance(inst.A, u)) : time(() => wasm.hullDistance(inst.A, u), 2000);
      const j = big ? once(() => js.hullDistance(inst.A, u)) : time(() => js.hullDistance(inst.A, u), 2000);
      // HiGHS: 10000×1000 aborts on its Wasm heap (BASELINES table B); 5000×500 takes ~20 s per solve: one run
      let h: { ms: number; runs: number; value: { epsilon: number } } | null = null;
      let highsNote = "";
      if (highs && n * k >= 1e7) highsNote = "skipped (aborts: Wasm heap, BASELINES B)";
      else if (highs) h = n * k >= 2e6 ? once(() => hullWithHighs(highs, inst.A.data, n, k, u, "simplex", false)) : time(() => hullWithHighs(highs, inst.A.data, n, k, u, "simplex", false), 3000);
      const r = w.value;
      const sigma = r.scale;
      const gap = (r.certificate.upperBound - r.certificate.lowerBound) / sigma;
      rows.push([
        `${n}×${k}`, label,
        `${fmt(w.ms)}${w.runs > 1 ? "" : "¹"}`,
        j ? `${fmt(j.ms)}${j.runs > 1 ? "" : "¹"}` : "–",
        h ? `${fmt(h.ms)}${h.runs > 1 ? "" : "¹"}` : highsNote || "–",
        h ? `${(h.ms / w.ms).toFixed(1)}×` : "–",
        j ? `${(j.ms / w.ms).toFixed(1)}×` : "–",
        String(r.iterations),
        r.epsilon.toPrecision(10),
        h ? (Math.abs(r.epsilon - h.value.epsilon) / uMax).toExponential(1) : "–",
        j ? Math.abs(r.epsilon - j.value.epsilon).toExponential(1) : "–",
        gap.toExponential(1),
        r.status,
      ].join(" | ").replace(/^/, "| ").concat(" |"));
      options.log(rows[rows.length - 1]!);
      json.push({ n, k, u: label, wasmMs: w.ms, jsMs: j?.ms ?? null, highsMs: h?.ms ?? null, epsilon: r.epsilon, highsEpsilon: h?.value.epsilon ?? null, gap, status: r.status, iterations: r.iterations });
    }
  }
  const markdownTable = [
    "## Convex-hull distance: `ea.hullDistance` (simplex, no offset) vs the JS backend and HiGHS",
    "",
    `Measured ${environmentLine(environment())}, highs ${HIGHS_VERSION}. Instances: bench/data.ts; u inside = the planted convex combination, outside = that plus noise.`,
    "",
    ...rows,
    "",
    "¹ a single timed run (the cell takes seconds); otherwise the median of 3–9 runs after a warm-up. HiGHS times include building the CSR model and disposing it; module loading is excluded everywhere. HiGHS is skipped at 10000×1000, where highs-js aborts on its WebAssembly heap (shared/BASELINES.md table B).",
  ].join("\n");
  return { title: "Convex-hull distance: `ea.hullDistance` (simplex, no offset) vs the JS backend and HiGHS (highs-js)", markdownTable, json };
}
