/**
 * LP-shaped cases: linprog, hullDistance / inHull (four variants), persuasion and concavify, judged by HiGHS (npm
 * `highs`) at tight tolerances on data equilibrated by powers of two (exact: the oracle sees the very problem the
 * library got, only in better units), with SPEC's rules: the same status, objective within 1e-8 relative, x feasible
 * to 1e-9 relative per row; hull certificates checked against ε*.
 */

import { gaussian, type Rng } from "../../src/core/random.js";
import { solveWithHighs, hullWithHighs, type HighsModule, type DenseLp } from "../helpers/lp-oracle.js";
import { dadd, dcmp, dmul, dneg, dToNumber, dyadic, pow2, type Dyadic } from "../helpers/exact.js";
import { allFinite, fmt, int, pick, pow10, type Case, type Check, type Generator } from "./types.js";

const TIGHT = { primal_feasibility_tolerance: 1e-10, dual_feasibility_tolerance: 1e-10 };

/** 2^−⌊log2 m⌋ for m > 0 (exact power of two), 1 for m = 0 or non-finite. */
function inversePow2(m: number): number {
  if (!(m > 0) || !Number.isFinite(m)) return 1;
  const e = Math.floor(Math.log2(m));
  return 2 ** -Math.max(-1000, Math.min(1000, e));
}

/** t = 2^−e with σ·t in [1, 2) (1 for σ = 0), as exponent e; exact for every finite σ > 0, subnormals included. */
function pow2Scale(sigma: number): number {
  if (!(sigma > 0) || !Number.isFinite(sigma)) return 0;
  let e = Math.floor(Math.log2(sigma));
  // log2 may round across a power of two: fix e so that 2^e ≤ σ < 2^(e+1)
  while (pow2(e) > sigma) e--;
  while (pow2(e + 1) <= sigma) e++;
  return -e;
}

/** v·2^t in two exact steps (2^t alone overflows for t > 1023, as subnormal data need). */
function scaleBy(v: number, t: number): number {
  const t1 = Math.max(-1000, Math.min(1000, t));
  return v * 2 ** t1 * 2 ** (t - t1);
}

function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]!));
  return m;
}

// ---------------------------------------------------------------- linprog

interface Lp { c: number[]; Aub: number[][]; bub: number[]; Aeq: number[][]; beq: number[]; lower: number[]; upper: number[] }

