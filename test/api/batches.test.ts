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

/** The SPEC's contract for a batch: each result as a single call in meaning — same status and method, the same
 *  objective within 1e-9 relative (norms within 5e-10: no overflow), and its own recomputed numbers meeting the tolerance. (With four or more
 *  right-hand sides the wasm active set runs on the shared Gram matrix, so the bits may differ from a single call.) */
const close = (a: number, b: number, rel = 1e-9) => Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + 1e-300;
/** Same status, except that the batch may certify 'optimal' where the single call's kernel stops with an honest
 *  'numerical_error' (issue 11's open family: nearly collinear columns in rows of different units, where the single
 *  call's active set cannot refine its passive set; the batch refines against the shared Gram matrix): then its
 *  own recomputed numbers must pass, and its objective may only be lower. */
function sameStatus(a: { status: string; method: string }, b: { status: string; method: string }, aObj: number, bObj: number): void {
  expect(a.method).toBe(b.method);
  if (a.status === "optimal" && b.status === "numerical_error") expect(aObj).toBeLessThanOrEqual(bObj * (1 + 1e-9) + 1e-300);
  else expect(a.status, `batch ${a.status} (${aObj}) vs single ${b.status} (${bObj}): ${(a as { message?: string }).message} / ${(b as { message?: string }).message}`).toBe(b.status);
}
function sameNnls(a: NnlsResult, b: NnlsResult): void {
  sameStatus(a, b, a.residualNorm, b.residualNorm);
  if (a.status !== b.status) return;
  expect(close(a.residualNorm, b.residualNorm, 5e-10), `objective ${a.residualNorm} vs ${b.residualNorm}`).toBe(true);
  if (a.status === "optimal") for (const v of Object.values(a.kkt)) expect(v).toBeLessThanOrEqual(1e-10);
}
function sameAlign(a: AlignResult, b: AlignResult): void {
  sameStatus(a, b, a.error.rmse, b.error.rmse);
  if (a.status !== b.status) { for (const v of Object.values(a.kkt)) expect(v).toBeLessThanOrEqual(1e-10); return; }
  expect(close(a.error.rmse, b.error.rmse, 5e-10), `objective ${a.error.rmse} vs ${b.error.rmse}`).toBe(true);
  if (a.method !== "hull-lp") expect(close(a.offset, b.offset, 1e-6) || Math.abs(a.offset - b.offset) < 1e-9).toBe(true);
  if (a.status === "optimal" && a.method !== "hull-lp") for (const v of Object.values(a.kkt)) expect(v).toBeLessThanOrEqual(1e-10);
}
/** Fewer than four right-hand sides take the single call's path: the same bits. */
function sameBits(a: NnlsResult | AlignResult, b: NnlsResult | AlignResult): void {
  expect(JSON.stringify(a, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v))).toBe(JSON.stringify(b, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)));
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

  it("every 'optimal' of a block is the brute-force optimum (60 random batches, degenerate columns included)", () => {
    // (assembly/blocks.ts: the Gram answers are judged on the block's recomputed gradient; a wrong 'optimal' here
    // would be the block's, as the single call's path is checked by the fuzz campaign)
    const rng = seeded(2027);
    let optimal = 0, total = 0;
    for (let t = 0; t < 60; t++) {
      const n = 6 + Math.floor(rng() * 40), c = 2 + Math.floor(rng() * 6), m = 4 + Math.floor(rng() * 14);
      const { A } = randomNnls(rng, n, c, { correlation: t % 3 === 0 ? 0.99 : 0.5 });
      if (t % 5 === 1) for (let i = 0; i < n; i++) A.data[i * c + c - 1] = A.data[i * c]!;
      if (t % 5 === 2) for (let i = 0; i < n; i++) A.data[i * c + 1] = 0;
      if (t % 5 === 3) for (let i = 0; i < n; i++) for (let j = 0; j < c; j++) A.data[i * c + j] = A.data[i * c + j]! * 10 ** ((j % 3) - 1) * (i % 4 === 0 ? 1e3 : 1);
      const T = targets(rng, A, m);
      const simplex = t % 2 === 1, offset = t % 4 >= 2;
      const pointWeights = t % 7 === 0 ? Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : 1 + rng())) : undefined;
      const res = ea.alignWeightsMany(A, T, { constraint: simplex ? "simplex" : "nonnegative", offset, ...(pointWeights ? { pointWeights } : {}) });
      const tot = pointWeights ? pointWeights.reduce((a, b) => a + b, 0) : n;
      const om = pointWeights ? pointWeights.map((w) => w / tot) : new Array<number>(n).fill(1 / n);
      res.forEach((r, j) => {
        total++;
        if (r.status !== "optimal") return;
        optimal++;
        const u = column(T, j);
        const brute = bruteForceLsq(A, u, { simplex, offset, omega: om });
        const f = objective(A, u, r.weights, r.offset, om);
        expect(f - brute.value, `batch ${t} column ${j}: ${f} vs ${brute.value}`).toBeLessThanOrEqual(1e-9 * Math.max(brute.value, 1e-12) + 1e-14 * objective(A, u, new Array<number>(c).fill(0), 0, om));
      });
    }
    expect(optimal, `${optimal} of ${total} optimal`).toBeGreaterThan(0.95 * total);
  });

  it("a tolerance at rounding level: columns the block's judgement sends back to the full kernel still match single calls", () => {
    // (tolerance 1e-15 with an offset: the Gram model's KKT test passes on its own gradient while the recomputed one
    // finds violations of that size, so assembly/blocks.ts returns GRAM_REDO for every column here — measured 16 of 16 on each build)
    const rng = seeded(5);
    const { A } = randomNnls(rng, 200, 30, { correlation: 0.99 });
    const n = 200, k = 30, m = 16;
    const data = new Float64Array(n * m);
    for (let j = 0; j < m; j++) {
      const w = Array.from({ length: k }, () => (rng() < 0.4 ? rng() : 0));
      for (let i = 0; i < n; i++) { let s = 1e-6 * gaussian(rng); for (let c = 0; c < k; c++) s += A.data[i * k + c]! * w[c]!; data[i * m + j] = s; }
    }
    const T = { rows: n, cols: m, data };
    const opts: AlignOptions = { tolerance: 1e-15, offset: true };
    ea.alignWeightsMany(A, T, opts).forEach((r, j) => {
      const single = ea.alignWeights(A, column(T, j), opts);
      expect(r.method).toBe(single.method);
      // the same bar as a single call: its status, or 'optimal' with its own numbers within the tolerance
      if (r.status === "optimal") for (const v of Object.values(r.kkt)) expect(v).toBeLessThanOrEqual(1e-15);
      else expect(r.status).toBe(single.status);
      expect(close(r.error.rmse, single.error.rmse, 1e-8), `${r.error.rmse} vs ${single.error.rmse}`).toBe(true);
    });
  });

  it("up to three right-hand sides give the single calls' bits", () => {
    const rng = seeded(31);
    const { A: U } = randomNnls(rng, 50, 10);
    const T = targets(rng, U, 3);
    ea.nnlsMany(U, T).forEach((r, j) => sameBits(r, ea.nnls(U, column(T, j))));
    ea.alignWeightsMany(U, T, { constraint: "simplex", offset: true }).forEach((r, j) => sameBits(r, ea.alignWeights(U, column(T, j), { constraint: "simplex", offset: true })));
  });

  it("many targets on a larger, ill-conditioned matrix (near-copies of models, rows in different units)", () => {
    const rng = seeded(77);
    const n = 300, k = 60;
    const { A } = randomNnls(rng, n, k, { correlation: 0.95 });
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) A.data[i * k + j] = A.data[i * k + j]! * (i % 3 === 0 ? 1e3 : 1);
    for (let j = 1; j < k; j += 7) for (let i = 0; i < n; i++) A.data[i * k + j] = A.data[i * k + j - 1]! * (1 + 1e-7 * gaussian(rng));
    const T = targets(rng, A, 12);
    for (const opts of [{}, { offset: true }, { constraint: "simplex" as const, offset: true }]) {
      ea.alignWeightsMany(A, T, opts).forEach((r, j) => sameAlign(r, ea.alignWeights(A, column(T, j), opts)));
    }
  });

  it("data far from 1 (declined by the shared-Gram kernel) still match single calls", () => {
    const rng = seeded(8);
    const { A } = randomNnls(rng, 40, 6);
    const big = { rows: 40, cols: 6, data: A.data.map((v) => v * 1e200) };
    const T = targets(rng, big, 5);
    ea.nnlsMany(big, T).forEach((r, j) => sameNnls(r, ea.nnls(big, column(T, j))));
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
