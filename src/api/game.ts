import type { Kernels } from "../backend/contract.js";
import type { DenseMatrix, HullResult, MatrixLike, SelectionGameInput, SelectionGameResult, SolverStatus, VectorLike } from "../core/types.js";
import { InputError } from "../core/errors.js";
import type { RowMajor } from "../core/types.js";
import { hullDistanceDense } from "./hull.js";
import { solvePersuasion, type PersuasionProblem } from "./persuasion.js";
import { quantalResponses } from "./responses.js";
import { optionsObject, positiveInteger, positiveNumber, toDense, toDistribution } from "../core/validate.js";
import { seeded as mulberry32 } from "../core/random.js";
import type { PersuasionWarm } from "./persuasion-lp.js";

/**
 * The best-AI selection game (a reconstruction of Collina, Goel, Roth, Ryu & Shi's setting; the rules are ours and
 * are documented in docs/games.md):
 *  - k providers, each with a utility S_i (|A|×|Y|) over the user's action and the state; the user has utility U and
 *    a prior over states. Each provider commits to an obedient direct-recommendation scheme x_i (a persuasion scheme).
 *  - The user values scheme i at W_i = Σ x_i·U and picks the best (ties split evenly), or picks i with logit
 *    probability ∝ exp(λ(W_i − max W)). She then follows the chosen scheme's recommendations.
 *  - Every provider's payoff is its own expected utility of the outcome, Σ_j P(j chosen)·Σ x_j·S_i (the chosen provider
 *    earns its expected utility of its own scheme; the others get theirs of the outcome the user actually plays).
 *  - Start: each provider offers its monopoly (sender-optimal) scheme. Then providers take turns (in order 0…k−1, or a
 *    seeded random order) best-responding: with B = the best rival offer, provider i compares keeping its scheme with
 *    (a) winning outright: the persuasion LP max Σ x·S_i s.t. W(x) ≥ B + step, (b) tying: W(x) ≥ B (shares split),
 *    and, for the logit rule, a grid of targets between the no-information and full-information values; it switches
 *    when one of them raises its payoff by more than 1e-9·scale.
 *  - Stop when a whole round passes without a switch (converged), a joint state repeats (a cycle), or maxRounds.
 * step = opts.step (default 0.01) × (full-information − no-information value of the user): the smallest margin by which
 * a winning offer beats the best rival; the equilibrium value is resolved to about that accuracy.
 */

interface Game {
  providers: DenseMatrix[];
  user: DenseMatrix;
  prior: Float64Array;
  rule: "best" | { logit: number };
  maxRounds: number;
  onProgress: SelectionGameInput["onProgress"];
  seed: number;
  step: number;
}

