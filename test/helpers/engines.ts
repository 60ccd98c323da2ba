import { createEngine, type Engine } from "../../src/index.js";

/** Every implementation the suites run against: the three WebAssembly builds and the TypeScript reference. */
export const implementations: Array<[string, Engine]> = [
  ["wasm-release", await createEngine({ backend: "wasm", wasmBuild: "release" })],
  ["wasm-release-scalar", await createEngine({ backend: "wasm", wasmBuild: "release-scalar" })],
  ["wasm-debug", await createEngine({ backend: "wasm", wasmBuild: "debug" })],
  ["js", await createEngine({ backend: "js" })],
];
