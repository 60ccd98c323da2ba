// Bundles the library with esbuild (types come separately from `tsc -p tsconfig.build.json`).
//
//   dist/index.js                  ESM, platform "neutral": a stray `node:` (or any Node built-in) import fails the build,
//                                  so the same file runs in Node, browsers, workers and bundlers.
//   dist/emergent-align.browser.js the same bundle, minified, for the web demo and <script type="module">.
//   dist/index.cjs                 require("emergent-align"): re-exports dist/index.js through Node's require(esm)
//                                  (Node ≥ 20.19 / ≥ 22.12); older Node gets one clear error saying to use import().
//   dist/experiments.js            `emergent-align/experiments` (platform "neutral", like the library).
//   dist/worker.js                 `emergent-align/worker`: the Web Worker client (types only from the library).
//   dist/engine-worker.js          the module Web Worker it starts: the engine + the page's tasks (platform "browser").
//   dist/cli.js                    only if src/cli/main.ts exists: platform "node", `#!/usr/bin/env node`. The CLI's own
//                                  dependencies (commander, cli-progress, csv-parse, vega, vega-lite) are bundled into
//                                  it, so a library user installs none of them. Two stay external, in "dependencies":
//                                  tinypool (it starts its worker threads from files inside its own package) and
//                                  @resvg/resvg-js (a native addon, one binary per platform); neither can be bundled.
//   dist/sweep-worker.js           with the CLI: the worker-thread entry of `emergent-align sweep` and `reproduce` (src/app/sweep/).
//   dist/pool.node.js, dist/pool-worker.node.js         `emergent-align/pool` under the "node" condition (src/pool/)
//   dist/pool.browser.js, dist/pool-worker.browser.js   the same under "browser" / "default" (module Web Workers)
//
// The WebAssembly bytes are already inlined in src/backend/wasm/bytes.generated.ts (run `npm run build:wasm` first).
import { build } from "esbuild";
import { existsSync, chmodSync, mkdirSync, readFileSync, rmSync, copyFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join, relative } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const at = (p) => join(root, p);

if (!existsSync(at("src/backend/wasm/bytes.generated.ts"))) {
  console.error("build/bundle.mjs: src/backend/wasm/bytes.generated.ts is missing; run `npm run build:wasm` (or `npm run build`) first.");
  process.exit(1);
}
// dist/ is all build output: start clean so no declaration or bundle of a deleted source lingers.
rmSync(at("dist"), { recursive: true, force: true });
mkdirSync(at("dist"), { recursive: true });

/** @type {import('esbuild').BuildOptions} */
const library = {
  entryPoints: [at("src/index.ts")],
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  // "neutral" sets no mainFields/conditions; these let dependencies resolve the way bundlers do, while
  // `platform: "neutral"` still refuses Node built-ins.
  mainFields: ["module", "main"],
  conditions: ["import", "module", "default"],
  logLevel: "warning",
  legalComments: "inline",
};

const jobs = [
  { ...library, outfile: at("dist/index.js"), sourcemap: true },
  { ...library, outfile: at("dist/emergent-align.browser.js"), minify: true, sourcemap: true },
  { ...library, entryPoints: [at("src/app/experiments/index.ts")], outfile: at("dist/experiments.js"), sourcemap: true },
  { ...library, entryPoints: [at("src/worker/index.ts")], outfile: at("dist/worker.js"), sourcemap: true },
  { ...library, entryPoints: [at("src/worker/worker.ts")], outfile: at("dist/engine-worker.js"), platform: "browser", minify: true, sourcemap: true },
];

/** Node bundles: dependencies bundled (CommonJS ones get a real `require`); tinypool and resvg external. */
const nodeBundle = {
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["tinypool", "@resvg/resvg-js"],
  banner: { js: 'import { createRequire as __eaCreateRequire } from "node:module"; const require = __eaCreateRequire(import.meta.url);' },
  logLevel: "warning",
  legalComments: "inline",
};

// emergent-align/pool: one pool (src/pool/pool.ts) with a host per export condition, and each host's worker script.
// The library itself stays in dist/index.js (imported as ./index.js), so InputError is one class everywhere.
const libraryExternal = {
  name: "library-external",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) =>
      args.importer.includes(`${join("src", "pool")}`) ? { path: "./index.js", external: true } : undefined);
  },
};
if (existsSync(at("src/pool/pool.ts"))) {
  const pool = { bundle: true, format: "esm", target: "es2022", logLevel: "warning", plugins: [libraryExternal] };
  jobs.push(
    { ...pool, entryPoints: [at("src/pool/node.ts")], platform: "node", outfile: at("dist/pool.node.js") },
    { ...pool, entryPoints: [at("src/pool/entry-node.ts")], platform: "node", outfile: at("dist/pool-worker.node.js") },
    { ...pool, entryPoints: [at("src/pool/browser.ts")], platform: "neutral", outfile: at("dist/pool.browser.js") },
    { ...pool, entryPoints: [at("src/pool/entry-browser.ts")], platform: "neutral", outfile: at("dist/pool-worker.browser.js") },
  );
}

if (existsSync(at("src/cli/main.ts"))) {
  // esbuild keeps an entry point's own hashbang line; add ours only when src/cli/main.ts has none (two would not parse).
  const hasHashbang = readFileSync(at("src/cli/main.ts"), "utf8").startsWith("#!");
  jobs.push({
    ...nodeBundle,
    entryPoints: [at("src/cli/main.ts")],
    ...(hasHashbang ? {} : { banner: { js: `#!/usr/bin/env node\n${nodeBundle.banner.js}` } }),
    outfile: at("dist/cli.js"),
  });
  // the sweep's worker-thread entry (the engine pool's worker plus sweepTasks; loaded by path, next to dist/cli.js)
  if (existsSync(at("src/app/sweep/worker.ts"))) {
    jobs.push({ ...nodeBundle, entryPoints: [at("src/app/sweep/worker.ts")], outfile: at("dist/sweep-worker.js") });
  }
} else {
  console.log("bundle: src/cli/main.ts not present; skipping dist/cli.js");
}

let failed = false;
for (const options of jobs) {
  try {
    const result = await build({ ...options, metafile: true });
    const [out, info] = Object.entries(result.metafile.outputs).find(([name]) => !name.endsWith(".map"));
    console.log(`bundle: ${relative(root, join(process.cwd(), out))} ${(info.bytes / 1024).toFixed(1)} KiB`);
  } catch (error) {
    // esbuild already printed the diagnostics (e.g. 'Could not resolve "node:fs"' under platform "neutral").
    failed = true;
    console.error(`bundle: failed for ${relative(root, options.outfile)} (esbuild's diagnostics above)`);
  }
}
if (failed) process.exit(1);
copyFileSync(at("build/index.cjs"), at("dist/index.cjs"));
if (existsSync(at("dist/cli.js"))) chmodSync(at("dist/cli.js"), 0o755);
