export { createEngine, createEngineSync } from "./engine.js";
export type { Engine, EngineOptions } from "./engine.js";
export { InputError, WasmAbortError, EngineDisposedError } from "./errors.js";
export type * from "./types.js";
export type { WasmBuild } from "./wasm/instance.js";
