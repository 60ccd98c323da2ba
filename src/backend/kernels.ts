import type { BackendName } from "../core/types.js";
import type {
  HullOutcome, HullProblem, Kernels, LinprogOutcome, LinprogProblem, LpSolveOptions, LsqOutcome, LsqProblem, SparseRows,
  LsqSolveOptions, ResponseProblem,
} from "./contract.js";
import type { KernelExports } from "./abi.js";
import { ensureFits, withArena } from "./arena.js";
import { nonFiniteEntry } from "../core/validate.js";

/**
 * The kernel contract over the kernels' binary interface: copy in, run the kernel on pointers, copy out. Both backends
 * run exactly this code; they differ only in what `k` is (a WebAssembly instance, or the js build of the same
 * assembly/ source over an ArrayBuffer heap), so they give the same bits.
 */
export function kernelsOn(name: BackendName, k: KernelExports): Kernels {
  return { name, release: () => k.release?.(), ...lsqKernels(k), ...lpKernels(k), ...responseKernels(k) };
}

/**
 * Projected gradient on the Gram matrix: forming AᵀA costs n·k²/2 once, each step then k² instead of a pass of 2nk.
 * Measured (wasm release, per solve): 200×100 37 → 6.6 ms, 1000×300 406 → 84 ms, 2000×1000 13.0 → 2.8 s; it pays
 * from n ≥ k/2 on, while k×k doubles stay modest.
 */
function gramPays(n: number, k: number): number {
  return 2 * n >= k && k <= 2048 ? 1 : 0;
}

/**
 * Data below 2^-100 (subnormal included) loses its digits in prepareDesign's means and √ω products (a subnormal
 * keeps only as many bits as its exponent allows): the design is then prepared from A and b times a power of two t
 * (exact, and the minimiser is the same), taken from the largest of A and b (of every b in a batch, so that all its
 * right-hand sides share one factor): only when both are tiny, so that b·t stays in range. t is capped at 2^600.
 */
/** Below this largest magnitude, products of two data values lose digits to underflow. */
const TINY = 2 ** -100;

export function designScale(a: ArrayLike<number>, bs: readonly ArrayLike<number>[]): number {
  // the usual data has an entry ≥ 2^-100 among the first few: stop there (a full pass cost ~10% of a 1000×100 fit)
  let m = 0;
  for (let i = 0; i < a.length; i++) { const v = Math.abs(a[i]!); if (v >= TINY) return 1; if (v > m) m = v; }
  for (const b of bs) for (let i = 0; i < b.length; i++) { const v = Math.abs(b[i]!); if (v >= TINY) return 1; if (v > m) m = v; }
  let t = 1;
  if (!(m > 0)) return t;
  while (m * t < TINY && t < 2 ** 600) t *= 2 ** 50;
  return t;
}

function scaled(v: ArrayLike<number>, t: number): ArrayLike<number> {
  return t === 1 ? v : Float64Array.from(v, (x) => x * t);
}

/** assembly/nnls-many.ts's "not for me" (data far from 1: the single call's power-of-two rescaling is needed). */
const GRAM_DECLINED = -1;
/** The shared Gram matrix pays from a few right-hand sides on, while k×k doubles stay modest. */
const GRAM_MIN_RHS = 4;
const GRAM_MAX_COLS = 4096;

