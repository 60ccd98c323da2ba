/**
 * The pool in headless Chromium (module Web Workers): the same checks as test/node/pool.test.ts (test/node/pool-checks.ts),
 * on a page served cross-origin isolated (so SharedArrayBuffer posteriors are shared, not copied), and the same bits
 * as the Node run for every check. Needs Debian's Chromium; EA_SKIP_BROWSER=1 skips (test/node/chromium.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "esbuild";
import { createServer, type Server } from "node:http";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { CHROMIUM, skipBrowser, launchChromium, collectPageErrors } from "./chromium.js";
import { createPool } from "../../src/pool/node.js";
import { runPoolChecks } from "./pool-checks.js";
import type { PoolPageReport } from "./pool-page.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

async function bundle(entry: string): Promise<Uint8Array> {
  const out = await build({ entryPoints: [join(root, entry)], bundle: true, format: "esm", platform: "browser", target: "es2022", write: false, logLevel: "silent" });
  return out.outputFiles[0]!.contents;
}

describe.skipIf(skipBrowser)("pool in headless Chromium (module Web Workers)", () => {
  let server: Server | undefined;
  let browser: Browser | undefined;
  let report: PoolPageReport;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set EA_SKIP_BROWSER=1`);
    const files: Record<string, Uint8Array | string> = {
      "/page.js": await bundle("test/node/pool-page.ts"),
      "/pool-worker.js": await bundle("src/pool/entry-browser.ts"),
      "/": '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="/page.js"></script></head><body>running…</body></html>',
    };
    server = createServer((req, res) => {
      const body = files[req.url ?? ""];
      if (body === undefined) { res.writeHead(404).end(); return; }
      res.writeHead(200, {
        "content-type": req.url === "/" ? "text/html; charset=utf-8" : "text/javascript",
        // cross-origin isolated: SharedArrayBuffer is available, as on a page that opts in
        "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp",
      }).end(body);
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    browser = await launchChromium();
    const page = await browser.newPage();
    collectPageErrors(page, pageErrors);
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => window.__pool !== undefined, undefined, { timeout: 120_000 });
    report = await page.evaluate(() => window.__pool!);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it("passes every shared pool check in Chromium, without page errors", () => {
    expect(report.error).toBeUndefined();
    expect(pageErrors).toEqual([]);
    expect(report.userAgent).toMatch(/Chrome\//);
    expect(report.isolated).toBe(true);
    expect(report.outcomes.length).toBeGreaterThanOrEqual(36);
    expect(report.outcomes.filter((o) => !o.ok).map((o) => `${o.name}: ${o.detail}`)).toEqual([]);
  });

  it("gives the same bits as the same checks on worker_threads", async () => {
    const node = await runPoolChecks(createPool);
    const byName = new Map(node.map((o) => [o.name, o.hex]));
    const differ = report.outcomes.filter((o) => o.hex && byName.has(o.name) && byName.get(o.name) !== o.hex).map((o) => o.name);
    expect(differ).toEqual([]);
    expect(report.outcomes.filter((o) => o.hex).length).toBeGreaterThanOrEqual(25);
  }, 120_000);
});

if (skipBrowser) console.warn("pool-browser: EA_SKIP_BROWSER=1 is set, so the pool's Chromium run is skipped.");
