/**
 * The block kernels of assembly/blocks.ts on every build (SIMD and scalar release wasm, debug wasm, js):
 *   - blockAtB against the brute-force product (each entry summed row by row in double precision, the order the
 *     kernel promises) and against the exact dyadic sum (within the rounding bound of a sum of n products);
 *   - manyBlock's recomputation against evaluateFit at the same x (the single call's recomputation: the same bits
 *     for every number but the scale, whose ‖A_eqᵀb_eq‖∞ comes from the block's product — within 1e-13), and its
 *     gradient against the exact gradient (dyadic arithmetic) on uniform weights with n a power of two.
 */
import { describe, expect, it } from "vitest";
import { kernelBuilds, withArena } from "../helpers/kernels.js";
import { seeded, gaussian } from "../helpers/random.js";
import { dyadic, dadd, dmul, dsub, dzero, dToNumber, type Dyadic } from "../helpers/exact.js";

const builds = kernelBuilds();

describe.each(builds)("blockAtB (%s)", (_name, k) => {
  it("equals the brute-force product bit for bit, and the exact one within rounding, for any panel height", () => {
    const rng = seeded(41);
    for (const [n, c, J, P] of [[1, 1, 4, 4], [7, 5, 4, 4], [33, 9, 8, 8], [64, 12, 4, 64], [50, 3, 12, 7], [130, 17, 8, 40]] as const) {
      const A = Float64Array.from({ length: n * c }, () => gaussian(rng) * (rng() < 0.2 ? 0 : 1));
      const B = Float64Array.from({ length: n * J }, () => gaussian(rng));
      const out = withArena(k, (ar) => {
        const a = ar.put(A), nb = ar.put(B), o = ar.f64(c * J);
        k.blockAtB(a, n, c, nb, J, o, P);
        return ar.take(o, c * J);
      });
      for (let j = 0; j < J; j++) {
        for (let q = 0; q < c; q++) {
          let s = 0, bound = 0;
          let exact: Dyadic = dzero;
          for (let i = 0; i < n; i++) {
            s += B[i * J + j]! * A[i * c + q]!;
            bound += Math.abs(B[i * J + j]! * A[i * c + q]!);
            exact = dadd(exact, dmul(dyadic(B[i * J + j]!), dyadic(A[i * c + q]!)));
          }
          expect(Object.is(out[j * c + q], s), `n=${n} k=${c} J=${J} P=${P} (${j}, ${q})`).toBe(true);
          expect(Math.abs(out[j * c + q]! - dToNumber(exact))).toBeLessThanOrEqual((n + 1) * 2.3e-16 * bound + 1e-300);
        }
      }
    }
  });
});

interface Case { n: number; c: number; m: number; center: boolean; weights: boolean; simplex: boolean }

/** manyBlock on one block, then evaluateFit at each returned x; returns both, and the inputs. */
function runBlock(k: (typeof builds)[number][1], A: Float64Array, B: Float64Array, omega: Float64Array | null, cs: Case) {
  const { n, c, m } = cs;
  return withArena(k, (ar) => {
    const a0 = ar.put(A);
    const om = omega ? ar.put(omega) : 0;
    const center = cs.center ? 1 : 0, sumOne = cs.simplex ? 1 : 0;
    const prepare = cs.center || omega !== null;
    const scratch = ar.bytes(Math.max(k.activeSetGramScratchBytes(n, c), 8 * (c + 8)));
    const zero = ar.f64(n);
    ar.zero(zero, n);
    const ap = prepare ? ar.duplicate(a0, n * c) : a0;
    if (prepare) k.prepareDesign(ap, zero, n, c, om, center, scratch);
    const gram = ar.f64(c * c);
    k.gramFullCompute(ap, n, c, gram);
    const shared = ar.bytes(k.manySharedBytes(c));
    k.manyShared(a0, ap, n, c, om, center, shared);
    const bb = ar.put(B);
    const J = (m + 3) & ~3;
    const work = ar.bytes(k.manyBlockBytes(n, c, m));
    const x = ar.f64(c * J), grad = ar.f64(c * J), stats = ar.f64(9 * J), codes = ar.i32(J), iters = ar.i32(J);
    k.manyBlock(a0, ap, n, c, bb, m, m, om, center, sumOne, gram, shared, 0, x, grad, stats, codes, iters, work, scratch, 10 * c + 100, 1e-10);
    const xs = ar.takeEach(x, c, m), gs = ar.takeEach(grad, c, m), st = ar.take(stats, 9 * m), cd = ar.takeI32(codes, m);
    const b0 = ar.f64(n), xx = ar.f64(c), res = ar.f64(n), g1 = ar.f64(c), w5 = ar.f64(5 * c), s7 = ar.f64(7);
    const single = xs.map((xj, j) => {
      ar.write(b0, Float64Array.from({ length: n }, (_, i) => B[i * m + j]!));
      ar.write(xx, xj);
      k.evaluateFit(a0, b0, n, c, xx, om, center, sumOne, res, g1, w5, s7);
      return { gradient: ar.take(g1, c), stats: ar.take(s7, 7) };
    });
    return { xs, gs, st, cd, single };
  });
}

