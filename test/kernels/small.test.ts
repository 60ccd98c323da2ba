/**
 * assembly/small.ts (nnlsSmall: a small single fit on the Gram matrix, judged by one exact pass) on every build
 * (SIMD and scalar release wasm, debug wasm, js):
 *   - on well-conditioned problems it answers (Status.Optimal) with the exact minimum (BigInt rationals: objective
 *     within SPEC's bar) and recomputes evaluateFit's numbers at its x (the same residual, gradient and errors up to
 *     rounding; the same bits across builds);
 *   - where the Gram model cannot be trusted it declines (−1) and leaves the answer to the single call's path: rows
 *     of very different scales, nearly collinear columns (cond ≈ 1e7: the squared condition number is beyond f64),
 *     data far from 1, a zero or tiny column (nnls.ts polishes there), and an iteration cap it cannot meet.
 */
import { describe, expect, it } from "vitest";
import { kernelBuilds, withArena } from "../helpers/kernels.js";
import { seeded, gaussian, randomNnls } from "../helpers/random.js";
import { exactLsq, exactLsqOnSupport, exactObjective, dsqrt } from "../helpers/exact.js";

const builds = kernelBuilds();
const DECLINED = -1;

type K = (typeof builds)[number][1];

/** nnlsSmall, then evaluateFit at its x (when it answered). */
function small(k: K, A: Float64Array, b: Float64Array, n: number, c: number, maxIter = 10 * c + 100, warm?: Float64Array) {
  return withArena(k, (ar) => {
    const a0 = ar.put(A), b0 = ar.put(b);
    const x = ar.f64(c), info = ar.i32(4), residual = ar.f64(n), gradient = ar.f64(c), stats = ar.f64(7);
    if (warm) ar.write(x, warm); else ar.zero(x, c);
    const scratch = ar.bytes(k.smallScratchBytes(n, c));
    const code = k.nnlsSmall(a0, b0, n, c, x, warm ? 1 : 0, scratch, maxIter, 1e-10, info, residual, gradient, stats);
    const out = { code, iterations: ar.getI32(info), x: ar.take(x, c), residual: ar.take(residual, n), gradient: ar.take(gradient, c), stats: ar.take(stats, 7) };
    const r2 = ar.f64(n), g2 = ar.f64(c), w2 = ar.f64(5 * c), s2 = ar.f64(7);
    k.evaluateFit(a0, b0, n, c, x, 0, 0, 0, r2, g2, w2, s2);
    return { ...out, ref: { residual: ar.take(r2, n), gradient: ar.take(g2, c), stats: ar.take(s2, 7) } };
  });
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);

