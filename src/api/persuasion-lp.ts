import type { Kernels } from "../backend/contract.js";
import type { DenseMatrix, SolverStatus } from "../core/types.js";
import { statusFromCode } from "../core/status.js";

/**
 * The obedience LP of Bayesian persuasion, solved as a sequence of warm-started revised-simplex LPs:
 *  - only the obedience rows that bind are generated (per recommended action, its most violated deviations join
 *    after each solve; the LP is a relaxation, so a point obeying every omitted row is optimal for the full LP);
 *  - every LP after the first starts from the previous one's final basis (rows carried over keep their status, a
 *    new row enters with its logical basic), so each round costs a few pivots, not a solve from scratch;
 *  - the lexicographic second LP (the receiver's best among the sender-optimal schemes) is the same LP plus one row
 *    "the sender gets at least v₁", warm-started from the first's optimal basis;
 *  - a caller solving related LPs (receiverAtLeast variants, the selection game's rounds) passes a `PersuasionWarm`
 *    that carries the rows and the basis from one call to the next.
 * Row keys: FLOOR (receiverAtLeast), SENDER (the lexicographic row), a·nA + a' for the deviation a → a'.
 */

const FLOOR = -1;
const SENDER = -2;
/** Most violated deviations per recommended action that join per round. */
const CUTS_PER_ACTION = 2;

export interface PersuasionWarm {
  /** Obedience rows (pair keys) generated so far; kept across calls on the same receiver. */
  active: number[];
  /** Final basis: structural codes, the logical code of each keyed inequality row, the equality rows' codes. */
  structural?: Int32Array;
  rows?: Map<number, number>;
  equalities?: Int32Array;
  /** The rows built so far (their nonzeros by key), for the sender and receiver they were built from. */
  built?: BuiltRows;
}

interface BuiltRows { s: DenseMatrix; u: DenseMatrix; rows: Map<number, Row> }

/** A kernel answer: its status and the scheme (round-off negatives clipped). */
export interface LpPoint { status: SolverStatus; x: Float64Array }

export interface ObedienceLpOutcome {
  first: LpPoint;
  /** The scheme to report (the lexicographic LP's when it succeeded). */
  x: Float64Array;
  lexicographic: boolean;
}

interface Setting {
  kernels: Kernels;
  s: DenseMatrix;
  u: DenseMatrix;
  prior: Float64Array;
  receiverAtLeast: number | undefined;
  tolerance: number;
  scale: number;
  senderScale: number;
}

