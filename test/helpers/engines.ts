import { readFileSync } from "node:fs";
import { createEngine, type Engine } from "../../src/index.js";
import { engineOn } from "../../src/engine.js";
import { kernelsOn } from "../../src/backend/kernels.js";
import { instantiate } from "../../src/backend/wasm/instance.js";

/** The debug build of the same kernels (assertions and bounds checks on): built by `npm run build`, never shipped. */
export function debugEngine(): Engine {
  const bytes = readFileSync(new URL("../../build/wasm/debug-simd.wasm", import.meta.url));
  return engineOn(kernelsOn("wasm", instantiate(new WebAssembly.Module(bytes))));
}

/** Every implementation the suites run against: the three WebAssembly builds and the js build of the same source. */
export const implementations: Array<[string, Engine]> = [
  ["wasm-release", await createEngine({ backend: "wasm", wasmBuild: "release" })],
  ["wasm-release-scalar", await createEngine({ backend: "wasm", wasmBuild: "release-scalar" })],
  ["wasm-debug", debugEngine()],
  ["js", await createEngine({ backend: "js" })],
];