/** HiGHS on the LP equilibrated by powers of two (rows, then columns, then the cost), mapped back to its units. */
function oracleLp(highs: HighsModule, lp: Lp): { status: string; x: Float64Array; objective: number; scale: number } {
  const nv = lp.c.length;
  const rowsUb = lp.Aub.map((r) => inversePow2(maxAbs(r)));
  const rowsEq = lp.Aeq.map((r) => inversePow2(maxAbs(r)));
  const col = new Array<number>(nv).fill(0);
  for (let j = 0; j < nv; j++) {
    let m = 0;
    lp.Aub.forEach((r, i) => { m = Math.max(m, Math.abs(r[j]! * rowsUb[i]!)); });
    lp.Aeq.forEach((r, i) => { m = Math.max(m, Math.abs(r[j]! * rowsEq[i]!)); });
    col[j] = inversePow2(m);
  }
  const gamma = inversePow2(maxAbs(lp.c.map((v, j) => v / col[j]!)));
  const eq: DenseLp = {
    c: lp.c.map((v, j) => (v / col[j]!) * gamma),
    Aub: lp.Aub.map((r, i) => r.map((v, j) => (v * rowsUb[i]!) / col[j]!)),
    bub: lp.bub.map((v, i) => v * rowsUb[i]!),
    Aeq: lp.Aeq.map((r, i) => r.map((v, j) => (v * rowsEq[i]!) / col[j]!)),
    beq: lp.beq.map((v, i) => v * rowsEq[i]!),
    lower: lp.lower.map((v, j) => v * col[j]!),
    upper: lp.upper.map((v, j) => v * col[j]!),
  };
  const r = solveWithHighs(highs, eq, TIGHT);
  const x = Float64Array.from(r.x, (v, j) => v / col[j]!); // x̃ = x·col (Ã = A/col), so x = x̃/col
  // row multipliers in the LP's units: row i of Ã is r_i·a_i and c̃ = γ c/col, so y_i = ỹ_i·r_i/γ
  const rowScale = [...rowsUb, ...rowsEq];
  const y = Float64Array.from(r.rowDual, (v, i) => (v * rowScale[i]!) / gamma);
  let objective = 0;
  for (let j = 0; j < nv; j++) objective += lp.c[j]! * x[j]!;
  // the optimum's own scale: its terms Σ|c_j x_j| and the rows' SPEC tolerances weighted by their multipliers,
  // Σ_i |y_i|·(‖a_i‖·‖x‖ + |b_i|): a row off by δ of that (SPEC allows 1e-9) moves the optimum by δ·|y_i|·that.
  // Computed on the base LP (well scaled), where it is smallest. Seed 5 linprog:592: the only feasible point is
  // (0, 0, 2), c = (−2, 3, 0)·1e51; x_0 = x_1 = 2.2e-16 is a rounding and costs 2.2e35, while SPEC's 1e-9 per row
  // allows x_0 ≈ 1e-9, i.e. 1e42 (y = (0, 0, 0, −2/3): |b_i| + Σ|a_ij x_j| is 0 there, ‖a_i‖·‖x‖ is 8.5)
  let scale = Math.abs(objective);
  let terms = 0;
  for (let j = 0; j < nv; j++) terms += Math.abs(lp.c[j]! * x[j]!);
  scale = Math.max(scale, terms);
  const rowsAll = [...lp.Aub, ...lp.Aeq], bAll = [...lp.bub, ...lp.beq];
  let weighted = 0;
  rowsAll.forEach((a, i) => {
    weighted += Math.abs(y[i] ?? 0) * (norm2(a) * norm2(x) + Math.abs(bAll[i]!));
  });
  return { status: r.status, x, objective, scale: Math.max(scale, weighted) };
}

const LP_FAMILIES = ["random", "degenerate", "infeasible", "unbounded", "equalities", "bounded-box", "free-variables", "tiny-objective"] as const;

/** A base LP with small integer data (status decided by HiGHS), then stated in other units by powers of ten. */
function randomLp(rng: Rng): { lp: Lp; family: string } {
  const family = pick(rng, LP_FAMILIES);
  const nv = int(rng, 1, 6), mUb = int(rng, family === "infeasible" ? 1 : 0, 6), mEq = family === "equalities" ? int(rng, 1, 3) : rng() < 0.3 ? int(rng, 1, 2) : 0;
  const x0 = Array.from({ length: nv }, () => int(rng, 0, 3));
  const row = () => Array.from({ length: nv }, () => int(rng, -5, 5));
  const dot = (a: number[], x: number[]) => a.reduce((s, v, j) => s + v * x[j]!, 0);
  const Aub = Array.from({ length: mUb }, row), Aeq = Array.from({ length: mEq }, row);
  const bub = Aub.map((a) => dot(a, x0) + (family === "degenerate" ? 0 : int(rng, 0, 2)));
  const beq = Aeq.map((a) => dot(a, x0));
  let c = Array.from({ length: nv }, () => int(rng, -5, 5));
  const lower = new Array<number>(nv).fill(0), upper = new Array<number>(nv).fill(Infinity);
  switch (family) {
    case "infeasible": { const a = Array.from({ length: nv }, () => int(rng, 0, 3)); a[0] = 1; Aub.push(a); bub.push(-1); break; }
    case "unbounded": c = c.map(() => int(rng, -5, 0)); c[0] = -1; for (const a of Aub) a[0] = -Math.abs(a[0]!); break;
    case "bounded-box": for (let j = 0; j < nv; j++) upper[j] = x0[j]! + int(rng, 0, 3); break;
    case "free-variables": for (let j = 0; j < nv; j++) if (rng() < 0.5) { lower[j] = -Infinity; upper[j] = x0[j]! + int(rng, 0, 3); } break;
    case "degenerate": if (nv >= 2) for (const a of Aub) if (rng() < 0.5) a[1] = a[0]!; break;
    default: break;
  }
  return { lp: { c, Aub, bub, Aeq, beq, lower, upper }, family };
}

