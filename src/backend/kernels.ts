import type { BackendName } from "../core/types.js";
import { codeFromStatus } from "../core/status.js";
import type {
  HullOutcome, HullProblem, Kernels, LinprogOutcome, LinprogProblem, LpSolveOptions, LsqManyProblem, LsqOutcome, LsqProblem, SparseRows,
  LsqSolveOptions, ResponseProblem,
} from "./contract.js";
import type { KernelExports } from "./abi.js";
import { ensureFits, withArena, type Arena } from "./arena.js";
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

/** The kernels' status codes (assembly/status.ts) that certifyAnswer reads and writes. */
const CODE_OPTIMAL = codeFromStatus("optimal");
const CODE_NUMERICAL_ERROR = codeFromStatus("numerical_error");
/** lsqCertify's size limit (assembly/polish.ts COPY_LIMIT): beyond it the proof is not attempted. */
const CERTIFY_MAX_ENTRIES = 262144;
/** The lowest bar of the scale-free test (src/api/alignment.ts scaleFreeBar): above it an 'optimal' may be refused. */
const SCALE_FREE_FLOOR = 1e-8;

/**
 * The minor certificate's second chance (assembly/polish.ts lsqCertify: weak duality with Cauchy–Binet minors in
 * double-double, on the caller's own data and the (x, offset) returned), on the rare paths only:
 * - a 'numerical_error' from a kernel that ran on a centred or weighted copy (its rounding may move the minimum of
 *   nearly collinear or wildly scaled data, so the kernel's own certificate could not vouch for it);
 * - an 'optimal' whose scale-free residual test (evaluateFit, a rounding-limited check) would refuse it.
 * A proof makes the status 'optimal' and the scale-free test moot (reported as 0). Small problems only.
 */
function certifyAnswer(
  k: KernelExports, arena: Arena, problem: Omit<LsqProblem, "a" | "b">, code: number, a0: number, b0: number, x: number, omega: number, v: Float64Array,
): { code: number; scaleFreeDual: number } {
  if (!needsProof(problem, code, v[6]!)) return { code, scaleFreeDual: v[6]! };
  const ws = arena.bytes(k.lsqCertifyScratchBytes(problem.n, problem.k));
  const proved = k.lsqCertify(a0, b0, problem.n, problem.k, x, omega, problem.center ? 1 : 0, problem.sumOne ? 1 : 0, v[0]!, ws) === 1;
  return proved ? { code: CODE_OPTIMAL, scaleFreeDual: 0 } : { code, scaleFreeDual: v[6]! };
}

/** Whether certifyAnswer has something to try: see there (b and x need not be in memory to ask). */
function needsProof(problem: Omit<LsqProblem, "a" | "b">, code: number, scaleFreeDual: number): boolean {
  const prepared = problem.center || problem.omega !== null;
  const refused = code === CODE_OPTIMAL && !(scaleFreeDual <= SCALE_FREE_FLOOR);
  return (refused || (code === CODE_NUMERICAL_ERROR && prepared)) && problem.n * problem.k <= CERTIFY_MAX_ENTRIES;
}

/** assembly/nnls-many.ts's "not for me" (data far from 1: the single call's power-of-two rescaling is needed). */
const GRAM_DECLINED = -1;
/** The shared Gram matrix pays from a few right-hand sides on, while k×k doubles stay modest. */
const GRAM_MIN_RHS = 4;
const GRAM_MAX_COLS = 4096;

/** Two copies of A (the kernel's, and a pristine one for the recomputation), vectors, and the kernel's scratch. */
function lsqBytesOf(k: KernelExports, n: number, cols: number, method: LsqSolveOptions["method"]) {
  const scratch = method === "active-set"
    ? k.activeSetScratchBytes(n, cols)
    : k.projectedGradientScratchBytes(n, cols, gramPays(n, cols));
  return { scratch, total: 8 * (2 * n * cols + 4 * n + 7 * cols) + scratch + 512 };
}

