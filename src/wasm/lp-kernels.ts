import type { HullOutcome, HullProblem, LinprogOutcome, LinprogProblem, LpSolveOptions } from "../lp.js";
import type { KernelExports } from "./instance.js";
import { withArena } from "./memory.js";
import { ensureFits } from "./kernels.js";

/** The WebAssembly LP kernels (assembly/lp.ts): copy in, run on pointers, copy out. */
export function wasmLpKernels(k: KernelExports) {
  return {
    solveLinprog(p: LinprogProblem, o: LpSolveOptions): LinprogOutcome {
      const scratchBytes = k.revisedScratchBytes(p.m, p.mUb, p.nv);
      ensureFits(k, scratchBytes + 8 * (p.m * p.nv + 2 * p.m + 4 * p.nv + 16) + 4 * (p.nv + p.m) + 512, `the LP (${p.m} rows × ${p.nv} variables)`);
      return withArena(k, (arena) => {
        const a = arena.put(p.a), b = arena.put(p.b), c = arena.put(p.c);
        const lo = arena.put(p.lower), up = arena.put(p.upper);
        const x = arena.f64(p.nv), y = arena.f64(p.m), info = arena.f64(8);
        const N = p.nv + p.m;
        const vstat = arena.putI32(p.basis ?? new Int32Array(N), N);
        const scratch = arena.bytes(scratchBytes);
        const code = k.linprogRevised(a, b, c, lo, up, p.m, p.mUb, p.nv, x, y, info, scratch, o.maxIterations, o.tolerance,
          vstat, p.basis ? 1 : 0);
        const inf = arena.take(info, 8);
        const basis = arena.takeI32(vstat, N);
        return { x: arena.take(x, p.nv), y: arena.take(y, p.m), statusCode: code, iterations: inf[0]!, phase: inf[1]!, basis };
      });
    },
    solveHull(p: HullProblem, o: LpSolveOptions): HullOutcome {
      const off = p.offset ? 1 : 0;
      const scratchBytes = k.hullScratchBytes(p.n, p.k, off);
      ensureFits(k, scratchBytes + 8 * (p.n * p.k + 2 * p.n + p.k + 16) + 512, `the hull problem (${p.n}×${p.k})`);
      return withArena(k, (arena) => {
        const a = arena.put(p.a), u = arena.put(p.u);
        const w = arena.f64(p.k), y = arena.f64(p.n), info = arena.f64(8);
        const scratch = arena.bytes(scratchBytes);
        const code = k.hullSimplex(a, u, p.n, p.k, p.simplex ? 1 : 0, off, p.sigma, w, y, info, scratch,
          o.maxIterations, o.tolerance, o.batch, o.scaled ?? 0);
        const inf = arena.take(info, 8);
        return {
          w: arena.take(w, p.k), y: arena.take(y, p.n), statusCode: code, iterations: inf[0]!, epsilon: inf[1]!,
          offset: inf[2]!, passes: inf[3]!,
        };
      });
    },
  };
}
