/**
 * The browser half of test/node/browser-parity.test.ts: bundled by esbuild and loaded into headless Chromium. It solves
 * the parity problems with the engines the Node half uses and leaves the outcomes on `window.__parity`.
 */
import { createEngine } from "../../src/index.js";
import { solveParityProblems, type ParityOutcome } from "./parity-problems.js";

export interface PageReport {
  userAgent: string;
  runs: Record<string, ParityOutcome[]>;
}

async function run(): Promise<PageReport> {
  const runs: Record<string, ParityOutcome[]> = {};
  runs["wasm default"] = solveParityProblems(await createEngine());
  runs["wasm release-scalar"] = solveParityProblems(await createEngine({ wasmBuild: "release-scalar" }));
  return { userAgent: navigator.userAgent, runs };
}

function render(report: PageReport): void {
  const rows = report.runs["wasm default"]!.map((o, i) => {
    const scalar = report.runs["wasm release-scalar"]![i]!;
    const same = scalar.hex === o.hex ? "=" : "≠";
    return `<tr><td>${o.name}</td><td>${o.status}</td><td>${o.method}</td><td>${same}</td><td><code>${o.hex.slice(0, 32)}…</code></td></tr>`;
  });
  document.body.innerHTML = `<h1>emergent-align: browser parity</h1><p>${report.userAgent}</p>
    <table border="1" cellpadding="3" style="border-collapse:collapse;font:12px monospace">
    <tr><th>problem</th><th>status</th><th>method</th><th>scalar</th><th>bytes (default wasm build)</th></tr>${rows.join("")}</table>`;
}

declare global {
  interface Window { __parity?: Promise<PageReport>; __parityDone?: boolean }
}

window.__parity = run().then(
  (report) => { render(report); window.__parityDone = true; return report; },
  (error: unknown) => {
    document.body.textContent = `error: ${String(error)}`;
    window.__parityDone = true;
    throw error;
  },
);
