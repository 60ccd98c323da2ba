import type { Kernels } from "../kernels.js";

/** Placeholder until the reference port lands. */
export function referenceKernels(): Kernels {
  return {
    name: "js",
    solveLsq() { throw new Error("reference backend not yet implemented"); },
  };
}
