/**
 * The page's sweep on the pool (src/worker/pooled.ts, src/worker/sweep-columns.ts): batches of interleaved tasks whose
 * scores come back as one Float64Array each, summarised from columns. The summary must be summarizeSweep's (the CLI's
 * and the single worker's) bit for bit, whatever the worker count and the order the batches finish in; and in
 * Chromium the page with 1 and 2 workers must show the same table, and survive a cancel midway.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import type { Browser, Page } from "playwright-core";
import { createEngine, type Engine } from "../../src/index.js";
import type { Method } from "../../src/app/experiments/alignment.js";
import { runSweepTask, summarizeSweep, SWEEP_METHODS, type CsvSweepSpec, type SweepRecord, type SweepSummaryRow } from "../../src/app/sweep/plan.js";
import { loadMoralExceptQa } from "../../src/cli/data.js";
import { SweepColumns, runSweepColumns, sweepBatches } from "../../src/worker/sweep-columns.js";
import { CHROMIUM, collectPageErrors, launchChromium, skipBrowser } from "./chromium.js";

const data = loadMoralExceptQa();
const METHODS: Method[] = ["best-single", "uniform", "nonnegative+offset", "simplex+offset"];

function spec(k: number[], draws: number, methods: Method[] = METHODS, seed = 5): CsvSweepSpec {
  return { kind: "csv", seed, backend: "wasm", methods, testFraction: 0.25, k, draws, data: { models: "", target: "", sha256: "", rows: data.U.rows, cols: data.U.cols } };
}

/** Every number of every row, compared with Object.is (so -0 and NaN count), keys in order. */
function same(a: SweepSummaryRow[], b: SweepSummaryRow[]): void {
  expect(a.map((r) => Object.keys(r))).toEqual(b.map((r) => Object.keys(r)));
  a.forEach((r, i) => {
    for (const [key, v] of Object.entries(r)) expect(Object.is(v, (b[i] as unknown as Record<string, unknown>)[key]), `row ${i} ${key}: ${String(v)} vs ${String((b[i] as unknown as Record<string, unknown>)[key])}`).toBe(true);
  });
}

