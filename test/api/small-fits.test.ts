/**
 * Small single fits (x ≥ 0, no offset, no point weights, few columns: src/backend/kernels.ts solveLsq tries
 * assembly/small.ts's Gram path first and falls back to the active set of nnls.ts wherever its exact pass does not
 * certify the answer). On every backend, against the exact rational oracle (test/helpers/exact.ts):
 *   - well-conditioned problems: 'optimal' with the exact minimum (SPEC's residual bar), nnls and alignWeights the
 *     same bits, a warm start the same minimum;
 *   - problems the Gram path must hand over (rows of very different scales, nearly collinear columns, data far from
 *     1): the answer the fallback gives still meets the oracle whenever it says 'optimal';
 *   - a NaN or ±Infinity in A is still named by its index (the Gram path declines before using it).
 */
import { describe, expect, it } from "vitest";
import { implementations } from "../helpers/engines.js";
import { seeded, gaussian, randomNnls } from "../helpers/random.js";
import { exactLsq, exactObjective, dsqrt } from "../helpers/exact.js";
import { InputError } from "../../src/index.js";

/** SPEC's residual bar against the exact minimum r*: ‖r‖ ≤ r* + 1e-9·max(1, ‖b‖) + 5e-9·r*. */
function expectExactMinimum(A: Float64Array, n: number, k: number, b: ArrayLike<number>, x: ArrayLike<number>, what: string): void {
  const star = exactLsq({ A, n, k, b });
  expect(star.solved).toBe(true);
  const res = dsqrt(exactObjective(A, n, k, b, x, 0));
  let bb = 0;
  for (let i = 0; i < n; i++) bb += b[i]! * b[i]!;
  expect(res - star.r, what).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.sqrt(bb)) + 5e-9 * star.r);
}

const bitsOf = (v: ArrayLike<number>) => Array.from(v, (t) => (Object.is(t, -0) ? "-0" : String(t))).join(",");

describe.each(implementations)("small fits (%s)", (_label, ea) => {
  it("well-conditioned problems: the exact minimum, the same bits from nnls and alignWeights, warm starts too", () => {
    const rng = seeded(211);
    for (let t = 0; t < 30; t++) {
      const n = 4 + Math.floor(rng() * 40), k = 1 + Math.floor(rng() * 6);
      const { A, b } = randomNnls(rng, n, k, { correlation: 0.6 });
      const r = ea.nnls(A, b);
      expect(r.status, `n=${n} k=${k}`).toBe("optimal");
      expectExactMinimum(A.data, n, k, b, r.x, `n=${n} k=${k}`);
      for (const v of Object.values(r.kkt)) expect(v).toBeLessThanOrEqual(1e-10);
      const u = ea.alignWeights(A, b);
      expect(bitsOf(u.weights)).toBe(bitsOf(r.x));
      expect(u.offset).toBe(0);
      const warm = ea.nnls(A, b, { warmStart: Float64Array.from(r.x, (v) => v + 0.25) });
      expect(warm.status).toBe("optimal");
      expectExactMinimum(A.data, n, k, b, warm.x, `warm n=${n} k=${k}`);
    }
  });

  it("the problems the Gram path hands over: rows of different scales, near-collinear columns, data far from 1", () => {
    const rng = seeded(212);
    const cases: Array<{ name: string; n: number; k: number; A: Float64Array; b: Float64Array }> = [];
    {
      const { A, b } = randomNnls(rng, 30, 5);
      for (let i = 0; i < 30; i += 3) { for (let j = 0; j < 5; j++) A.data[i * 5 + j] = A.data[i * 5 + j]! * 1e7; b[i] = b[i]! * 1e7; }
      cases.push({ name: "rows 1e7 apart", n: 30, k: 5, A: A.data, b });
    }
    {
      const { A, b } = randomNnls(rng, 40, 5);
      for (let i = 0; i < 40; i++) A.data[i * 5 + 1] = A.data[i * 5]! * (1 + 1e-7 * gaussian(rng));
      for (let i = 0; i < 40; i++) b[i] = A.data[i * 5]! + A.data[i * 5 + 1]! + 0.01 * gaussian(rng);
      cases.push({ name: "near-collinear", n: 40, k: 5, A: A.data, b });
    }
    {
      const { A, b } = randomNnls(rng, 25, 4);
      cases.push({ name: "A of 2^-130", n: 25, k: 4, A: A.data.map((v) => v * 2 ** -130), b });
      cases.push({ name: "b of 2^140", n: 25, k: 4, A: A.data, b: b.map((v) => v * 2 ** 140) });
    }
    let optimal = 0;
    for (const c of cases) {
      const r = ea.nnls({ rows: c.n, cols: c.k, data: c.A }, c.b);
      for (const v of r.x) expect(v).toBeGreaterThanOrEqual(0);
      if (r.status !== "optimal") continue;
      optimal++;
      expectExactMinimum(c.A, c.n, c.k, c.b, r.x, c.name);
    }
    expect(optimal).toBeGreaterThanOrEqual(3);
  });

  it("a NaN or ±Infinity in A is named by its index", () => {
    const { A, b } = randomNnls(seeded(213), 12, 3);
    for (const [at, v] of [[7, NaN], [0, Infinity], [35, -Infinity]] as const) {
      const data = A.data.slice();
      data[at] = v;
      expect(() => ea.nnls({ rows: 12, cols: 3, data }, b)).toThrow(InputError);
      expect(() => ea.alignWeights({ rows: 12, cols: 3, data }, b)).toThrow(new RegExp(`^U\\[${Math.floor(at / 3)}\\]\\[${at % 3}\\] must be a finite number; got ${v}$`));
    }
  });
});
