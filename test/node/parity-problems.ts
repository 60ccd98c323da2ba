/**
 * A fixed set of seeded problems (every Engine method) that the Node↔browser parity test solves on both sides. This file runs in Node and is
 * bundled into the Chromium page by esbuild, so it imports nothing Node-specific and uses its own tiny PRNG.
 *
 * Each problem's result is packed into one Float64Array (solution, then every number of the result object) and its
 * bytes returned as hex, so the comparison is exact to the bit, including signed zeros and NaN payloads.
 */
import type { Engine } from "../../src/index.js";
import { seeded } from "../../src/core/random.js";
import { flatten } from "../helpers/bits.js";

export interface ParityOutcome {
  name: string;
  status: string;
  method: string;
  /** The little-endian bytes of the packed Float64Array, as hex. */
  hex: string;
  /** The same numbers, for readable failure messages. */
  values: number[];
}


function matrix(rng: () => number, rows: number, cols: number, lo = -1, hi = 1): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => lo + (hi - lo) * rng()));
}

function vector(rng: () => number, n: number, lo = -1, hi = 1): number[] {
  return Array.from({ length: n }, () => lo + (hi - lo) * rng());
}

/** b = A·x* + noise with a sparse nonnegative x*, so the solution has a nontrivial active set. */
function plantedNnls(seed: number, m: number, n: number, noise: number): { A: number[][]; b: number[] } {
  const rng = seeded(seed);
  const A = matrix(rng, m, n);
  const xs = Array.from({ length: n }, () => (rng() < 0.5 ? 0 : rng()));
  const b = A.map((row) => row.reduce((s, a, j) => s + a * xs[j]!, 0) + noise * (2 * rng() - 1));
  return { A, b };
}

/** Points U (rows) as utilities of k agents, and a target u near a convex combination of them (plus an offset). */
function plantedAlign(seed: number, n: number, k: number, shift: number): { U: number[][]; u: number[]; w: number[] } {
  const rng = seeded(seed);
  const U = matrix(rng, n, k, 0, 1);
  const raw = Array.from({ length: k }, () => (rng() < 0.4 ? 0 : rng()));
  const total = raw.reduce((s, v) => s + v, 0) || 1;
  const mix = raw.map((v) => v / total);
  const u = U.map((row) => row.reduce((s, a, j) => s + a * mix[j]!, 0) + shift + 0.01 * (2 * rng() - 1));
  const w = vector(rng, n, 0.1, 2);
  return { U, u, w };
}

function toHex(values: Float64Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let hex = "";
  for (let i = 0; i < bytes.length; i++) hex += bytes[i]!.toString(16).padStart(2, "0");
  return hex;
}

type Case = (ea: Engine) => ParityOutcome;

function outcome(name: string, status: string, method: string, numbers: ArrayLike<number>): ParityOutcome {
  const packed = Float64Array.from(numbers);
  return { name, status, method, hex: toHex(packed), values: Array.from(packed) };
}

function wholeCase(name: string, solve: (ea: Engine) => unknown): Case {
  return (ea) => {
    const { numbers, strings } = flatten(solve(ea));
    return outcome(name, strings.join(" | "), "", numbers);
  };
}

function nnlsCase(name: string, A: number[][], b: number[], opts?: Parameters<Engine["nnls"]>[2]): Case {
  return (ea) => {
    const r = ea.nnls(A, b, opts);
    return outcome(name, r.status, r.method, [
      ...r.x, r.residualNorm, r.kkt.primal, r.kkt.dual, r.kkt.complementarity, r.iterations,
    ]);
  };
}

function alignCase(name: string, U: number[][], u: number[], opts?: Parameters<Engine["alignWeights"]>[2]): Case {
  return (ea) => {
    const r = ea.alignWeights(U, u, opts);
    return outcome(name, r.status, r.method, [
      ...r.weights, r.offset, r.error.rmse, r.error.mae, r.error.maxAbs,
      r.kkt.primal, r.kkt.dual, r.kkt.complementarity, r.iterations,
    ]);
  };
}

