import { WASM_RELEASE_SIMD_BASE64, WASM_RELEASE_SCALAR_BASE64 } from "./bytes.generated.js";
import { WasmAbortError } from "../../core/errors.js";
import { MAX_MEMORY_BYTES, type KernelExports } from "../abi.js";

/** Which compiled module to run: the SIMD release build (default where the engine validates it) or its scalar twin
 *  (same results). Only release builds ship; the test suite compiles the debug build (assertions and bounds checks)
 *  from build/wasm/ and hands it in as a module. */
export type WasmBuild = "release" | "release-scalar";

const BASE64: Record<WasmBuild, string> = {
  "release": WASM_RELEASE_SIMD_BASE64,
  "release-scalar": WASM_RELEASE_SCALAR_BASE64,
};

const compiled = new Map<WasmBuild, WebAssembly.Module>();

function decode(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The SIMD build where the engine supports WebAssembly SIMD, else the scalar fallback (same results). */
export function defaultBuild(): WasmBuild {
  return WebAssembly.validate(decode(WASM_RELEASE_SIMD_BASE64) as BufferSource) ? "release" : "release-scalar";
}

/** Compiles once per build and caches the module (asynchronously: browsers refuse large synchronous compiles). */
export async function compileBuild(build: WasmBuild): Promise<WebAssembly.Module> {
  let module = compiled.get(build);
  if (!module) {
    module = await WebAssembly.compile(decode(BASE64[build]) as BufferSource);
    compiled.set(build, module);
  }
  return module;
}

/** Synchronous variant for Node and workers. */
export function compileBuildSync(build: WasmBuild): WebAssembly.Module {
  let module = compiled.get(build);
  if (!module) {
    module = new WebAssembly.Module(decode(BASE64[build]) as BufferSource);
    compiled.set(build, module);
  }
  return module;
}

/** A fresh instance with its own memory; `abort` (only reachable in the debug build) throws WasmAbortError. */
export function instantiate(module: WebAssembly.Module): KernelExports {
  let memory: WebAssembly.Memory | undefined;
  const readString = (ptr: number): string => {
    if (!memory || ptr === 0) return "";
    const len = new Uint32Array(memory.buffer, ptr - 4, 1)[0]! >>> 1;
    const units = new Uint16Array(memory.buffer, ptr, len);
    let text = "";
    for (let i = 0; i < len; i++) text += String.fromCharCode(units[i]!);
    return text;
  };
  const instance = new WebAssembly.Instance(module, {
    env: {
      abort(message: number, file: number, line: number, column: number): never {
        throw new WasmAbortError(`WebAssembly abort: ${readString(message)} at ${readString(file)}:${line}:${column}`);
      },
    },
  });
  const exports = instance.exports as unknown as Omit<KernelExports, "maxMemoryBytes"> & { memory: WebAssembly.Memory };
  memory = exports.memory;
  return Object.assign(Object.create(exports) as KernelExports, { maxMemoryBytes: MAX_MEMORY_BYTES });
}