describe("the page's sweep in columns", () => {
  let ea: Engine;
  beforeAll(async () => { ea = await createEngine({ backend: "wasm" }); });

  it("batches interleave the tasks and cover each exactly once", () => {
    for (const [total, workers] of [[48, 1], [48, 2], [8000, 2], [5, 2], [1, 4], [97, 3]] as const) {
      const batches = sweepBatches(total, workers);
      const seen = new Uint8Array(total);
      for (const b of batches) for (const t of b) seen[t]!++;
      expect(seen.every((c) => c === 1), `${total} tasks, ${workers} workers`).toBe(true);
      expect(batches.length).toBe(Math.min(total, 16 * workers));
      // interleaved: the sizes differ by at most one, and each batch strides over the whole range
      const sizes = batches.map((b) => b.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      if (total >= 2 * batches.length) expect(batches[0]![1]! - batches[0]![0]!).toBe(batches.length);
    }
  });

  it("scores every task as runSweepTask does, bit for bit, with every method", () => {
    for (const s of [spec([1, 2, 7, 30, 31], 24, [...SWEEP_METHODS], 3), spec([31, 4], 40, METHODS, 0xfffffff0)]) {
      const total = s.k.length * s.draws;
      const tasks = Int32Array.from({ length: total }, (_, t) => (t * 7) % total);   // any order, as a batch holds them
      const got = runSweepColumns(ea, s, tasks, { U: data.U, u: data.u });
      const M = s.methods.length;
      tasks.forEach((t, i) => {
        const { scores } = runSweepTask(ea, s, t, data);
        s.methods.forEach((m, j) => {
          const want = [scores[m]!.mse, scores[m]!.maxAbs, scores[m]!.support];
          const at = (i * M + j) * 3;
          want.forEach((v, f) => expect(Object.is(got[at + f], v), `task ${t} ${m} field ${f}: ${got[at + f]} vs ${v}`).toBe(true));
        });
      });
    }
  });

  for (const [name, s] of [
    ["k 1,2,4,8,16,31 × 8 draws", spec([1, 2, 4, 8, 16, 31], 8)],
    ["unsorted k with a repeat, and the hull", spec([5, 1, 5, 31], 7, [...METHODS, "hull", "nonnegative"], 11)],
    ["one task", spec([3], 1)],
  ] as const) {
    it(`gives summarizeSweep's rows bit for bit: ${name}`, () => {
      const total = s.k.length * s.draws;
      const records: SweepRecord[] = [];
      for (let t = 0; t < total; t++) records.push(runSweepTask(ea, s, t, data));
      const expected = summarizeSweep(records, s.methods);
      for (const workers of [1, 2, 3]) {
        const batches = sweepBatches(total, workers);
        const replies = batches.map((b) => runSweepColumns(ea, s, b, { U: data.U, u: data.u }));
        // the batches finish in any order
        const columns = new SweepColumns(s);
        for (const i of batches.map((_, i) => i).reverse()) columns.add(batches[i]!, replies[i]!);
        same(columns.summary(), expected);
      }
    });
  }
});

describe.skipIf(skipBrowser)("the page's sweep with 1 and 2 workers in headless Chromium", () => {
  let server: Server | undefined;
  let browser: Browser | undefined;
  const pages: Page[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or EA_SKIP_BROWSER=1 to skip)`);
    const { buildWeb } = await import("../../build/web.mjs" as string) as { buildWeb(o?: { quiet?: boolean }): Promise<string> };
    const { serveWeb } = await import("../../build/serve-web.mjs" as string) as { serveWeb(o?: { port?: number }): Promise<{ server: Server; url: string }> };
    await buildWeb({ quiet: true });
    const served = await serveWeb({ port: 0 });
    server = served.server;
    browser = await launchChromium();
    for (const w of [1, 2]) {
      const page = await browser.newPage();
      collectPageErrors(page, errors);
      await page.goto(`${served.url}?workers=${w}`);
      await page.check('input[name="source"][value="moral-exceptqa"]');
      await page.click("#load");
      await page.waitForFunction(() => /148 points/.test(document.getElementById("data-info")!.textContent ?? ""), undefined, { timeout: 60_000 });
      pages.push(page);
    }
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  const table = (page: Page) => page.$$eval("#sweep-table td[data-value]", (cells) => cells.map((c) => `${c.closest("tr")!.getAttribute("data-k")}|${c.getAttribute("data-field")}=${c.getAttribute("data-value")}`));
  async function sweep(page: Page, k: string, draws: number): Promise<string[]> {
    await page.evaluate(() => { document.getElementById("sweep-out")!.innerHTML = ""; });
    await page.fill("#sweep-k", k);
    await page.fill("#sweep-draws", String(draws));
    await page.fill("#sweep-seed", "9");
    await page.setChecked("#sweep-hull", false);
    await page.click("#run-sweep");
    await page.waitForSelector("#sweep-table", { timeout: 120_000 });
    return table(page);
  }

  it("shows the same table with 1 and 2 workers, and Node's numbers", async () => {
    const [one, two] = [await sweep(pages[0]!, "1,3,8,31", 40), await sweep(pages[1]!, "1,3,8,31", 40)];
    expect(one.length).toBe(4 * METHODS.length);
    expect(two).toEqual(one);
    const ea = await createEngine({ backend: "wasm" });
    const s = spec([1, 3, 8, 31], 40, METHODS, 9);
    const records: SweepRecord[] = [];
    for (let t = 0; t < 160; t++) records.push(runSweepTask(ea, s, t, data));
    const rows = summarizeSweep(records, METHODS);
    expect(one).toEqual(rows.map((r) => `${r.k}|${r.method}=${String(r.mse)}`));
  });

  it("cancels a sweep on 2 workers midway, shows progress meanwhile, and the next sweep gives the same table", async () => {
    const page = pages[1]!;
    const first = await sweep(page, "2,31", 30);
    await page.fill("#sweep-draws", "20000");
    await page.click("#run-sweep");
    await page.waitForFunction(() => (document.getElementById("job-progress") as HTMLProgressElement).value > 0, undefined, { timeout: 60_000 });
    const done = await page.$eval("#job-progress", (p) => (p as HTMLProgressElement).value);
    expect(done).toBeLessThan(40_000);
    await page.click("#cancel");
    await page.waitForFunction(() => /sweep: cancelled/.test(document.getElementById("status")!.textContent ?? ""), undefined, { timeout: 5_000 });
    expect(await page.isHidden("#job")).toBe(true);
    expect(await sweep(page, "2,31", 30)).toEqual(first);
    expect(errors).toEqual([]);
  });
});
