/**
 * The shipped package: dist/ as `npm run build` leaves it (the `prepare` script builds it on `npm install`).
 * Checks that package.json points at files that exist, that the bundles export the public API, and that a tiny NNLS
 * solves through them, both inside Vitest and in a plain `node` process that imports the package by its name.
 */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { builtinModules } from "node:module";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";
import { createEngine as createEngineFromSource } from "../../src/index.js";
import { solveParityProblems } from "./parity-problems.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  name: string; main: string; types: string; exports: { ".": { types: string; default: string } };
  bin?: Record<string, string>; dependencies?: Record<string, string>;
};
const PUBLIC = ["createEngine", "createEngineSync", "InputError", "WasmAbortError"] as const;

function requireBuilt(path: string): string {
  const file = join(root, path);
  if (!existsSync(file)) {
    throw new Error(`${path} is missing: run \`npm run build\` first (npm install runs it through the prepare script).`);
  }
  return file;
}

function newestSource(dir: string): { file: string; mtime: number } {
  let newest = { file: "", mtime: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const candidate = entry.isDirectory() ? newestSource(path) : { file: path, mtime: statSync(path).mtimeMs };
    if (candidate.mtime > newest.mtime) newest = candidate;
  }
  return newest;
}

/** dist/ built from older sources than src/ (a developer's tree between builds; never a fresh clone after npm install). */
function distIsStale(): { stale: boolean; reason: string } {
  const main = join(root, pkg.main);
  if (!existsSync(main)) return { stale: false, reason: "" };
  const newest = newestSource(join(root, "src"));
  const stale = newest.mtime > statSync(main).mtimeMs;
  return { stale, reason: stale ? `${pkg.main} is older than ${newest.file}; run \`npm run build\` to test the current sources` : "" };
}

// 10 rows, 3 columns; b = A·[1, 0, 2] exactly, so x = [1, 0, 2] is the unique NNLS solution.
const A = Array.from({ length: 10 }, (_, i) => [1 + i, (i % 3) - 1, 0.5 * i * i - 3]);
const b = A.map((row) => row[0]! * 1 + row[2]! * 2);

