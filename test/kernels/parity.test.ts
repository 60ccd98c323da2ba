import { describe, expect, it } from "vitest";
import type { Engine } from "../../src/index.js";
import { implementations } from "../helpers/engines.js";
import { bitDifference } from "../helpers/bits.js";
import { seeded, gaussian, type Rng } from "../helpers/random.js";

/**
 * One parity suite for every kernel: the SIMD release wasm, the scalar release wasm, the debug wasm and the js build
 * of the same assembly/ source must give the same result objects bit for bit (every number: solutions, statuses,
 * iterations, offsets, KKT numbers, errors, certificates), on hundreds of seeded problems per kernel, degenerate
 * ones included. Correctness is checked elsewhere against independent oracles; this suite checks that there is one
 * implementation.
 */

type Problem = { name: string; solve: (ea: Engine) => unknown };

const mat = (rng: Rng, rows: number, cols: number, f: () => number = () => 2 * rng() - 1) =>
  Array.from({ length: rows }, () => Array.from({ length: cols }, f));
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

/** Least-squares data: correlated columns, then one degeneracy by family (duplicates, zero columns, scales, exact fits). */
function lsqData(rng: Rng, t: number): { A: number[][]; b: number[] } {
  const n = int(rng, 1, 50), k = int(rng, 1, 24);
  const base = Array.from({ length: n }, () => gaussian(rng));
  const A = Array.from({ length: n }, (_, i) => Array.from({ length: k }, () => 0.8 * base[i]! + 0.6 * gaussian(rng)));
  const family = t % 6;
  if (family === 1 && k > 1) for (const row of A) row[k - 1] = row[0]!;                            // duplicated column
  if (family === 2) for (const row of A) row[Math.floor(k / 2)] = 0;                               // zero column
  if (family === 3) for (const row of A) row.forEach((_, j) => { row[j]! *= 10 ** ((j % 5) - 2) * 1e3 ** ((j % 3) - 1); });
  const x = Array.from({ length: k }, () => (rng() < 0.5 ? 0 : rng()));
  const noise = family === 4 ? 0 : 0.3;                                                            // exact fit
  const b = A.map((row) => row.reduce((s, a, j) => s + a * x[j]!, 0) + noise * gaussian(rng));
  if (family === 5) b.fill(0);                                                                     // zero target
  return { A, b };
}