/** The same LP with rows, columns and the objective multiplied by powers of ten (SPEC: any units, 1e-100…1e+100). */
function restate(rng: Rng, lp: Lp): { lp: Lp; units: string; s: number[]; g: number } {
  const mode = pick(rng, ["none", "rows", "columns", "objective", "all", "small-units"] as const);
  const p = () => 10 ** int(rng, -100, 100);
  const nv = lp.c.length;
  const rUb = lp.Aub.map(() => (mode === "rows" || mode === "all" ? p() : 1));
  const rEq = lp.Aeq.map(() => (mode === "rows" || mode === "all" ? p() : 1));
  const s = Array.from({ length: nv }, () => (mode === "columns" || mode === "all" ? p() : 1));
  let g = mode === "objective" || mode === "all" ? p() : 1;
  if (mode === "small-units") { const t = 10 ** -int(rng, 5, 100); rUb.fill(t); rEq.fill(t); g = t; }
  // x = S x': A' = R A S, c' = g S c, bounds' = bounds / S
  return {
    units: mode, s, g,
    lp: {
      c: lp.c.map((v, j) => g * v * s[j]!),
      Aub: lp.Aub.map((r, i) => r.map((v, j) => rUb[i]! * v * s[j]!)),
      bub: lp.bub.map((v, i) => rUb[i]! * v),
      Aeq: lp.Aeq.map((r, i) => r.map((v, j) => rEq[i]! * v * s[j]!)),
      beq: lp.beq.map((v, i) => rEq[i]! * v),
      lower: lp.lower.map((v, j) => v / s[j]!),
      upper: lp.upper.map((v, j) => v / s[j]!),
    },
  };
}

function norm2(v: ArrayLike<number>): number {
  const m = maxAbs(v);
  if (m === 0) return 0;
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i]! / m) ** 2;
  return m * Math.sqrt(s);
}

/** Σ a_j x_j − b exactly (dyadic rationals: no rounding, overflow or underflow), as the nearest double. */
function exactResidual(a: number[], x: ArrayLike<number>, b: number): { value: Dyadic; approx: number } {
  let s = dneg(dyadic(b));
  for (let j = 0; j < a.length; j++) s = dadd(s, dmul(dyadic(a[j]!), dyadic(x[j]!)));
  return { value: s, approx: dToNumber(s) };
}

/** SPEC's rule, each row against ‖a_i‖·‖x‖ + |b_i| at 1e-9, the violation computed exactly (the tolerance in floats). */
function lpFeasibility(lp: Lp, x: ArrayLike<number>): string | null {
  const xn = norm2(x);
  const rowCheck = (a: number[], b: number, eq: boolean, i: number): string | null => {
    const r = exactResidual(a, x, b);
    const tol = 1e-9 * (norm2(a) * xn + Math.abs(b));
    const over = eq ? dcmp(r.value, dyadic(tol)) > 0 || dcmp(r.value, dyadic(-tol)) < 0 : dcmp(r.value, dyadic(tol)) > 0;
    return over ? `row ${eq ? "eq" : "ub"} ${i} violated by ${fmt(r.approx)} (tolerance ${fmt(tol)})` : null;
  };
  for (let i = 0; i < lp.Aub.length; i++) { const e = rowCheck(lp.Aub[i]!, lp.bub[i]!, false, i); if (e) return e; }
  for (let i = 0; i < lp.Aeq.length; i++) { const e = rowCheck(lp.Aeq[i]!, lp.beq[i]!, true, i); if (e) return e; }
  for (let j = 0; j < x.length; j++) {
    const lo = lp.lower[j]!, up = lp.upper[j]!;
    if (x[j]! < lo - 1e-9 * Math.max(Math.abs(lo), Math.abs(x[j]!))) return `x[${j}] = ${fmt(x[j]!)} below its lower bound ${fmt(lo)}`;
    if (x[j]! > up + 1e-9 * Math.max(Math.abs(up), Math.abs(x[j]!))) return `x[${j}] = ${fmt(x[j]!)} above its upper bound ${fmt(up)}`;
  }
  return null;
}