function buildCases(): Case[] {
  const cases: Case[] = [];
  // NNLS: tall, square-ish, wide, noisy and exact, a loose tolerance, warm start, projected gradient, an iteration limit, degenerate data.
  const tall = plantedNnls(1, 40, 8, 0.05);
  cases.push(nnlsCase("nnls tall 40x8", tall.A, tall.b));
  cases.push(nnlsCase("nnls tall 40x8 loose tolerance", tall.A, tall.b, { method: "active-set", tolerance: 1e-6 }));
  const warm = Array.from({ length: 8 }, (_, j) => (j % 2 === 0 ? 0.5 : 0));
  cases.push(nnlsCase("nnls tall 40x8 warm start", tall.A, tall.b, { warmStart: warm }));
  cases.push(nnlsCase("nnls tall 40x8 projected-gradient", tall.A, tall.b, { method: "projected-gradient" }));
  const big = plantedNnls(2, 120, 25, 0.1);
  cases.push(nnlsCase("nnls 120x25", big.A, big.b));
  const exact = plantedNnls(3, 30, 10, 0);
  cases.push(nnlsCase("nnls 30x10 exact", exact.A, exact.b));
  const wide = plantedNnls(4, 6, 15, 0.02);
  cases.push(nnlsCase("nnls wide 6x15", wide.A, wide.b));
  cases.push(nnlsCase("nnls 120x25 iteration limit", big.A, big.b, { maxIterations: 3 }));
  // Degenerate: duplicated and zero columns, and an all-zero right-hand side.
  const dup = plantedNnls(5, 20, 4, 0.01);
  const dupA = dup.A.map((row) => [row[0]!, row[1]!, row[0]!, 0, row[2]!, row[3]!, row[1]!]);
  cases.push(nnlsCase("nnls degenerate duplicate+zero columns", dupA, dup.b));
  cases.push(nnlsCase("nnls zero b", tall.A, new Array<number>(40).fill(0)));
  // Alignment: {nonnegative, simplex} × {offset or not} × {pointWeights or not}, larger problems, projected gradient
  // (to optimality and cut off mid-way) and degenerate data.
  const al = plantedAlign(11, 60, 6, 0.3);
  for (const constraint of ["nonnegative", "simplex"] as const) {
    for (const offset of [false, true]) {
      for (const weighted of [false, true]) {
        const opts = { constraint, offset, ...(weighted ? { pointWeights: al.w } : {}) };
        cases.push(alignCase(`align ${constraint} offset=${offset} weighted=${weighted}`, al.U, al.u, opts));
      }
    }
  }
  const al2 = plantedAlign(12, 200, 12, 0);
  cases.push(alignCase("align simplex 200x12", al2.U, al2.u, { constraint: "simplex" }));
  cases.push(alignCase("align nonnegative 200x12 offset", al2.U, al2.u, { offset: true }));
  cases.push(alignCase("align simplex 200x12 offset weighted projected-gradient", al2.U, al2.u,
    { constraint: "simplex", offset: true, pointWeights: plantedAlign(13, 200, 1, 0).w, method: "projected-gradient" }));
  cases.push(alignCase("align nonnegative 60x6 projected-gradient iteration limit", al.U, al.u,
    { method: "projected-gradient", maxIterations: 7 }));
  // Degenerate: identical agents (ties), and zero weight on some points.
  const same = al.U.map((row) => [row[0]!, row[0]!, row[1]!, row[1]!]);
  const sparseW = al.w.map((v, i) => (i % 3 === 0 ? 0 : v));
  cases.push(alignCase("align simplex degenerate tied agents", same, al.u, { constraint: "simplex", offset: true, pointWeights: sparseW }));
  cases.push(alignCase("align simplex constant target", al.U, new Array<number>(60).fill(0.5), { constraint: "simplex" }));
  cases.push(...otherMethodCases());
  return cases;
}

