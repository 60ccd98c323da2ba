export { createEngine, createEngineSync } from "./engine.js";
export type { Engine, EngineOptions } from "./engine.js";
export { InputError, WasmAbortError, EngineDisposedError } from "./core/errors.js";
export type * from "./core/types.js";
export type { WasmBuild } from "./backend/wasm/instance.js";