function linprogGenerator(highs: HighsModule): Generator {
  return {
    kernel: "linprog",
    make(rng) {
      const base = randomLp(rng);
      const { lp, units, s, g } = restate(rng, base.lp);
      // The oracle solves the base LP (small integers: nothing for HiGHS to get wrong in its units) and states its
      // answer in the fuzzed units, x = x_base / s: SPEC's outcome rule says the LP in any units has the same status
      // and solution. HiGHS on the restated data was the wrong party in the old run: its one-pass power-of-two
      // equilibration leaves entries as small as 1e-258 (linprog:17, an LP infeasible by construction, a row a ≥ 0,
      // a_0 = 1, b = −1 with x ≥ 0), which HiGHS drops as below its small_matrix_value (1e-9) and calls 'optimal';
      // entries above 1e15 made it refuse the model (the old 190 'undecided'). The restated data differ from
      // R·A_base·S by two roundings per entry, far below the 1e-9 per-row tolerance, and the x being judged is
      // checked against the restated data themselves, exactly.
      const ob = oracleLp(highs, base.lp);
      const ox = Float64Array.from(ob.x, (v, j) => v / s[j]!);
      let oobj = 0;
      for (let j = 0; j < lp.c.length; j++) oobj += lp.c[j]! * ox[j]!;
      const oracle = { status: ob.status, x: ox, objective: oobj, scale: Math.abs(g) * ob.scale };
      const problem: Record<string, unknown> = { c: lp.c, lower: lp.lower, upper: lp.upper.map((v) => (v === Infinity ? null : v)) };
      if (lp.Aub.length) { problem.Aub = lp.Aub; problem.bub = lp.bub; }
      if (lp.Aeq.length) { problem.Aeq = lp.Aeq; problem.beq = lp.beq; }
      return {
        kernel: "linprog", family: `${base.family} units:${units}`, method: "linprog", args: [problem],
        check(value): Check {
          const v = value as { x: Float64Array; status: string; objective: number };
          if (!allFinite({ x: v.x, objective: v.objective })) return { verdict: "nonFinite", detail: `status ${v.status}` };
          const os = oracle.status;
          if (os !== "optimal" && os !== "infeasible" && os !== "unbounded") return { verdict: "skipped" };
          if (v.status === "optimal") {
            if (os !== "optimal") return { verdict: "wrong", detail: `'optimal' (objective ${fmt(v.objective)}) but HiGHS says ${os}` };
            const bad = lpFeasibility(lp, v.x);
            if (bad) return { verdict: "wrong", detail: bad };
            const scale = Math.max(oracle.scale, Math.abs(oracle.objective));
            if (!(Math.abs(v.objective - oracle.objective) <= 1e-8 * scale)) {
              return { verdict: "wrong", detail: `objective ${fmt(v.objective)} vs HiGHS ${fmt(oracle.objective)}` };
            }
            return { verdict: "ok" };
          }
          if (os === "optimal") return { verdict: "nonOptimal", detail: `status ${v.status}, HiGHS optimal ${fmt(oracle.objective)}` };
          if ((v.status === "infeasible" || v.status === "unbounded") && v.status !== os) {
            return { verdict: "wrong", detail: `status ${v.status} but HiGHS says ${os}` };
          }
          return { verdict: v.status === os ? "ok" : "nonOptimal", detail: `status ${v.status}, HiGHS ${os}` };
        },
      } satisfies Case;
    },
  };
}

// ---------------------------------------------------------------- hull

const HULL_FAMILIES = ["gaussian", "inside", "vertex", "integers-ties", "small-units", "units-1e100", "subnormal", "k>n", "duplicate-columns", "column-scaled"] as const;

