/**
 * The package as a user gets it: `npm pack` → a fresh temporary project → `npm install --prefer-offline <tarball>` (from the
 * local npm cache) → four consumers: Node ESM (`import`), Node CommonJS (`require`, Node ≥ 20.19; older Node gets one
 * clear error, simulated with --no-experimental-require-module), strict TypeScript (exactOptionalPropertyTypes,
 * noUncheckedIndexedAccess) against the shipped declarations, and an esbuild browser bundle run in Chromium (the
 * engine on the page and in `emergent-align/worker`'s Web Worker).
 *
 * Packs dist/ as built (`npm run build`); needs /usr/bin/chromium for the browser part (EA_SKIP_BROWSER=1 skips it).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { skipBrowser, launchChromium } from "./chromium.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const npm = (args: string[], cwd: string) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" } });
const run = (args: string[], cwd: string) => spawnSync(process.execPath, args, { cwd, encoding: "utf8", timeout: 60_000 });

// 10 rows, 3 columns; b = A·[1, 0, 2], so x = [1, 0, 2] is the unique NNLS solution.
const A = Array.from({ length: 10 }, (_, i) => [1 + i, (i % 3) - 1, 0.5 * i * i - 3]);
const b = A.map((row) => row[0]! + 2 * row[2]!);
const SOLVE = `const ea = await createEngine(); const r = ea.nnls(${JSON.stringify(A)}, ${JSON.stringify(b)});`;

describe("the packed tarball, installed into a fresh project", () => {
  let base = "";   // the temporary directory this test made (and the only thing it removes)
  let dir = "";    // the consumer project inside it
  let tarball: string;
  let files: string[];

  beforeAll(() => {
    if (!existsSync(join(root, "dist/index.js"))) throw new Error("dist/ is missing: run `npm run build` first");
    base = mkdtempSync(join(tmpdir(), "ea-tarball-"));
    // --ignore-scripts: pack dist/ as built (prepare would rebuild everything)
    const packed = JSON.parse(npm(["pack", "--ignore-scripts", "--json", "--pack-destination", base], root)) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = join(base, packed[0]!.filename);
    files = packed[0]!.files.map((f) => f.path);
    dir = join(base, "app");
    mkdirSync(dir);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }, null, 2));
    // from the local npm cache; the registry is asked only for what the cache lacks (the dependencies' metadata)
    npm(["install", "--prefer-offline", "--no-package-lock", tarball], dir);
  }, 180_000);

  afterAll(() => { if (base.startsWith(join(tmpdir(), "ea-tarball-"))) rmSync(base, { recursive: true, force: true }); });

  it("ships the licence, the README, the built files and the data; no sources or tests", () => {
    for (const f of ["LICENSE", "README.md", "package.json", "dist/index.js", "dist/index.cjs", "dist/index.d.ts", "dist/worker.js", "dist/engine-worker.js", "dist/experiments.js", "dist/cli.js"]) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => f.startsWith("src/") || f.startsWith("test/"))).toEqual([]);
    expect(readFileSync(join(dir, "node_modules/emergent-align/LICENSE"), "utf8")).toMatch(/MIT License[\s\S]*CC BY-NC-SA 4\.0[\s\S]*MovieLens/);
  });

  it("installs only the two dependencies that cannot be bundled (the CLI bundles the rest)", () => {
    const installed = readdirSync(join(dir, "node_modules")).filter((n) => !n.startsWith("."));
    // tinypool starts its worker threads from its own files; @resvg/resvg-js is a native addon (+ one platform package)
    expect(installed.sort()).toEqual(["@resvg", "emergent-align", "tinypool"]);
    expect(readdirSync(join(dir, "node_modules/@resvg")).every((n) => n.startsWith("resvg-js"))).toBe(true);
    const pkg = JSON.parse(readFileSync(join(dir, "node_modules/emergent-align/package.json"), "utf8")) as Record<string, unknown>;
    expect(Object.keys(pkg.dependencies as object).sort()).toEqual(["@resvg/resvg-js", "tinypool"]);
    for (const k of ["repository", "homepage", "bugs"]) expect(pkg[k], k).toBeDefined();
  });

  it("runs as an ES module, with every subpath export", () => {
    writeFileSync(join(dir, "esm.mjs"), `
      import { createEngine, InputError } from "emergent-align";
      import { syntheticModels, runAlignmentExperiment } from "emergent-align/experiments";
      import { createEngineWorker, EngineWorker } from "emergent-align/worker";
      import pkg from "emergent-align/package.json" with { type: "json" };
      ${SOLVE}
      const { U, u } = syntheticModels({ n: 60, k: 5, seed: 1 });
      const e = runAlignmentExperiment(ea, { name: "toy", U, u, models: [], points: [] }, { protocol: "random", splits: 2, kDraws: 2, seed: 1 });
      let threw = "";
      try { ea.nnls(${JSON.stringify(A)}, [1, 2]); } catch (err) { threw = err instanceof InputError ? err.name : "other"; }
      let workerError = "";
      try { await createEngineWorker().engine.nnls([[1]], [1]); } catch (err) { workerError = err.message; }
      console.log(JSON.stringify({ status: r.status, x: Array.from(r.x), threw, methods: e.methods.length, worker: typeof EngineWorker, workerError, version: pkg.version }));`);
    const out = run(["esm.mjs"], dir);
    expect(out.stderr).toBe("");
    const res = JSON.parse(out.stdout) as { status: string; x: number[]; threw: string; methods: number; worker: string; workerError: string; version: string };
    expect(res.status).toBe("optimal");
    res.x.forEach((v, j) => expect(v).toBeCloseTo([1, 0, 2][j]!, 9));
    expect(res.threw).toBe("InputError");
    expect(res.methods).toBeGreaterThan(0);
    expect(res.worker).toBe("function");
    expect(res.workerError).toMatch(/Web Workers .* in Node use emergent-align\/pool/);
    expect(res.version).toBe(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version);
  });

  it("runs from CommonJS with require() (Node ≥ 20.19), and says what to do on older Node", () => {
    writeFileSync(join(dir, "cjs.cjs"), `
      const { createEngine, InputError } = require("emergent-align");
      (async () => { ${SOLVE} console.log(JSON.stringify({ status: r.status, x: Array.from(r.x), InputError: typeof InputError })); })();`);
    const out = run(["cjs.cjs"], dir);
    expect(out.stderr).toBe("");
    const res = JSON.parse(out.stdout) as { status: string; x: number[]; InputError: string };
    expect(res.status).toBe("optimal");
    expect(res.InputError).toBe("function");
    // Node 20.0–20.18 have no require(esm): the flag below restores that behaviour on this Node
    const old = run(["--no-experimental-require-module", "cjs.cjs"], dir);
    expect(old.status).not.toBe(0);
    expect(old.stderr).toMatch(/emergent-align is an ES module: require\(\) of it needs Node >= 20\.19 .*await import\("emergent-align"\)/);
  });

  it("type-checks a consumer under strict TypeScript (exactOptionalPropertyTypes, noUncheckedIndexedAccess)", () => {
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
      compilerOptions: {
        target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2022", "DOM"], types: [], strict: true,
        exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, noImplicitOverride: true, noEmit: true, skipLibCheck: false,
      },
      files: ["consumer.mts"],
    }));
    writeFileSync(join(dir, "consumer.mts"), `
      import { createEngine, InputError, type AlignResult, type HullResult, type MatrixLike } from "emergent-align";
      import { syntheticModels, type AlignmentData } from "emergent-align/experiments";
      import { createEngineWorker, type AsyncEngine } from "emergent-align/worker";
      const ea = await createEngine({ backend: "wasm" });
      const U = [[1, 0], [0, 1], [1, 1]] as const;
      const fit: AlignResult = ea.alignWeights(U, [0.5, 0.5, 1], { constraint: "simplex", offset: false });
      const sup = ea.alignWeights(U, [0.5, 0.5, 1], { norm: "linf" });
      const y: Float64Array = sup.certificate.y;
      const hull: HullResult = ea.hullDistance(U satisfies MatrixLike, new Float64Array([0.5, 0.5, 1]));
      const first: number | undefined = fit.weights[0];
      const { U: S } = syntheticModels({ n: 10, k: 3, seed: 1 });
      const data: AlignmentData = { name: "x", U: S, u: new Float64Array(10), models: [], points: [] };
      const engine: AsyncEngine = createEngineWorker().engine;
      export { y, hull, first, data, engine, InputError };`);
    const tsc = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", dir], { cwd: dir, encoding: "utf8" });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  });

  it.skipIf(skipBrowser)("bundles for the browser with esbuild and runs in Chromium, on the page and in the Web Worker", async () => {
    const web = join(dir, "web");
    mkdirSync(web, { recursive: true });
    writeFileSync(join(dir, "browser.js"), `
      import { createEngine } from "emergent-align";
      import { createEngineWorker } from "emergent-align/worker";
      ${SOLVE}
      const w = createEngineWorker(new URL("./engine-worker.js", location.href));
      const viaWorker = await w.engine.nnls(${JSON.stringify(A)}, ${JSON.stringify(b)});
      const q = await w.engine.quantalResponses([[1, 0], [0, 1], [0.5, 0.5]], [[0.5, 0.5], [1, 0]], 2);
      w.terminate();
      window.result = { status: r.status, x: Array.from(r.x), worker: Array.from(viaWorker.x), shape: [q.rows, q.cols] };`);
    const result = await build({
      entryPoints: [join(dir, "browser.js")], absWorkingDir: dir, bundle: true, format: "esm", platform: "browser", target: "es2022",
      outfile: join(web, "app.js"), logLevel: "silent", metafile: true,
    });
    // the browser condition picked the browser bundle, and nothing from Node came in
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.endsWith("emergent-align/dist/emergent-align.browser.js"))).toBe(true);
    expect(inputs.filter((p) => p.startsWith("node:"))).toEqual([]);
    // the worker script is what a bundler copies next to the app (exports "./worker/script")
    const script = execFileSync(process.execPath, ["--input-type=module", "-e", 'console.log(import.meta.resolve("emergent-align/worker/script"))'], { cwd: dir, encoding: "utf8" }).trim();
    copyFileSync(fileURLToPath(script), join(web, "engine-worker.js"));
    writeFileSync(join(web, "index.html"), '<!doctype html><meta charset="utf-8"><script type="module" src="app.js"></script>');
    const { serveWeb } = await import("../../build/serve-web.mjs" as string) as { serveWeb(o: { dir: string; port: number }): Promise<{ server: Server; url: string }> };
    const { server, url } = await serveWeb({ dir: web, port: 0 });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(url);
      await page.waitForFunction(() => "result" in window, undefined, { timeout: 30_000 });
      const res = await page.evaluate(() => (window as unknown as { result: { status: string; x: number[]; worker: number[]; shape: number[] } }).result);
      expect(errors).toEqual([]);
      expect(res.status).toBe("optimal");
      res.x.forEach((v, j) => expect(v).toBeCloseTo([1, 0, 2][j]!, 9));
      expect(res.worker).toEqual(res.x);
      expect(res.shape).toEqual([2, 3]);   // a flat result keeps its shape through the worker's structured clone
    } finally {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("installs the command line, which runs from the tarball", () => {
    const out = run([join(dir, "node_modules/emergent-align/dist/cli.js"), "--version"], dir);
    expect(out.stderr).toBe("");
    expect(out.stdout.trim()).toBe(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version);
  });
});
