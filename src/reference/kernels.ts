import type { Kernels } from "../kernels.js";
import { solveLsq } from "./lsq.js";
import { referenceLpKernels } from "./lp-kernels.js";
import { referenceGamesKernels } from "./games-kernels.js";

/** The pure-TypeScript backend: each member is a plain-TS twin of the WebAssembly kernels (src/reference/<kernel>.ts). */
export function referenceKernels(): Kernels {
  return {
    name: "js",
    ...referenceLpKernels(),
    ...referenceGamesKernels(),
    solveLsq,
    checkLsqCapacity() { /* plain JS arrays: bounded by the host's memory, not by wasm32 */ },
  };
}