function hullData(rng: Rng): { U: Float64Array; n: number; k: number; u: Float64Array; family: string } {
  const family = pick(rng, HULL_FAMILIES);
  let n = int(rng, 1, 8), k = int(rng, 1, 5);
  if (family === "k>n") { n = int(rng, 1, 3); k = int(rng, n + 1, 6); }
  const U = new Float64Array(n * k), u = new Float64Array(n);
  const ints = family === "integers-ties" || family === "subnormal";
  for (let i = 0; i < n * k; i++) U[i] = ints ? int(rng, -3, 3) : gaussian(rng);
  for (let i = 0; i < n; i++) u[i] = ints ? int(rng, -3, 3) : gaussian(rng);
  if (family === "inside" || family === "vertex") {
    const w = Array.from({ length: k }, () => (family === "vertex" ? 0 : rng()));
    if (family === "vertex") w[int(rng, 0, k - 1)] = 1;
    const s = w.reduce((a, b) => a + b, 0) || 1;
    for (let i = 0; i < n; i++) { let t = 0; for (let j = 0; j < k; j++) t += U[i * k + j]! * (w[j]! / s); u[i] = t; }
  }
  if (family === "duplicate-columns" && k >= 2) for (let i = 0; i < n; i++) U[i * k + 1] = U[i * k]!;
  if (family === "column-scaled") for (let j = 0; j < k; j++) { const s = pow10(rng, -3, 3); for (let i = 0; i < n; i++) U[i * k + j] = U[i * k + j]! * s; }
  let scale = 1;
  if (family === "small-units") scale = 10 ** -int(rng, 6, 12);
  if (family === "units-1e100") scale = 10 ** int(rng, -100, 100);
  if (family === "subnormal") scale = 5e-324;
  if (scale !== 1) { U.forEach((v, i) => { U[i] = v * scale; }); u.forEach((v, i) => { u[i] = v * scale; }); }
  return { U, n, k, u, family };
}