function lsqKernels(k: KernelExports) {
  const lsqBytes = (n: number, cols: number, method: LsqSolveOptions["method"]) => lsqBytesOf(k, n, cols, method);
  return {
    checkLsqCapacity(n: number, cols: number, method: LsqSolveOptions["method"]): void {
      ensureFits(k, lsqBytes(n, cols, method).total, `the problem (${n}×${cols})`);
    },
    solveLsq(problem: LsqProblem, options: LsqSolveOptions): LsqOutcome {
      const { n, k: cols } = problem;
      const useGram = options.method === "projected-gradient" ? gramPays(n, cols) : 0;
      const { scratch: scratchBytes, total } = lsqBytes(n, cols, options.method);
      const smallBytes = smallFits(problem, options) ? k.smallScratchBytes(n, cols) : 0;
      ensureFits(k, total + (smallBytes > 0 ? smallBytes + 8 * (n + 2 * cols + 16) : 0), `the problem (${n}×${cols})`);
      return withArena(k, (arena) => {
        // the kernel permutes and centres its copy; the pristine one serves the recomputation
        const a0 = arena.put(problem.a);
        const b0 = arena.put(problem.b);
        if (smallBytes > 0) {
          // the Gram path of a small fit (assembly/small.ts), judged by one exact pass; declined: the path below.
          // (A with a NaN or ±Infinity is declined there, on G's diagonal, before any use: the scan below names it)
          const x = options.warmStart ? arena.put(options.warmStart) : arena.f64(cols);
          const buf = { residual: arena.f64(n), gradient: arena.f64(cols), work: 0, stats: arena.f64(7) };
          const info = arena.i32(4), scratch = arena.bytes(smallBytes);
          const code = k.nnlsSmall(a0, b0, n, cols, x, options.warmStart ? 1 : 0, scratch, options.maxIterations, options.tolerance, info,
            buf.residual, buf.gradient, buf.stats);
          if (code !== SMALL_DECLINED) return finished(k, arena, problem, a0, b0, x, 0, buf, code, arena.getI32(info));
        }
        if (problem.finiteName !== undefined) {
          // one SIMD scan of the copy (in cache) instead of a scalar one of the caller's array before it
          const bad = k.firstNonFinite(a0, n * cols);
          if (bad >= 0) throw nonFiniteEntry(problem.finiteName, problem.a, cols, bad);
        }
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
        const scaleFreeDual = arena.get(stats, 6);
        const proof = needsProof(problem, code, scaleFreeDual)
          ? certifyAnswer(k, arena, problem, code, a0, b0, x, omega, arena.take(stats, 7))
          : { code, scaleFreeDual };
        return {
          x: arena.take(x, cols), statusCode: proof.code, iterations: arena.getI32(info),
          evaluation: {
            gradient: arena.takeArray(gradient, cols), offset: arena.get(stats, 0), scale: arena.get(stats, 1), residualNorm: arena.get(stats, 2),
            errors: { rmse: arena.get(stats, 3), mae: arena.get(stats, 4), maxAbs: arena.get(stats, 5) }, scaleFreeDual: proof.scaleFreeDual,
          },
        };
      });
    },
    solveLsqMany(problem: LsqManyProblem, options: LsqSolveOptions): LsqOutcome[] {
      // What depends on A alone is done once: A is copied in once, centred / row-scaled once (prepareDesign on A gives
      // the same bits as inside each single call; b is prepared alone, as a one-column design, with the same
      // operations in the same order), and — for the active set with several right-hand sides — its whole Gram
      // matrix is formed once. Then blocks of right-hand sides (assembly/blocks.ts manyBlock): −A'ᵀB' for the block
      // in one product, the Gram rounds column by column (assembly/nnls-many.ts), and every reported number
      // recomputed from the caller's data for the whole block at once (evaluateFit's numbers, bit for bit), on which
      // the Gram answers are also judged. A column the block cannot settle is solved and recomputed on its own.
      const { n, k: cols, targets, m } = problem;
      const useGram = options.method === "active-set" && m >= GRAM_MIN_RHS && cols <= GRAM_MAX_COLS;
      const prepare = problem.center || problem.omega !== null;
      const t = prepare ? designScale(problem.a, [targets]) : 1;
      if (!useGram || t !== 1) return manyOneByOne(k, problem, useGram, t, options);
      const { scratch: scratchBytes, total } = lsqBytes(n, cols, options.method);
      const scratchAll = Math.max(scratchBytes, k.activeSetGramScratchBytes(n, cols));
      // the targets in chunks of whole rows: all of them when they take at most 2^23 doubles (64 MiB)
      const chunk = Math.min(m, Math.max(BLOCK, Math.floor(2 ** 23 / n / BLOCK) * BLOCK));
      const blockBytes = k.manyBlockBytes(n, cols, BLOCK) + 8 * (cols * (2 * BLOCK + 1) + 9 * BLOCK + 2 * BLOCK + n * chunk) + k.manySharedBytes(cols);
      ensureFits(k, total + scratchAll + 8 * (n * cols + cols * cols) + blockBytes, `the problem (${n}×${cols})`);
      return withArena(k, (arena) => {
        const a0 = arena.put(problem.a);
        const omega = problem.omega ? arena.put(problem.omega) : 0;
        const center = problem.center ? 1 : 0, sumOne = problem.sumOne ? 1 : 0;
        const scratch = arena.bytes(scratchAll);
        const zero = arena.f64(n);
        arena.zero(zero, n);
        const ap = prepare ? arena.duplicate(a0, n * cols) : a0;
        if (prepare) k.prepareDesign(ap, zero, n, cols, omega, center, scratch);
        const gram = arena.f64(cols * cols);
        k.gramFullCompute(ap, n, cols, gram);
        const shared = arena.bytes(k.manySharedBytes(cols));
        k.manyShared(a0, ap, n, cols, omega, center, shared);
        const aMaxP = arena.take(shared + 8 * (2 * cols + 3), 1)[0]!;
        const warm = options.warmStart ? arena.put(options.warmStart) : 0;
        const bb = arena.f64(n * chunk);
        const work = arena.bytes(k.manyBlockBytes(n, cols, BLOCK));
        const x = arena.f64(cols * BLOCK), grad = arena.f64(cols * BLOCK), stats = arena.f64(BLOCK_STATS * BLOCK);
        const codes = arena.i32(BLOCK), iters = arena.i32(BLOCK);
        // a column the block cannot settle: the full Gram kernel (GRAM_REDO) or the single call's path, then evaluateFit
        const one = { b0: arena.f64(n), b: arena.f64(n), x: arena.f64(cols), info: arena.i32(4), residual: arena.f64(n),
          gradient: arena.f64(cols), work: arena.f64(5 * cols), stats: arena.f64(7), a: 0 };
        const column = (j: number) => { const c = new Float64Array(n); for (let i = 0; i < n; i++) c[i] = targets[i * m + j]!; return c; };
        const alone = (j: number, code: number): LsqOutcome => {
          arena.write(one.b0, column(j));
          const prepareB = () => { arena.copy(one.b0, one.b, n); if (prepare) k.prepareDesign(one.b, zero, n, 1, omega, center, scratch); };
          const start = () => { if (options.warmStart) arena.write(one.x, options.warmStart); else arena.zero(one.x, cols); };
          prepareB();
          start();
          if (code === GRAM_REDO) {
            code = k.nnlsActiveSetGram(ap, one.b, n, cols, sumOne, one.x, warm ? 1 : 0, gram, aMaxP, scratch, options.maxIterations, options.tolerance, one.info);
          }
          if (code === GRAM_DECLINED) {
            if (one.a === 0) one.a = arena.f64(n * cols);
            arena.copy(ap, one.a, n * cols);
            prepareB();
            start();
            code = k.nnlsActiveSet(one.a, one.b, n, cols, sumOne, one.x, warm ? 1 : 0, scratch, options.maxIterations, options.tolerance, one.info, prepare ? 1 : 0);
          }
          return evaluated(k, arena, problem, a0, one.b0, one.x, omega, one, code, arena.takeI32(one.info, 1)[0]!);
        };
        const out: LsqOutcome[] = new Array(m);
        for (let c0 = 0; c0 < m; c0 += chunk) {
          const mc = Math.min(chunk, m - c0);
          if (mc === m) arena.write(bb, targets);
          else for (let i = 0; i < n; i++) arena.write(bb + 8 * i * mc, targets.subarray(i * m + c0, i * m + c0 + mc));
          for (let j0 = 0; j0 < mc; j0 += BLOCK) {
            const jb = Math.min(BLOCK, mc - j0);
            k.manyBlock(a0, ap, n, cols, bb + 8 * j0, mc, jb, omega, center, sumOne, gram, shared, warm, x, grad, stats, codes, iters,
              work, scratch, options.maxIterations, options.tolerance);
            const xs = arena.takeEach(x, cols, jb), gs = arena.takeEach(grad, cols, jb), v = arena.take(stats, BLOCK_STATS * jb);
            const cs = arena.takeI32(codes, jb), its = arena.takeI32(iters, jb);
            for (let q = 0; q < jb; q++) {
              const j = c0 + j0 + q, code = cs[q]!, o = q * BLOCK_STATS;
              if (code === GRAM_REDO || code === GRAM_DECLINED) { out[j] = alone(j, code); continue; }
              if (v[o + 7] !== 0) {
                // data far from 1: evaluateFit's rescaled pass
                arena.write(one.b0, column(j));
                arena.write(one.x, xs[q]!);
                out[j] = evaluated(k, arena, problem, a0, one.b0, one.x, omega, one, code, its[q]!);
                continue;
              }
              // the rare answer the scale-free test refuses (or a prepared copy's numerical_error): the single call's
              // proof on the caller's data (certifyAnswer decides cheaply when there is nothing to prove)
              let proof = { code, scaleFreeDual: v[o + 6]! };
              if (needsProof(problem, code, v[o + 6]!)) {
                arena.write(one.b0, column(j));
                arena.write(one.x, xs[q]!);
                proof = certifyAnswer(k, arena, problem, code, a0, one.b0, one.x, omega, v.subarray(o, o + 7));
              }
              out[j] = {
                x: xs[q]!, statusCode: proof.code, iterations: its[q]!,
                evaluation: {
                  gradient: gs[q]!, offset: v[o]!, scale: v[o + 1]!, residualNorm: v[o + 2]!,
                  errors: { rmse: v[o + 3]!, mae: v[o + 4]!, maxAbs: v[o + 5]! }, scaleFreeDual: proof.scaleFreeDual,
                },
              };
            }
          }
        }
        return out;
      });
    },
  };
}

