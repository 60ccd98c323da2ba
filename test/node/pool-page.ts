/**
 * The browser half of test/node/pool-browser.test.ts: bundled by esbuild and loaded into headless Chromium. It runs the
 * shared pool checks on module Web Workers and leaves the outcomes on `window.__pool`.
 */
import { createPool } from "../../src/pool/browser.js";
import { runPoolChecks, type CheckOutcome } from "./pool-checks.js";

export interface PoolPageReport { userAgent: string; isolated: boolean; cores: number; outcomes: CheckOutcome[]; error?: string }

declare global { interface Window { __pool?: PoolPageReport } }

async function run(): Promise<PoolPageReport> {
  const base = { userAgent: navigator.userAgent, isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency };
  try {
    return { ...base, outcomes: await runPoolChecks(createPool, "/pool-worker.js") };
  } catch (e) {
    return { ...base, outcomes: [], error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e) };
  }
}

void run().then((report) => {
  window.__pool = report;
  document.body.textContent = `${report.outcomes.filter((o) => o.ok).length}/${report.outcomes.length} pool checks passed`;
});