function lsqKernels(k: KernelExports) {
  // two copies of A (the kernel's, and a pristine one for the recomputation), vectors, and the kernel's scratch
  const lsqBytes = (n: number, cols: number, method: LsqSolveOptions["method"]) => {
    const scratch = method === "active-set"
      ? k.activeSetScratchBytes(n, cols)
      : k.projectedGradientScratchBytes(n, cols, gramPays(n, cols));
    return { scratch, total: 8 * (2 * n * cols + 4 * n + 7 * cols) + scratch + 512 };
  };
  return {
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
        if (problem.finiteName !== undefined) {
          // one SIMD scan of the copy (in cache) instead of a scalar one of the caller's array before it
          const bad = k.firstNonFinite(a0, n * cols);
          if (bad >= 0) throw nonFiniteEntry(problem.finiteName, problem.a, cols, bad);
        }
        const b0 = arena.put(problem.b);
        const prepare = problem.center || problem.omega !== null;
        const t = prepare ? designScale(problem.a, [problem.b]) : 1;
        const a = t === 1 ? arena.duplicate(a0, n * cols) : arena.put(scaled(problem.a, t));
        const b = t === 1 ? arena.duplicate(b0, n) : arena.put(scaled(problem.b, t));
        const omega = problem.omega ? arena.put(problem.omega) : 0;
        const x = options.warmStart ? arena.put(options.warmStart) : arena.f64(cols);
        const scratch = arena.bytes(scratchBytes);
        const info = arena.i32(4);
        if (problem.center || omega) k.prepareDesign(a, b, n, cols, omega, problem.center ? 1 : 0, scratch);
        const warm = options.warmStart ? 1 : 0;
        const code = options.method === "active-set"
          ? k.nnlsActiveSet(a, b, n, cols, problem.sumOne ? 1 : 0, x, warm, scratch, options.maxIterations, options.tolerance, info, prepare ? 1 : 0)
          : k.nnlsProjectedGradient(a, b, n, cols, problem.sumOne ? 1 : 0, x, warm, useGram, scratch, options.maxIterations, options.tolerance, info, prepare ? 1 : 0);
        const residual = arena.f64(n), gradient = arena.f64(cols), work = arena.f64(5 * cols), stats = arena.f64(7);
        k.evaluateFit(a0, b0, n, cols, x, omega, problem.center ? 1 : 0, problem.sumOne ? 1 : 0, residual, gradient, work, stats);
        // x is the caller's Float64Array; what stays inside the library is read without typed-array allocations
        return {
          x: arena.take(x, cols), statusCode: code, iterations: arena.getI32(info),
          evaluation: {
            gradient: arena.takeArray(gradient, cols), offset: arena.get(stats, 0), scale: arena.get(stats, 1), residualNorm: arena.get(stats, 2),
            errors: { rmse: arena.get(stats, 3), mae: arena.get(stats, 4), maxAbs: arena.get(stats, 5) }, scaleFreeDual: arena.get(stats, 6),
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
      const gramScratch = useGram ? k.activeSetGramScratchBytes(n, cols) : 0;
      ensureFits(k, total + 8 * n * cols + (useGram ? 8 * cols * cols + gramScratch : 0), `the problem (${n}×${cols})`);
      return withArena(k, (arena) => {
        const a0 = arena.put(problem.a);
        const omega = problem.omega ? arena.put(problem.omega) : 0;
        const prepare = problem.center || omega !== 0;
        const scratch = arena.bytes(Math.max(scratchBytes, gramScratch));
        const t = prepare ? designScale(problem.a, bs) : 1;
        const ap = !prepare ? a0 : t === 1 ? arena.duplicate(a0, n * cols) : arena.put(scaled(problem.a, t));
        const zero = arena.f64(n);
        arena.zero(zero, n);
        if (prepare) k.prepareDesign(ap, zero, n, cols, omega, problem.center ? 1 : 0, scratch);
        const gram = useGram ? arena.f64(cols * cols) : 0;
        if (useGram) k.gramFullCompute(ap, n, cols, gram);
        const aMax = useGram ? k.matrixMaxAbs(ap, n, cols) : 0;
        const b0 = arena.f64(n), b = arena.f64(n);
        const x = arena.f64(cols);
        const info = arena.i32(4);
        const residual = arena.f64(n), gradient = arena.f64(cols), work = arena.f64(5 * cols), stats = arena.f64(7);
        const sumOne = problem.sumOne ? 1 : 0, warm = options.warmStart ? 1 : 0, center = problem.center ? 1 : 0;
        // the kernel's own copy of A, only where a right-hand side takes the single call's path
        let a = 0;
        const start = () => { if (options.warmStart) arena.write(x, options.warmStart); else arena.zero(x, cols); };
        let bCur: ArrayLike<number> = [];
        const prepareB = () => {
          if (t === 1) arena.copy(b0, b, n);
          else arena.write(b, scaled(bCur, t));
          if (prepare) k.prepareDesign(b, zero, n, 1, omega, center, scratch);
        };
        const out: LsqOutcome[] = [];
        for (const bj of bs) {
          bCur = bj;
          arena.write(b0, bj);
          prepareB();
          start();
          let code = useGram
            ? k.nnlsActiveSetGram(ap, b, n, cols, sumOne, x, warm, gram, aMax, scratch, options.maxIterations, options.tolerance, info)
            : GRAM_DECLINED;
          if (code === GRAM_DECLINED) {
            // the single call's path on a fresh copy of the prepared A (the kernel permutes and may rescale it)
            if (a === 0) a = arena.f64(n * cols);
            arena.copy(ap, a, n * cols);
            prepareB();
            start();
            code = options.method === "active-set"
              ? k.nnlsActiveSet(a, b, n, cols, sumOne, x, warm, scratch, options.maxIterations, options.tolerance, info, prepare ? 1 : 0)
              : k.nnlsProjectedGradient(a, b, n, cols, sumOne, x, warm, pgGram, scratch, options.maxIterations, options.tolerance, info, prepare ? 1 : 0);
          }
          k.evaluateFit(a0, b0, n, cols, x, omega, center, sumOne, residual, gradient, work, stats);
          const v = arena.take(stats, 7);
          out.push({
            x: arena.take(x, cols), statusCode: code, iterations: arena.takeI32(info, 1)[0]!,
            evaluation: {
              gradient: arena.take(gradient, cols), offset: v[0]!, scale: v[1]!, residualNorm: v[2]!,
              errors: { rmse: v[3]!, mae: v[4]!, maxAbs: v[5]! }, scaleFreeDual: v[6]!,
            },
          });
        }
        return out;
      });
    },
  };
}

function lpKernels(k: KernelExports) {
  return {
    solveLinprog(p: LinprogProblem, o: LpSolveOptions): LinprogOutcome {
      // the revised simplex (assembly/revised.ts); `basis` in and out for warm starts
      const A = p.rows ?? denseToRows(p.a!, p.m, p.nv);
      const nnz = A.start[p.m]!;
      const scratchBytes = k.revisedScratchBytes(p.m, p.mUb, p.nv, nnz);
      const N = p.nv + p.m;
      ensureFits(k, scratchBytes + 12 * nnz + 4 * p.m + 8 * (2 * p.m + 4 * p.nv + 16) + 4 * N + 512, `the LP (${p.m} rows × ${p.nv} variables)`);
      return withArena(k, (arena) => {
        const arp = arena.putI32(A.start, p.m + 1), aci = arena.putI32(A.cols, nnz), av = arena.put(A.values);
        const b = arena.put(p.b), c = arena.put(p.c);
        const lo = arena.put(p.lower), up = arena.put(p.upper);
        const x = arena.f64(p.nv), y = arena.f64(p.m), info = arena.f64(8);
        const vstat = arena.putI32(p.basis ?? new Int32Array(N), N);
        const scratch = arena.bytes(scratchBytes);
        const code = k.linprogRevised(arp, aci, av, b, c, lo, up, p.m, p.mUb, p.nv, x, y, info, scratch, o.maxIterations, o.tolerance,
          vstat, p.basis ? 1 : 0);
        const inf = arena.take(info, 8);
        return {
          x: arena.take(x, p.nv), y: arena.take(y, p.m), statusCode: code, iterations: inf[0]!, phase: inf[1]!,
          basis: arena.takeI32(vstat, N), dualPivots: inf[2]!, dualExit: inf[3]!,
        };
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

/** A row-major m×n matrix in compressed rows (its nonzeros, columns increasing within a row). */
export function denseToRows(a: Float64Array, m: number, n: number): SparseRows {
  let nnz = 0;
  for (let i = 0; i < m * n; i++) if (a[i] !== 0) nnz++;
  const start = new Int32Array(m + 1), cols = new Int32Array(nnz), values = new Float64Array(nnz);
  let q = 0;
  for (let i = 0; i < m; i++) {
    start[i] = q;
    for (let j = 0; j < n; j++) { const v = a[i * n + j]!; if (v !== 0) { cols[q] = j; values[q] = v; q++; } }
  }
  start[m] = q;
  return { start, cols, values };
}

/** Posterior rows per chunk: at most 2^15 doubles (256 KiB) of posteriors or of quantal output in memory at once,
 *  so that a chunk copied in is still in L2 when the kernel reads it. */
function chunkRows(p: ResponseProblem): number {
  const rows = Math.floor(2 ** 15 / Math.max(p.nY, p.nA, 1));
  return Math.max(32, rows - (rows % 32));
}

/** The response kernels (assembly/responses.ts): posteriors stream through a bounded buffer in chunks. */
function responseKernels(k: KernelExports) {
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
