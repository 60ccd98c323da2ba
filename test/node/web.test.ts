/**
 * The browser demo (web/, `npm run web`) in Debian's headless Chromium, driven by playwright-core: the page loads,
 * fits MoralExceptQA and reports the hull distance, runs the paper's experiment and a sweep in the engine's Web Worker,
 * and shows the numbers Node computes for the same seed (bit for bit: the same WebAssembly bytes); a sweep cancelled
 * midway leaves the page responsive; a bad CSV gets a clear message; a screenshot goes to test/artifacts/web.png
 * (EA_UPDATE_SCREENSHOT=1 also writes docs/screenshot.png, the README's picture).
 *
 * Needs /usr/bin/chromium (`apt-get install chromium`); EA_SKIP_BROWSER=1 skips it on a machine without one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import type { Server } from "node:http";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { createEngine, type Engine } from "../../src/index.js";
import { runAlignmentExperiment } from "../../src/app/experiments/alignment.js";
import { runSweepTask, summarizeSweep, type CsvSweepSpec, type SweepRecord } from "../../src/app/sweep/plan.js";
import { loadMoralExceptQa } from "../../src/cli/data.js";
import { protocols } from "../../src/app/experiments/protocols.js";
import { csvDataset, gameInstance } from "../../src/worker/tasks.js";
import { CHROMIUM, skipBrowser, launchChromium, collectPageErrors } from "./chromium.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

/** The exact numbers (data-value) of the cells matching `selector`, keyed by `key(cell)`. */
async function values(page: Page, selector: string): Promise<Record<string, number>> {
  return page.$$eval(selector, (cells) => Object.fromEntries(cells.map((c) => {
    const row = c.closest("tr")!;
    const rowKey = row.getAttribute("data-method") ?? row.getAttribute("data-k") ?? row.getAttribute("data-row") ?? "";
    return [`${rowKey}|${c.getAttribute("data-field")}`, Number(c.getAttribute("data-value"))];
  })));
}