/** Right-hand sides per block of assembly/blocks.ts manyBlock (a multiple of its tiles of 4). */
const BLOCK = 16;
/** assembly/blocks.ts: stats per right-hand side, and the code of a column the full Gram kernel must solve again. */
const BLOCK_STATS = 9;
const GRAM_REDO = -2;

interface OneBuffers { residual: number; gradient: number; work: number; stats: number }

/** evaluateFit at x (in the kernels' memory) as an outcome. */
function evaluated(
  k: KernelExports, arena: Arena, problem: Omit<LsqProblem, "a" | "b">, a0: number, b0: number, x: number, omega: number,
  buf: OneBuffers, code: number, iterations: number,
): LsqOutcome {
  k.evaluateFit(a0, b0, problem.n, problem.k, x, omega, problem.center ? 1 : 0, problem.sumOne ? 1 : 0, buf.residual, buf.gradient, buf.work, buf.stats);
  return finished(k, arena, problem, a0, b0, x, omega, buf, code, iterations);
}

/** The outcome from evaluateFit's numbers in `buf` (gradient, stats), with certifyAnswer's second chance where it
 *  applies. x is the caller's Float64Array; what stays inside the library is read without typed-array allocations. */
function finished(
  k: KernelExports, arena: Arena, problem: Omit<LsqProblem, "a" | "b">, a0: number, b0: number, x: number, omega: number,
  buf: OneBuffers, code: number, iterations: number,
): LsqOutcome {
  const s = buf.stats / 8;
  let v = arena.view();
  const scaleFreeDual = v[s + 6]!;
  const proof = needsProof(problem, code, scaleFreeDual)
    ? certifyAnswer(k, arena, problem, code, a0, b0, x, omega, arena.take(buf.stats, 7))
    : { code, scaleFreeDual };
  v = arena.view();   // (certifyAnswer may have grown the memory)
  return {
    x: arena.take(x, problem.k), statusCode: proof.code, iterations,
    evaluation: {
      gradient: arena.takeArray(buf.gradient, problem.k), offset: v[s]!, scale: v[s + 1]!, residualNorm: v[s + 2]!,
      errors: { rmse: v[s + 3]!, mae: v[s + 4]!, maxAbs: v[s + 5]! }, scaleFreeDual: proof.scaleFreeDual,
    },
  };
}

