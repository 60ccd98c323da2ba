import { InputError } from "../errors.js";
import { gramPays, type Kernels, type LsqProblem, type LsqSolveOptions, type LsqOutcome } from "../kernels.js";
import type { KernelExports } from "./instance.js";
import { wasmLpKernels } from "./lp-kernels.js";
import { wasmGamesKernels } from "./games-kernels.js";
import { withArena, MAX_WASM_BYTES } from "./memory.js";

/** Fails with InputError before anything is allocated when a problem cannot fit the wasm32 address space. */
export function ensureFits(kernels: KernelExports, bytes: number, what: string): void {
  const available = MAX_WASM_BYTES - kernels.heapBase() - 1024 * 1024;
  if (bytes > available) {
    throw new InputError(
      `${what} is too large for WebAssembly memory: it needs ${(bytes / 2 ** 30).toFixed(2)} GiB and wasm32 addresses at most 4 GiB; use backend 'js' or split the problem`,
    );
  }
}

/** The WebAssembly backend: copy in, run the kernel on pointers, copy out. */
export function wasmKernels(k: KernelExports): Kernels {
  // two copies of A (the kernel's, and a pristine one for the recomputation), vectors, and the kernel's scratch
  const lsqBytes = (n: number, cols: number, method: LsqSolveOptions["method"]) => {
    const scratch = method === "active-set"
      ? k.activeSetScratchBytes(n, cols)
      : k.projectedGradientScratchBytes(n, cols, gramPays(n, cols));
    return { scratch, total: 8 * (2 * n * cols + 4 * n + 7 * cols) + scratch + 512 };
  };
  return {
    name: "wasm",
    ...wasmLpKernels(k),
    ...wasmGamesKernels(k),
    checkLsqCapacity(n: number, cols: number, method: LsqSolveOptions["method"]): void {
      ensureFits(k, lsqBytes(n, cols, method).total, `the problem (${n}×${cols})`);
    },
    solveLsq(problem: LsqProblem, options: LsqSolveOptions): LsqOutcome {
      const { n, k: cols } = problem;
      const useGram = options.method === "projected-gradient" ? gramPays(n, cols) : 0;
      const { scratch: scratchBytes, total } = lsqBytes(n, cols, options.method);
      ensureFits(k, total, `the problem (${n}×${cols})`);
      return withArena(k, (arena) => {
        // the kernel permutes and centres its copy; the pristine one serves the recomputation
        const a0 = arena.put(problem.a);
        const b0 = arena.put(problem.b);
        const a = arena.duplicate(a0, n * cols);
        const b = arena.duplicate(b0, n);
        const omega = problem.omega ? arena.put(problem.omega) : 0;
        const x = options.warmStart ? arena.put(options.warmStart) : arena.f64(cols);
        const scratch = arena.bytes(scratchBytes);
        const info = arena.i32(4);
        if (problem.center || omega) k.prepareDesign(a, b, n, cols, omega, problem.center ? 1 : 0, scratch);
        const warm = options.warmStart ? 1 : 0;
        const code = options.method === "active-set"
          ? k.nnlsActiveSet(a, b, n, cols, problem.sumOne ? 1 : 0, x, warm, scratch, options.maxIterations, options.tolerance, info)
          : k.nnlsProjectedGradient(a, b, n, cols, problem.sumOne ? 1 : 0, x, warm, useGram, scratch, options.maxIterations, options.tolerance, info);
        const residual = arena.f64(n), gradient = arena.f64(cols), work = arena.f64(3 * cols), stats = arena.f64(7);
        k.evaluateFit(a0, b0, n, cols, x, omega, problem.center ? 1 : 0, problem.sumOne ? 1 : 0, residual, gradient, work, stats);
        const v = arena.take(stats, 7);
        return {
          x: arena.take(x, cols), statusCode: code, iterations: arena.takeI32(info, 1)[0]!,
          evaluation: {
            gradient: arena.take(gradient, cols), offset: v[0]!, scale: v[1]!, residualNorm: v[2]!,
            errors: { rmse: v[3]!, mae: v[4]!, maxAbs: v[5]! }, scaleFreeDual: v[6]!,
          },
        };
      });
    },
  };
}