describe.skipIf(skipBrowser)("web demo in headless Chromium", () => {
  let server: Server | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let url: string;
  let ea: Engine;
  const pageErrors: string[] = [];
  const data = loadMoralExceptQa();

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}: the web demo test needs Debian's Chromium. ` +
        "Install it with `apt-get install chromium` (as .ci/run does), or set EA_SKIP_BROWSER=1 to skip this test.",
      );
    }
    // the page as `npm run web` serves it: build web/dist/, then the same static server
    const { buildWeb } = await import("../../build/web.mjs" as string) as { buildWeb(o?: { quiet?: boolean }): Promise<string> };
    const { serveWeb } = await import("../../build/serve-web.mjs" as string) as { serveWeb(o?: { port?: number }): Promise<{ server: Server; url: string }> };
    await buildWeb({ quiet: true });
    ({ server, url } = await serveWeb({ port: 0 }));
    ea = await createEngine();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    collectPageErrors(page, pageErrors);
    await page.goto(url);
    await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
    await page.click("#load");
    await page.waitForFunction(() => /148 points × 31 models/.test(document.getElementById("data-info")!.textContent ?? ""), undefined, { timeout: 30_000 });
  });

  afterAll(async () => {
    if (page && !page.isClosed()) {
      mkdirSync(join(root, "test/artifacts"), { recursive: true });
      await page.screenshot({ path: join(root, "test/artifacts/web.png"), fullPage: true }).catch(() => undefined);
    }
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it("fits MoralExceptQA and shows the errors and the hull distance Node computes", async () => {
    await page.selectOption("#constraint", "simplex");
    await page.setChecked("#offset", true);
    await page.click("#fit");
    await page.waitForSelector("#fit-errors", { timeout: 30_000 });
    const fit = ea.alignWeights(data.U, data.u, { constraint: "simplex", offset: true });
    const hull = ea.hullDistance(data.U, data.u, { constraint: "simplex", offset: true });
    const shown = await values(page, "#fit-errors td[data-value]");
    expect(shown["fit|rmse"]).toBe(fit.error.rmse);
    expect(shown["fit|maxAbs"]).toBe(fit.error.maxAbs);
    expect(shown["best-single|rmse"]).toBeGreaterThanOrEqual(fit.error.rmse);
    expect(Number(await page.getAttribute("#hull-epsilon", "data-value"))).toBe(hull.epsilon);
    const cert = await page.$$eval("#hull-cert td[data-value]", (cells) => Object.fromEntries(cells.map((c) => [c.getAttribute("data-field"), Number(c.getAttribute("data-value"))])));
    expect(cert.lowerBound).toBe(hull.certificate.lowerBound);
    expect(cert.upperBound).toBe(hull.certificate.upperBound);
    expect(cert.checkedLowerBound!).toBeCloseTo(hull.certificate.lowerBound, 12);
    expect(await page.textContent("#hull-cert")).not.toContain("✗");
  });

  it("runs the MoralExceptQA experiment in the worker and shows Node's numbers for the same seed", async () => {
    await page.fill("#exp-seed", "3");
    await page.click("#run-experiment");
    await page.waitForSelector("#exp-methods", { timeout: 30_000 });
    const node = runAlignmentExperiment(ea, data, { ...protocols(true)["moral-exceptqa"], seed: 3 });
    const shown = await values(page, "#exp-methods td[data-value]");
    expect(Object.keys(shown).length).toBeGreaterThanOrEqual(3 * node.methods.length);
    for (const m of node.methods) {
      expect(shown[`${m.method}|mse`], m.method).toBe(m.mse.mean);
      expect(shown[`${m.method}|rmse`], m.method).toBe(m.rmse.mean);
      expect(shown[`${m.method}|maxAbs`], m.method).toBe(m.maxAbs.mean);
    }
    const curve = await values(page, "#exp-k td[data-value]");
    for (const p of node.kCurve) expect(curve[`${p.k}|${p.method}`], `k=${p.k} ${p.method}`).toBe(p.mse.mean);
    expect(await page.locator("#exp-out figure[role=img] svg polyline, #exp-out figure[role=img] svg path").count()).toBeGreaterThan(0);
  });

  it("runs a sweep and shows Node's numbers for the same seed", async () => {
    await page.fill("#sweep-k", "1,2,4,8,16,31");
    await page.fill("#sweep-draws", "8");
    await page.fill("#sweep-seed", "5");
    await page.setChecked("#sweep-hull", false);
    await page.click("#run-sweep");
    await page.waitForSelector("#sweep-table", { timeout: 30_000 });
    const spec: CsvSweepSpec = {
      kind: "csv", seed: 5, backend: "wasm", methods: ["best-single", "uniform", "nonnegative+offset", "simplex+offset"], testFraction: 0.25,
      k: [1, 2, 4, 8, 16, 31], draws: 8, data: { models: "", target: "", sha256: "", rows: data.U.rows, cols: data.U.cols },
    };
    const records: SweepRecord[] = [];
    for (let t = 0; t < spec.k.length * spec.draws; t++) records.push(runSweepTask(ea, spec, t, data));
    const rows = summarizeSweep(records, spec.methods);
    const shown = await values(page, "#sweep-table td[data-value]");
    expect(Object.keys(shown).length).toBe(rows.length);
    for (const r of rows) expect(shown[`${r.k}|${r.method}`], `k=${r.k} ${r.method}`).toBe(r.mse);
  });

  it("cancels a long sweep midway; the page stays responsive and the engine works again", async () => {
    await page.fill("#sweep-draws", "5000");
    await page.setChecked("#sweep-hull", true);
    await page.click("#run-sweep");
    await page.waitForFunction(() => (document.getElementById("job-progress") as HTMLProgressElement).value > 0, undefined, { timeout: 30_000 });
    // while the worker computes, the main thread answers at once (animation frames keep coming)
    const frameGap = await page.evaluate(() => new Promise<number>((resolve) => {
      const t0 = performance.now(); let frames = 0;
      const step = () => { if (++frames === 10) resolve((performance.now() - t0) / 10); else requestAnimationFrame(step); };
      requestAnimationFrame(step);
    }));
    expect(frameGap).toBeLessThan(200);
    const before = await page.$eval("#job-progress", (p) => (p as HTMLProgressElement).value);
    expect(before).toBeLessThan(30 * 5000);
    await page.click("#cancel");
    await page.waitForFunction(() => /cancelled/.test(document.getElementById("status")!.textContent ?? ""), undefined, { timeout: 5_000 });
    expect(await page.isHidden("#job")).toBe(true);
    expect(await page.isEnabled("#fit")).toBe(true);
    // a fresh worker (with the data set loaded again) answers the next request
    await page.evaluate(() => { document.getElementById("fit-out")!.innerHTML = ""; });
    await page.setChecked("#offset", false);
    await page.click("#fit");
    await page.waitForSelector("#fit-errors", { timeout: 30_000 });
    const fit = ea.alignWeights(data.U, data.u, { constraint: "simplex", offset: false });
    expect((await values(page, "#fit-errors td[data-value]"))["fit|rmse"]).toBe(fit.error.rmse);
  });

  it("plays the selection game on a small instance and shows Node's values", async () => {
    await page.click("#run-game");
    await page.waitForSelector("#game-user", { timeout: 30_000 });
    const inst = gameInstance({ providers: 3, actions: 3, states: 3, epsilon: 0, perturbation: "bias", seed: 7, step: 0.01, maxRounds: 1000 });
    const m = (d: Float64Array) => ({ rows: 3, cols: 3, data: d });
    const g = ea.selectionGame({ providers: inst.providers.map(m), user: m(inst.user), prior: inst.prior, step: 0.01, maxRounds: 1000 });
    expect(Number(await page.getAttribute("#game-user", "data-value"))).toBe(g.userValue);
    expect(Number(await page.getAttribute("#game-hull", "data-value"))).toBe(g.hull.epsilon);
  });

  it("explains a bad CSV file in an alert, naming the file, line and column", async () => {
    await page.check('input[name="source"][value="csv"]');
    await page.setInputFiles("#models-file", { name: "models.csv", mimeType: "text/csv", buffer: Buffer.from("a,b\n1,2\n3,x\n4,5\n") });
    await page.setInputFiles("#target-file", { name: "target.csv", mimeType: "text/csv", buffer: Buffer.from("t\n1\n2\n3\n") });
    await page.click("#load");
    await page.waitForSelector("#data-error:not([hidden])", { timeout: 10_000 });
    expect(await page.textContent("#data-error")).toMatch(/models\.csv line 3 column 2 \(b\) must be a finite number; got "x"/);
    // a good pair of files loads
    await page.setInputFiles("#models-file", { name: "good.csv", mimeType: "text/csv", buffer: Buffer.from("a,b,c\n1,0,0.5\n0,1,0.5\n1,1,2\n0,0,1\n") });
    await page.setInputFiles("#target-file", { name: "u.csv", mimeType: "text/csv", buffer: Buffer.from("target\n0.5\n0.5\n1\n0\n") });
    await page.click("#load");
    await page.waitForFunction(() => /4 points × 3 models/.test(document.getElementById("data-info")!.textContent ?? ""), undefined, { timeout: 10_000 });
    expect(await page.isHidden("#data-error")).toBe(true);
  });

  it("works from the keyboard: Enter starts a sweep, Escape cancels it", async () => {
    await page.check('input[name="source"][value="moral-exceptqa"]');
    await page.click("#load");
    await page.waitForFunction(() => /148 points/.test(document.getElementById("data-info")!.textContent ?? ""));
    await page.fill("#sweep-draws", "5000");
    await page.focus("#run-sweep");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => (document.getElementById("job-progress") as HTMLProgressElement).value > 0, undefined, { timeout: 30_000 });
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => /sweep: cancelled/.test(document.getElementById("status")!.textContent ?? ""), undefined, { timeout: 5_000 });
    expect(await page.getAttribute("#status", "aria-live")).toBe("polite");
  });

  it("ran without page errors, and every form control has a label", async () => {
    const unlabeled = await page.$$eval("input, select, button", (els) => els.filter((e) => {
      const el = e as HTMLInputElement;
      if (el.type === "hidden") return false;
      return !(el.labels?.length || el.getAttribute("aria-label") || (el.tagName === "BUTTON" && el.textContent?.trim()));
    }).map((e) => e.id || e.outerHTML.slice(0, 60)));
    expect(unlabeled).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it.runIf(process.env.EA_UPDATE_SCREENSHOT === "1")("writes docs/screenshot.png (the README's picture)", async () => {
    const shot = await browser!.newPage({ viewport: { width: 1000, height: 800 } });
    await shot.goto(url);
    await shot.waitForSelector("body[data-ready=true]");
    await shot.click("#load");
    await shot.waitForFunction(() => /148 points/.test(document.getElementById("data-info")!.textContent ?? ""));
    await shot.click("#fit");
    await shot.waitForSelector("#fit-errors");
    await shot.click("#run-experiment");
    await shot.waitForSelector("#exp-methods");
    await shot.click("#run-sweep");
    await shot.waitForSelector("#sweep-table");
    await shot.click("#run-game");
    await shot.waitForSelector("#game-user");
    await shot.screenshot({ path: join(root, "docs/screenshot.png"), fullPage: true });
    await shot.close();
    // 8-bit palette: a third of the size (Debian's pngquant, when installed)
    if (existsSync("/usr/bin/pngquant")) spawnSync("/usr/bin/pngquant", ["--quality", "70-90", "--speed", "1", "--force", "--output", join(root, "docs/screenshot.png"), join(root, "docs/screenshot.png")]);
  });
});

