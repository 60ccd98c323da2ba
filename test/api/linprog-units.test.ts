import { beforeAll, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "../../src/index.js";
import { seeded, gaussian, type Rng } from "../helpers/random.js";
import { loadHighs, solveWithHighs, type DenseLp, type HighsModule } from "../helpers/lp-oracle.js";

// Issue 11 (LP half) and SPEC "linprog": the same LP stated in other units gives the same status and solution in those
// units. Oracles: closed forms, and HiGHS (at tight tolerances) on the LP in its original, well-scaled units.

const engines: Record<string, Engine> = {};
let highs: HighsModule;
beforeAll(async () => {
  engines["wasm"] = await createEngine({ backend: "wasm" });
  engines["js"] = await createEngine({ backend: "js" });
  highs = await loadHighs();
});
const names = ["wasm", "js"] as const;

/** Σ_j |a_j x_j| + |b|, and the violation of a x ≤ b (or = b). */
function rowViolation(a: ArrayLike<number>, x: ArrayLike<number>, b: number, equality: boolean): { viol: number; mag: number } {
  let s = b, mag = Math.abs(b);
  for (let j = 0; j < a.length; j++) { const t = a[j]! * x[j]!; s -= t; mag += Math.abs(t); }
  return { viol: equality ? Math.abs(s) : Math.max(0, -s), mag };
}

function randomLp(rng: Rng): DenseLp {
  const nv = 1 + Math.floor(rng() * 7), mUb = Math.floor(rng() * 7), mEq = Math.floor(rng() * Math.min(nv, 3));
  const lower: number[] = [], upper: number[] = [], x0: number[] = [];
  for (let j = 0; j < nv; j++) {
    const kind = Math.floor(rng() * 4);
    const l = kind === 0 ? -Infinity : kind === 1 ? -2 * rng() : 0;
    const u = kind === 2 ? (l === -Infinity ? 3 * rng() : l + 0.5 + 3 * rng()) : Infinity;
    lower.push(l); upper.push(u);
    const lo = Number.isFinite(l) ? l : -2, hi = Number.isFinite(u) ? u : lo + 3;
    x0.push(lo + (hi - lo) * rng());
  }
  const row = () => Array.from({ length: nv }, () => (rng() < 0.2 ? 0 : Math.round(gaussian(rng) * 8) / 4));
  const Aub = Array.from({ length: mUb }, row), Aeq = Array.from({ length: mEq }, row);
  // one problem in five is infeasible: a row that x0 violates by a margin
  const shift = rng() < 0.2 ? -1 - rng() : 0;
  const bub = Aub.map((r, i) => r.reduce((s, a, j) => s + a * x0[j]!, 0) + (i === 0 ? shift : rng() < 0.3 ? 0 : rng()));
  const beq = Aeq.map((r) => r.reduce((s, a, j) => s + a * x0[j]!, 0));
  const c = Array.from({ length: nv }, () => Math.round(gaussian(rng) * 4) / 2);
  const lp: DenseLp = { c, lower, upper };
  if (mUb > 0) { lp.Aub = Aub; lp.bub = bub; }
  if (mEq > 0) { lp.Aeq = Aeq; lp.beq = beq; }
  return lp;
}

const pow10 = (rng: Rng, e: number) => 10 ** (Math.round((2 * rng() - 1) * e));

/** The LP in other units: row i × ρ_i, column j × κ_j (x_j = κ_j x'_j), right-hand side and bounds × η, objective × ω. */
function inOtherUnits(lp: DenseLp, rng: Rng, e: number) {
  const nv = lp.c.length;
  const kappa = Array.from({ length: nv }, () => pow10(rng, e));
  const eta = pow10(rng, e), omega = pow10(rng, e);
  const rows = (A: number[][] | undefined, b: number[] | undefined) => {
    const rho = (A ?? []).map(() => pow10(rng, e));
    return {
      A: A?.map((r, i) => r.map((a, j) => a * rho[i]! / kappa[j]!)),
      b: b?.map((v, i) => v * rho[i]! * eta),
    };
  };
  const ub = rows(lp.Aub, lp.bub), eq = rows(lp.Aeq, lp.beq);
  const scaled: DenseLp = {
    c: Array.from(lp.c, (v, j) => v * omega / kappa[j]!),
    lower: lp.lower!.map((v, j) => v * eta * kappa[j]!), upper: lp.upper!.map((v, j) => v * eta * kappa[j]!),
  };
  if (ub.A) { scaled.Aub = ub.A; scaled.bub = ub.b; }
  if (eq.A) { scaled.Aeq = eq.A; scaled.beq = eq.b; }
  return { scaled, objectiveFactor: omega * eta };
}

describe.each(names)("linprog in any units (%s)", (name) => {
  const ea = () => engines[name]!;

  it("issue 11: an infeasible LP stated in units of 1e-100 is infeasible", () => {
    for (const k of [1, 1e-100, 1e100]) {
      const r = ea().linprog({ c: [1, 1], Aub: [[k, k], [-k, -k]], bub: [k, -2 * k] });
      expect(r.status).toBe("infeasible");
    }
  });

  it("issue 11: min 1e-10·(x − y) s.t. x + y ≤ 1 reaches (0, 1)", () => {
    for (const k of [1e-10, 1e-100, 1e-300, 1, 1e100]) {
      const r = ea().linprog({ c: [k, -k], Aub: [[1, 1]], bub: [1] });
      expect(r.status).toBe("optimal");
      expect(Array.from(r.x)).toEqual([0, 1]);
      expect(r.objective).toBe(-k);
    }
  });

  it("issue 11: bounds near 1e12 are neither infeasible nor unbounded", () => {
    // max x + y s.t. x + y ≤ 2e12 + 1.5, 1e12 ≤ x ≤ 1e12 + 1, y ≥ 1e12 − 3: optimum 2e12 + 1.5
    const r = ea().linprog({ c: [-1, -1], Aub: [[1, 1]], bub: [2e12 + 1.5], lower: [1e12, 1e12 - 3], upper: [1e12 + 1, Infinity] });
    expect(r.status).toBe("optimal");
    expect(r.objective).toBe(-(2e12 + 1.5));
    // the same with an equality and a free variable pinned by it
    const e = ea().linprog({ c: [1, 0], Aeq: [[1, -1]], beq: [1e12], lower: [-Infinity, 5e11], upper: [Infinity, 6e11] });
    expect(e.status).toBe("optimal");
    expect(e.x[0]).toBe(1.5e12);
    const f = ea().linprog({ c: [1, 1], Aub: [[-1, -1]], bub: [-3e12], lower: [1e12, 1e12], upper: [1e12 + 1, 1e12 + 1] });
    expect(f.status).toBe("infeasible");
  });

  it("issue 11: the prosecutor–judge example with utilities in units of 1e-9 … 1e+100", () => {
    for (const k of [1e-9, 1e9, 1e-100, 1e100]) {
      const r = ea().persuasion([[0, 0], [k, k]], [[k, 0], [0, k]], [0.7, 0.3]);
      expect(r.status).toBe("optimal");
      expect(Math.abs(r.value / k - 0.6)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(r.receiverValue / k - 0.7)).toBeLessThanOrEqual(1e-12);
      expect(r.residuals.obedience).toBeLessThanOrEqual(1e-12 * k);
      [0.4, 0, 0.3, 0.3].forEach((v, i) => expect(Math.abs(r.scheme[i]! - v)).toBeLessThanOrEqual(1e-12));
    }
  });

  it("400 random LPs in units from 1e-100 to 1e+100: HiGHS's status and objective, every row feasible in its own units", () => {
    const rng = seeded(1111);
    const seen: Record<string, number> = {};
    for (let t = 0; t < 400; t++) {
      const lp = randomLp(rng);
      const ref = solveWithHighs(highs, lp);
      const { scaled, objectiveFactor } = inOtherUnits(lp, rng, t < 200 ? 100 : 30);
      const r = ea().linprog(scaled);
      const want = ref.status === "unbounded_or_infeasible" ? r.status : ref.status;
      seen[want] = (seen[want] ?? 0) + 1;
      expect(r.status, `problem ${t}`).toBe(want);
      if (want !== "optimal") continue;
      const expected = ref.objective * objectiveFactor;
      expect(Math.abs(r.objective - expected), `problem ${t}`).toBeLessThanOrEqual(1e-8 * Math.abs(expected) + 1e-8 * Math.abs(objectiveFactor) * 1e-6);
      (scaled.Aub ?? []).forEach((a, i) => { const { viol, mag } = rowViolation(a, r.x, scaled.bub![i]!, false); expect(viol).toBeLessThanOrEqual(1e-9 * mag); });
      (scaled.Aeq ?? []).forEach((a, i) => { const { viol, mag } = rowViolation(a, r.x, scaled.beq![i]!, true); expect(viol).toBeLessThanOrEqual(1e-9 * mag); });
      for (let j = 0; j < r.x.length; j++) {
        expect(r.x[j]!).toBeGreaterThanOrEqual(scaled.lower![j]!);
        expect(r.x[j]!).toBeLessThanOrEqual(scaled.upper![j]!);
      }
    }
    expect(seen["optimal"]).toBeGreaterThan(150);
    expect(seen["infeasible"]).toBeGreaterThan(20);
    expect(seen["unbounded"]).toBeGreaterThan(5);
  });
});
