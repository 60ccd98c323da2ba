import {
  WASM_RELEASE_SIMD_BASE64,
  WASM_RELEASE_SCALAR_BASE64,
  WASM_DEBUG_SIMD_BASE64,
} from "./bytes.generated.js";
import { WasmAbortError } from "../errors.js";

/** Which compiled module to run: the SIMD release build (default where the engine validates it), its scalar twin, or
 *  the debug build (assertions and bounds checks on; used by the tests). All three give the same bits. */
export type WasmBuild = "release" | "release-scalar" | "debug";

/** The kernels' exports; pointers are byte offsets into `memory`. */
export interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  linprogDense(a: number, b: number, c: number, lo: number, up: number, m: number, mUb: number, nv: number, x: number, y: number, info: number, scratch: number, maxIter: number, tol: number): number;
  linprogScratchBytes(m: number, mUb: number, nv: number): number;
  hullSimplex(a: number, u: number, n: number, k: number, simplexW: number, offset: number, sigma: number, w: number, y: number, info: number, scratch: number, maxIter: number, tol: number, batch: number, scaled: number): number;
  hullScratchBytes(n: number, k: number, offset: number): number;
  prepareDesign(a: number, b: number, n: number, k: number, omega: number, center: number, means: number): void;
  residualGradient(a: number, n: number, lda: number, k: number, p: number, xw: number, b: number, r: number, g: number, colSq: number): number;
  matrixMaxAbs(a: number, n: number, k: number): number;
  evaluateFit(a: number, b: number, n: number, k: number, x: number, omega: number, center: number, sumOne: number, residual: number, gradient: number, work: number, stats: number): void;
  gramUpdate(a: number, n: number, lda: number, p0: number, p1: number, g: number, ldg: number): void;
  nnlsActiveSet(a: number, b: number, n: number, k: number, sumOne: number, x: number, warm: number, scratch: number, maxIter: number, tol: number, info: number): number;
  activeSetScratchBytes(n: number, k: number): number;
  nnlsProjectedGradient(a: number, b: number, n: number, k: number, sumOne: number, x: number, warm: number, useGram: number, scratch: number, maxIter: number, tol: number, info: number): number;
  projectedGradientScratchBytes(n: number, k: number, useGram: number): number;
  bestResponses(ut: number, nA: number, aPad: number, nY: number, post: number, rows: number, tau: number, prefer: number, tauPref: number, tol: number, actions: number, values: number, scratch: number): number;
  quantalResponses(ut: number, nA: number, aPad: number, nY: number, post: number, rows: number, lambda: number, tau: number, tol: number, out: number, scratch: number): number;
  responsesScratchBytes(aPad: number): number;
}

const BASE64: Record<WasmBuild, string> = {
  "release": WASM_RELEASE_SIMD_BASE64,
  "release-scalar": WASM_RELEASE_SCALAR_BASE64,
  "debug": WASM_DEBUG_SIMD_BASE64,
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
  const exports = instance.exports as unknown as KernelExports;
  memory = exports.memory;
  return exports;
}