/** The LP, hull, response and persuasion methods: each result compared whole (see flatten). */
function otherMethodCases(): Case[] {
  const cases: Case[] = [];
  const rng = seeded(21);
  // linprog: a bounded feasible LP with inequalities, equalities and free/boxed variables; an infeasible and an
  // unbounded one.
  const n = 8;
  const Aub = matrix(rng, 10, n), xFeasible = vector(rng, n, 0, 1);
  const bub = Aub.map((row) => row.reduce((t, a, j) => t + a * xFeasible[j]!, 0) + 0.5 * rng());
  const Aeq = matrix(rng, 2, n), beq = Aeq.map((row) => row.reduce((t, a, j) => t + a * xFeasible[j]!, 0));
  const c = vector(rng, n);
  const lower = Array.from({ length: n }, (_, j) => (j === 0 ? -Infinity : 0));
  cases.push(wholeCase("linprog bounded 10x8 + 2 equalities", (ea) =>
    ea.linprog({ c, Aub, bub, Aeq, beq, lower, upper: 2 })));
  cases.push(wholeCase("linprog infeasible", (ea) =>
    ea.linprog({ c: [1, 1], Aub: [[1, 1], [-1, -1]], bub: [1, -2] })));
  cases.push(wholeCase("linprog unbounded", (ea) => ea.linprog({ c: [-1, 0], Aub: [[0, 1]], bub: [1] })));
  // hullDistance / inHull: u outside and inside the hull, both constraints, with an offset.
  const al = plantedAlign(22, 40, 7, 0);
  const outside = al.u.map((v, i) => v + (i % 5 === 0 ? 0.3 : -0.05));
  for (const constraint of ["simplex", "nonnegative"] as const) {
    cases.push(wholeCase(`hullDistance ${constraint} outside`, (ea) => ea.hullDistance(al.U, outside, { constraint })));
  }
  cases.push(wholeCase("hullDistance simplex offset", (ea) => ea.hullDistance(al.U, outside, { constraint: "simplex", offset: true })));
  const mix = [0.2, 0, 0.5, 0, 0.3, 0, 0];
  const inside = al.U.map((row) => row.reduce((t, a, j) => t + a * mix[j]!, 0));
  cases.push(wholeCase("inHull simplex inside (degenerate: epsilon = 0)", (ea) => ea.inHull(al.U, inside, { constraint: "simplex" })));
  // Responses: 5 actions × 4 states, posteriors from a grid (exact ties included), logit at several precisions.
  const utility = matrix(rng, 5, 4);
  utility[3] = [...utility[1]!]; // a tied action
  const prefer = matrix(rng, 5, 4);
  const posteriorsOf = (ea: Engine) => {
    const g = ea.simplexGrid(4, 6);
    if (!g.materialised) throw new Error("a 4-state grid at resolution 6 is small enough to be materialised");
    return g;
  };
  cases.push(wholeCase("simplexGrid 4 states, resolution 6", (ea) => posteriorsOf(ea)));
  cases.push(wholeCase("bestResponses with ties and a preferred tie-break", (ea) =>
    ea.bestResponses(utility, posteriorsOf(ea), { prefer })));
  for (const lambda of [0, 0.7, 25, 1e4, Infinity]) {
    cases.push(wholeCase(`quantalResponses lambda=${lambda}`, (ea) => ea.quantalResponses(utility, posteriorsOf(ea), lambda)));
  }
  // Persuasion and the selection game.
  const sender = matrix(rng, 3, 3), receiver = matrix(rng, 3, 3), prior = [0.5, 0.3, 0.2];
  cases.push(wholeCase("persuasion 3 actions x 3 states", (ea) => ea.persuasion(sender, receiver, prior)));
  cases.push(wholeCase("persuasion receiverAtLeast", (ea) => ea.persuasion(sender, receiver, prior, { receiverAtLeast: 0 })));
  cases.push(wholeCase("selectionGame 3 providers, logit", (ea) =>
    ea.selectionGame({ providers: [sender, matrix(rng, 3, 3), matrix(rng, 3, 3)], user: receiver, prior, rule: { logit: 5 }, seed: 7 })));
  return cases;
}

/** Solves every parity problem on one engine, in a fixed order. */
export function solveParityProblems(ea: Engine): ParityOutcome[] {
  return buildCases().map((solve) => solve(ea));
}