function problems(): Problem[] {
  const out: Problem[] = [];
  const rng = seeded(20261130);
  for (let t = 0; t < 150; t++) {
    const { A, b } = lsqData(rng, t);
    out.push({ name: `nnls active-set #${t}`, solve: (ea) => ea.nnls(A, b) });
    if (t % 3 === 0) out.push({ name: `nnls projected-gradient #${t}`, solve: (ea) => ea.nnls(A, b, { method: "projected-gradient", maxIterations: 300 }) });
    if (t % 10 === 0) out.push({ name: `nnls iteration limit #${t}`, solve: (ea) => ea.nnls(A, b, { maxIterations: 2 }) });
  }
  for (let t = 0; t < 160; t++) {
    const { A, b } = lsqData(rng, t);
    const constraint = t % 2 ? "simplex" as const : "nonnegative" as const;
    const offset = (t >> 1) % 2 === 1;
    const pointWeights = (t >> 2) % 2 === 1 ? b.map((_, i) => (i % 4 === 0 ? 0 : 0.1 + rng())) : undefined;
    if (pointWeights && !pointWeights.some((w) => w > 0)) pointWeights[0] = 1;
    out.push({ name: `alignWeights ${constraint} offset=${offset} weighted=${!!pointWeights} #${t}`, solve: (ea) =>
      ea.alignWeights(A, b, { constraint, offset, ...(pointWeights ? { pointWeights } : {}) }) });
    if (t % 8 === 0) out.push({ name: `alignWeights linf #${t}`, solve: (ea) => ea.alignWeights(A, b, { constraint, offset, norm: "linf" }) });
  }
  for (let t = 0; t < 120; t++) {
    const n = int(rng, 1, 60), k = int(rng, 1, 20);
    const U = mat(rng, n, k, () => rng());
    const mix = Array.from({ length: k }, () => rng());
    const z = mix.reduce((s, v) => s + v, 0);
    const inside = t % 3 === 0;
    const u = U.map((row) => row.reduce((s, a, j) => s + a * mix[j]! / z, 0) + (inside ? 0 : 0.3 * (rng() - 0.5)));
    if (t % 7 === 0 && k > 1) for (const row of U) row[1] = row[0]!;
    const constraint = t % 2 ? "simplex" as const : "nonnegative" as const;
    const offset = (t >> 1) % 2 === 1;
    out.push({ name: `hullDistance ${constraint} offset=${offset} #${t}`, solve: (ea) => ea.hullDistance(U, u, { constraint, offset }) });
  }
  for (let t = 0; t < 100; t++) {
    const nv = int(rng, 1, 10), mUb = int(rng, 0, 8), mEq = int(rng, 0, 3);
    const x0 = Array.from({ length: nv }, () => rng());
    const Aub = mat(rng, mUb, nv), Aeq = mat(rng, mEq, nv);
    const slack = t % 5 === 0 ? -1 : 0.5;                                                          // some infeasible
    const bub = Aub.map((r) => r.reduce((s, a, j) => s + a * x0[j]!, 0) + slack * rng());
    const beq = Aeq.map((r) => r.reduce((s, a, j) => s + a * x0[j]!, 0));
    const c = Array.from({ length: nv }, () => 2 * rng() - 1);
    const upper = t % 4 === 0 ? Infinity : 1 + rng();                                              // some unbounded
    out.push({ name: `linprog #${t}`, solve: (ea) => ea.linprog({ c, ...(mUb ? { Aub, bub } : {}), ...(mEq ? { Aeq, beq } : {}), upper }) });
  }
  for (let t = 0; t < 100; t++) {
    const nA = int(rng, 1, 20), nY = int(rng, 1, 6);
    const utility = mat(rng, nA, nY, () => (t % 3 === 0 ? Math.round(4 * rng()) / 4 : 2 * rng() - 1)); // ties when coarse
    const prefer = mat(rng, nA, nY);
    const grid = (ea: Engine) => {
      const g = ea.simplexGrid(nY, int(seeded(t), 1, 5));
      if (!g.materialised) throw new Error("small grids are materialised");
      return g;
    };
    out.push({ name: `bestResponses #${t}`, solve: (ea) => ea.bestResponses(utility, grid(ea), t % 2 ? { prefer } : {}) });
    const lambda = [0, 0.5, 3, 40, 1e5, Infinity][t % 6]!;
    out.push({ name: `quantalResponses λ=${lambda} #${t}`, solve: (ea) => ea.quantalResponses(utility, grid(ea), lambda) });
  }
  for (let t = 0; t < 40; t++) {
    const nA = int(rng, 2, 5), nY = int(rng, 2, 5);
    const sender = mat(rng, nA, nY), receiver = mat(rng, nA, nY);
    const p = Array.from({ length: nY }, () => 0.1 + rng());
    const z = p.reduce((s, v) => s + v, 0);
    const prior = p.map((v) => v / z);
    out.push({ name: `persuasion #${t}`, solve: (ea) => ea.persuasion(sender, receiver, prior) });
    if (t % 4 === 0) out.push({ name: `concavify #${t}`, solve: (ea) => {
      const post = ea.simplexGrid(nY, 4);
      if (!post.materialised) throw new Error("small grids are materialised");
      const v = ea.bestResponses(receiver, post, { prefer: sender }).actions;
      const values = Array.from(v, (a, s) => sender[a]!.reduce((acc, u, y) => acc + u * post.data[s * nY + y]!, 0));
      return ea.concavify(values, post, prior);
    } });
  }
  return out;
}

describe("one implementation: every build gives the same bits", () => {
  const list = problems();
  const [reference, ...others] = implementations as [[string, Engine], ...Array<[string, Engine]>];
  it(`${list.length} seeded problems across every kernel (degenerate included), ${implementations.map(([n]) => n).join(", ")}`, () => {
    const counts: Record<string, number> = {};
    for (const p of list) {
      const kernel = p.name.split(" ")[0]!;
      counts[kernel] = (counts[kernel] ?? 0) + 1;
      const want = p.solve(reference[1]);
      for (const [name, ea] of others) {
        const diff = bitDifference(p.solve(ea), want);
        expect(diff, `${p.name}: ${name} vs ${reference[0]}`).toBeNull();
      }
    }
    console.log(`parity: ${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(", ")} — ${implementations.length} builds identical`);
    expect(Object.keys(counts).length).toBeGreaterThanOrEqual(8);
  });
});
