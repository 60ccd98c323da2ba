// Builds the browser demo into web/dist/ (git-ignored; `npm run build` and `npm run web` run this):
//
//   web/dist/index.html, style.css   copied from web/
//   web/dist/app.js                  the page (web/app.ts), ESM, minified
//   web/dist/worker.js               the engine's module Web Worker (src/worker/worker.ts), ESM, minified, with the
//                                    WebAssembly bytes inside (src/backend/wasm/bytes.generated.ts): no network, no Node built-ins
//   web/dist/pool-worker.js          the engine pool's module Web Worker for the page's experiment and sweep
//                                    (src/worker/pool-worker.ts; navigator.hardwareConcurrency of them)
//   web/dist/data/…                  the two shipped CSV files the page offers (same origin: works offline)
//
// platform "browser" with no Node built-ins available: a stray `node:` import fails the build.
import { build } from "esbuild";
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join, relative } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const at = (p) => join(root, p);
const out = at("web/dist");

export const WEB_DATA = ["moral-exceptqa/all_predictions.csv", "moral-machine-llm-amce/table_S2_amce.csv"];

export async function buildWeb({ minify = true, quiet = false } = {}) {
  if (!existsSync(at("src/backend/wasm/bytes.generated.ts"))) {
    throw new Error("build/web.mjs: src/backend/wasm/bytes.generated.ts is missing; run `npm run build:wasm` (or `npm run build`) first.");
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, "data"), { recursive: true });
  const common = { bundle: true, format: "esm", platform: "browser", target: "es2022", minify, sourcemap: true, logLevel: "warning", legalComments: "inline", metafile: true };
  for (const [entry, file] of [["web/app.ts", "app.js"], ["src/worker/worker.ts", "worker.js"], ["src/worker/pool-worker.ts", "pool-worker.js"]]) {
    const result = await build({ ...common, entryPoints: [at(entry)], outfile: join(out, file) });
    const inputs = Object.keys(result.metafile.inputs).filter((p) => p.startsWith("node:"));
    if (inputs.length) throw new Error(`build/web.mjs: ${entry} pulls in Node built-ins: ${inputs.join(", ")}`);
    if (!quiet) {
      const [name, info] = Object.entries(result.metafile.outputs).find(([n]) => !n.endsWith(".map"));
      console.log(`web: ${relative(root, join(process.cwd(), name))} ${(info.bytes / 1024).toFixed(1)} KiB`);
    }
  }
  for (const f of ["index.html", "style.css"]) copyFileSync(at(`web/${f}`), join(out, f));
  for (const f of WEB_DATA) {
    mkdirSync(dirname(join(out, "data", f)), { recursive: true });
    copyFileSync(at(`data/${f}`), join(out, "data", f));
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await buildWeb();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
