import { describe, expect, it } from "vitest";
import { implementations } from "../helpers/engines.js";
import { seeded, type Rng } from "../helpers/random.js";
import { expectClose } from "../helpers/expect.js";
import { exp as nativeExp } from "../../src/backend/js/exp.js";

type Dense = { rows: number; cols: number; data: Float64Array };

/** A utility with entries on a coarse grid (k/8), so that exact ties happen at grid posteriors. */
function coarseUtility(rng: Rng, nA: number, nY: number): Dense {
  const data = new Float64Array(nA * nY);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(rng() * 8) / 8 - 0.5;
  return { rows: nA, cols: nY, data };
}

function randomUtility(rng: Rng, nA: number, nY: number): Dense {
  const data = new Float64Array(nA * nY);
  for (let i = 0; i < data.length; i++) data[i] = 2 * rng() - 1;
  return { rows: nA, cols: nY, data };
}

/** Posteriors: a mix of exact grid points (ties) and random ones (exponential weights normalised). */
function posteriors(rng: Rng, S: number, nY: number, gridShare = 0.5): Dense {
  const data = new Float64Array(S * nY);
  for (let s = 0; s < S; s++) {
    let sum = 0;
    const grid = rng() < gridShare;
    for (let y = 0; y < nY; y++) {
      const x = grid ? Math.floor(rng() * 3) : -Math.log(1 - rng());
      data[s * nY + y] = x;
      sum += x;
    }
    if (sum === 0) { data[s * nY] = 1; sum = 1; }
    for (let y = 0; y < nY; y++) data[s * nY + y] = data[s * nY + y]! / sum;
  }
  return { rows: S, cols: nY, data };
}

/** v_a in the contract's canonical order (acc = 0, then acc += μ_y u(a, y)). */
function value(u: Dense, p: Dense, s: number, a: number): number {
  let v = 0;
  for (let y = 0; y < u.cols; y++) v += p.data[s * p.cols + y]! * u.data[a * u.cols + y]!;
  return v;
}

/** Brute force of the SPEC's rule. */
function bruteBest(u: Dense, p: Dense, tieTolerance = 1e-12, prefer?: Dense): { actions: number[]; values: number[] } {
  const maxAbs = (d: Float64Array) => d.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  const tau = tieTolerance * maxAbs(u.data);
  const actions: number[] = [], values: number[] = [];
  for (let s = 0; s < p.rows; s++) {
    const v = Array.from({ length: u.rows }, (_, a) => value(u, p, s, a));
    const mx = Math.max(...v);
    let tied = v.map((x, a) => (x >= mx - tau ? a : -1)).filter((a) => a >= 0);
    if (prefer && tied.length > 1) {
      const tp = tieTolerance * maxAbs(prefer.data);
      const w = tied.map((a) => value(prefer, p, s, a));
      const wm = Math.max(...w);
      tied = tied.filter((_, i) => w[i]! >= wm - tp);
    }
    actions.push(tied[0]!);
    values.push(v[tied[0]!]!);
  }
  return { actions, values };
}

