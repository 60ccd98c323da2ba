import type { ResponseProblem } from "../responses.js";
import type { KernelExports } from "./instance.js";
import { withArena } from "./memory.js";
import { ensureFits } from "./kernels.js";

/** Posterior rows per chunk: at most 2^15 doubles (256 KiB) of posteriors or of quantal output in wasm memory at once,
 *  so that a chunk copied in is still in L2 when the kernel reads it. */
function chunkRows(p: ResponseProblem): number {
  const rows = Math.floor(2 ** 15 / Math.max(p.nY, p.nA, 1));
  return Math.max(32, rows - (rows % 32));
}

/** The WebAssembly response kernels (assembly/responses.ts): posteriors stream through a bounded buffer in chunks. */
export function wasmGamesKernels(k: KernelExports) {
  return {
    bestResponses(p: ResponseProblem, prefer: Float64Array | null, tauPref: number, actions: Int32Array, values: Float64Array): number {
      const chunk = Math.min(chunkRows(p), p.rows);
      ensureFits(k, 8 * (p.ut.length + (prefer ? prefer.length : 0) + chunk * (p.nY + 2)) + k.responsesScratchBytes(p.aPad) + 1024, `the utility (${p.nA}×${p.nY})`);
      return withArena(k, (arena) => {
        const ut = arena.put(p.ut);
        const pref = prefer ? arena.put(prefer) : 0;
        const post = arena.f64(chunk * p.nY), act = arena.i32(chunk), val = arena.f64(chunk);
        const scratch = arena.bytes(k.responsesScratchBytes(p.aPad));
        for (let r0 = 0; r0 < p.rows; r0 += chunk) {
          const n = Math.min(chunk, p.rows - r0);
          arena.write(post, p.posteriors.subarray(r0 * p.nY, (r0 + n) * p.nY));
          const bad = k.bestResponses(ut, p.nA, p.aPad, p.nY, post, n, p.tau, pref, tauPref, p.tol, act, val, scratch);
          if (bad >= 0) return r0 + bad;
          actions.set(arena.takeI32(act, n), r0);
          values.set(arena.take(val, n), r0);
        }
        return -1;
      });
    },
    quantalResponses(p: ResponseProblem, lambda: number, out: Float64Array): number {
      const chunk = Math.min(chunkRows(p), p.rows);
      ensureFits(k, 8 * (p.ut.length + chunk * (p.nY + p.nA)) + k.responsesScratchBytes(p.aPad) + 1024, `the utility (${p.nA}×${p.nY})`);
      return withArena(k, (arena) => {
        const ut = arena.put(p.ut);
        const post = arena.f64(chunk * p.nY), o = arena.f64(chunk * p.nA);
        const scratch = arena.bytes(k.responsesScratchBytes(p.aPad));
        for (let r0 = 0; r0 < p.rows; r0 += chunk) {
          const n = Math.min(chunk, p.rows - r0);
          arena.write(post, p.posteriors.subarray(r0 * p.nY, (r0 + n) * p.nY));
          const bad = k.quantalResponses(ut, p.nA, p.aPad, p.nY, post, n, lambda, p.tau, p.tol, o, scratch);
          if (bad >= 0) return r0 + bad;
          out.set(arena.take(o, n * p.nA), r0 * p.nA);
        }
        return -1;
      });
    },
  };
}