describe.each(builds)("nnlsSmall (%s)", (_name, k) => {
  it("answers well-conditioned problems with the exact minimum and evaluateFit's numbers", () => {
    const rng = seeded(101);
    let answered = 0;
    for (let t = 0; t < 40; t++) {
      const n = 5 + Math.floor(rng() * 40), c = 1 + Math.floor(rng() * 6);
      const { A, b } = randomNnls(rng, n, c, { correlation: 0.5 });
      const r = small(k, A.data, b, n, c);
      if (r.code === DECLINED) continue;
      answered++;
      expect(r.code).toBe(0);
      const star = exactLsq({ A: A.data, n, k: c, b });
      const res = dsqrt(exactObjective(A.data, n, c, b, r.x, 0));
      let bb = 0;
      for (const v of b) bb += v * v;
      // SPEC's residual bar: ‖r‖ within 1e-9·max(1, ‖b‖) + 5e-9·r*
      expect(res - star.r, `n=${n} k=${c}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.sqrt(bb)) + 5e-9 * star.r);
      for (const v of r.x) expect(v).toBeGreaterThanOrEqual(0);
      // evaluateFit's numbers: the residual bit for bit (the same dot products), the rest up to rounding
      for (let i = 0; i < n; i++) expect(Math.abs(r.residual[i]! - r.ref.residual[i]!)).toBeLessThanOrEqual(1e-15 * (Math.abs(b[i]!) + 1));
      for (let q = 0; q < c; q++) expect(Math.abs(r.gradient[q]! - r.ref.gradient[q]!)).toBeLessThanOrEqual(1e-13 * r.ref.stats[1]!);
      for (const s of [0, 2, 3, 4, 5]) expect(rel(r.stats[s]!, r.ref.stats[s]!), `stat ${s}`).toBeLessThanOrEqual(1e-13);
      expect(rel(r.stats[1]!, r.ref.stats[1]!)).toBeLessThanOrEqual(1e-13);
      expect(r.stats[6]!).toBeLessThanOrEqual(1e-8);
    }
    expect(answered).toBeGreaterThanOrEqual(36);
  });

  it("answers wider problems too: G formed row by row as columns join, every block shape of gramRow (k mod 8)", () => {
    // (columns 8–32: the 8-column blocks and each remainder of gramRow; the entries of G no row has formed are NaN,
    // so a read of one would decline the fit, not pass unnoticed). Oracle: KKT in rationals on the answer's support.
    const rng = seeded(107);
    let answered = 0, proved = 0;
    const widths = [8, 9, 10, 11, 12, 13, 14, 15, 20, 27, 32];
    for (const c of widths) {
      const n = c + 20 + Math.floor(rng() * 40);
      const { A, b } = randomNnls(rng, n, c, { correlation: 0.3 });
      const r = small(k, A.data, b, n, c);
      if (r.code === DECLINED) continue;
      answered++;
      const support = [...r.x.keys()].filter((j) => r.x[j]! > 0);
      const star = exactLsqOnSupport(A.data, n, c, b, support);
      if (!star) continue;
      proved++;
      const res = dsqrt(exactObjective(A.data, n, c, b, r.x, 0));
      let bb = 0;
      for (const v of b) bb += v * v;
      expect(res - star.r, `n=${n} k=${c}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.sqrt(bb)) + 5e-9 * star.r);
      expect(r.stats[6]!).toBeLessThanOrEqual(1e-8);
      // warm-started from a perturbed answer: the seeds' rows are formed as they join, and the same minimum comes back
      const w = small(k, A.data, b, n, c, 10 * c + 100, Float64Array.from(r.x, (v, j) => v + 0.25 * ((j % 3) === 0 ? 1 : 0)));
      expect(w.code, `warm n=${n} k=${c}`).toBe(0);
      const resW = dsqrt(exactObjective(A.data, n, c, b, w.x, 0));
      expect(resW - star.r, `warm n=${n} k=${c}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.sqrt(bb)) + 5e-9 * star.r);
      // from the answer itself every seed joins the passive set at once (its rows formed as it joins): no step left
      const again = small(k, A.data, b, n, c, 10 * c + 100, r.x);
      expect(again.code).toBe(0);
      expect(again.iterations, `warm from the answer, n=${n} k=${c}, ${support.length} columns`).toBeLessThanOrEqual(1);
    }
    expect(answered).toBeGreaterThanOrEqual(widths.length - 1);
    expect(proved).toBeGreaterThanOrEqual(answered - 1);
  });

  it("declines rows of very different scales (nnls.ts would polish)", () => {
    const rng = seeded(102);
    const n = 30, c = 4;
    const { A, b } = randomNnls(rng, n, c);
    for (let j = 0; j < c; j++) A.data[j] = A.data[j]! * 1e7;
    b[0] = b[0]! * 1e7;
    expect(small(k, A.data, b, n, c).code).toBe(DECLINED);
  });

  it("answers rows of zeros and rows whose fitted value is 0 (only a row's own magnitude decides the spread)", () => {
    const rng = seeded(107);
    const n = 24, c = 3;
    const A = new Float64Array(n * c), b = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      // column 0 carries the fit; rows 0…5 are zero there (fitted value 0) but not elsewhere; rows 6, 7 are all zero
      A[i * c] = i < 6 ? 0 : 1 + rng();
      A[i * c + 1] = i === 6 || i === 7 ? 0 : gaussian(rng) * 1e-3;
      A[i * c + 2] = i === 6 || i === 7 ? 0 : -1 - rng();
      b[i] = 2 * A[i * c]! + 0.01 * gaussian(rng);
    }
    for (let j = 0; j < c; j++) { A[6 * c + j] = 0; A[7 * c + j] = 0; }
    const r = small(k, A, b, n, c);
    expect(r.code).toBe(0);
    const star = exactLsq({ A, n, k: c, b });
    expect(dsqrt(exactObjective(A, n, c, b, r.x, 0)) - star.r).toBeLessThanOrEqual(1e-9 * 10 + 5e-9 * star.r);
    // a row 2^21 below the largest is declined even when its fitted value is 0
    const B = A.slice();
    B[0 * c + 1] = 2 ** -21; B[0 * c + 2] = -(2 ** -21);
    expect(small(k, B, b, n, c).code).toBe(DECLINED);
  });

  it("declines nearly collinear columns (the Gram matrix squares cond ≈ 1e7)", () => {
    const rng = seeded(103);
    const n = 40, c = 5;
    const { A, b } = randomNnls(rng, n, c);
    for (let i = 0; i < n; i++) A.data[i * c + 1] = A.data[i * c]! * (1 + 1e-7 * gaussian(rng));
    // a target that needs both near-copies with positive weights
    for (let i = 0; i < n; i++) b[i] = A.data[i * c]! + A.data[i * c + 1]! + 0.01 * gaussian(rng);
    expect(small(k, A.data, b, n, c).code).toBe(DECLINED);
  });

  it("declines data far from 1 (evaluateFit and nnls.ts rescale it) and a cap it cannot meet", () => {
    const rng = seeded(104);
    const n = 20, c = 4;
    const { A, b } = randomNnls(rng, n, c);
    const big = A.data.map((v) => v * 2 ** 120);
    expect(small(k, big, b, n, c).code).toBe(DECLINED);
    // a zero column, and a column of 1e-140 next to columns of 1 (its squares underflow: nnls.ts polishes there)
    const zero = A.data.slice(), tiny = A.data.slice();
    for (let i = 0; i < n; i++) { zero[i * c + 2] = 0; tiny[i * c + 1] = 1e-140 * (1 + (i % 3)); }
    expect(small(k, zero, b, n, c).code).toBe(DECLINED);
    expect(small(k, tiny, b, n, c).code).toBe(DECLINED);
    const { A: A2, b: b2 } = randomNnls(seeded(105), 50, 12, { noise: 0.01 });
    expect(small(k, A2.data, b2, 50, 12, 1).code).toBe(DECLINED);
  });
});

describe("nnlsSmall: one implementation", () => {
  it("every build gives the same bits", () => {
    const rng = seeded(106);
    for (const [n, c] of [[200, 20], [111, 31], [17, 3], [9, 12]] as const) {
      const { A, b } = randomNnls(rng, n, c);
      const runs = builds.map(([name, k]) => [name, small(k, A.data, b, n, c)] as const);
      const want = JSON.stringify(runs[0]![1]);
      for (const [name, r] of runs.slice(1)) expect(JSON.stringify(r), `${name} at ${n}×${c}`).toBe(want);
    }
  });
});
