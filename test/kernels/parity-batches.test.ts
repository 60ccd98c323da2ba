/**
 * Parity of the batch kernel (assembly/nnls-many.ts, through src/backend/kernels.ts solveLsqMany): the SIMD release
 * wasm, the scalar release wasm, the debug wasm and the js build must give the same bits for nnlsMany and
 * alignWeightsMany on seeded problems, degenerate ones included (duplicated and zero columns, scales far apart,
 * exact fits, zero targets, data far from 1 that the shared-Gram kernel declines). As test/kernels/parity.test.ts.
 */
import { describe, expect, it } from "vitest";
import type { Engine } from "../../src/index.js";
import { implementations } from "../helpers/engines.js";
import { bitDifference } from "../helpers/bits.js";
import { seeded, gaussian, type Rng } from "../helpers/random.js";

const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

function batch(rng: Rng, t: number): { A: number[][]; B: number[][] } {
  const n = int(rng, 2, 50), k = int(rng, 1, 24), m = int(rng, 1, 9);
  const base = Array.from({ length: n }, () => gaussian(rng));
  const A = Array.from({ length: n }, (_, i) => Array.from({ length: k }, () => 0.8 * base[i]! + 0.6 * gaussian(rng)));
  const family = t % 7;
  if (family === 1 && k > 1) for (const row of A) row[k - 1] = row[0]!;
  if (family === 2) for (const row of A) row[Math.floor(k / 2)] = 0;
  if (family === 3) for (const row of A) row.forEach((_, j) => { row[j] = row[j]! * 10 ** ((j % 5) - 2) * 1e3 ** ((j % 3) - 1); });
  if (family === 6) for (const row of A) row.forEach((_, j) => { row[j] = row[j]! * 1e160; });
  const B = Array.from({ length: n }, () => new Array<number>(m).fill(0));
  for (let j = 0; j < m; j++) {
    const x = Array.from({ length: k }, () => (rng() < 0.5 ? 0 : rng()));
    const noise = family === 4 ? 0 : 0.3 * (family === 6 ? 1e160 : 1);
    for (let i = 0; i < n; i++) B[i]![j] = family === 5 && j % 2 === 0 ? 0 : A[i]!.reduce((s, a, c) => s + a * x[c]!, 0) + noise * gaussian(rng);
  }
  return { A, B };
}

describe("one implementation of batches: every build gives the same bits", () => {
  const rng = seeded(20261201);
  const list: Array<{ name: string; solve: (ea: Engine) => unknown }> = [];
  for (let t = 0; t < 70; t++) {
    const { A, B } = batch(rng, t);
    const constraint = t % 2 ? "simplex" as const : "nonnegative" as const;
    const offset = (t >> 1) % 2 === 1;
    const pointWeights = (t >> 2) % 2 === 1 ? A.map((_, i) => (i % 4 === 0 ? 0 : 0.1 + rng())) : undefined;
    if (pointWeights && !pointWeights.some((w) => w > 0)) pointWeights[0] = 1;
    list.push({ name: `nnlsMany #${t}`, solve: (ea) => ea.nnlsMany(A, B) });
    list.push({ name: `alignWeightsMany ${constraint} offset=${offset} weighted=${!!pointWeights} #${t}`, solve: (ea) =>
      ea.alignWeightsMany(A, B, { constraint, offset, ...(pointWeights ? { pointWeights } : {}) }) });
    if (t % 5 === 0) list.push({ name: `nnlsMany iteration limit #${t}`, solve: (ea) => ea.nnlsMany(A, B, { maxIterations: 2 }) });
  }
  const [reference, ...others] = implementations as [[string, Engine], ...Array<[string, Engine]>];
  it(`${list.length} seeded batches, ${implementations.map(([n]) => n).join(", ")}`, () => {
    for (const p of list) {
      const want = p.solve(reference[1]);
      for (const [name, ea] of others) expect(bitDifference(p.solve(ea), want), `${p.name}: ${name} vs ${reference[0]}`).toBeNull();
    }
  });
});
