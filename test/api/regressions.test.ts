/**
 * Issue 11 ("Every 'optimal' is true"): each defect the issue lists, as a named regression test asserting SPEC's
 * behaviour. Oracles: exact rational least squares (test/helpers/exact.ts), HiGHS (test/helpers/lp-oracle.ts), or
 * a number known in closed form. Calls that once hung run in a worker under a watchdog (test/fuzz/harness.ts).
 */

import { afterAll, describe, expect, it } from "vitest";
import { createEngine, EngineDisposedError, InputError, type Engine } from "../../src/index.js";
import { exactLsq, exactObjective, dsqrt } from "../helpers/exact.js";
import { hullWithHighs, loadHighs } from "../helpers/lp-oracle.js";
import { EngineHost } from "../fuzz/harness.js";
import { seeded, gaussian } from "../../src/core/random.js";

const engines: Array<[string, Engine]> = [
  ["wasm", await createEngine({ backend: "wasm" })],
  ["js", await createEngine({ backend: "js" })],
];
const highs = await loadHighs();
const host = new EngineHost();
afterAll(() => host.close());

/** LP-side fixes live on the lp branch (issue 11 is split in two): those tests are skipped here, with this reason. */
const LP_SIDE: string | null = null; // fixed on this branch (revised simplex in any units, hull σ without floor, cone proof)
const itLp = (name: string, fn: () => void | Promise<void>) => (LP_SIDE ? it.skip(`${name} — skipped: ${LP_SIDE}`, fn) : it(name, fn));

function inputError(fn: () => unknown, message: RegExp): void {
  let caught: unknown;
  try { fn(); } catch (e) { caught = e; }
  expect(caught, "expected an InputError").toBeInstanceOf(InputError);
  expect((caught as Error).message).toMatch(message);
}

const MAX = 1.7976931348623157e308;

/** ‖Ax − b‖ exactly, and the exact minimum over the constraint set. */
function residuals(A: number[][], b: number[], x: ArrayLike<number>, opts: { simplex?: boolean; offset?: number } = {}) {
  const n = A.length, k = A[0]!.length;
  const flat = Float64Array.from(A.flat());
  const r = dsqrt(exactObjective(flat, n, k, b, x, opts.offset ?? 0));
  const star = exactLsq({ A: flat, n, k, b, simplex: opts.simplex, offset: opts.offset !== undefined });
  const bNorm = Math.hypot(...b);
  return { r, rStar: star.r, tol: 1e-9 * Math.max(1, bNorm) + 5e-9 * star.r };
}

