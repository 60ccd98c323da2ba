/**
 * Issue 11, LP part: one named test per defect fixed on the fix-lp branch, on both backends. Oracles: the fuzz
 * suite's own cases (HiGHS on the base LP of small integers, the judged x checked exactly in dyadic rationals; hull
 * LPs by HiGHS on data scaled exactly by powers of two), and hand-made subnormal hulls whose ε* is known exactly.
 */

import { describe, expect, it } from "vitest";
import { createEngine, type Engine } from "../../src/index.js";
import { findCase } from "../fuzz/harness.js";
import { certifiedLowerBound } from "../../src/api/hull.js";

const engines: Array<[string, Engine]> = [
  ["wasm", await createEngine({ backend: "wasm" })],
  ["js", await createEngine({ backend: "js" })],
];

type Call = Record<string, (...a: unknown[]) => unknown>;

/** Runs fuzz case `kernel:index` (seed 1 unless given) and returns the result and the oracle's verdict. */
async function fuzzCase(ea: Engine, kernel: string, index: number, seed = 1) {
  const c = await findCase(seed, kernel, index);
  const value = (ea as unknown as Call)[c.method]!(...c.args) as { status: string; certificate?: { y: Float64Array; lowerBound: number; upperBound: number } };
  return { value, verdict: c.check(value) };
}

const q = Number.MIN_VALUE; // 2^-1074