function dotFlat(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

interface Row { cols: Int32Array; values: Float64Array }

/** The nonzeros of a row (columns increasing). */
function sparseRow(n: number, at: (j: number) => number, only?: (j: number) => boolean): Row {
  const cols: number[] = [], values: number[] = [];
  for (let j = 0; j < n; j++) {
    if (only && !only(j)) continue;
    const v = at(j);
    if (v !== 0) { cols.push(j); values.push(v); }
  }
  return { cols: Int32Array.from(cols), values: Float64Array.from(values) };
}

/** One row of the LP (≤ form) for a key: its nonzeros. */
function makeRow(S: Setting, key: number): Row {
  const { s, u } = S;
  const nA = u.rows, nY = u.cols, nv = nA * nY;
  if (key === FLOOR) return sparseRow(nv, (j) => -u.data[j]!);
  if (key === SENDER) return sparseRow(nv, (j) => -s.data[j]!);
  const a = Math.floor(key / nA), b = key % nA;
  const cols: number[] = [], values: number[] = [];
  for (let y = 0; y < nY; y++) {
    const v = u.data[b * nY + y]! - u.data[a * nY + y]!;
    if (v !== 0) { cols.push(a * nY + y); values.push(v); }
  }
  return { cols: Int32Array.from(cols), values: Float64Array.from(values) };
}

/** The right-hand side of a keyed row. */
function rowBound(S: Setting, key: number, senderValue: number): number {
  return key === FLOOR ? -S.receiverAtLeast! : key === SENDER ? -senderValue : 0;
}

/**
 * max cᵀx (c = sender, or receiver for the lexicographic LP) over obedient schemes with the given extra rows,
 * obedience rows generated lazily, each LP warm-started. Updates `warm` with the rows and the final basis.
 * The kernel is called directly (the rows are built here, in the kernel's layout: inequality rows, then the |Y|
 * marginal equalities); the caller recomputes every reported number from the final scheme.
 */
function solveWithCuts(S: Setting, objective: Float64Array, extra: number[], senderValue: number, warm: PersuasionWarm): LpPoint {
  const { u, prior } = S;
  const nA = u.rows, nY = u.cols, nv = nA * nY;
  const c = new Float64Array(nv);
  for (let j = 0; j < nv; j++) c[j] = -objective[j]!;
  const lower = new Float64Array(nv), upper = new Float64Array(nv).fill(Infinity);
  const inActive = new Set(warm.active);
  // the rows in compressed form, built once per key (and kept in `warm` for the next call on the same utilities); the
  // marginal equalities Σ_a x(a, y) = prior_y last
  if (!warm.built || warm.built.s !== S.s || warm.built.u !== u) warm.built = { s: S.s, u, rows: new Map() };
  const built = warm.built.rows;
  const ones = new Float64Array(nA).fill(1);
  const marginal: Row[] = [];
  for (let y = 0; y < nY; y++) {
    const cols = new Int32Array(nA);
    for (let a = 0; a < nA; a++) cols[a] = a * nY + y;
    marginal.push({ cols, values: ones });
  }
  let point: LpPoint = { status: "numerical_error", x: new Float64Array(nv) };
  for (let round = 0; ; round++) {
    const keys = extra.concat(warm.active);
    const mUb = keys.length, m = mUb + nY;
    const rows: Row[] = new Array<Row>(m);
    const start = new Int32Array(m + 1);
    for (let i = 0; i < m; i++) {
      let r: Row | undefined;
      if (i < mUb) {
        const key = keys[i]!;
        r = built.get(key);
        if (!r) { r = makeRow(S, key); built.set(key, r); }
      } else r = marginal[i - mUb]!;
      rows[i] = r;
      start[i + 1] = start[i]! + r.cols.length;
    }
    const cols = new Int32Array(start[m]!), values = new Float64Array(start[m]!);
    for (let i = 0; i < m; i++) { cols.set(rows[i]!.cols, start[i]!); values.set(rows[i]!.values, start[i]!); }
    const b = new Float64Array(m);
    for (let i = 0; i < mUb; i++) b[i] = rowBound(S, keys[i]!, senderValue);
    for (let y = 0; y < nY; y++) b[mUb + y] = prior[y]!;
    let basis: Int32Array | undefined;
    if (warm.structural && warm.rows && warm.equalities) {
      basis = new Int32Array(nv + m);
      basis.set(warm.structural, 0);
      for (let i = 0; i < mUb; i++) basis[nv + i] = warm.rows.get(keys[i]!) ?? 0;
      basis.set(warm.equalities, nv + mUb);
    } else {
      // no earlier basis: each state's mass on an action best for the objective (the optimum without obedience rows,
      // dual feasible with them: the inequality rows start with their logicals basic, for the dual simplex)
      basis = new Int32Array(nv + m).fill(1);
      for (let y = 0; y < nY; y++) {
        let best = 0;
        for (let a = 1; a < nA; a++) if (objective[a * nY + y]! > objective[best * nY + y]!) best = a;
        basis[best * nY + y] = 0;
      }
      for (let i = 0; i < mUb; i++) basis[nv + i] = 0;
    }
    const out = S.kernels.solveLinprog(
      { rows: { start, cols, values }, b, c, lower, upper, m, mUb, nv, ...(basis ? { basis } : {}) },
      { maxIterations: 50 * (m + nv) + 1000, tolerance: S.tolerance, batch: 0 },
    );
    const x = out.x;
    for (let j = 0; j < nv; j++) if (x[j]! < 0) x[j] = 0;
    point = { status: statusFromCode(out.statusCode), x };
    warm.structural = out.basis.slice(0, nv);
    warm.rows = new Map();
    for (let i = 0; i < mUb; i++) warm.rows.set(keys[i]!, out.basis[nv + i]!);
    warm.equalities = out.basis.slice(nv + mUb);
    if (point.status !== "optimal" || round >= 4 * nA + 20) return point;
    let added = 0;
    const support = new Int32Array(nY);
    for (let a = 0; a < nA; a++) {
      // a deviation from a recommendation never made violates nothing: only the states where a is recommended count
      let ns = 0;
      for (let y = 0; y < nY; y++) if (x[a * nY + y] !== 0) support[ns++] = y;
      if (ns === 0) continue;
      const violated: [number, number][] = [];
      for (let b2 = 0; b2 < nA; b2++) {
        if (b2 === a || inActive.has(a * nA + b2)) continue;
        let v = 0;
        for (let t = 0; t < ns; t++) { const y = support[t]!; v += x[a * nY + y]! * (u.data[b2 * nY + y]! - u.data[a * nY + y]!); }
        if (v > 1e-9 * S.scale) violated.push([v, a * nA + b2]);
      }
      violated.sort((p, q) => q[0] - p[0]);
      for (const [, pick] of violated.slice(0, CUTS_PER_ACTION)) { warm.active.push(pick); inActive.add(pick); added++; }
    }
    if (added === 0) return point;
  }
}

/** Largest obedience violation max_{a≠a'} Σ_y x(a, y)(u(a', y) − u(a, y)) (≤ 0 when obedient). */
export function obedienceViolation(x: Float64Array, u: DenseMatrix): number {
  const nA = u.rows, nY = u.cols;
  let worst = -Infinity;
  const support = new Int32Array(nY);
  for (let a = 0; a < nA; a++) {
    // the sums over the states where a is recommended (the other terms are zeros); 0 for an action never recommended
    let ns = 0;
    for (let y = 0; y < nY; y++) if (x[a * nY + y] !== 0) support[ns++] = y;
    if (ns === 0) { if (nA > 1 && 0 > worst) worst = 0; continue; }
    for (let b = 0; b < nA; b++) {
      if (a === b) continue;
      let s = 0;
      for (let t = 0; t < ns; t++) { const y = support[t]!; s += x[a * nY + y]! * (u.data[b * nY + y]! - u.data[a * nY + y]!); }
      if (s > worst) worst = s;
    }
  }
  return nA > 1 ? worst : 0;
}

export function solveObedienceLp(
  kernels: Kernels, s: DenseMatrix, u: DenseMatrix, prior: Float64Array, receiverAtLeast: number | undefined,
  tolerance: number, warm: PersuasionWarm = { active: [] },
): ObedienceLpOutcome {
  let scale = 0, senderScale = 0;
  for (let i = 0; i < u.data.length; i++) scale = Math.max(scale, Math.abs(u.data[i]!));
  for (let i = 0; i < s.data.length; i++) senderScale = Math.max(senderScale, Math.abs(s.data[i]!));
  const S: Setting = { kernels, s, u, prior, receiverAtLeast, tolerance, scale: scale || 1, senderScale: senderScale || 1 };
  const base = receiverAtLeast !== undefined ? [FLOOR] : [];
  const first = solveWithCuts(S, s.data, base, 0, warm);
  if (first.status !== "optimal") return { first, x: first.x, lexicographic: false };
  // the lexicographic LP: the receiver's best among schemes giving the sender at least v₁, from the first's basis
  // (its own warm state, so the caller's state stays the sender LP's)
  const v1 = dotFlat(first.x, s.data);
  const second = { active: [...warm.active], structural: warm.structural, rows: warm.rows, equalities: warm.equalities, built: warm.built };
  const lex = solveWithCuts(S, u.data, [...base, SENDER], v1, second);
  if (lex.status === "optimal") {
    const v2 = dotFlat(lex.x, s.data);
    if (v2 >= v1 - 1e-9 * S.senderScale && dotFlat(lex.x, u.data) >= dotFlat(first.x, u.data) && obedienceViolation(lex.x, u) <= 1e-9 * S.scale) {
      return { first, x: lex.x, lexicographic: true };
    }
  }
  return { first, x: first.x, lexicographic: false };
}