function hullGenerator(highs: HighsModule, method: "hullDistance" | "inHull"): Generator {
  return {
    kernel: method,
    make(rng) {
      const d = hullData(rng);
      const constraint = rng() < 0.5 ? "simplex" : "nonnegative";
      const offset = rng() < 0.5;
      const sigma = Math.max(maxAbs(d.u), maxAbs(d.U));
      // Everything is judged in exact units: U, u, ε and the bounds times t = 2^−e with σ·t in [1, 2). ε* and every
      // certificate are homogeneous in (U, u), so nothing changes but the units; HiGHS sees moderate numbers. (The old
      // oracle clamped t at 2^1000, so subnormal data reached HiGHS as entries near 1e-22, below its
      // small_matrix_value 1e-9: it dropped them and reported ε* = 0, and the certificate was re-evaluated in
      // subnormal arithmetic, where one rounding is a third of σ — hullDistance:12 'proved' 1.5e-323 > ε* = 0.)
      const t = pow2Scale(sigma);
      const Us = d.U.map((v) => scaleBy(v, t)), us = Array.from(d.u, (v) => scaleBy(v, t));
      const sigmaS = sigma === 0 ? 0 : scaleBy(sigma, t);
      const oracle = hullWithHighs(highs, Us, d.n, d.k, us, constraint, offset);
      const epsS = oracle.epsilon;
      // the answer is a float64 in the caller's units: when σ is near the bottom of the subnormals (σ < 1e-314), its
      // spacing 2^-1074 is coarser than 1e-9·σ, and an upper bound or an 'inside' verdict can only be judged to two of
      // those spacings (rep, in the judged units; below 1e-24·σ for every σ above 1e-299, i.e. no effect there). A
      // lower bound above ε* gets no such allowance: it must be rounded toward the safe side.
      const rep = scaleBy(2 * 2 ** -1074, t);
      const rows = Array.from({ length: d.n }, (_, i) => Array.from(d.U.subarray(i * d.k, (i + 1) * d.k)));
      return {
        kernel: method, family: `${d.family} ${constraint}${offset ? "+offset" : ""}`, method, args: [rows, Array.from(d.u), { constraint, offset }],
        check(value): Check {
          const v = value as { status: string; epsilon: number; inside?: boolean; certificate: { y: Float64Array; lowerBound: number; upperBound: number } };
          if (!allFinite(value)) return { verdict: "nonFinite", detail: `status ${v.status}` };
          if (oracle.status !== "optimal") return { verdict: "skipped" };
          const slack = 1e-10 * sigmaS; // HiGHS's own tolerance on the equilibrated data
          const tol = 1e-9 * sigmaS;
          // the certificate, rigorously: y scaled to ‖y‖₁ ≤ 1, its conditions, and the bound it proves
          const y = v.certificate.y;
          let l1 = 0, sumY = 0, yu = 0;
          for (let i = 0; i < d.n; i++) { l1 += Math.abs(y[i]!); sumY += y[i]!; yu += y[i]! * us[i]!; }
          const dv = Math.max(1, l1);
          let maxUy = -Infinity;
          for (let j = 0; j < d.k; j++) { let s = 0; for (let i = 0; i < d.n; i++) s += Us[i * d.k + j]! * y[i]!; maxUy = Math.max(maxUy, s / dv); }
          const lower = constraint === "simplex" ? yu / dv - maxUy : yu / dv;
          const conditionsHold = (!offset || Math.abs(sumY / dv) <= 1e-12) && (constraint === "simplex" || maxUy <= 1e-12 * sigmaS);
          const lb = scaleBy(v.certificate.lowerBound, t), ub = scaleBy(v.certificate.upperBound, t);
          const show = (x: number) => fmt(scaleBy(x, -t));
          if (conditionsHold && lower > epsS + tol + slack) return { verdict: "wrong", detail: `certificate proves ${show(lower)} > ε* ${show(epsS)}` };
          if (lb > epsS + tol + slack) return { verdict: "wrong", detail: `lowerBound ${fmt(v.certificate.lowerBound)} > ε* ${show(epsS)} (σ ${fmt(sigma)})` };
          if (method === "inHull" && v.inside === true && epsS > tol + 2 * slack + rep) return { verdict: "wrong", detail: `inside, but ε* = ${show(epsS)} (σ ${fmt(sigma)})` };
          if (v.status !== "optimal") {
            if (method === "inHull" && v.inside === false && epsS < tol - 2 * slack && d.family === "inside") return { verdict: "wrong", detail: `outside, but ε* = ${show(epsS)}` };
            return { verdict: "nonOptimal", detail: `status ${v.status}, ε* ${show(epsS)}` };
          }
          if (!(ub - epsS <= tol + slack + rep)) return { verdict: "wrong", detail: `ε ${fmt(v.certificate.upperBound)} vs ε* ${show(epsS)} (σ ${fmt(sigma)})` };
          if (!conditionsHold) return { verdict: "wrong", detail: `certificate conditions fail: 1ᵀy ${fmt(sumY / dv)}, max Uᵀy ${show(maxUy)}` };
          if (!(lower >= epsS - tol - slack - rep)) return { verdict: "wrong", detail: `'optimal' but y proves only ${show(lower)} of ε* ${show(epsS)} (σ ${fmt(sigma)})` };
          if (method === "inHull" && v.inside === false && epsS < tol - 2 * slack - rep) return { verdict: "wrong", detail: `outside, but ε* = ${show(epsS)}` };
          return { verdict: "ok" };
        },
      } satisfies Case;
    },
  };
}

// ---------------------------------------------------------------- persuasion and concavify

function persuasionOracle(highs: HighsModule, s: number[][], u: number[][], prior: number[], atLeast: number | undefined) {
  const nA = s.length, nY = prior.length;
  const ts = inversePow2(maxAbs(s.flat())), tu = inversePow2(maxAbs(u.flat()));
  const idx = (a: number, y: number) => a * nY + y;
  const c = new Array<number>(nA * nY).fill(0);
  for (let a = 0; a < nA; a++) for (let y = 0; y < nY; y++) c[idx(a, y)] = -s[a]![y]! * ts;
  const Aub: number[][] = [], bub: number[] = [];
  for (let a = 0; a < nA; a++) for (let b = 0; b < nA; b++) {
    if (a === b) continue;
    const r = new Array<number>(nA * nY).fill(0);
    for (let y = 0; y < nY; y++) r[idx(a, y)] = (u[b]![y]! - u[a]![y]!) * tu;
    Aub.push(r); bub.push(0);
  }
  if (atLeast !== undefined) {
    const r = new Array<number>(nA * nY).fill(0);
    for (let a = 0; a < nA; a++) for (let y = 0; y < nY; y++) r[idx(a, y)] = -u[a]![y]! * tu;
    Aub.push(r); bub.push(-atLeast * tu);
  }
  const Aeq: number[][] = [], beq: number[] = [];
  for (let y = 0; y < nY; y++) { const r = new Array<number>(nA * nY).fill(0); for (let a = 0; a < nA; a++) r[idx(a, y)] = 1; Aeq.push(r); beq.push(prior[y]!); }
  const r = solveWithHighs(highs, { c, Aub, bub, Aeq, beq }, TIGHT);
  return { status: r.status, value: -r.objective / ts };
}