describe.each(engines)("LP fixes (%s)", (_backend, ea) => {
  it("linprog: a bound multiplier that is the rounding of terms of 5e21 does not fail the duality-gap test (fuzz linprog:1187)", async () => {
    // columns in units 1e-81…1e53; x = 0 is optimal; z_1 = −2^20 is the rounding of c_1 − a_1ᵀy from terms of 5e21
    const { value, verdict } = await fuzzCase(ea, "linprog", 1187);
    expect(value.status).toBe("optimal");
    expect(verdict.verdict, verdict.detail).toBe("ok");
  });

  it.each([
    [5, 904, "a wrong-sign multiplier of 1e-16 on a row, magnified by a column in units 1e98, is projected to 0"],
    [3, 3995, "a basic x_1 = 2^-125 (a rounding of its bound 0) is put on the bound: 4e22·x_1 ≤ 0 was its only term"],
    [2, 1489, "the snap to a bound leaves a box that is itself tiny in the kernel's units alone (x_2 ∈ [0, 2e-32] at 2e-32)"],
    [5, 592, "the only feasible point (0, 0, 2) with c in units 1e51: x_0 = x_1 = 2.2e-16 is within SPEC's tolerances"],
  ] as [number, number, string][])("linprog: seed %i case %i: %s", async (seed, i) => {
    const { value, verdict } = await fuzzCase(ea, "linprog", i, seed);
    expect(value.status).toBe("optimal");
    expect(verdict.verdict, verdict.detail).toBe("ok");
  });

  it.each([165, 1293, 3233, 17, 45])("linprog: fuzz case %i (once misjudged by the oracle) is optimal or correctly classified", async (i) => {
    const { verdict } = await fuzzCase(ea, "linprog", i);
    expect(verdict.verdict, verdict.detail).toBe("ok");
  });

  it.each([["hullDistance", 12], ["hullDistance", 20], ["hullDistance", 26], ["inHull", 9], ["hullDistance", 52]] as const)(
    "hull: subnormal data (%s:%i) give a lowerBound rounded down, an upperBound rounded up and 'optimal'", async (kernel, i) => {
      const { value, verdict } = await fuzzCase(ea, kernel, i);
      expect(verdict.verdict, verdict.detail).toBe("ok");
      expect(value.status).toBe("optimal");
    });

  it.each([["inHull", 0], ["inHull", 97], ["hullDistance", 249]] as const)(
    "hull: duplicate models no longer break the cone certificate's repair (%s:%i: y was 0, status numerical_error)", async (kernel, i) => {
      const { value, verdict } = await fuzzCase(ea, kernel, i);
      expect(verdict.verdict, verdict.detail).toBe("ok");
      expect(value.status).toBe("optimal");
      expect(value.certificate!.y.some((v) => v !== 0)).toBe(true);
    });

  it("hull: a cone certificate with a rounding-level entry (5e-32 next to 0.5) is repaired (seed 2, hullDistance:3116)", async () => {
    const { value, verdict } = await fuzzCase(ea, "hullDistance", 3116, 2);
    expect(verdict.verdict, verdict.detail).toBe("ok");
    expect(value.status).toBe("optimal");
  });

  it.each([["hullDistance", 2416], ["hullDistance", 4629], ["inHull", 1547], ["inHull", 3560]] as const)(
    "hull: cone certificates of integer data with opposite models or a rounded (1/2, −1/2) are repaired (%s:%i)", async (kernel, i) => {
      // 2416: models 0 and 3 are negatives on y's support (margins on both are inconsistent: only the violated column
      // moves); 4629, 1547: y = (0.49999999999999994, −0.5) is the exact certificate (1/2, −1/2) plus a rounding (snapped)
      const { value, verdict } = await fuzzCase(ea, kernel, i);
      expect(verdict.verdict, verdict.detail).toBe("ok");
      expect(value.status).toBe("optimal");
    });

  it("hull: subnormal data with ε* representable give ε* exactly (U = [2q], u = [5q], ε* = 3q)", () => {
    const r = ea.hullDistance([[2 * q]], [5 * q]);
    expect(r.certificate.lowerBound).toBe(3 * q);
    expect(r.certificate.upperBound).toBe(3 * q);
    expect(r.status).toBe("optimal");
  });

  it("hull: subnormal data with ε* = q/2 (not representable) bracket it: lowerBound 0, upperBound q", () => {
    // U = 0 (one model), u = (q, 0), offset: c = q/2, ε* = q/2 exactly; the bounds must enclose it after rounding
    const r = ea.hullDistance([[0], [0]], [q, 0], { offset: true });
    expect(r.certificate.lowerBound).toBeLessThanOrEqual(0);
    expect(r.certificate.upperBound).toBeGreaterThanOrEqual(q);
    expect(r.certificate.upperBound).toBeLessThanOrEqual(2 * q);
    // a check in the caller's units with the stated 2^-1074 representability allowance
    expect(r.certificate.upperBound - r.certificate.lowerBound).toBeLessThanOrEqual(1e-9 * r.scale + 2 * q);
    expect(r.status).toBe("optimal");
  });

  it("hull: the same problem in units from 1e-320 to 1e+300 has lowerBound ≤ ε* ≤ upperBound and the same status", () => {
    // ε* = 1 for U = [[0, 2], [2, 0]], u = (2, 2)·… (the midpoint (1, 1) is 1 away in ∞-norm from u = (2, 2))
    for (const s of [1e-320, 1e-310, 2 ** -1000, 1e-100, 1, 1e100, 2 ** 950, 1e300]) {
      const r = ea.hullDistance([[0, 2 * s], [2 * s, 0]], [2 * s, 2 * s]);
      const epsStar = s; // exact in every case: s itself is the answer in its units
      expect(r.certificate.lowerBound, `s = ${s}`).toBeLessThanOrEqual(epsStar);
      expect(r.certificate.upperBound, `s = ${s}`).toBeGreaterThanOrEqual(epsStar);
      expect(r.certificate.upperBound - r.certificate.lowerBound).toBeLessThanOrEqual(1e-9 * r.scale + 2 * q);
      expect(r.status, `s = ${s}`).toBe("optimal");
    }
  });
});

describe("hull certificate: simplex + offset with 1ᵀy = δ ≠ 0 (rounding)", () => {
  it("charges 2σ·|1ᵀy|, so the bound stays below ε* (U = 0, u = (1, 1), offset: ε* = 0)", () => {
    // y = (0.5, −0.5 + δ): 1ᵀy = δ passes the 1e-12·‖y‖₁ test, and yᵀu − max Uᵀy = δ would 'prove' ε* ≥ δ > 0 = ε*
    const U = { rows: 2, cols: 1, data: new Float64Array([0, 0]) };
    const delta = 1e-13;
    const y = new Float64Array([0.5, -0.5 + delta]);
    const lb = certifiedLowerBound(U, new Float64Array([1, 1]), y, "simplex", true, 1);
    expect(lb).toBeLessThanOrEqual(0);
  });
});