/** The small fits that take assembly/small.ts's Gram path first: the active set for x ≥ 0 without offset or point
 *  weights, up to SMALL_MAX_COLS columns (there G costs n·k²/2 once, against a pass of 2nk per outer round). */
function smallFits(problem: Omit<LsqProblem, "a" | "b">, options: LsqSolveOptions): boolean {
  return options.method === "active-set" && !problem.center && problem.omega === null && !problem.sumOne && problem.k <= SMALL_MAX_COLS;
}
const SMALL_MAX_COLS = 32;
/** assembly/small.ts: the Gram path declined (or its answer failed the exact judgement): take the single call's path. */
const SMALL_DECLINED = -1;

/**
 * The batch column by column (fewer than GRAM_MIN_RHS right-hand sides, the projected gradient, more than
 * GRAM_MAX_COLS columns, or data so small that the design is rescaled): A copied and prepared once, each right-hand
 * side solved on its own — on the shared Gram matrix when `useGram` — and recomputed by evaluateFit.
 */
function manyOneByOne(k: KernelExports, problem: LsqManyProblem, useGram: boolean, t: number, options: LsqSolveOptions): LsqOutcome[] {
  const { n, k: cols, targets, m } = problem;
  const pgGram = options.method === "projected-gradient" ? gramPays(n, cols) : 0;
  const { scratch: scratchBytes, total } = lsqBytesOf(k, n, cols, options.method);
  const gramScratch = useGram ? k.activeSetGramScratchBytes(n, cols) : 0;
  // as a single call: a small fit takes assembly/small.ts's Gram path first (the same bits as nnls on that column)
  const small = !useGram && smallFits(problem, options);
  const smallScratch = small ? k.smallScratchBytes(n, cols) : 0;
  ensureFits(k, total + 8 * n * cols + (useGram ? 8 * cols * cols + gramScratch : 0) + smallScratch, `the problem (${n}×${cols})`);
  const column = (j: number) => { const c = new Float64Array(n); for (let i = 0; i < n; i++) c[i] = targets[i * m + j]!; return c; };
  return withArena(k, (arena) => {
    const a0 = arena.put(problem.a);
    const omega = problem.omega ? arena.put(problem.omega) : 0;
    const prepare = problem.center || omega !== 0;
    const scratch = arena.bytes(Math.max(scratchBytes, gramScratch, smallScratch));
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
    const buf = { residual: arena.f64(n), gradient: arena.f64(cols), work: arena.f64(5 * cols), stats: arena.f64(7) };
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
    for (let j = 0; j < m; j++) {
      bCur = column(j);
      arena.write(b0, bCur);
      prepareB();
      start();
      if (small) {
        const code = k.nnlsSmall(a0, b0, n, cols, x, warm, scratch, options.maxIterations, options.tolerance, info, buf.residual, buf.gradient, buf.stats);
        if (code !== SMALL_DECLINED) { out.push(finished(k, arena, problem, a0, b0, x, omega, buf, code, arena.getI32(info))); continue; }
        start();
      }
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
      out.push(evaluated(k, arena, problem, a0, b0, x, omega, buf, code, arena.takeI32(info, 1)[0]!));
    }
    return out;
  });
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
      ensureFits(k, 8 * (p.ut.length + (prefer ? prefer.length : 0) + chunk * (p.nY + 2)) + k.responsesScratchBytes(p.aPad, p.nY) + 1024, `the utility (${p.nA}×${p.nY})`);
      return withArena(k, (arena) => {
        const ut = arena.put(p.ut);
        const pref = prefer ? arena.put(prefer) : 0;
        const post = arena.f64(chunk * p.nY), act = arena.i32(chunk), val = arena.f64(chunk);
        const scratch = arena.bytes(k.responsesScratchBytes(p.aPad, p.nY));
        for (let r0 = 0; r0 < p.rows; r0 += chunk) {
          const n = Math.min(chunk, p.rows - r0);
          arena.write(post, p.posteriors.subarray(r0 * p.nY, (r0 + n) * p.nY));
          const bad = k.bestResponses(ut, p.nA, p.aPad, p.nY, post, n, p.tau, pref, tauPref, p.tol, act, val, scratch, r0 > 0 ? 1 : 0);
          if (bad >= 0) return r0 + bad;
          arena.readI32Into(act, n, actions, r0);
          arena.readInto(val, n, values, r0);
        }
        return -1;
      });
    },
    quantalResponses(p: ResponseProblem, lambda: number, out: Float64Array): number {
      const chunk = Math.min(chunkRows(p), p.rows);
      ensureFits(k, 8 * (p.ut.length + chunk * (p.nY + p.nA)) + k.responsesScratchBytes(p.aPad, p.nY) + 1024, `the utility (${p.nA}×${p.nY})`);
      return withArena(k, (arena) => {
        const ut = arena.put(p.ut);
        const post = arena.f64(chunk * p.nY), o = arena.f64(chunk * p.nA);
        const scratch = arena.bytes(k.responsesScratchBytes(p.aPad, p.nY));
        for (let r0 = 0; r0 < p.rows; r0 += chunk) {
          const n = Math.min(chunk, p.rows - r0);
          arena.write(post, p.posteriors.subarray(r0 * p.nY, (r0 + n) * p.nY));
          const bad = k.quantalResponses(ut, p.nA, p.aPad, p.nY, post, n, lambda, p.tau, p.tol, o, scratch, r0 > 0 ? 1 : 0);
          if (bad >= 0) return r0 + bad;
          arena.readInto(o, n * p.nA, out, r0 * p.nA);
        }
        return -1;
      });
    },
  };
}