function persuasionGenerator(highs: HighsModule): Generator {
  return {
    kernel: "persuasion",
    make(rng) {
      const nA = int(rng, 2, 4), nY = int(rng, 2, 4);
      const family = pick(rng, ["integers", "gaussian", "units", "small-units", "ties", "receiverAtLeast"] as const);
      const draw = () => (family === "gaussian" ? gaussian(rng) : int(rng, -4, 4));
      let s = Array.from({ length: nA }, () => Array.from({ length: nY }, draw));
      let u = Array.from({ length: nA }, () => Array.from({ length: nY }, draw));
      if (family === "ties") u[1] = u[0]!.slice();
      if (family === "units") { const a = 10 ** int(rng, -100, 100), b = 10 ** int(rng, -100, 100); s = s.map((r) => r.map((v) => v * a)); u = u.map((r) => r.map((v) => v * b)); }
      if (family === "small-units") { const a = 10 ** -int(rng, 6, 12); s = s.map((r) => r.map((v) => v * a)); u = u.map((r) => r.map((v) => v * a)); }
      const raw = Array.from({ length: nY }, () => int(rng, 1, 5));
      const tot = raw.reduce((a, b) => a + b, 0);
      const prior = raw.map((v) => v / tot);
      let atLeast: number | undefined;
      const opts: Record<string, unknown> = {};
      if (family === "receiverAtLeast") {
        // between the no-information and full-information receiver values, or above the latter (infeasible)
        let full = 0;
        for (let y = 0; y < nY; y++) { let m = -Infinity; for (let a = 0; a < nA; a++) m = Math.max(m, u[a]![y]!); full += prior[y]! * m; }
        atLeast = full - (rng() < 0.2 ? -1 : rng()) * 2;
        opts.receiverAtLeast = atLeast;
      }
      const oracle = persuasionOracle(highs, s, u, prior, atLeast);
      const ms = maxAbs(s.flat()), mu = maxAbs(u.flat());
      return {
        kernel: "persuasion", family, method: "persuasion", args: [s, u, prior, opts],
        check(value): Check {
          const v = value as { value: number; scheme: Float64Array; status: string };
          if (!allFinite(value)) return { verdict: "nonFinite", detail: `status ${v.status}` };
          if (oracle.status !== "optimal" && oracle.status !== "infeasible") return { verdict: "skipped" };
          if (v.status !== "optimal") {
            if (oracle.status === "optimal") return { verdict: "nonOptimal", detail: `status ${v.status}, HiGHS value ${fmt(oracle.value)}` };
            return { verdict: v.status === "infeasible" ? "ok" : "nonOptimal" };
          }
          if (oracle.status !== "optimal") return { verdict: "wrong", detail: `'optimal' but HiGHS says ${oracle.status}` };
          const x = v.scheme;
          let worst = 0, marg = 0, minX = 0;
          for (let a = 0; a < nA; a++) for (let b = 0; b < nA; b++) {
            if (a === b) continue;
            let t = 0;
            for (let y = 0; y < nY; y++) t += x[a * nY + y]! * (u[b]![y]! - u[a]![y]!);
            worst = Math.max(worst, t);
          }
          for (let y = 0; y < nY; y++) { let t = 0; for (let a = 0; a < nA; a++) { t += x[a * nY + y]!; minX = Math.min(minX, x[a * nY + y]!); } marg = Math.max(marg, Math.abs(t - prior[y]!)); }
          if (worst > 1e-9 * mu || marg > 1e-9 || minX < -1e-9) return { verdict: "wrong", detail: `scheme infeasible: obedience ${fmt(worst)} (max|u| ${fmt(mu)}), marginals ${fmt(marg)}, min ${fmt(minX)}` };
          if (!(Math.abs(v.value - oracle.value) <= 1e-8 * ms)) return { verdict: "wrong", detail: `value ${fmt(v.value)} vs HiGHS ${fmt(oracle.value)} (max|s| ${fmt(ms)})` };
          return { verdict: "ok" };
        },
      } satisfies Case;
    },
  };
}

