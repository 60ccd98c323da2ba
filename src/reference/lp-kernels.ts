import type { HullOutcome, HullProblem, LinprogOutcome, LinprogProblem, LpSolveOptions } from "../lp.js";
import { bindHeap, hullScratchBytes, hullSimplex } from "./lp.js";
import { bindHeap as bindRevised, linprogRevised, revisedScratchBytes } from "./revised.generated.js";

/** A bump allocator over one ArrayBuffer, laid out as the wasm arena is (16-byte aligned byte offsets). */
class Heap {
  readonly f64: Float64Array;
  #top = 16;
  constructor(readonly buffer: ArrayBuffer) { this.f64 = new Float64Array(buffer); }
  bytes(n: number): number { const p = Math.ceil(this.#top / 16) * 16; this.#top = p + Math.ceil(n); return p; }
  put(src: ArrayLike<number>): number { const p = this.bytes(8 * src.length); this.f64.set(src, p / 8); return p; }
  take(p: number, n: number): Float64Array { return this.f64.slice(p / 8, p / 8 + n); }
}

function heapOf(bytes: number): Heap {
  const buffer = new ArrayBuffer(Math.ceil((bytes + 1024) / 16) * 16);
  bindHeap(buffer);
  return new Heap(buffer);
}

/** The plain-TypeScript LP kernels (src/reference/lp.ts, the port of assembly/lp.ts). */
export function referenceLpKernels() {
  return {
    solveLinprog(p: LinprogProblem, o: LpSolveOptions): LinprogOutcome {
      const scratchBytes = revisedScratchBytes(p.m, p.mUb, p.nv);
      const h = heapOf(scratchBytes + 8 * (p.m * p.nv + 2 * p.m + 4 * p.nv + 16) + 4 * (p.nv + p.m) + 512);
      bindRevised(h.buffer);
      const a = h.put(p.a), b = h.put(p.b), c = h.put(p.c), lo = h.put(p.lower), up = h.put(p.upper);
      const x = h.bytes(8 * p.nv), y = h.bytes(8 * p.m), info = h.bytes(64);
      const N = p.nv + p.m;
      const vstat = h.bytes(4 * N + 8);
      if (p.basis) new Int32Array(h.buffer, vstat, N).set(p.basis);
      const scratch = h.bytes(scratchBytes);
      const code = linprogRevised(a, b, c, lo, up, p.m, p.mUb, p.nv, x, y, info, scratch, o.maxIterations, o.tolerance,
        vstat, p.basis ? 1 : 0);
      const inf = h.take(info, 8);
      const basis = new Int32Array(h.buffer, vstat, N).slice();
      return { x: h.take(x, p.nv), y: h.take(y, p.m), statusCode: code, iterations: inf[0]!, phase: inf[1]!, basis };
    },
    solveHull(p: HullProblem, o: LpSolveOptions): HullOutcome {
      const off = p.offset ? 1 : 0;
      const scratchBytes = hullScratchBytes(p.n, p.k, off);
      const h = heapOf(scratchBytes + 8 * (p.n * p.k + 2 * p.n + p.k + 16) + 256);
      const a = h.put(p.a), u = h.put(p.u);
      const w = h.bytes(8 * p.k), y = h.bytes(8 * p.n), info = h.bytes(64);
      const scratch = h.bytes(scratchBytes);
      const code = hullSimplex(a, u, p.n, p.k, p.simplex ? 1 : 0, off, p.sigma, w, y, info, scratch,
        o.maxIterations, o.tolerance, o.batch, o.scaled ?? 0);
      const inf = h.take(info, 8);
      return {
        w: h.take(w, p.k), y: h.take(y, p.n), statusCode: code, iterations: inf[0]!, epsilon: inf[1]!,
        offset: inf[2]!, passes: inf[3]!,
      };
    },
  };
}
