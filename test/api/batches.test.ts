/**
 * Batches (SPEC "Batches"): nnlsMany / alignWeightsMany against single calls on every backend — each result must
 * match `nnls` / `alignWeights` on its own column (the wasm path shares A's copy and preparation and must give the
 * same bits; the objective within 1e-9 relative is the contract), bad input names the column, nothing is solved
 * half-way, and the objective is checked against the brute-force oracle on small problems.
 */
import { describe, expect, it } from "vitest";
import { implementations } from "../helpers/engines.js";
import { gaussian, randomNnls, seeded } from "../helpers/random.js";
import { bruteForceLsq, objective } from "../helpers/oracles.js";
import { InputError, type AlignOptions, type AlignResult, type NnlsResult } from "../../src/index.js";

function targets(rng: () => number, U: { rows: number; cols: number; data: Float64Array }, m: number) {
  const data = new Float64Array(U.rows * m);
  for (let j = 0; j < m; j++) {
    const w = Array.from({ length: U.cols }, () => (rng() < 0.4 ? rng() : 0));
    for (let i = 0; i < U.rows; i++) {
      let s = 0.3 * gaussian(rng);
      for (let c = 0; c < U.cols; c++) s += U.data[i * U.cols + c]! * w[c]!;
      data[i * m + j] = s;
    }
  }
  return { rows: U.rows, cols: m, data };
}
const column = (B: { rows: number; cols: number; data: Float64Array }, j: number) =>
  Float64Array.from({ length: B.rows }, (_, i) => B.data[i * B.cols + j]!);

function sameNnls(a: NnlsResult, b: NnlsResult): void {
  expect(Array.from(a.x)).toEqual(Array.from(b.x));
  expect([a.status, a.iterations, a.residualNorm, a.kkt, a.method]).toEqual([b.status, b.iterations, b.residualNorm, b.kkt, b.method]);
}
function sameAlign(a: AlignResult, b: AlignResult): void {
  expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
  expect([a.offset, a.status, a.iterations, a.error, a.kkt, a.method]).toEqual([b.offset, b.status, b.iterations, b.error, b.kkt, b.method]);
}

describe.each(implementations)("batches (%s)", (_label, ea) => {
  it("nnlsMany equals nnls column by column (active set and projected gradient)", () => {
    const rng = seeded(11);
    const { A } = randomNnls(rng, 60, 12);
    const B = targets(rng, A, 7);
    for (const method of ["auto", "projected-gradient"] as const) {
      const many = ea.nnlsMany(A, B, { method });
      expect(many).toHaveLength(7);
      many.forEach((r, j) => sameNnls(r, ea.nnls(A, column(B, j), { method })));
    }
  });

  const variants: AlignOptions[] = [
    {}, { offset: true }, { constraint: "simplex" }, { constraint: "simplex", offset: true },
    { offset: true, pointWeights: Array.from({ length: 40 }, (_, i) => (i % 5 === 0 ? 0 : 1 + (i % 3))) },
  ];
  it.each(variants)("alignWeightsMany equals alignWeights column by column (%j)", (opts) => {
    const rng = seeded(23);
    const { A: U } = randomNnls(rng, 40, 9);
    const T = targets(rng, U, 5);
    const many = ea.alignWeightsMany(U, T, opts);
    many.forEach((r, j) => sameAlign(r, ea.alignWeights(U, column(T, j), opts)));
  });

  it("alignWeightsMany reaches the brute-force optimum (objective within 1e-9 relative)", () => {
    const rng = seeded(5);
    const { A: U } = randomNnls(rng, 25, 5);
    const T = targets(rng, U, 4);
    for (const [simplex, offset] of [[false, false], [true, true]] as const) {
      const res = ea.alignWeightsMany(U, T, { constraint: simplex ? "simplex" : "nonnegative", offset });
      const om = new Array<number>(U.rows).fill(1 / U.rows);
      res.forEach((r, j) => {
        const u = column(T, j);
        const brute = bruteForceLsq(U, u, { simplex, offset, omega: om });
        const f = objective(U, u, r.weights, r.offset, om);
        expect(r.status).toBe("optimal");
        expect(Math.abs(f - brute.value)).toBeLessThanOrEqual(1e-9 * Math.max(brute.value, 1e-12) + 1e-14);
      });
    }
  });

  it("the 'linf' norm runs column by column", () => {
    const rng = seeded(9);
    const { A: U } = randomNnls(rng, 20, 4);
    const T = targets(rng, U, 3);
    const opts: AlignOptions = { norm: "linf", constraint: "simplex", offset: true };
    ea.alignWeightsMany(U, T, opts).forEach((r, j) => sameAlign(r, ea.alignWeights(U, column(T, j), opts)));
  });

  it("bad input: the column is named and nothing is solved", () => {
    const rng = seeded(3);
    const { A } = randomNnls(rng, 10, 3);
    const B = targets(rng, A, 4);
    B.data[5 * 4 + 2] = NaN;
    expect(() => ea.nnlsMany(A, B)).toThrow(InputError);
    expect(() => ea.nnlsMany(A, B)).toThrow(/B column 2 \(B\[5\]\[2\]/);
    const rows = Array.from({ length: 10 }, (_, i) => [1, 2, i === 7 ? Infinity : 3]);
    expect(() => ea.alignWeightsMany(A, rows)).toThrow(/targets column 2 \(targets\[7\]\[2\]/);
    expect(() => ea.alignWeightsMany(A, { rows: 9, cols: 2, data: new Float64Array(18) })).toThrow(/targets must have 10 rows/);
    expect(() => ea.nnlsMany(A, targets(rng, A, 2), { tolerance: -1 })).toThrow(/tolerance/);
  });
});
