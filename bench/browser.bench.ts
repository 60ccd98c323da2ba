/**
 * Browser suite: the WebAssembly engine inside headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core,
 * the engine in a module Web Worker as the demo page runs it) against the same engine in Node, on the same cases
 * (src/worker/bench.ts: alignWeights and hullDistance on synthetic n×k problems, bestResponses, the selection game,
 * the MoralExceptQA experiment). Each host times the engine call itself (performance.now, median of repeated runs after
 * a warm-up), so the ratio compares the two JavaScript/WebAssembly engines, not the messaging. A checksum of each
 * result's float64 bits shows that both hosts computed the same numbers.
 *
 * Chromium's performance.now() is coarsened to 0.1 ms (no cross-origin isolation), so each timed sample is a batch of
 * back-to-back calls lasting at least 5 ms, and the per-call time is the sample ÷ the batch.
 */
import { build } from "esbuild";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createEngine } from "../src/index.js";
import { benchCases, runBenchCases, type BenchCase, type BenchTiming } from "../src/worker/bench.js";
import { environment, environmentLine, fmtMs, fmtRatio, markdownTable, ROOT, type SuiteOptions, type SuiteResult } from "./report.js";
import { CHROMIUM, launchChromium } from "../test/node/chromium.js";

export const SUITE = "browser";
const FULL_GRID: [number, number][] = [[200, 20], [1000, 100], [5000, 500]];

async function inChromium(cases: BenchCase[], o: { budgetMs: number; minRuns: number; moralExceptQaCsv: string }): Promise<{ timings: BenchTiming[]; userAgent: string }> {
  const worker = await build({
    stdin: {
      contents: `import { createEngine } from "./src/index.ts"; import { runBenchCases } from "./src/worker/bench.ts";
        self.onmessage = async (e) => { try { const ea = await createEngine(); self.postMessage({ timings: runBenchCases(ea, e.data.cases, e.data.options) }); }
        catch (err) { self.postMessage({ error: String(err && err.stack || err) }); } };`,
      resolveDir: ROOT, loader: "ts",
    },
    bundle: true, format: "esm", platform: "browser", target: "es2022", write: false, logLevel: "silent",
  });
  const script = worker.outputFiles[0]!.contents;
  const html = '<!doctype html><meta charset="utf-8"><title>emergent-align browser bench</title><link rel="icon" href="data:,"><body>bench';
  const server = createServer((req, res) => {
    if (req.url === "/worker.js") res.writeHead(200, { "content-type": "text/javascript" }).end(script);
    else if (req.url === "/") res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const reply = await page.evaluate((message) => new Promise<{ timings?: BenchTiming[]; error?: string }>((resolve) => {
      const w = new Worker("/worker.js", { type: "module" });
      w.onmessage = (e) => { resolve(e.data); w.terminate(); };
      w.onerror = (e) => resolve({ error: e.message });
      w.postMessage(message);
    }), { cases, options: o });
    if (!reply.timings) throw new Error(`the bench worker failed in Chromium: ${reply.error}`);
    return { timings: reply.timings, userAgent: await page.evaluate(() => navigator.userAgent) };
  } finally {
    await browser.close();
    server.close();
  }
}

export async function run(options: SuiteOptions): Promise<SuiteResult> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: the browser suite needs Debian's Chromium (apt-get install chromium)`);
  const env = environment();
  const shapes = options.sizes ?? (options.quick ? FULL_GRID.slice(0, 2) : FULL_GRID);
  const cases = benchCases(shapes);
  const o = {
    budgetMs: options.quick ? 300 : 1500, minRuns: options.quick ? 3 : 5,
    moralExceptQaCsv: readFileSync(join(ROOT, "data/moral-exceptqa/all_predictions.csv"), "utf8"),
  };
  options.log(`node: ${cases.length} cases`);
  const node = runBenchCases(await createEngine(), cases, o);
  options.log("chromium: the same cases in a module Web Worker");
  const { timings: browser, userAgent } = await inChromium(cases, o);
  const chromiumVersion = /Chrome\/([\d.]+)/.exec(userAgent)?.[1] ?? userAgent;
  env.extra = { chromium: chromiumVersion, budgetMs: o.budgetMs };

  const rows = cases.map((c, i) => {
    const n = node[i]!, b = browser[i]!;
    return [c.name, c.shape, fmtMs(n.medianMs), fmtMs(b.medianMs), fmtRatio(b.medianMs / n.medianMs), `${n.runs} / ${b.runs}`, n.checksum === b.checksum ? "yes" : `NO (${n.checksum} vs ${b.checksum})`];
  });
  const title = "WebAssembly engine in Chromium (Web Worker) vs Node";
  const section = [
    `### ${title}`, "",
    `${environmentLine(env)} · Chromium ${chromiumVersion} (headless, /usr/bin/chromium)`, "",
    markdownTable(["case", "shape", "node ms", "chromium ms", "chromium / node", "calls (node / chromium)", "same bits"], rows), "",
    "Per-call median after a warm-up, timed inside each host around the engine calls (no messaging), in samples of "
      + "back-to-back calls lasting a few ms (Chromium coarsens performance.now() to 0.1 ms); \"calls\" counts every timed call. "
      + "\"same bits\": an FNV-1a hash of the result's float64s is equal in both hosts.",
  ].join("\n");
  return { title, markdownTable: section, json: { environment: env, userAgent, cases, node, chromium: browser } };
}