/** Grid posteriors (exact multiples of 1/r, so they contain the vertices and the prior is in their hull). */
function gridPosteriors(nY: number, r: number): number[][] {
  const out: number[][] = [];
  const rec = (prefix: number[], left: number) => {
    if (prefix.length === nY - 1) { out.push([...prefix, left].map((c) => c / r)); return; }
    for (let c = left; c >= 0; c--) rec([...prefix, c], left - c);
  };
  rec([], r);
  return out;
}

function concavifyGenerator(highs: HighsModule): Generator {
  return {
    kernel: "concavify",
    make(rng) {
      const nY = int(rng, 2, 3), res = int(rng, 1, nY === 2 ? 8 : 4);
      const post = gridPosteriors(nY, res);
      const family = pick(rng, ["gaussian", "integers-ties", "units", "small-units"] as const);
      let values = post.map(() => (family === "integers-ties" ? int(rng, -2, 2) : gaussian(rng)));
      if (family === "units") { const a = 10 ** int(rng, -100, 100); values = values.map((v) => v * a); }
      if (family === "small-units") { const a = 10 ** -int(rng, 6, 12); values = values.map((v) => v * a); }
      const raw = Array.from({ length: nY }, () => int(rng, 1, 5));
      const tot = raw.reduce((a, b) => a + b, 0);
      const prior = raw.map((v) => v / tot);
      const tv = inversePow2(maxAbs(values));
      const S = post.length;
      const Aeq = [...Array.from({ length: nY }, (_, y) => post.map((p) => p[y]!)), new Array<number>(S).fill(1)];
      const oracle = solveWithHighs(highs, { c: values.map((v) => -v * tv), Aeq, beq: [...prior, 1] }, TIGHT);
      const vStar = -oracle.objective / tv, mv = maxAbs(values);
      return {
        kernel: "concavify", family, method: "concavify", args: [values, post, prior],
        check(value): Check {
          const v = value as { value: number; status: string; splitting: { weights: Float64Array; posteriorIndices: Int32Array } };
          if (!allFinite(value)) return { verdict: "nonFinite", detail: `status ${v.status}` };
          if (oracle.status !== "optimal") return { verdict: "skipped" };
          if (v.status !== "optimal") return { verdict: "nonOptimal", detail: `status ${v.status}` };
          const { weights, posteriorIndices } = v.splitting;
          const m = new Array<number>(nY).fill(0);
          let sum = 0, val = 0;
          weights.forEach((t, i) => { const p = post[posteriorIndices[i]!]!; sum += t; val += t * values[posteriorIndices[i]!]!; for (let y = 0; y < nY; y++) m[y] = m[y]! + t * p[y]!; });
          const marg = Math.max(Math.abs(sum - 1), ...m.map((x, y) => Math.abs(x - prior[y]!)));
          if (marg > 1e-9 || weights.some((t) => t < 0)) return { verdict: "wrong", detail: `splitting off the prior by ${fmt(marg)}` };
          if (!(Math.abs(v.value - vStar) <= 1e-8 * mv)) return { verdict: "wrong", detail: `value ${fmt(v.value)} vs HiGHS ${fmt(vStar)} (max|v| ${fmt(mv)})` };
          return { verdict: "ok" };
        },
      } satisfies Case;
    },
  };
}

export function lpGenerators(highs: HighsModule): Generator[] {
  return [linprogGenerator(highs), hullGenerator(highs, "hullDistance"), hullGenerator(highs, "inHull"), persuasionGenerator(highs), concavifyGenerator(highs)];
}