describe.each(builds)("manyBlock's recomputation (%s)", (_name, k) => {
  const cases: Case[] = [
    { n: 40, c: 7, m: 5, center: false, weights: false, simplex: false },
    { n: 64, c: 13, m: 9, center: true, weights: false, simplex: false },
    { n: 37, c: 6, m: 4, center: false, weights: true, simplex: false },
    { n: 50, c: 9, m: 7, center: true, weights: true, simplex: true },
    { n: 23, c: 5, m: 6, center: false, weights: false, simplex: true },
    { n: 300, c: 21, m: 16, center: true, weights: false, simplex: false },
  ];
  it.each(cases)("is evaluateFit's at the same x (%j)", (cs) => {
    const rng = seeded(cs.n * 31 + cs.c);
    const { n, c, m } = cs;
    const base = Array.from({ length: n }, () => gaussian(rng));
    const A = Float64Array.from({ length: n * c }, (_, t) => 0.7 * base[Math.floor(t / c)]! + 0.7 * gaussian(rng) + (cs.center ? 3 : 0));
    const B = new Float64Array(n * m);
    for (let j = 0; j < m; j++) {
      const w = Array.from({ length: c }, () => (rng() < 0.5 ? 0 : rng()));
      for (let i = 0; i < n; i++) { let s = 0.2 * gaussian(rng) + (cs.center ? 5 : 0); for (let q = 0; q < c; q++) s += A[i * c + q]! * w[q]!; B[i * m + j] = s; }
    }
    let omega: Float64Array | null = null;
    if (cs.weights) {
      const w = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 0 : 0.5 + rng()));
      const tot = w.reduce((a, b) => a + b, 0);
      omega = Float64Array.from(w, (v) => v / tot);
    }
    const { xs, gs, st, cd, single } = runBlock(k, A, B, omega, cs);
    for (let j = 0; j < m; j++) {
      expect(cd[j], `column ${j}: code`).toBe(0);
      const o = 9 * j;
      for (const s of [0, 2, 3, 4, 5, 6]) expect(Object.is(st[o + s], single[j]!.stats[s]), `column ${j} stat ${s}: ${st[o + s]} vs ${single[j]!.stats[s]}`).toBe(true);
      expect(Math.abs(st[o + 1]! - single[j]!.stats[1]!)).toBeLessThanOrEqual(1e-13 * single[j]!.stats[1]!);
      expect(st[o + 7]).toBe(0);
      for (let q = 0; q < c; q++) expect(Object.is(gs[j]![q], single[j]!.gradient[q]), `column ${j} gradient ${q}`).toBe(true);
      expect(xs[j]!.every((v) => v >= 0)).toBe(true);
    }
  });

  it("its gradient is the exact gradient within rounding (uniform weights, n = 64)", () => {
    const rng = seeded(99);
    const cs: Case = { n: 64, c: 10, m: 8, center: false, weights: false, simplex: false };
    const { n, c, m } = cs;
    const A = Float64Array.from({ length: n * c }, () => gaussian(rng));
    const B = Float64Array.from({ length: n * m }, () => gaussian(rng));
    const { xs, gs } = runBlock(k, A, B, null, cs);
    const w = dyadic(1 / n);
    for (let j = 0; j < m; j++) {
      const x = xs[j]!;
      const e: Dyadic[] = [];
      let eAbs = 0;
      for (let i = 0; i < n; i++) {
        let s = dsub(dzero, dyadic(B[i * m + j]!));
        let abs = Math.abs(B[i * m + j]!);
        for (let q = 0; q < c; q++) { s = dadd(s, dmul(dyadic(A[i * c + q]!), dyadic(x[q]!))); abs += Math.abs(A[i * c + q]! * x[q]!); }
        e.push(s);
        eAbs = Math.max(eAbs, abs);
      }
      for (let q = 0; q < c; q++) {
        let g: Dyadic = dzero, bound = 0;
        for (let i = 0; i < n; i++) { g = dadd(g, dmul(dmul(w, e[i]!), dyadic(A[i * c + q]!))); bound += Math.abs(A[i * c + q]!) * eAbs / n; }
        // each residual carries (c + 2)·u of its terms' magnitudes, the sum n·u of its own
        expect(Math.abs(gs[j]![q]! - dToNumber(g))).toBeLessThanOrEqual((n + c + 4) * 2.3e-16 * bound);
      }
    }
  });
});
