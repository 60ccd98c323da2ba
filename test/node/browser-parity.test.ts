/**
 * Node ↔ browser parity: the same seeded problems, solved by the same WebAssembly bytes in Node and in headless
 * Chromium, must give the same bits (solution and every number of the result). In Node, the 'release' (SIMD),
 * 'release-scalar' and 'debug' builds must agree bit for bit as well.
 *
 * Needs Debian's Chromium at /usr/bin/chromium (`apt-get install chromium`); set EA_SKIP_BROWSER=1 to skip the browser
 * half on a machine without it. A missing Chromium otherwise fails the test rather than skipping it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "esbuild";
import { createServer, type Server } from "node:http";
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { createEngine } from "../../src/index.js";
import { debugEngine } from "../helpers/engines.js";
import { solveParityProblems, type ParityOutcome } from "./parity-problems.js";
import type { PageReport } from "./parity-page.js";
import { CHROMIUM, skipBrowser, launchChromium, collectPageErrors } from "./chromium.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

/** Bit-exact comparison with a readable report of the first differing number of each differing problem. */
function expectSameBits(actual: ParityOutcome[], expected: ParityOutcome[], label: string): void {
  expect(actual.map((o) => o.name), `${label}: problem list`).toEqual(expected.map((o) => o.name));
  const differences: string[] = [];
  expected.forEach((e, i) => {
    const a = actual[i]!;
    if (a.status !== e.status || a.method !== e.method) {
      differences.push(`${e.name}: status/method ${a.status}/${a.method} vs ${e.status}/${e.method}`);
    }
    if (a.hex !== e.hex) {
      let j = 0;
      while (j < e.values.length && a.hex.slice(16 * j, 16 * j + 16) === e.hex.slice(16 * j, 16 * j + 16)) j++;
      differences.push(`${e.name}: ${a.values.length} vs ${e.values.length} numbers; first difference at [${j}]: ${a.values[j]} vs ${e.values[j]}`);
    }
  });
  expect(differences, `${label}: results that are not bit-identical`).toEqual([]);
}

describe("wasm builds agree bit for bit in Node", () => {
  it("release, release-scalar, debug and the default build give identical bytes on every parity problem", async () => {
    const release = solveParityProblems(await createEngine({ wasmBuild: "release" }));
    expect(release.length).toBeGreaterThanOrEqual(20);
    expect(release.filter((o) => o.status === "optimal").length).toBeGreaterThanOrEqual(15);
    expectSameBits(solveParityProblems(await createEngine({ wasmBuild: "release-scalar" })), release, "release-scalar vs release");
    expectSameBits(solveParityProblems(debugEngine()), release, "debug vs release");
    expectSameBits(solveParityProblems(await createEngine()), release, "default vs release");
  });
});

describe.skipIf(skipBrowser)("Node ↔ headless Chromium parity", () => {
  let server: Server | undefined;
  let browser: Browser | undefined;
  let report: PageReport;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}: the browser parity test needs Debian's Chromium. ` +
        "Install it with `apt-get install chromium` (as .ci/run does), or set EA_SKIP_BROWSER=1 to skip this test.",
      );
    }
    const bundle = await build({
      entryPoints: [join(root, "test/node/parity-page.ts")],
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      write: false,
      logLevel: "silent",
    });
    const script = bundle.outputFiles[0]!.contents;
    const html = '<!doctype html><html><head><meta charset="utf-8"><title>emergent-align parity</title><link rel="icon" href="data:,">' +
      '<script type="module" src="/page.js"></script></head><body>running…</body></html>';
    server = createServer((req, res) => {
      if (req.url === "/page.js") res.writeHead(200, { "content-type": "text/javascript" }).end(script);
      else if (req.url === "/") res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;

    browser = await launchChromium();
    const page = await browser.newPage();
    collectPageErrors(page, pageErrors);
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => window.__parity !== undefined, undefined, { timeout: 60_000 });
    report = await page.evaluate(() => window.__parity!);
    mkdirSync(join(root, "test/artifacts"), { recursive: true });
    await page.screenshot({ path: join(root, "test/artifacts/browser-parity.png"), fullPage: true });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it("runs in Chromium without page errors", () => {
    expect(pageErrors).toEqual([]);
    expect(report.errors, "engines that threw in Chromium").toEqual({});
    expect(report.userAgent).toMatch(/Chrome\//);
  });

  it("default wasm build: Chromium's bytes equal Node's", async () => {
    expect(report.errors["wasm default"]).toBeUndefined();
    expectSameBits(report.runs["wasm default"]!, solveParityProblems(await createEngine()), "Chromium vs Node (wasm default)");
  });

  it("release-scalar build: Chromium's bytes equal Node's", async () => {
    const node = solveParityProblems(await createEngine({ wasmBuild: "release-scalar" }));
    expect(report.errors["wasm release-scalar"]).toBeUndefined();
    expectSameBits(report.runs["wasm release-scalar"]!, node, "Chromium vs Node (wasm release-scalar)");
  });

  it("js reference backend: Chromium's bytes equal Node's", async () => {
    const node = solveParityProblems(await createEngine({ backend: "js" }));
    expect(report.errors["js"]).toBeUndefined();
    expectSameBits(report.runs["js"]!, node, "Chromium vs Node (js)");
  });
});

if (skipBrowser) {
  console.warn("browser-parity: EA_SKIP_BROWSER=1 is set, so the Node ↔ Chromium comparison is skipped (the Node-only build comparison still runs).");
}
