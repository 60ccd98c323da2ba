import { readFileSync } from "node:fs";
import type { KernelExports } from "../../src/backend/abi.js";
import { withArena, type Arena } from "../../src/backend/arena.js";
import { portableExports } from "../../src/backend/js/instance.js";
import { compileBuildSync, instantiate } from "../../src/backend/wasm/instance.js";

/** The kernels' ABI in every build: SIMD and scalar release wasm, the debug wasm, and the js build of the same source. */
export function kernelBuilds(): Array<[string, KernelExports]> {
  const debug = new WebAssembly.Module(readFileSync(new URL("../../build/wasm/debug-simd.wasm", import.meta.url)));
  return [
    ["wasm-release", instantiate(compileBuildSync("release"))],
    ["wasm-release-scalar", instantiate(compileBuildSync("release-scalar"))],
    ["wasm-debug", instantiate(debug)],
    ["js", portableExports()],
  ];
}

export { withArena, type Arena };