describe.each(engines)("issue 11 regressions (%s)", (backend, ea) => {
  // ---- least squares judged by the gradient alone
  it("nnls: the 2×2 example with cond 4.6e6 is solved to residual ~0, x ≈ (0.36663, 0.62343)", () => {
    const A = [[-0.8231692119990093, 0.10295096337686063], [-504182.8507094644, -3786215.993762004]];
    const b = [-0.23761781343298669, -2545282.3107875427];
    const r = ea.nnls(A, b);
    const { r: res, rStar, tol } = residuals(A, b, r.x);
    expect(res - rStar).toBeLessThanOrEqual(tol);
    expect(r.x[0]).toBeCloseTo(0.36663217, 6);
    expect(r.x[1]).toBeCloseTo(0.62342789, 6);
    expect(r.status).toBe("optimal");
  });

  /** Nearly collinear (1e-7), duplicated and row-scaled (1e±8) columns, b in the cone: 20 seeded instances. */
  function collinearInstances(): Array<{ A: number[][]; b: number[] }> {
    const rng = seeded(11);
    return Array.from({ length: 20 }, () => {
      const n = 6, k = 4;
      const A = Array.from({ length: n }, () => Array.from({ length: k }, () => gaussian(rng)));
      for (const row of A) { row[1] = row[0]! * (1 + 1e-7 * gaussian(rng)); row[3] = row[2]!; }
      const scales = A.map(() => 10 ** (16 * rng() - 8));
      A.forEach((row, i) => row.forEach((v, j) => { row[j] = v * scales[i]!; }));
      const w = [0.3, 0.2, 0.4, 0.1];
      return { A, b: A.map((row) => row.reduce((s, v, j) => s + v * w[j]!, 0)) };
    });
  }

  it("nnls: nearly collinear, duplicated and row-scaled columns reach the exact minimum residual (both methods)", () => {
    collinearInstances().forEach(({ A, b }, trial) => {
      for (const method of ["active-set", "projected-gradient"] as const) {
        const r = ea.nnls(A, b, { method });
        if (r.status !== "optimal") continue; // not claimed: only a false 'optimal' is a defect here
        const { r: res, rStar, tol } = residuals(A, b, r.x);
        expect(res - rStar, `nnls ${method} trial ${trial}`).toBeLessThanOrEqual(tol);
      }
    });
  });

  it("alignWeights simplex: the same instances", () => {
    collinearInstances().forEach(({ A, b }, trial) => {
      const s = ea.alignWeights(A, b, { constraint: "simplex" });
      if (s.status === "optimal") {
        const { r: res, rStar, tol } = residuals(A, b, s.weights, { simplex: true });
        expect(res - rStar, `simplex trial ${trial}`).toBeLessThanOrEqual(tol);
      }
    });
  });

  // ---- least squares: the QR polish and residual-space certificate (assembly/polish.ts), fuzz cases of seed 1
  /** SPEC's judgement of a weighted fit (with offset c) against the exact minimum: residual normalised by Σw. */
  function weighted(A: number[][], b: number[], x: ArrayLike<number>, c: number, w: number[] | null, simplex: boolean, offset: boolean) {
    const n = A.length, k = A[0]!.length;
    const flat = Float64Array.from(A.flat());
    const ww = w ?? new Array<number>(n).fill(1);
    const sw = ww.reduce((s, v) => s + v, 0);
    const r = dsqrt(exactObjective(flat, n, k, b, x, c, ww)) / Math.sqrt(sw);
    const star = exactLsq({ A: flat, n, k, b, w: ww, simplex, offset });
    const bNorm = Math.sqrt(b.reduce((s, v, i) => s + ww[i]! * v * v, 0) / sw);
    return { r, rStar: star.r / Math.sqrt(sw), tol: 1e-9 * Math.max(1, bNorm) + 5e-9 * star.r / Math.sqrt(sw) };
  }

  it("nnls projected-gradient: an ill-conditioned 2×2 (cond 1e5 on a 2.7e4 row) is solved, no longer iteration_limit", () => {
    const A = [[-1.777781044229324, 1.6096386082297163], [-4777.639567879202, -38720.57041879469]];
    const b = [0.06477591862792575, -29399.458497835174];
    const r = ea.nnls(A, b, { method: "projected-gradient" });
    expect(r.status).toBe("optimal");
    const { r: res, rStar, tol } = residuals(A, b, r.x);
    expect(res - rStar).toBeLessThanOrEqual(tol);
  });

  it("nnls: a column that is a rounded combination of two others is not certified (the exact minimum needs x ≈ 1e15)", () => {
    const A = [[-0.8641420676154935, -1.318628811040483, 1.766881654391222, -1.0233178474923639], [0.42651106343099576, -1.8004977490386131, 0.1708924454182128, 1.3941301251464822], [0.23894385240474494, -0.46019823101927465, -0.13762797719828213, 0.40867328448325524], [-0.7668266211553658, 0.3100604758990426, 0.938127824276205, -0.6442097639496434]];
    const b = [1.7970835966086112, -0.23045422812948158, 0.6240644590918015, 1.1636303761761242];
    for (const method of ["active-set", "projected-gradient"] as const) {
      const r = ea.nnls(A, b, { method });
      const { r: res, rStar, tol } = residuals(A, b, r.x);
      expect(rStar).toBeLessThan(0.805);   // 0.804…, at x ≈ (4.3e15, 1.3e15, 3.1e15, 0)
      if (r.status === "optimal") expect(res - rStar, method).toBeLessThanOrEqual(tol);
      else expect(r.status, method).toBe("numerical_error");
    }
  });

  it("alignWeights: subnormal data with offset and point weights is prepared at a power-of-two scale and certified", () => {
    const A = [[6e-323, 5e-324, 2e-323, -6.4e-323], [2e-323, -4e-323, 5e-324, 8e-323], [7.4e-323, -3.5e-323, 7e-323, 1e-323], [-1e-323, 0, 1.5e-323, -8e-323], [7.4e-323, 2.5e-323, -6e-323, -5e-324]];
    const b = [-2e-323, -6e-323, -2e-323, -5e-324, 2.5e-323];
    const w = [3, 1, 3, 0, 1];
    const r = ea.alignWeights(A, b, { offset: true, pointWeights: w });
    expect(r.status).toBe("optimal");
    const { r: res, rStar, tol } = weighted(A, b, r.weights, r.offset, w, false, true);
    expect(res - rStar).toBeLessThanOrEqual(tol);
  });

  it("alignWeights: rows of weight 0 whose residual leaves the f64 range keep the errors finite", () => {
    const A = [[2.6239512113916377e-22, -9.279054050854263e+36, -1.6937653454219552e-59, 2.7656635125986076e-84, -2.976980817546849e-101], [-1.628184092544176e+130, -7.517136735471362e-65, -3.40321200097221e-108, -1.1058235407530305e-77, -5.3692580169206e-41], [6.25979968682973e-26, 2.982663297131337e+60, -1.182603408316192e-35, -2.7251866360286767e+138, 2.1690582775929734e+57], [2.0535700065490925e-17, 1.1153917636089025e-115, 2.5086476940571022e+45, -2.363758451362578e-15, 4.912741518948696e+35]];
    const b = [6.382421315631828e+117, 4.664311104229378e-124, 1.3089964769926395e+99, -4.4601445994538487e+92];
    const w = [2, 2, 0, 0];
    for (const method of ["active-set", "projected-gradient"] as const) {
      const r = ea.alignWeights(A, b, { pointWeights: w, method });
      for (const v of [r.error.rmse, r.error.mae, r.error.maxAbs, ...r.weights]) expect(Number.isFinite(v), method).toBe(true);
      if (r.status === "optimal") {
        const { r: res, rStar, tol } = weighted(A, b, r.weights, 0, w, false, false);
        expect(res - rStar, method).toBeLessThanOrEqual(tol);
      }
    }
  });

  it("alignWeights simplex with offset: an offset f64 cannot hold (U = 6.1e109, u = −5.5e39) is not 'optimal'", () => {
    const A = [[6.1332103520461486e+109]];
    const b = [-5.542138516352032e+39];
    for (const method of ["active-set", "projected-gradient"] as const) {
      const r = ea.alignWeights(A, b, { constraint: "simplex", offset: true, pointWeights: [2], method });
      const { r: res, rStar, tol } = weighted(A, b, r.weights, r.offset, [2], true, true);
      expect(rStar).toBe(0);
      expect(res - rStar).toBeGreaterThan(tol);   // the offset's rounding alone
      expect(r.status, method).not.toBe("optimal");
    }
  });

  it("alignWeights simplex with u = 0: weights 0.4/0.6 have no exact f64 fit, which SPEC's objective rule asks for", () => {
    const A = [[3, -2, 0]];
    for (const method of ["active-set", "projected-gradient"] as const) {
      const r = ea.alignWeights(A, [0], { constraint: "simplex", method });
      const f = exactObjective(Float64Array.from(A.flat()), 1, 3, [0], r.weights, 0);
      if (r.status === "optimal") expect(f.m, method).toBe(0n);
      else expect(f.m, method).not.toBe(0n);
    }
  });

  it("alignWeights simplex: a residual hidden in the sum row (columns of 1e±100, u of 1e-26) is not certified", () => {
    const A = [[-5.914944541634785e+32, 1.972314222892365e+53, 9.505112220595356e-138], [-4.319431942448748e-59, 2.2363331524512715e+25, -1.0812677500817807e-22], [-3959914702644282400, -1.7647061238300467e+92, 1.2933981548482175e+102]];
    const b = [-1.289021320084163e-123, -3.711128237736541e-137, -3.428988973240866e-26];
    for (const method of ["active-set", "projected-gradient"] as const) {
      const r = ea.alignWeights(A, b, { constraint: "simplex", method });
      const { r: res, rStar, tol } = weighted(A, b, r.weights, 0, null, true, false);
      if (r.status === "optimal") expect(res - rStar, method).toBeLessThanOrEqual(tol);
    }
  });

  it("alignWeights simplex with offset: U of 1e-112 and u of 1e58 give finite numbers (design scaling keeps b·t in range)", () => {
    const A = [[1.010779004452937e-112, -2.7853179457644987e-112, -1.5294523234899816e-112], [-1.8318092400319734e-112, -2.182104182336647e-112, -2.8008198303872206e-112], [1.0057492146211841e-112, -1.629070173584053e-112, -1.813111467098723e-112], [-5.177912135999601e-113, 3.85364770337767e-113, -2.158284018995387e-112], [-1.3302462288732478e-112, 3.6362363405384425e-112, -7.746207286772131e-113], [-2.4538467445900236e-112, 3.448668368650607e-113, 1.0849318113476243e-112], [-1.548114752984515e-112, 2.009415137303005e-112, 2.0130569656948146e-112]];
    const b = [1.7322508231164317e+57, -2.691024485605004e+58, 7.664710270573149e+57, 2.4466506990759114e+58, -1.2785484095154174e+58, 1.1855469421504068e+58, -3.0491243157077975e+58];
    for (const method of ["active-set", "projected-gradient"] as const) {
      const r = ea.alignWeights(A, b, { constraint: "simplex", offset: true, method });
      for (const v of [...r.weights, r.offset, r.error.rmse]) expect(Number.isFinite(v), method).toBe(true);
      if (r.status === "optimal") {
        const { r: res, rStar, tol } = weighted(A, b, r.weights, r.offset, null, true, true);
        expect(res - rStar, method).toBeLessThanOrEqual(tol);
      }
    }
  });

  // ---- non-finite intermediates
  it("nnls projected-gradient on subnormal data (7.4e-323…) returns, with finite numbers", async () => {
    const o = await host.call(backend as "wasm" | "js", "nnls", [[[7.4e-323], [-5.4e-323], [-3.5e-323]], [4e-323, -3e-323, -2e-323], { method: "projected-gradient", maxIterations: 10 }], 10_000);
    expect("hang" in o, "hung").toBe(false);
    expect(o.ok).toBe(true);
    const v = (o as { value: { x: Float64Array; residualNorm: number } }).value;
    expect(Number.isFinite(v.x[0]!) && Number.isFinite(v.residualNorm)).toBe(true);
  });

  itLp("hullDistance([[0, -5e-324]], [-5e-324]) gives a finite certificate", () => {
    const r = ea.hullDistance([[0, -5e-324]], [-5e-324]);
    expect(Array.from(r.certificate.y).every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(r.certificate.lowerBound)).toBe(true);
  });

  it("alignWeights simplex with warmStart [0, 0] gives finite weights (the same as without a start)", () => {
    const U = [[1, 0], [0, 1], [1, 1]], u = [0.2, 0.9, 1.1];
    const r = ea.alignWeights(U, u, { constraint: "simplex", warmStart: [0, 0] });
    const r0 = ea.alignWeights(U, u, { constraint: "simplex" });
    expect(Array.from(r.weights).every(Number.isFinite)).toBe(true);
    expect(r.status).toBe("optimal");
    expect(r.weights[0]).toBeCloseTo(r0.weights[0]!, 12);
  });

  it("quantalResponses at −1.8e308 with a posterior summing to 1 + 4e-10 gives [1]; bestResponses finite or an InputError naming the overflow", () => {
    expect(Array.from(ea.quantalResponses([[-MAX]], [[1.0000000004]], 1))).toEqual([1]);
    expect(Array.from(ea.quantalResponses([[-MAX], [MAX]], [[1.0000000004]], 1))).toEqual([0, 1]);
    try {
      const b = ea.bestResponses([[-MAX]], [[1.0000000004]]);
      expect(Number.isFinite(b.values[0]!)).toBe(true);
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as Error).message).toMatch(/overflow/);
    }
    const ok = ea.bestResponses([[-MAX], [MAX / 2]], [[1]]);
    expect(ok.actions[0]).toBe(1);
    expect(ok.values[0]).toBe(MAX / 2);
  });

  // ---- inputs that break normalisation or the boundary
  it("pointWeights [1e308, 1e308, 1e308] act as uniform weights (l2 and linf)", () => {
    const U = [[1, 0], [0, 1], [1, 1]], u = [0.5, 0.2, 0.9];
    const big = ea.alignWeights(U, u, { pointWeights: [1e308, 1e308, 1e308] });
    const plain = ea.alignWeights(U, u);
    expect(big.status).toBe("optimal");
    big.weights.forEach((w, j) => expect(w).toBeCloseTo(plain.weights[j]!, 12));
    expect(big.error.rmse).toBeCloseTo(plain.error.rmse, 14);
    const linf = ea.alignWeights(U, u, { pointWeights: [1e308, 1e308, 1e308], norm: "linf", constraint: "simplex" });
    const hull = ea.hullDistance(U, u, { constraint: "simplex" });
    expect(linf.error.maxAbs).toBeCloseTo(hull.epsilon, 12);
  });

  it("maxIterations 2^31 is clamped to what the i32 kernels take (wasm solves as js does)", () => {
    const A = [[1, 0], [0, 1], [1, 1]], b = [1, 2, 2];
    for (const method of ["active-set", "projected-gradient"] as const) {
      const r = ea.nnls(A, b, { method, maxIterations: 2 ** 31 });
      expect(r.status, method).toBe("optimal");
    }
    expect(ea.alignWeights(A, b, { maxIterations: 2 ** 40 }).status).toBe("optimal");
    expect(ea.hullDistance(A, b, { maxIterations: 2 ** 31 }).status).toBe("optimal");
    expect(ea.linprog({ c: [1, 1], Aub: [[-1, -1]], bub: [-1] }, { maxIterations: 2 ** 31 }).status).toBe("optimal");
  });

  it("huge ml-matrix-like shapes are an InputError (not a RangeError) at every entry point, before allocating", () => {
    const huge = { rows: 1e6, columns: 1e6, get: () => 0 };
    const v = (n: number) => new Float64Array(n);
    inputError(() => ea.nnls(huge, v(1e6)), /too large/);
    inputError(() => ea.alignWeights(huge, v(1e6)), /too large/);
    inputError(() => ea.hullDistance(huge, v(1e6)), /too large/);
    inputError(() => ea.inHull(huge, v(1e6)), /too large/);
    inputError(() => ea.linprog({ c: v(1e6), Aub: huge, bub: v(1e6) }), /too large/);
    inputError(() => ea.bestResponses(huge, [[1]]), /too large/);
    inputError(() => ea.quantalResponses(huge, [[1]], 1), /too large/);
    inputError(() => ea.persuasion(huge, huge, [1]), /too large/);
    inputError(() => ea.concavify(v(1e6), huge, v(1e6)), /too large/);
    inputError(() => ea.selectionGame({ providers: [huge], user: huge, prior: [1] }), /too large/);
  });

  it("shapes must be positive integers: rows 2.5 or NaN are an InputError (and js bestResponses does not hang)", async () => {
    inputError(() => ea.nnls({ rows: 2.5, cols: 1, data: new Float64Array(2) }, [1, 2]), /whole number/);
    inputError(() => ea.nnls({ rows: NaN, cols: 1, data: new Float64Array(2) }, [1, 2]), /whole number/);
    inputError(() => ea.nnls({ rows: 2.5, columns: 1, get: () => 1 }, [1, 2]), /whole number/);
    inputError(() => ea.bestResponses([[1, 2]], { rows: 2.5, cols: 2, data: Float64Array.from([1, 0, 0, 1]) }), /posteriors/);
    const o = await host.call(backend as "wasm" | "js", "bestResponses", [{ rows: 1, cols: 2, data: Float64Array.from([1, 2]) }, { rows: NaN, cols: 2, data: Float64Array.from([1, 0]) }], 10_000);
    expect("hang" in o, "hung").toBe(false);
    expect(o.ok).toBe(false);
    expect((o as { error: { name: string } }).error.name).toBe("InputError");
  });

  it("simplexGrid(1e12, 2) and other grids that cannot be enumerated are an InputError", () => {
    inputError(() => ea.simplexGrid(1e12, 2), /states|cannot be enumerated/);
    inputError(() => ea.simplexGrid(200, 100), /cannot be enumerated/);
    inputError(() => ea.simplexGridChunks(1e12, 2).next(), /states|cannot be enumerated/);
    expect(ea.simplexGridSize(1e12, 2)).toBe(Infinity);
    expect(ea.simplexGrid(3, 2).rows).toBe(6);
  });

  it("misspelled option keys are an InputError naming the key and the closest known one", () => {
    const A = [[1, 0], [0, 1]], b = [1, 1];
    inputError(() => ea.nnls(A, b, { maxIteration: 5 } as never), /'maxIteration'.*'maxIterations'/);
    inputError(() => ea.alignWeights(A, b, { constrant: "simplex" } as never), /'constrant'.*'constraint'/);
    inputError(() => ea.linprog({ c: [1, 1], A_ub: [[1, 1]], b_ub: [1] } as never), /'A_ub'.*'Aub'/);
    inputError(() => ea.linprog({ c: [1, 1] }, { tol: 1e-9 } as never), /'tol'.*'tolerance'/);
    inputError(() => ea.hullDistance(A, b, { ofset: true } as never), /'ofset'.*'offset'/);
    inputError(() => ea.inHull(A, b, { epsilonTol: 1 } as never), /'epsilonTol'.*'epsilonTolerance'/);
    inputError(() => ea.bestResponses(A, [[1, 0]], { tieTol: 0 } as never), /'tieTol'.*'tieTolerance'/);
    inputError(() => ea.quantalResponses(A, [[1, 0]], 1, { prefer: A } as never), /'prefer'.*'tieTolerance'/);
    inputError(() => ea.persuasion(A, A, [0.5, 0.5], { receiverAtleast: 0 } as never), /'receiverAtleast'.*'receiverAtLeast'/);
    inputError(() => ea.selectionGame({ providers: [A], user: A, prior: [0.5, 0.5], maxRound: 3 } as never), /'maxRound'.*'maxRounds'/);
  });

  it("empty row sets are rejected before any kernel runs", () => {
    inputError(() => ea.hullDistance({ rows: 0, cols: 2, data: new Float64Array(0) }, []), /U/);
    inputError(() => ea.bestResponses([[1, 2]], { rows: 0, cols: 2, data: new Float64Array(0) }), /posteriors/);
    inputError(() => ea.linprog({ c: [1], Aub: { rows: 0, cols: 1, data: new Float64Array(0) }, bub: [] }), /Aub|bub/);
    inputError(() => ea.alignWeights([[1], [2]], [1, 2], { pointWeights: [0, 0], norm: "linf" }), /pointWeights/);
  });

  // ---- tolerances floored at 1 or absolute (LP side)
  itLp("hullDistance in units of 1e-9 equals 1e-9 × the unit answer (σ has no floor at 1)", () => {
    const U = [[1, 0.2], [0.3, 1], [0.5, 0.4]], u = [0.9, 0.1, 0.8];
    for (const constraint of ["simplex", "nonnegative"] as const) for (const offset of [false, true]) {
      const unit = ea.hullDistance(U, u, { constraint, offset });
      const small = ea.hullDistance(U.map((r) => r.map((v) => v * 1e-9)), u.map((v) => v * 1e-9), { constraint, offset });
      expect(small.status).toBe(unit.status);
      expect(Math.abs(small.epsilon - 1e-9 * unit.epsilon)).toBeLessThanOrEqual(1e-9 * 1e-9 * unit.scale);
    }
  });

  itLp("linprog: an infeasible LP in units of 1e-100 is 'infeasible'", () => {
    expect(ea.linprog({ c: [1e-100, 1e-100], Aub: [[1e-100, 1e-100]], bub: [-1e-100] }).status).toBe("infeasible");
  });

  itLp("linprog: min 1e-10·(x − y) s.t. x + y ≤ 1 reaches (0, 1)", () => {
    const r = ea.linprog({ c: [1e-10, -1e-10], Aub: [[1, 1]], bub: [1] });
    expect(r.status).toBe("optimal");
    expect(r.x[1]).toBeCloseTo(1, 9);
    expect(r.objective).toBeCloseTo(-1e-10, 18);
  });

  itLp("persuasion: the prosecutor–judge example in units of 1e-9 gives value 0.6e-9 and an obedient scheme", () => {
    const judge = [[1e-9, 0], [0, 1e-9]], prosecutor = [[0, 0], [1e-9, 1e-9]];
    const r = ea.persuasion(prosecutor, judge, [0.7, 0.3]);
    expect(r.status).toBe("optimal");
    expect(Math.abs(r.value - 0.6e-9)).toBeLessThanOrEqual(1e-8 * 1e-9);
    expect(r.residuals.obedience).toBeLessThanOrEqual(1e-9 * 1e-9);
  });

  itLp("linprog: bounds near 1e12 give no false 'infeasible' or 'unbounded'", () => {
    const a = ea.linprog({ c: [-1], upper: [1e12] });
    expect(a.status).toBe("optimal");
    expect(a.x[0]).toBe(1e12);
    const b = ea.linprog({ c: [1, 1], Aub: [[-1, -1]], bub: [-2e12], lower: [1e12, 1e12], upper: [3e12, 3e12] });
    expect(b.status).toBe("optimal");
    expect(b.objective).toBeCloseTo(2e12, 0);
  });

  itLp("the cone certificate ('nonnegative') is a proof: lowerBound ≤ ε* on random instances", () => {
    const rng = seeded(7);
    for (let t = 0; t < 30; t++) {
      const n = 6, k = 3;
      const U = Array.from({ length: n }, () => Array.from({ length: k }, () => gaussian(rng)));
      const u = Array.from({ length: n }, () => gaussian(rng));
      for (const offset of [false, true]) {
        const r = ea.hullDistance(U, u, { constraint: "nonnegative", offset });
        const o = hullWithHighs(highs, Float64Array.from(U.flat()), n, k, u, "nonnegative", offset);
        expect(r.certificate.lowerBound).toBeLessThanOrEqual(o.epsilon + 1e-12 * r.scale);
        // Uᵀy ≤ 0 must hold as the bound assumes it (no unaccounted slack)
        const y = r.certificate.y;
        if (r.certificate.lowerBound > 0) for (let j = 0; j < k; j++) expect(U.reduce((s, row, i) => s + row[j]! * y[i]!, 0)).toBeLessThanOrEqual(0);
      }
    }
  });

  // ---- engine lifetime and types
  it("engine.dispose() releases the engine; later calls throw a clear error", async () => {
    const e = await createEngine({ backend: backend as "wasm" | "js" });
    expect(e.nnls([[1]], [1]).x[0]).toBe(1);
    e.dispose();
    e.dispose();
    expect(() => e.nnls([[1]], [1])).toThrow(EngineDisposedError);
    expect(() => e.nnls([[1]], [1])).toThrow(/after engine\.dispose\(\)/);
    expect(() => e.hullDistance([[1]], [1])).toThrow(EngineDisposedError);
  });

  // ---- simplex: the scale-free test measured along the simplex's own moves (assembly/evaluate.ts), seed 1
  it("alignWeights simplex, column-scaled (fuzz 305): a column of 1e-8 is not judged by the rate of one of 1e8", () => {
    // the polish certifies x ≈ (3e-4, 3e-9, 0, 0.9997, 5e-8); the scale-free test once read |g_j − μ|/‖a_j‖ with μ
    // from the 1e8 column over the 1e-8 column's norm (d = 1.12); along the simplex's moves e_j − x it is rounding
    const A = [[-618.4762830120696, 75902796.27747983, -0.1148597854993986, -1.397271415560383e-8, 1074716.8520139325], [-113.32245697757352, -27254932.50579118, 0.014479963502661296, 1.8333554523634664e-8, 13887534.645100491], [-336.91161563590066, 41710399.23984112, -0.0024024809885799664, -1.2181444173314896e-8, 10446129.337498749], [143.77071484640885, 44617195.21736181, -0.11017883204104476, -2.586683446518846e-8, -15742065.608290495], [-552.2709482644749, 167058547.64916366, 0.010354418135627892, -2.382423706979544e-8, 784391.204111904], [68.49783575384319, 29242381.946201, -0.06983884389573097, 1.2731816090024165e-9, 14575743.179410258], [-96.32882495324434, 72014098.18749838, 0.14434801524221105, -4.2037012864753087e-8, -6197562.722568466], [-220.56806149086574, -85406821.91067351, -0.041780010393258724, 1.2526382989636165e-8, -5148293.708127573]];
    const b = [0.977922871170819, 1.6202983893837188, 1.2194206125381253, 0.21282543620122185, -0.91372472728322, 0.40092823334029787, 0.7492949840365831, -1.348247060867977];
    const r = ea.alignWeights(A, b, { constraint: "simplex" });
    expect(r.status).toBe("optimal");
    const { r: res, rStar, tol } = residuals(A, b, r.weights, { simplex: true });
    expect(res - rStar).toBeLessThanOrEqual(tol);
  });

  it("alignWeights simplex, global units (fuzz 723): u of 1e126 against U of 1e-32 is solved, no longer x = 0", () => {
    // one common power of two once brought u near 1 and U to 1e-158, whose Gram entries underflow (the start failed
    // and x = 0 came back); simplexScale brings u near 2^200 instead
    const A = [[2.021242027401203e-32], [4.9449966382083855e-33], [6.831820036711549e-33]];
    const b = [-2.034767339727551e+125, 3.92315599234609e+126, -5.943858121611007e+125];
    const r = ea.alignWeights(A, b, { constraint: "simplex", offset: true });
    expect(r.status).toBe("optimal");
    expect(Array.from(r.weights)).toEqual([1]);
    const { r: res, rStar, tol } = weighted(A, b, r.weights, r.offset, null, true, true);
    expect(res - rStar).toBeLessThanOrEqual(tol);
  });

  it("alignWeights simplex projected-gradient, global units (fuzz 4221): u of 1e22 against U of 1e-47 is solved, no longer x = 0", () => {
    // the polish's sum row (weight 2^32 against the equilibrated columns) could not hold 1ᵀx = 1 against a b 2^230
    // times the column: its weight now also covers ‖a‖·‖b‖
    const A = [[9.895185033119719e-48], [3.38640270544238e-48], [2.0076905701712546e-48], [1.4054686214315104e-47], [-1.2983939864471286e-47], [-5.378306629491182e-48], [-6.281927753669803e-48]];
    const b = [-2.1138861620568984e+22, -3.0164350775597677e+22, 2.304282194385743e+22, -2.497171978289988e+22, -1.3628512706455434e+22, 2.0407466189529754e+22, 7.98632881715709e+21];
    for (const method of ["active-set", "projected-gradient"] as const) {
      const r = ea.alignWeights(A, b, { constraint: "simplex", method });
      expect(r.status, method).toBe("optimal");
      expect(Array.from(r.weights), method).toEqual([1]);
      const { r: res, rStar, tol } = residuals(A, b, r.weights, { simplex: true });
      expect(res - rStar, method).toBeLessThanOrEqual(tol);
    }
  });

  it("readonly matrices and vectors are accepted (types) and never written", () => {
    const A: readonly (readonly number[])[] = Object.freeze([Object.freeze([1, 0]), Object.freeze([0, 1])]);
    const b: readonly number[] = Object.freeze([1, 2]);
    expect(ea.nnls(A, b).status).toBe("optimal");
    expect(ea.alignWeights(A, b, { pointWeights: b }).status).toBe("optimal");
    expect(ea.bestResponses(A, [[1, 0]] as const).actions[0]).toBe(0);
    expect(ea.linprog({ c: b, Aub: A, bub: b, upper: [null, 5] as const }).status).toBe("optimal");
  });
});

it("createEngine: an unknown option key is an InputError naming it", async () => {
  await expect(createEngine({ backnd: "js" } as never)).rejects.toThrow(/'backnd'.*'backend'/);
});
