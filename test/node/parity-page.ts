/**
 * The browser half of test/node/browser-parity.test.ts: bundled by esbuild and loaded into headless Chromium. It solves
 * the parity problems with the engines the Node half uses and leaves the outcomes on `window.__parity`.
 */
import { createEngine } from "../../src/index.js";
import { solveParityProblems, type ParityOutcome } from "./parity-problems.js";

export interface PageReport {
  userAgent: string;
  runs: Record<string, ParityOutcome[]>;
  /** A run that threw: its error, so that one failing engine does not hide the others' results. */
  errors: Record<string, string>;
}

async function run(): Promise<PageReport> {
  const runs: Record<string, ParityOutcome[]> = {};
  const errors: Record<string, string> = {};
  const engines = {
    "wasm default": () => createEngine(),
    "wasm release-scalar": () => createEngine({ wasmBuild: "release-scalar" }),
    "js": () => createEngine({ backend: "js" }),
  };
  for (const [name, make] of Object.entries(engines)) {
    try {
      runs[name] = solveParityProblems(await make());
    } catch (error) {
      errors[name] = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ""}` : String(error);
    }
  }
  return { userAgent: navigator.userAgent, runs, errors };
}

function render(report: PageReport): void {
  const rows = (report.runs["wasm default"] ?? []).map((o, i) => {
    const same = (name: string) => (report.runs[name]?.[i]?.hex === o.hex ? "=" : "≠");
    return `<tr><td>${o.name}</td><td>${o.status.split(" | ")[0]}</td><td>${o.method}</td><td>${same("wasm release-scalar")}</td><td>${same("js")}</td><td><code>${o.hex.slice(0, 32)}…</code></td></tr>`;
  });
  const errors = Object.entries(report.errors).map(([name, e]) => `<pre>${name}: ${e}</pre>`).join("");
  document.body.innerHTML = `<h1>emergent-align: browser parity</h1><p>${report.userAgent}</p>${errors}
    <table border="1" cellpadding="3" style="border-collapse:collapse;font:12px monospace">
    <tr><th>problem</th><th>status</th><th>method</th><th>release-scalar = default</th><th>js reference = wasm (not required)</th><th>bytes (default wasm build)</th></tr>${rows.join("")}</table>`;
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
