/**
 * The page's edges (issue 12), in Debian's headless Chromium: CSVs of 1000×300 and 7500×300 load and fit (no spread of
 * large arrays: the Fit used to crash with "Maximum call stack size exceeded" from 400×200 on); each error shows next
 * to the action that failed, in view, and the next success clears it; every result downloads (CSV, JSON and the
 * figure); opened from file:// the page says how to serve it; at 390 px wide nothing makes the page scroll sideways
 * (a screenshot goes to test/artifacts/web-390.png).
 *
 * Needs /usr/bin/chromium (`apt-get install chromium`); EA_SKIP_BROWSER=1 skips it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { createEngine } from "../../src/index.js";
import { csvDataset } from "../../src/worker/tasks.js";
import { CHROMIUM, skipBrowser, launchChromium, collectPageErrors } from "./chromium.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

/** A models CSV (header, n × k numbers in [0, 1], 4 decimals) and its target, from a seeded stream. */
function bigCsv(n: number, k: number): { models: string; target: string } {
  let x = 12345;
  const r = () => (x = (x * 16807) % 2147483647) / 2147483647;
  const lines = [Array.from({ length: k }, (_, j) => `model_${j + 1}`).join(",")];
  const t = ["target"];
  for (let i = 0; i < n; i++) {
    lines.push(Array.from({ length: k }, () => r().toFixed(4)).join(","));
    t.push(r().toFixed(4));
  }
  return { models: lines.join("\n") + "\n", target: t.join("\n") + "\n" };
}

