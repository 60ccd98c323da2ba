import { beforeAll, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "../../src/index.js";
import { seeded, gaussian } from "../helpers/random.js";
import { hullWithHighs, loadHighs, type HighsModule } from "../helpers/lp-oracle.js";

// Issue 11 (hull half): σ = max(‖u‖∞, max|U_ij|) with no floor, the same answer in any units, and a cone certificate
// that is a proof: Uᵀy ≤ 0 exactly as lowerBound evaluates it (rows summed in index order), lowerBound ≤ ε* (HiGHS).

const engines: Record<string, Engine> = {};
let highs: HighsModule;
beforeAll(async () => {
  engines["wasm"] = await createEngine({ backend: "wasm" });
  engines["js"] = await createEngine({ backend: "js" });
  highs = await loadHighs();
});
const names = ["wasm", "js"] as const;
type Constraint = "simplex" | "nonnegative";
const VARIANTS: [Constraint, boolean][] = [["simplex", false], ["simplex", true], ["nonnegative", false], ["nonnegative", true]];

function instance(seed: number, n: number, k: number) {
  const rng = seeded(seed);
  const U = Float64Array.from({ length: n * k }, () => gaussian(rng));
  const u = Float64Array.from({ length: n }, () => 1.5 * gaussian(rng));
  return { U, u };
}

function uty(U: Float64Array, n: number, k: number, y: Float64Array): Float64Array {
  const g = new Float64Array(k);
  for (let i = 0; i < n; i++) { const yi = y[i]!; if (yi === 0) continue; for (let j = 0; j < k; j++) g[j] = g[j]! + U[i * k + j]! * yi; }
  return g;
}

describe.each(names)("hull LPs in any units (%s)", (name) => {
  const ea = () => engines[name]!;

  it("data in units of 1e-9 … 1e+100: the same ε/σ and status as in units of 1 (no σ floor)", () => {
    for (let t = 0; t < 12; t++) {
      const n = 30 + 5 * t, k = 3 + (t % 6);
      const { U, u } = instance(100 + t, n, k);
      for (const [constraint, offset] of VARIANTS) {
        const ref = ea().hullDistance({ rows: n, cols: k, data: U }, u, { constraint, offset });
        expect(ref.status).toBe("optimal");
        for (const unit of [1e-9, 1e-100, 1e9, 1e100]) {
          const r = ea().hullDistance({ rows: n, cols: k, data: U.map((v) => v * unit) }, u.map((v) => v * unit), { constraint, offset });
          expect(r.status).toBe("optimal");
          expect(Math.abs(r.scale / unit - ref.scale)).toBeLessThanOrEqual(1e-12 * ref.scale);
          expect(Math.abs(r.epsilon / unit - ref.epsilon)).toBeLessThanOrEqual(1e-9 * ref.scale);
          expect(r.certificate.upperBound - r.certificate.lowerBound).toBeLessThanOrEqual(1e-9 * r.scale);
        }
      }
    }
  });

  it("issue 11: utilities in units of 1e-9 are not 'optimal' far from ε* (HiGHS on the unit data)", () => {
    for (let t = 0; t < 10; t++) {
      const n = 40, k = 5;
      const { U, u } = instance(300 + t, n, k);
      for (const [constraint, offset] of VARIANTS) {
        const want = hullWithHighs(highs, U, n, k, u, constraint, offset).epsilon;
        const r = ea().hullDistance({ rows: n, cols: k, data: U.map((v) => v * 1e-9) }, u.map((v) => v * 1e-9), { constraint, offset });
        expect(r.status).toBe("optimal");
        expect(Math.abs(r.epsilon * 1e9 - want)).toBeLessThanOrEqual(1e-7 * Math.max(1, want));
      }
    }
  });

  it("the cone certificate is rigorous: Uᵀy ≤ 0 exactly, lowerBound ≤ ε* (HiGHS)", () => {
    let positive = 0;
    for (let t = 0; t < 40; t++) {
      const n = 20 + t, k = 2 + (t % 7);
      const { U, u } = instance(500 + t, n, k);
      for (const offset of [false, true]) {
        const r = ea().hullDistance({ rows: n, cols: k, data: U }, u, { constraint: "nonnegative", offset });
        const y = r.certificate.y;
        const g = uty(U, n, k, y);
        for (let j = 0; j < k; j++) expect(g[j]!).toBeLessThanOrEqual(0);
        const want = hullWithHighs(highs, U, n, k, u, "nonnegative", offset).epsilon;
        expect(r.certificate.lowerBound).toBeLessThanOrEqual(want * (1 + 1e-12));
        if (r.certificate.lowerBound > 0) positive++;
        expect(r.status).toBe("optimal");
      }
    }
    expect(positive).toBeGreaterThan(40);
  });

  it("all-zero data: ε* = 0, σ = 0, optimal", () => {
    const r = ea().hullDistance([[0, 0], [0, 0]], [0, 0]);
    expect(r.epsilon).toBe(0);
    expect(r.scale).toBe(0);
    expect(r.status).toBe("optimal");
  });
});