function validate(input: SelectionGameInput): Game {
  const o = optionsObject(input, "game", ["providers", "user", "prior", "rule", "maxRounds", "seed", "step", "onProgress"]);
  if (!Array.isArray(o.providers) || o.providers.length < 1) {
    throw new InputError(`providers must be a nonempty array of utilities (|A|×|Y| each); got ${Array.isArray(o.providers) ? "an empty array" : typeof o.providers}`);
  }
  if (o.user === undefined) throw new InputError("user must be a utility matrix (|A|×|Y|); got undefined");
  const user = toDense(o.user, "user");
  const providers = o.providers.map((P, i) => {
    const d = toDense(P, `providers[${i}]`);
    if (d.rows !== user.rows || d.cols !== user.cols) {
      throw new InputError(`providers[${i}] must be ${user.rows}×${user.cols} (the shape of user, actions × states); got ${d.rows}×${d.cols}`);
    }
    return d;
  });
  if (o.prior === undefined) throw new InputError("prior must be a probability vector over the states; got undefined");
  const prior = toDistribution(o.prior as VectorLike, "prior", user.cols, "one per state, the columns of user");
  let rule: Game["rule"] = "best";
  if (o.rule !== undefined && o.rule !== "best") {
    const l = (o.rule as { logit?: unknown }).logit;
    if (typeof o.rule !== "object" || typeof l !== "number" || !(l >= 0) || Number.isNaN(l)) {
      throw new InputError(`rule must be 'best' or { logit: λ } with λ ≥ 0; got ${JSON.stringify(o.rule)}`);
    }
    rule = l === Infinity ? "best" : { logit: l };
  }
  const maxRounds = positiveInteger(o.maxRounds, "maxRounds", 1000);
  const seed = o.seed === undefined ? 0 : o.seed;
  if (typeof seed !== "number" || !Number.isInteger(seed)) throw new InputError(`seed must be an integer; got ${String(seed)}`);
  const step = positiveNumber(o.step, "step", 0.01);
  if (o.onProgress !== undefined && typeof o.onProgress !== "function") {
    throw new InputError(`onProgress must be a function ({ round, maxRounds, lps, elapsedMs }) => void; got ${typeof o.onProgress}`);
  }
  const onProgress = o.onProgress as SelectionGameInput["onProgress"];
  return { providers, user, prior, rule, maxRounds, seed, step, onProgress };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Σ_y prior_y max_a U(a, y). */
export function fullInformationValue(U: DenseMatrix, prior: Float64Array): number {
  let v = 0;
  for (let y = 0; y < U.cols; y++) {
    let m = -Infinity;
    for (let a = 0; a < U.rows; a++) m = Math.max(m, U.data[a * U.cols + y]!);
    v += prior[y]! * m;
  }
  return v;
}

/** max_a Σ_y prior_y U(a, y). */
export function noInformationValue(U: DenseMatrix, prior: Float64Array): number {
  let best = -Infinity;
  for (let a = 0; a < U.rows; a++) {
    let v = 0;
    for (let y = 0; y < U.cols; y++) v += prior[y]! * U.data[a * U.cols + y]!;
    best = Math.max(best, v);
  }
  return best;
}

/** The user's choice probabilities over the k offers. */
function choice(kernels: Kernels, W: number[], rule: Game["rule"], tol: number): number[] {
  const m = W.reduce((a, b) => Math.max(a, b), -Infinity);
  if (rule === "best") {
    const tied = W.map((w): number => (w >= m - tol ? 1 : 0));
    const n = tied.reduce((a, b) => a + b, 0);
    return tied.map((t) => t / n);
  }
  // the logit kernel (one state, the offers as actions): NativeMath.exp's bits in every host, not Math.exp
  return Array.from(quantalResponses(kernels, { rows: W.length, cols: 1, data: Float64Array.from(W) }, [[1]], rule.logit));
}


export function selectionGame(kernels: Kernels, input: SelectionGameInput): SelectionGameResult {
  const g = validate(input);
  const { providers, user, prior, rule } = g;
  const k = providers.length;
  let scale = 1;
  for (const M of [user, ...providers]) for (let i = 0; i < M.data.length; i++) scale = Math.max(scale, Math.abs(M.data[i]!));
  const tol = 1e-9 * scale;
  const full = fullInformationValue(user, prior), none = noInformationValue(user, prior);
  const step = Math.max(g.step * (full - none), 1e-7 * scale);

  const problem = (i: number, floor: number | undefined): PersuasionProblem =>
    ({ sender: providers[i]!, receiver: user, prior, receiverAtLeast: floor, tolerance: 1e-9 });
  const schemes: RowMajor[] = [];
  let lpStatus: SolverStatus = "optimal";
  // each provider's LPs warm-start from its previous one (its obedience rows and final basis carry over)
  const warm: PersuasionWarm[] = Array.from({ length: k }, () => ({ active: [] }));
  const started = performance.now();
  let lps = 0;
  let lastReport = started;
  const progress = (round: number, force: boolean) => {
    if (!g.onProgress) return;
    const now = performance.now();
    if (!force && now - lastReport < 250) return;
    lastReport = now;
    g.onProgress({ round, maxRounds: g.maxRounds, lps, elapsedMs: now - started });
  };
  for (let i = 0; i < k; i++) {
    const r = solvePersuasion(kernels, problem(i, undefined), warm[i]);
    lps++;
    progress(0, false);
    if (r.status !== "optimal") lpStatus = r.status;
    schemes.push(r.scheme);
  }
  const W = () => schemes.map((x) => dot(x, user.data));
  const payoff = (i: number, offers: Float64Array[]): number => {
    const p = choice(kernels, offers.map((x) => dot(x, user.data)), rule, tol);
    let v = 0;
    for (let j = 0; j < k; j++) if (p[j]! > 0) v += p[j]! * dot(offers[j]!, providers[i]!.data);
    return v;
  };
  const order = Array.from({ length: k }, (_, i) => i);
  if (g.seed !== 0) {
    const rng = mulberry32(g.seed);
    for (let i = k - 1; i > 0; i--) { const j = Math.floor(rng() * (i + 1)); [order[i], order[j]] = [order[j]!, order[i]!]; }
  }
  const seen = new Set<string>();
  const key = () => schemes.map((x) => Array.from(x, (v) => Math.round(v / 1e-9)).join(",")).join("|");
  seen.add(key());
  let rounds = 0, converged = false, cycle = false;
  while (rounds < g.maxRounds && !converged && !cycle) {
    rounds++;
    let moved = false;
    for (const i of order) {
      if (k === 1) break;
      const current = payoff(i, schemes);
      const offers = W();
      let B = -Infinity;
      for (let j = 0; j < k; j++) if (j !== i) B = Math.max(B, offers[j]!);
      const targets = rule === "best" ? [B + step, B] : [B + step, B, ...Array.from({ length: 9 }, (_, t) => none + ((t + 1) / 10) * (full - none))];
      let bestPay = current + tol, bestScheme: RowMajor | null = null;
      for (const t of targets) {
        if (t > full + tol) continue;
        const r = solvePersuasion(kernels, problem(i, t), warm[i]);
        lps++;
        progress(rounds, false);
        if (r.status !== "optimal") continue;
        const trial = schemes.slice();
        trial[i] = r.scheme;
        const p = payoff(i, trial);
        if (p > bestPay) { bestPay = p; bestScheme = r.scheme; }
      }
      if (bestScheme) { schemes[i] = bestScheme; moved = true; }
    }
    progress(rounds, true);
    if (!moved) { converged = true; break; }
    const kk = key();
    if (seen.has(kk)) cycle = true;
    seen.add(kk);
  }
  const offers = W();
  const p = choice(kernels, offers, rule, tol);
  let userValue = 0;
  for (let j = 0; j < k; j++) userValue += p[j]! * offers[j]!;
  let winner = 0;
  for (let j = 1; j < k; j++) if (p[j]! > p[winner]!) winner = j;
  // Definition 1 over the |A|·|Y| action–state pairs: one column per provider (its utility flattened), u = the user's
  const n = user.rows * user.cols;
  const Ucols = new Float64Array(n * k);
  for (let j = 0; j < k; j++) for (let r = 0; r < n; r++) Ucols[r * k + j] = providers[j]!.data[r]!;
  const hull: HullResult = hullDistanceDense(kernels, { rows: n, cols: k, data: Ucols }, user.data, "simplex", true);
  return {
    userValue, fullInformationValue: full, noInformationValue: none, winner, choice: Float64Array.from(p),
    schemes, offers: Float64Array.from(offers), rounds, converged, cycle, status: lpStatus, hull,
  };
}