describe.skipIf(skipBrowser)("the page's edges in headless Chromium", () => {
  let server: Server | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let url: string;
  const pageErrors: string[] = [];

  async function open(p: Page): Promise<void> {
    await p.goto(url);
    await p.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  }
  async function loadShipped(p: Page): Promise<void> {
    await p.evaluate(() => { document.getElementById("data-info")!.textContent = ""; });
    await p.check('input[name="source"][value="moral-exceptqa"]');
    await p.click("#load");
    await p.waitForFunction(() => /148 points × 31 models/.test(document.getElementById("data-info")!.textContent ?? ""), undefined, { timeout: 30_000 });
  }
  /** Clicks the download link for `file` and returns the downloaded text (a real download, through Chromium). */
  async function saveAs(p: Page, file: string): Promise<string> {
    const [dl] = await Promise.all([p.waitForEvent("download"), p.click(`a[data-file="${file}"]`)]);
    expect(dl.suggestedFilename()).toBe(file);
    return readFileSync((await dl.path())!, "utf8");
  }
  /** The text behind the download link for `file`, read in the page (Chromium throttles many real downloads from one
   *  page, so after the first ones the test reads the blob the link points at; the link's name is checked the same). */
  async function download(p: Page, file: string): Promise<string> {
    return p.$eval(`a[data-file="${file}"]`, async (a, name) => {
      const link = a as HTMLAnchorElement;
      if (link.download !== name) throw new Error(`the link downloads as ${link.download}, not ${name}`);
      return (await fetch(link.href)).text();
    }, file);
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium, or set EA_SKIP_BROWSER=1`);
    const { buildWeb } = await import("../../build/web.mjs" as string) as { buildWeb(o?: { quiet?: boolean }): Promise<string> };
    const { serveWeb } = await import("../../build/serve-web.mjs" as string) as { serveWeb(o?: { port?: number }): Promise<{ server: Server; url: string }> };
    await buildWeb({ quiet: true });
    ({ server, url } = await serveWeb({ port: 0 }));
    browser = await launchChromium();
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    collectPageErrors(page, pageErrors);
    await open(page);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it.each([[1000, 300], [7500, 300]])("loads a %i×%i CSV and fits it (least squares and the hull LP) with Node's numbers", async (n, k) => {
    const { models, target } = bigCsv(n, k);
    await page.check('input[name="source"][value="csv"]');
    await page.setInputFiles("#models-file", { name: `models-${n}.csv`, mimeType: "text/csv", buffer: Buffer.from(models) });
    await page.setInputFiles("#target-file", { name: `target-${n}.csv`, mimeType: "text/csv", buffer: Buffer.from(target) });
    await page.click("#load");
    await page.waitForFunction((t) => document.getElementById("data-info")!.textContent!.includes(t), `${n} points × ${k} models`, { timeout: 120_000 });
    await page.evaluate(() => { document.getElementById("fit-out")!.innerHTML = ""; });
    await page.selectOption("#constraint", "simplex");
    await page.setChecked("#offset", true);
    await page.click("#fit");
    await page.waitForSelector("#fit-errors, #fit-error:not([hidden])", { timeout: 240_000 });
    expect(await page.isHidden("#fit-error"), (await page.textContent("#fit-error")) ?? "").toBe(true);
    const data = csvDataset({ name: "m.csv", text: models }, { name: "t.csv", text: target });
    const fit = (await createEngine()).alignWeights(data.U, data.u, { constraint: "simplex", offset: true });
    const shown = Number(await page.getAttribute('#fit-errors tr[data-row="fit"] td[data-field="rmse"]', "data-value"));
    expect(shown).toBe(fit.error.rmse);
    expect(await page.textContent("#hull-cert")).not.toContain("✗");
    expect(pageErrors).toEqual([]);
  }, 400_000);

  it("shows each error next to the action that failed, in view, and the next success clears it", async () => {
    // a failure inside the worker (loading a bad file) lands in the data section
    await page.check('input[name="source"][value="csv"]');
    await page.setInputFiles("#models-file", { name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("a,b\n1,2\n3,x\n4,5\n") });
    await page.setInputFiles("#target-file", { name: "t.csv", mimeType: "text/csv", buffer: Buffer.from("1\n2\n3\n") });
    await page.click("#load");
    await page.waitForSelector("#data-error:not([hidden])");
    expect(await page.textContent("#data-error")).toMatch(/Loading data failed: bad\.csv line 3 column 2 \(b\) must be a finite number/);
    expect(await page.$eval("#data-error", (e) => e.closest("section")!.contains(document.getElementById("data-form")))).toBe(true);
    await loadShipped(page);                                   // the next load clears it
    expect(await page.isHidden("#data-error")).toBe(true);
    // the sweep's own check, next to the sweep's form and in view
    await page.fill("#sweep-k", "1,x");
    await page.click("#run-sweep");
    await page.waitForSelector("#sweep-error:not([hidden])");
    expect(await page.textContent("#sweep-error")).toMatch(/Model counts k must be whole numbers ≥ 1.*"1,x"/);
    expect(await page.$eval("#sweep-error", (e) => e.closest("section")!.contains(document.getElementById("sweep-form")))).toBe(true);
    expect(await page.$eval("#sweep-error", (e) => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })).toBe(true);
    for (const other of ["#data-error", "#fit-error", "#exp-error", "#game-error"]) expect(await page.isHidden(other), other).toBe(true);
    // another action's success leaves it; the sweep's next success clears it
    await page.click("#fit");
    await page.waitForFunction(() => /^Fit:/.test(document.getElementById("status")!.textContent ?? ""), undefined, { timeout: 30_000 });
    expect(await page.isVisible("#sweep-error")).toBe(true);
    await page.fill("#sweep-k", "1,2");
    await page.fill("#sweep-draws", "2");
    await page.click("#run-sweep");
    await page.waitForFunction(() => /^Sweep done/.test(document.getElementById("status")!.textContent ?? ""), undefined, { timeout: 30_000 });
    expect(await page.isHidden("#sweep-error")).toBe(true);
  });

  it("offers every result as downloads: CSV, JSON and the figure", async () => {
    await loadShipped(page);
    await page.click("#fit");
    await page.waitForSelector("#fit-files a");
    const weights = (await saveAs(page, "fit-weights.csv")).trim().split("\n");
    expect(weights[0]).toBe("model,weight");
    expect(weights).toHaveLength(1 + 31);
    expect(weights.slice(1).reduce((s, l) => s + Number(l.split(",").pop()), 0)).toBeCloseTo(1, 9);
    const fit = JSON.parse(await saveAs(page, "fit.json"));
    expect(fit.fit.weights).toHaveLength(31);
    expect(fit.hull.certificate.y).toHaveLength(148);
    expect((await download(page, "hull-certificate.csv")).trim().split("\n")).toHaveLength(1 + 148);

    await page.click("#run-experiment");
    await page.waitForSelector("#exp-files a", { timeout: 60_000 });
    expect((await download(page, "experiment-methods.csv")).split("\n")[0]).toMatch(/^method,test MSE/);
    expect((await download(page, "experiment-k.csv")).split("\n")[0]).toBe("k,method,test MSE,MSE low,MSE high");
    expect(JSON.parse(await download(page, "experiment.json")).result.methods.length).toBeGreaterThan(0);
    expect(await download(page, "experiment-k.svg")).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);

    await page.click("#run-sweep");
    await page.waitForSelector("#sweep-files a", { timeout: 60_000 });
    expect((await download(page, "sweep.csv")).split("\n")[0]).toMatch(/^k,method,tasks,test MSE/);
    expect(JSON.parse(await download(page, "sweep.json")).rows.length).toBeGreaterThan(0);
    expect(await download(page, "sweep.svg")).toMatch(/^<svg/);

    await page.click("#run-game");
    await page.waitForSelector("#game-files a", { timeout: 60_000 });
    const schemes = (await download(page, "game-schemes.csv")).trim().split("\n");
    expect(schemes[0]).toBe("provider,action,state,probability");
    expect(schemes).toHaveLength(1 + 3 * 3 * 3);
    expect(JSON.parse(await download(page, "game.json")).game.userValue).toEqual(expect.any(Number));
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it("says how to serve the page when it is opened from file://", async () => {
    const p = await context.newPage();
    await p.goto(pathToFileURL(join(root, "web/dist/index.html")).href);
    await p.waitForSelector("#file-warning:not([hidden])", { timeout: 10_000 });
    expect(await p.textContent("#file-warning")).toMatch(/opened from a file \(file:\/\/\).*npm run web/);
    expect(await p.textContent("#status")).toMatch(/Not started/);
    await p.close();
  });

  it("reads at 390 px wide: no sideways scrolling of the page, with every section's results shown", async () => {
    const p = await context.newPage();
    await p.setViewportSize({ width: 390, height: 844 });
    await open(p);
    await loadShipped(p);
    await p.click("#fit");
    await p.waitForSelector("#fit-errors");
    await p.click("#run-experiment");
    await p.waitForSelector("#exp-methods", { timeout: 60_000 });
    await p.fill("#sweep-draws", "3");
    await p.click("#run-sweep");
    await p.waitForSelector("#sweep-table", { timeout: 60_000 });
    await p.click("#run-game");
    await p.waitForSelector("#game-user", { timeout: 60_000 });
    mkdirSync(join(root, "test/artifacts"), { recursive: true });
    await p.screenshot({ path: join(root, "test/artifacts/web-390.png"), fullPage: true });
    const widths = await p.evaluate(() => ({ page: document.documentElement.scrollWidth, body: document.body.scrollWidth, view: innerWidth }));
    expect(widths.page, JSON.stringify(widths)).toBeLessThanOrEqual(widths.view);
    // nothing pokes out of the page (a wide table scrolls inside its own box)
    const wide = await p.$$eval("main *", (els) => els.filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5 && !e.closest(".out table, .out details")).map((e) => e.id || e.tagName));
    expect(wide).toEqual([]);
    await p.close();
  }, 240_000);
});
