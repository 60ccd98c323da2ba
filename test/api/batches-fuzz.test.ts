/**
 * Batches on the fuzz's least-squares families (test/fuzz/lsq.ts: integers, ties, rows and columns in different
 * units, entries of 1e±150, subnormal data, near-duplicate and collinear columns, k > n, …): nnlsMany and
 * alignWeightsMany with 4–7 right-hand sides against one matrix (the shared-Gram block path), every 'optimal'
 * judged by the exact rational minimum (judgeLsq: SPEC's residual and objective bars), and each status as a single
 * call's (the batch may certify 'optimal' where the single call stops with an honest 'numerical_error', at an
 * objective no higher). The fuzz itself runs single calls only; this is its batch counterpart.
 */
import { describe, expect, it } from "vitest";
import { implementations } from "../helpers/engines.js";
import { seeded, type Rng } from "../../src/core/random.js";
import { lsqData, judgeLsq, type LsqData } from "../fuzz/lsq.js";
import { int, pick } from "../fuzz/types.js";

/** m right-hand sides for d's matrix, in its family's character: d.b itself, A w (w ≥ 0 sparse: a target in the
 *  cone), and d.b mirrored or halved plus A w; integer and subnormal families stay on their grids (w integer). */
function rightHandSides(rng: Rng, d: LsqData, m: number): Float64Array[] {
  const grid = d.family === "integers" || d.family === "ties" || d.family === "subnormal";
  const out: Float64Array[] = [d.b];
  for (let j = 1; j < m; j++) {
    const w = Array.from({ length: d.k }, () => (rng() < 0.5 ? 0 : grid ? int(rng, 1, 2) : rng()));
    const mode = j % 3;
    const b = new Float64Array(d.n);
    for (let i = 0; i < d.n; i++) {
      let s = 0;
      for (let q = 0; q < d.k; q++) s += d.A[i * d.k + q]! * w[q]!;
      b[i] = mode === 1 ? s : mode === 2 ? (grid ? -d.b[i]! : 0.5 * d.b[i]!) + s : (grid ? d.b[i]! : -d.b[i]!) + (grid ? 0 : 0.25 * s);
    }
    out.push(b.every(Number.isFinite) ? b : d.b);
  }
  return out;
}

function pointWeights(rng: Rng, n: number): Float64Array {
  const w = Float64Array.from({ length: n }, () => (rng() < 0.2 ? 0 : 0.1 + rng()));
  if (!w.some((v) => v > 0)) w[0] = 1;
  return w;
}

describe.each(implementations)("batches on the fuzz's families (%s)", (_label, ea) => {
  it("every 'optimal' in a batch is the exact minimum, and statuses are the single calls'", () => {
    const rng = seeded(2026);
    const tally = { columns: 0, optimal: 0, nonOptimal: 0 };
    for (let trial = 0; trial < 120; trial++) {
      const d = lsqData(rng, 6);
      const m = int(rng, 4, 7);
      const bs = rightHandSides(rng, d, m);
      const B = { rows: d.n, cols: m, data: new Float64Array(d.n * m) };
      bs.forEach((b, j) => { for (let i = 0; i < d.n; i++) B.data[i * m + j] = b[i]!; });
      const A = { rows: d.n, cols: d.k, data: d.A };
      const kind = pick(rng, ["nnls", "nonnegative", "simplex"] as const);
      const offset = kind !== "nnls" && rng() < 0.5;
      const w = kind !== "nnls" && rng() < 0.4 ? pointWeights(rng, d.n) : null;
      const opts = { constraint: kind === "simplex" ? "simplex" as const : "nonnegative" as const, offset, ...(w ? { pointWeights: Array.from(w) } : {}) };
      const batch = kind === "nnls" ? ea.nnlsMany(A, B) : ea.alignWeightsMany(A, B, opts);
      bs.forEach((b, j) => {
        const dj: LsqData = { ...d, b };
        const r = batch[j]! as { status: string; x?: Float64Array; weights?: Float64Array; offset?: number; residualNorm?: number; error?: { rmse: number } };
        const single = (kind === "nnls" ? ea.nnls(A, b) : ea.alignWeights(A, b, opts)) as typeof r;
        const x = r.x ?? r.weights!;
        const c = offset ? r.offset! : 0;
        const verdict = judgeLsq(dj, x, c, w, kind === "simplex", offset, r.status, r);
        const where = `trial ${trial} (${d.family} ${d.n}×${d.k}, ${kind}${offset ? " +offset" : ""}${w ? " +weights" : ""}) column ${j}`;
        expect(verdict.verdict === "wrong" || verdict.verdict === "nonFinite" ? `${where}: ${verdict.detail}` : "ok").toBe("ok");
        tally.columns++;
        if (r.status === "optimal") tally.optimal++; else tally.nonOptimal++;
        if (r.status !== single.status) {
          // the batch may do better than an honest single-call failure, never worse
          expect(`${where}: batch ${r.status} vs single ${single.status}`).toMatch(/batch optimal vs single numerical_error/);
          const obj = (v: typeof r) => v.residualNorm ?? v.error!.rmse;
          expect(obj(r)).toBeLessThanOrEqual(obj(single) * (1 + 1e-9) + 1e-300);
        }
      });
    }
    expect(tally.columns).toBeGreaterThan(400);
    expect(tally.optimal).toBeGreaterThan(0.9 * tally.columns);
  });
});