describe("package exports (dist/)", () => {
  it("package.json's main, types and exports point at built files", () => {
    expect(pkg.exports["."].types).toBe(pkg.types);
    expect(pkg.exports["."].default).toBe(pkg.main);
    requireBuilt(pkg.main);
    requireBuilt(pkg.types);
    requireBuilt("dist/emergent-align.browser.js");
    if (existsSync(join(root, "src/cli/main.ts"))) {
      for (const bin of Object.values(pkg.bin ?? {})) {
        const file = requireBuilt(bin);
        expect(readFileSync(file, "utf8").startsWith("#!/usr/bin/env node\n"), `${bin} starts with a shebang`).toBe(true);
      }
    }
    const { stale, reason } = distIsStale();
    if (stale) console.warn(`package-exports: ${reason}.`);
  });

  it("the bundles import nothing from Node (platform-neutral ESM)", () => {
    for (const file of [pkg.main, "dist/emergent-align.browser.js"]) {
      const text = readFileSync(requireBuilt(file), "utf8");
      expect(text, `${file} has a node: import`).not.toMatch(/from\s*["']node:|import\(\s*["']node:|require\(/);
    }
  });

  it("the declarations export the public API", () => {
    const dts = readFileSync(requireBuilt(pkg.types), "utf8");
    for (const name of PUBLIC) expect(dts, `${pkg.types} exports ${name}`).toContain(name);
  });

  for (const file of ["dist/index.js", "dist/emergent-align.browser.js"]) {
    it(`${file} exports the public API and solves a tiny NNLS`, async () => {
      const mod = (await import(/* @vite-ignore */ pathToFileURL(requireBuilt(file)).href)) as Record<string, unknown>;
      for (const name of PUBLIC) expect(typeof mod[name], `${file} exports ${name}`).toBe("function");
      const createEngine = mod.createEngine as typeof import("../../src/index.js").createEngine;
      const createEngineSync = mod.createEngineSync as typeof import("../../src/index.js").createEngineSync;
      for (const ea of [await createEngine(), createEngineSync()]) {
        const r = ea.nnls(A, b);
        expect(r.status).toBe("optimal");
        expect(r.x).toBeInstanceOf(Float64Array);
        [1, 0, 2].forEach((v, j) => expect(Math.abs(r.x[j]! - v), `x[${j}]`).toBeLessThan(1e-9));
      }
      const InputError = mod.InputError as new (...args: unknown[]) => Error;
      const ea = await createEngine();
      let thrown: unknown;
      try { ea.nnls(A, [1, 2, 3]); } catch (error) { thrown = error; }
      expect(thrown).toBeInstanceOf(InputError);
      expect((thrown as Error).name).toBe("InputError");
    });
  }

  it("both bundles give the same bytes as the sources on the parity problems", async (ctx) => {
    const { stale, reason } = distIsStale();
    if (stale) {
      console.warn(`package-exports: skipping the bundle-vs-source comparison: ${reason}.`);
      ctx.skip();
    }
    const expected = solveParityProblems(await createEngineFromSource());
    for (const file of ["dist/index.js", "dist/emergent-align.browser.js"]) {
      const mod = (await import(/* @vite-ignore */ pathToFileURL(requireBuilt(file)).href)) as { createEngine: typeof createEngineFromSource };
      const actual = solveParityProblems(await mod.createEngine());
      expect(actual.map((o) => `${o.name}: ${o.status} ${o.hex}`), file).toEqual(expected.map((o) => `${o.name}: ${o.status} ${o.hex}`));
    }
  });

  it("the Node bundles (CLI, workers) import only runtime dependencies and Node built-ins; the CLI runs", () => {
    const bins = Object.values(pkg.bin ?? {});
    const nodeBundles = [...bins, ...["dist/sweep-worker.js"].filter((f) => existsSync(join(root, f)))];
    for (const file of nodeBundles) {
      const text = readFileSync(requireBuilt(file), "utf8");
      const specifiers = [...text.matchAll(/(?:^|[\s;])(?:import|export)\s*(?:[\w*{}\s,$]+\s*from\s*)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)]
        .map((m) => m[1] ?? m[2]!)
        .filter((s) => !s.startsWith(".") && !s.startsWith("node:") && !builtinModules.includes(s));
      const packages = [...new Set(specifiers.map((s) => (s.startsWith("@") ? s.split("/").slice(0, 2) : s.split("/").slice(0, 1)).join("/")))];
      // vega (bundled into the CLI) tries `await import("canvas")` inside a try, for node-canvas when it is installed
      const OPTIONAL = new Set(["canvas"]);
      const missing = packages.filter((p) => !(p in (pkg.dependencies ?? {})) && !OPTIONAL.has(p));
      expect(missing, `${file} imports packages that are not in package.json "dependencies"`).toEqual([]);
    }
    for (const bin of bins) execFileSync(process.execPath, [join(root, bin), "--help"], { cwd: root, encoding: "utf8", stdio: "pipe" });
  });

  it("a plain node process imports the package by its name and solves", () => {
    requireBuilt(pkg.main);
    const script = `
      import { createEngine } from ${JSON.stringify(pkg.name)};
      const ea = await createEngine();
      const r = ea.nnls(${JSON.stringify(A)}, ${JSON.stringify(b)});
      console.log(JSON.stringify({ status: r.status, x: Array.from(r.x) }));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
    const result = JSON.parse(out.trim().split("\n").pop()!) as { status: string; x: number[] };
    expect(result.status).toBe("optimal");
    [1, 0, 2].forEach((v, j) => expect(Math.abs(result.x[j]! - v), `x[${j}]`).toBeLessThan(1e-9));
  });
});