describe.each(implementations)("bestResponses (%s)", (_name, ea) => {
  it("matches brute force with exact ties, lowest index first", () => {
    const rng = seeded(1);
    for (const [nA, nY] of [[1, 1], [2, 2], [3, 2], [5, 3], [8, 8], [9, 4], [17, 5], [70, 3], [130, 2]] as const) {
      const u = coarseUtility(rng, nA, nY), p = posteriors(rng, 300, nY);
      const r = ea.bestResponses(u, p);
      const b = bruteBest(u, p);
      expect(Array.from(r.actions)).toEqual(b.actions);
      expect(Array.from(r.values)).toEqual(b.values);
    }
  });

  it("breaks ties in the sender's favour with prefer, then by the lowest index", () => {
    // states (0, 1); at μ = (½, ½) actions 0, 1 and 2 all give the receiver ½; the sender likes 2, then 1
    const receiver = [[1, 0], [0, 1], [0.5, 0.5]];
    const sender = [[0, 0], [1, 1], [2, 2]];
    expect(Array.from(ea.bestResponses(receiver, [[0.5, 0.5]]).actions)).toEqual([0]);
    expect(Array.from(ea.bestResponses(receiver, [[0.5, 0.5]], { prefer: sender }).actions)).toEqual([2]);
    expect(Array.from(ea.bestResponses(receiver, [[0.5, 0.5]], { prefer: [[1, 1], [1, 1], [0, 0]] }).actions)).toEqual([0]);
    // away from the tie prefer is irrelevant
    expect(Array.from(ea.bestResponses(receiver, [[0.6, 0.4], [0.3, 0.7]], { prefer: sender }).actions)).toEqual([0, 1]);
    const rng = seeded(2);
    for (const [nA, nY] of [[4, 2], [8, 3], [12, 4]] as const) {
      const u = coarseUtility(rng, nA, nY), pr = coarseUtility(rng, nA, nY), p = posteriors(rng, 400, nY, 0.8);
      const r = ea.bestResponses(u, p, { prefer: pr });
      const b = bruteBest(u, p, 1e-12, pr);
      expect(Array.from(r.actions)).toEqual(b.actions);
      expect(Array.from(r.values)).toEqual(b.values);
    }
  });

  it("treats actions within tieTolerance·max|u| as tied", () => {
    const u = [[1, 0], [1 - 1e-7, 0], [0, 2]];  // max|u| = 2
    const p = [[1, 0]];
    expect(Array.from(ea.bestResponses(u, p).actions)).toEqual([0]);
    expect(Array.from(ea.bestResponses(u, p, { prefer: [[0, 0], [1, 0], [0, 0]] }).actions)).toEqual([0]);
    expect(Array.from(ea.bestResponses(u, p, { tieTolerance: 1e-7, prefer: [[0, 0], [1, 0], [0, 0]] }).actions)).toEqual([1]);
    expect(Array.from(ea.bestResponses(u, p, { tieTolerance: 1e-7, prefer: [[0, 0], [1, 0], [0, 0]] }).values)).toEqual([1 - 1e-7]);
    expect(Array.from(ea.bestResponses([[0, 1], [0, 1 + 1e-13]], [[0, 1]], { tieTolerance: 0 }).actions)).toEqual([1]);
    // ties beyond the first 64 actions (the kernel's mask windows)
    const wide = Array.from({ length: 100 }, (_, a) => (a === 80 || a === 99 ? [1, 1] : [0.5, -1]));
    expect(Array.from(ea.bestResponses(wide, [[0.5, 0.5], [1, 0]]).actions)).toEqual([80, 80]);
    const pref = Array.from({ length: 100 }, (_, a) => (a === 99 ? [1, 1] : [0, 0]));
    expect(Array.from(ea.bestResponses(wide, [[0.5, 0.5]], { prefer: pref }).actions)).toEqual([99]);
  });

  it("rejects bad input with InputError naming the argument", () => {
    const u = [[1, 0], [0, 1]];
    expect(() => ea.bestResponses(u, [[0.5, 0.6]])).toThrow(/posteriors\[0\] must sum to 1/);
    expect(() => ea.bestResponses(u, [[1, 0], [1.5, -0.5]])).toThrow(/posteriors\[1\]\[1\] must be nonnegative/);
    expect(() => ea.bestResponses(u, { rows: 1, cols: 2, data: new Float64Array([NaN, 1]) })).toThrow(/posteriors\[0\]\[0\] must be a finite number/);
    expect(() => ea.bestResponses(u, [[0.5, 0.25, 0.25]])).toThrow(/posteriors must have 2 columns/);
    expect(() => ea.bestResponses(u, [[1, 0]], { prefer: [[1, 0]] })).toThrow(/prefer must be 2×2/);
    expect(() => ea.bestResponses(u, [[1, 0]], { tieTolerance: -1 })).toThrow(/tieTolerance/);
    expect(() => ea.bestResponses(u, [[1, 0]], { tieTolerance: -1 })).toThrow(expect.objectContaining({ name: "InputError" }));
    // within 1e-9 of the simplex is accepted
    expect(Array.from(ea.bestResponses(u, [[0.5 + 5e-10, 0.5]]).actions)).toEqual([0]);
  });

  it("streams many posteriors in chunks with the same answers, and leaves its inputs untouched", () => {
    const rng = seeded(3);
    const u = randomUtility(rng, 3, 2), p = posteriors(rng, 40_000, 2, 0.2);
    const copy = p.data.slice();
    const r = ea.bestResponses(u, p);
    const b = bruteBest(u, p);
    expect(firstBitDifference(r.actions, Int32Array.from(b.actions))).toBe(-1);
    expect(firstBitDifference(r.values, Float64Array.from(b.values))).toBe(-1);
    expect(firstBitDifference(p.data, copy)).toBe(-1);
  });
});