describe("the page's CSV reader (pure: the same code runs in the worker)", () => {
  const bad: Array<[string, string, string | undefined, RegExp]> = [
    ["a non-number", "a,b\n1,2\n3,x\n4,5\n", "1\n2\n3\n", /m\.csv line 3 column 2 \(b\) must be a finite number; got "x"/],
    ["a ragged row", "a,b\n1,2\n3\n4,5\n", "1\n2\n3\n", /m\.csv line 3: ragged row/],
    ["mismatched lengths", "a,b\n1,2\n3,4\n4,5\n", "1\n2\n", /t\.csv has 2 values but m\.csv has 3 rows/],
    ["a multi-column target", "a,b\n1,2\n3,4\n4,5\n", "1,2\n2,3\n3,4\n", /t\.csv must have a single column/],
    ["no target at all", "a,b\n1,2\n3,4\n4,5\n", undefined, /no target: choose a target file, or name one column of m\.csv "target"/],
    ["an empty file", "", "1\n", /m\.csv is empty/],
    ["too few points", "a,b\n1,2\n3,4\n", "1\n2\n", /m\.csv needs at least 3 rows/],
  ];
  it.each(bad)("rejects %s with a message naming the file", (_name, models, target, message) => {
    expect(() => csvDataset({ name: "m.csv", text: models }, target === undefined ? undefined : { name: "t.csv", text: target })).toThrow(message);
  });
  it("takes a column named target from the models file", () => {
    const d = csvDataset({ name: "m.csv", text: "a,Target,b\n1,0.5,0\n0,0.5,1\n1,1,1\n" });
    expect(d.models).toEqual(["a", "b"]);
    expect(Array.from(d.u)).toEqual([0.5, 0.5, 1]);
    expect(Array.from(d.U.data)).toEqual([1, 0, 0, 1, 1, 1]);
  });
});

if (skipBrowser) console.warn("web.test: EA_SKIP_BROWSER=1 is set, so the browser demo test is skipped.");
