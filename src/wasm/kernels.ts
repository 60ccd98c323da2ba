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

/** assembly/nnls-many.ts's "not for me" (data far from 1: the single call's rescaling is needed). */
const GRAM_DECLINED = -1;
/** The shared Gram matrix pays from a few right-hand sides on, while k×k doubles stay modest. */
const GRAM_MIN_RHS = 4;
const GRAM_MAX_COLS = 4096;

/** The WebAssembly backend: copy in, run the kernel on pointers, copy out. */
export function wasmKernels(k: KernelExports): Kernels {
  // two copies of A (the kernel's, and a pristine one for the recomputation), vectors, and the kernel's scratch
  const lsqBytes = (n: number, cols: number, method: LsqSolveOptions["method"]) => {
    const scratch = method === "active-set"
      ? k.activeSetScratchBytes(n, cols)
      : k.projectedGradientScratchBytes(n, cols, gramPays(n, cols));
    return { scratch, total: 8 * (2 * n * cols + 4 * n + 6 * cols) + scratch + 512 };
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
        const residual = arena.f64(n), gradient = arena.f64(cols), work = arena.f64(2 * cols), stats = arena.f64(6);
        k.evaluateFit(a0, b0, n, cols, x, omega, problem.center ? 1 : 0, problem.sumOne ? 1 : 0, residual, gradient, work, stats);
        const v = arena.take(stats, 6);
        return {
          x: arena.take(x, cols), statusCode: code, iterations: arena.takeI32(info, 1)[0]!,
          evaluation: {
            gradient: arena.take(gradient, cols), offset: v[0]!, scale: v[1]!, residualNorm: v[2]!,
            errors: { rmse: v[3]!, mae: v[4]!, maxAbs: v[5]! },
          },
        };
      });
    },
    solveLsqMany(problem: LsqProblem, bs: readonly Float64Array[], options: LsqSolveOptions): LsqOutcome[] {
      // What depends on A alone is done once: A is copied in once, centred / row-scaled once (prepareDesign on A gives
      // the same bits as inside each single call; b is prepared alone, as a one-column design, with the same
      // operations in the same order), and — for the active set with several right-hand sides — its whole Gram
      // matrix is formed once (assembly/nnls-many.ts: the rounds then run on it, judged by an exact pass). Each
      // result is recomputed from the pristine A (evaluateFit) exactly as for a single call.
      const { n, k: cols } = problem;
      const useGram = options.method === "active-set" && bs.length >= GRAM_MIN_RHS && cols <= GRAM_MAX_COLS;
      const pgGram = options.method === "projected-gradient" ? gramPays(n, cols) : 0;
      const { scratch: scratchBytes, total } = lsqBytes(n, cols, options.method);
      const gramBytes = useGram ? 8 * cols * cols + k.activeSetGramScratchBytes(n, cols) : 0;
      ensureFits(k, total + 8 * n * cols + gramBytes, `the problem (${n}×${cols})`);
      return withArena(k, (arena) => {
        const a0 = arena.put(problem.a);
        const omega = problem.omega ? arena.put(problem.omega) : 0;
        const prepare = problem.center || omega !== 0;
        const scratch = arena.bytes(useGram ? Math.max(scratchBytes, k.activeSetGramScratchBytes(n, cols)) : scratchBytes);
        const ap = prepare ? arena.duplicate(a0, n * cols) : a0;
        const zero = arena.f64(n);
        if (prepare) k.prepareDesign(ap, zero, n, cols, omega, problem.center ? 1 : 0, scratch);
        const gram = useGram ? arena.f64(cols * cols) : 0;
        if (useGram) k.gramFullCompute(ap, n, cols, gram);
        const aMax = useGram ? k.matrixMaxAbs(ap, n, cols) : 0;
        const a = arena.f64(n * cols);
        const b0 = arena.f64(n), b = arena.f64(n);
        const x = arena.f64(cols);
        const info = arena.i32(4);
        const residual = arena.f64(n), gradient = arena.f64(cols), work = arena.f64(2 * cols), stats = arena.f64(6);
        const sumOne = problem.sumOne ? 1 : 0, warm = options.warmStart ? 1 : 0;
        const start = () => { if (options.warmStart) arena.write(x, options.warmStart); else arena.zero(x, cols); };
        const out: LsqOutcome[] = [];
        for (const bj of bs) {
          arena.write(b0, bj);
          arena.copy(b0, b, n);
          if (prepare) k.prepareDesign(b, zero, n, 1, omega, problem.center ? 1 : 0, scratch);
          start();
          let code = useGram
            ? k.nnlsActiveSetGram(ap, b, n, cols, sumOne, x, warm, gram, aMax, scratch, options.maxIterations, options.tolerance, info)
            : GRAM_DECLINED;
          if (code === GRAM_DECLINED) {
            // the single call's path on a fresh copy of the prepared A (the kernel permutes and may rescale it)
            arena.copy(ap, a, n * cols);
            if (useGram) { arena.copy(b0, b, n); if (prepare) k.prepareDesign(b, zero, n, 1, omega, problem.center ? 1 : 0, scratch); }
            start();
            code = options.method === "active-set"
              ? k.nnlsActiveSet(a, b, n, cols, sumOne, x, warm, scratch, options.maxIterations, options.tolerance, info)
              : k.nnlsProjectedGradient(a, b, n, cols, sumOne, x, warm, pgGram, scratch, options.maxIterations, options.tolerance, info);
          }
          k.evaluateFit(a0, b0, n, cols, x, omega, problem.center ? 1 : 0, sumOne, residual, gradient, work, stats);
          const v = arena.take(stats, 6);
          out.push({
            x: arena.take(x, cols), statusCode: code, iterations: arena.takeI32(info, 1)[0]!,
            evaluation: {
              gradient: arena.take(gradient, cols), offset: v[0]!, scale: v[1]!, residualNorm: v[2]!,
              errors: { rmse: v[3]!, mae: v[4]!, maxAbs: v[5]! },
            },
          });
        }
        return out;
      });
    },
  };
}