describe.each(implementations)("quantalResponses (%s)", (_name, ea) => {
  it("is the softmax of λ(v − max v), rows summing to 1", () => {
    const rng = seeded(4);
    for (const [nA, nY, lambda] of [[2, 2, 1], [7, 3, 10], [8, 8, 3], [33, 5, 50]] as const) {
      const u = randomUtility(rng, nA, nY), p = posteriors(rng, 50, nY);
      const q = ea.quantalResponses(u, p, lambda);
      for (let s = 0; s < p.rows; s++) {
        const v = Array.from({ length: nA }, (_, a) => value(u, p, s, a));
        const m = Math.max(...v);
        const e = v.map((x) => Math.exp(lambda * (x - m)));
        const z = e.reduce((a, b) => a + b, 0);
        expectClose(q.subarray(s * nA, (s + 1) * nA), e.map((x) => x / z), { rtol: 1e-13, atol: 1e-15 });
        expect(Math.abs(q.subarray(s * nA, (s + 1) * nA).reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-14);
      }
    }
  });

  it("λ = 0 is uniform, λ = Infinity splits over bestResponses' tied set, and huge λ neither overflows nor NaNs", () => {
    const u = [[1, 0], [0, 1], [0.5, 0.5]];
    expect(Array.from(ea.quantalResponses(u, [[0.3, 0.7]], 0))).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(Array.from(ea.quantalResponses(u, [[0.5, 0.5], [0.3, 0.7]], Infinity))).toEqual([1 / 3, 1 / 3, 1 / 3, 0, 1, 0]);
    const q = ea.quantalResponses(u, [[0.5, 0.5], [0.3, 0.7]], 1e308);
    expect(Array.from(q)).toEqual([1 / 3, 1 / 3, 1 / 3, 0, 1, 0]);
    const big = ea.quantalResponses(u, [[0.49, 0.51]], 1e5);
    expect(Array.from(big)).toEqual([0, 1, 0]);
    expect(() => ea.quantalResponses(u, [[0.5, 0.5]], -1)).toThrow(/lambda must be a nonnegative number/);
    expect(() => ea.quantalResponses(u, [[0.5, 0.5]], NaN)).toThrow(expect.objectContaining({ name: "InputError" }));
    expect(() => ea.quantalResponses(u, [[0.5, 0.7]], 1)).toThrow(/posteriors\[0\] must sum to 1/);
  });
});

/** The first index whose bits differ (−1 when identical); plain loops, as vitest's deep equality is slow on big arrays. */
function firstBitDifference(a: Float64Array | Int32Array, b: Float64Array | Int32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** λ·(v − max) spans exp's whole range — 0, |x| < 2^-54 (1e-20), the table path, (−746, −512] and ≤ −746 (2000, 1e4) —
 *  and the tied-set split (Infinity). */
const LAMBDAS = [0, 1e-20, 0.5, 7, 2000, 1e4, Infinity];

describe("both backends, every build: bit for bit", () => {
  it("agree on actions, values and logit probabilities, including exp's special ranges", () => {
    const rng = seeded(5);
    const shapes = [[3, 1, 10], [8, 8, 500], [32, 64, 100], [13, 7, 300], [9, 2, 40_000]] as const;
    for (const [nA, nY, S] of shapes) {
      const u = coarseUtility(rng, nA, nY), pr = randomUtility(rng, nA, nY), p = posteriors(rng, S, nY);
      const ref = implementations.map(([, ea]) => ({
        b: ea.bestResponses(u, p, { prefer: pr }),
        q: LAMBDAS.map((l) => ea.quantalResponses(u, p, l)),
      }));
      for (let i = 1; i < ref.length; i++) {
        const where = `${implementations[i]![0]} vs ${implementations[0]![0]} at ${nA}×${nY}×${S}`;
        expect(firstBitDifference(ref[i]!.b.actions, ref[0]!.b.actions), `actions, ${where}`).toBe(-1);
        expect(firstBitDifference(ref[i]!.b.values, ref[0]!.b.values), `values, ${where}`).toBe(-1);
        for (let t = 0; t < LAMBDAS.length; t++) expect(firstBitDifference(ref[i]!.q[t]!, ref[0]!.q[t]!), `logit λ = ${LAMBDAS[t]}, ${where}`).toBe(-1);
      }
    }
  });

  it("the TS port of NativeMath.exp is within 1 ulp of Math.exp and exact at the special points", () => {
    const rng = seeded(6);
    for (let i = 0; i < 20000; i++) {
      const x = -800 * rng() ** 3;
      const a = nativeExp(x), b = Math.exp(x);
      expect(Math.abs(a - b)).toBeLessThanOrEqual(Math.max(Math.abs(b) * 2.3e-16, 5e-324));
    }
    expect(nativeExp(0)).toBe(1);
    expect(nativeExp(-0)).toBe(1);
    expect(nativeExp(-Infinity)).toBe(0);
    expect(nativeExp(-746)).toBe(0);
    expect(nativeExp(1)).toBe(Math.E);
    expect(nativeExp(710)).toBe(Infinity);
  });
});
