/**
 * `npm run bench -- --suite persuasion`: ea.persuasion (obedience LP with lazily generated rows, warm-started revised
 * simplex, then the lexicographic LP) against HiGHS on the full obedience LP — highs-js (structured model API, default
 * options) and SciPy's HiGHS (scipy.optimize.linprog(method="highs"), bench/peers/scipy_linprog.py) — and the
 * selection game's time per round (2 providers; EA_BASELINE=<checkout> adds an older build on the same instance).
 * Checks: objective equal to HiGHS (relative), and the scheme unchanged with the data in units of 1e-9 and 1e+9.
 */
import { createEngine, type Engine } from "../src/index.js";
import { seeded } from "../test/helpers/random.js";
import { loadHighs } from "../test/helpers/lp-oracle.js";
import { csrFromRows, highsSolve, scipySolve, timeRuns, type SparseLp } from "./lp-peers.js";
import { environment, environmentLine, fmtMs, markdownTable, type SuiteOptions, type SuiteResult } from "./report.js";

/** fmtMs with its unit (it already says "s" from 10 s on). */
const withUnit = (ms: number | null | undefined) => { const v = fmtMs(ms); return v === "–" || v.endsWith(" s") ? v : `${v} ms`; };

type Dense = { rows: number; cols: number; data: Float64Array };

export function persuasionInstance(nA: number, nY: number, seed = 7 + nA * 131 + nY) {
  const rng = seeded(seed);
  const s: Dense = { rows: nA, cols: nY, data: Float64Array.from({ length: nA * nY }, () => rng()) };
  const u: Dense = { rows: nA, cols: nY, data: Float64Array.from({ length: nA * nY }, () => rng()) };
  const prior = Float64Array.from({ length: nY }, () => 0.2 + rng());
  const z = prior.reduce((a, b) => a + b, 0);
  for (let y = 0; y < nY; y++) prior[y] = prior[y]! / z;
  return { s, u, prior };
}

/** The full obedience LP: min −s·x s.t. Σ_y x(a,y)(u(b,y) − u(a,y)) ≤ 0 (a ≠ b), Σ_a x(a,y) = prior_y, x ≥ 0. */
export function obedienceLp(s: Dense, u: Dense, prior: Float64Array): SparseLp {
  const nA = s.rows, nY = s.cols, nv = nA * nY;
  const pairs: [number, number][] = [];
  for (let a = 0; a < nA; a++) for (let b = 0; b < nA; b++) if (a !== b) pairs.push([a, b]);
  const ub = csrFromRows(pairs.length, nv, (i, push) => {
    const [a, b] = pairs[i]!;
    for (let y = 0; y < nY; y++) push(a * nY + y, u.data[b * nY + y]! - u.data[a * nY + y]!);
    return 0;
  });
  const eq = csrFromRows(nY, nv, (y, push) => { for (let a = 0; a < nA; a++) push(a * nY + y, 1); return prior[y]!; });
  return { nv, c: Float64Array.from(s.data, (v) => -v), ub, eq };
}

function scaled(d: Dense, k: number): Dense { return { rows: d.rows, cols: d.cols, data: d.data.map((v) => v * k) }; }

function gameInstance(nA: number, nY: number, k: number, seed: number) {
  const rng = seeded(seed);
  const n = nA * nY;
  const providers: Dense[] = Array.from({ length: k }, () => ({ rows: nA, cols: nY, data: Float64Array.from({ length: n }, () => rng()) }));
  const w = providers.map(() => -Math.log(1 - rng()));
  const z = w.reduce((a, b) => a + b, 0);
  const user = new Float64Array(n);
  for (let i = 0; i < n; i++) { let v = 0; providers.forEach((P, j) => { v += (w[j]! / z) * P.data[i]!; }); user[i] = v + 0.1 * (2 * rng() - 1); }
  const prior = Float64Array.from({ length: nY }, () => 0.2 + rng());
  const zp = prior.reduce((a, b) => a + b, 0);
  for (let y = 0; y < nY; y++) prior[y] = prior[y]! / zp;
  return { providers, user: { rows: nA, cols: nY, data: user }, prior };
}

export async function run(options: SuiteOptions): Promise<SuiteResult> {
  const { log } = options;
  const env = environment();
  const ea = await createEngine({ backend: "wasm" });
  const highs = options.peers ? await loadHighs() : null;
  const sizes: [number, number][] = options.sizes ?? (options.quick ? [[10, 10], [20, 20]] : [[10, 10], [20, 20], [50, 50], [100, 100], [200, 50]]);
  const rows: (string | number)[][] = [];
  const json: unknown[] = [];
  let scipyVersion = "";
  for (const [nA, nY] of sizes) {
    const { s, u, prior } = persuasionInstance(nA, nY);
    const big = nA * nY >= 5000;
    const reps = big ? 1 : nA * nY >= 1000 ? 3 : 10;
    let res = ea.persuasion(s, u, prior);
    // large instances: one timed run after the first (no more), and the units check only up to 50×50
    const tEa = timeRuns(big ? 1 : reps, () => { res = ea.persuasion(s, u, prior); });
    // the same scheme in other units
    let unitDiff = big ? NaN : 0;
    for (const k of big ? [] : [1e-9, 1e9]) {
      const r = ea.persuasion(scaled(s, k), scaled(u, k), prior);
      for (let j = 0; j < res.scheme.length; j++) unitDiff = Math.max(unitDiff, Math.abs(r.scheme[j]! - res.scheme[j]!));
      if (r.status !== res.status) unitDiff = Infinity;
    }
    const lp = obedienceLp(s, u, prior);
    let hObj = NaN, tH: { min: number; median: number } | null = null;
    if (highs) {
      if (big) {
        const t0 = performance.now();
        hObj = highsSolve(highs, lp).objective;
        const ms = performance.now() - t0;
        tH = { min: ms, median: ms };
      } else {
        hObj = highsSolve(highs, lp).objective;
        tH = timeRuns(Math.min(reps, 5), () => { highsSolve(highs, lp); });
      }
    }
    const sp = options.peers ? scipySolve(lp, big ? 1 : 3) : "skipped";
    if (typeof sp !== "string") scipyVersion = sp.scipy;
    const ref = Number.isNaN(hObj) ? (typeof sp === "string" ? NaN : sp.objective) : hObj;
    const rel = Math.abs(res.value + ref) / Math.abs(ref);
    const tS = typeof sp === "string" ? null : sp.min_ms;
    rows.push([`${nA}×${nY}`, `${fmtMs(tEa.min)} / ${fmtMs(tEa.median)}`, tH ? fmtMs(tH.min) : "–", tH ? `${(tH.min / tEa.min).toFixed(1)}×` : "–",
      tS !== null ? fmtMs(tS) : "–", tS !== null ? `${(tS / tEa.min).toFixed(1)}×` : "–", res.status, rel.toExponential(1), Number.isNaN(unitDiff) ? "– (up to 50×50 only)" : unitDiff.toExponential(1)]);
    json.push({ nA, nY, eaMs: tEa, highsMs: tH, scipy: sp, status: res.status, value: res.value, highsObjective: hObj, relDiff: rel, unitDiff });
    log(`persuasion ${nA}×${nY}: ea ${withUnit(tEa.min)}, highs-js ${tH ? withUnit(tH.min) : "–"}, scipy ${withUnit(tS)}, rel ${rel.toExponential(1)}`);
  }

  // the selection game: time per round, 2 providers, 30×30 (and a 100×100 instance, one round)
  const gameRows: (string | number)[][] = [];
  const baselineRoot = process.env.EA_BASELINE;
  const baseline: Engine | null = baselineRoot
    ? await (await import(`${baselineRoot}/src/index.js`) as { createEngine: typeof createEngine }).createEngine({ backend: "wasm" })
    : null;
  const games: [number, number, number][] = options.quick ? [[10, 10, 20]] : [[30, 30, 20], [100, 100, 1]];
  for (const [nA, nY, maxRounds] of games) {
    const g = gameInstance(nA, nY, 2, 99 + nA);
    // up to 50×50 the fastest of 3 plays after a warm-up of 500 ms (timeRuns), for this build and the baseline alike
    const playOn = (e: Engine) => {
      let r = e.selectionGame({ ...g, maxRounds });
      const t = timeRuns(nA <= 50 ? 3 : 0, () => { r = e.selectionGame({ ...g, maxRounds }); }, nA <= 50 ? 500 : 0);
      return { ms: nA <= 50 ? t.min : NaN, rounds: r.rounds, userValue: r.userValue };
    };
    const now = nA <= 50 ? playOn(ea) : (() => {
      const t0 = performance.now();
      const r = ea.selectionGame({ ...g, maxRounds });
      return { ms: performance.now() - t0, rounds: r.rounds, userValue: r.userValue };
    })();
    const before = baseline && nA <= 50 ? playOn(baseline) : null;
    gameRows.push([`2 providers, ${nA}×${nY}`, `${now.rounds}`, fmtMs(now.ms), fmtMs(now.ms / Math.max(1, now.rounds)),
      before ? fmtMs(before.ms / Math.max(1, before.rounds)) : "–", before ? `${((before.ms / Math.max(1, before.rounds)) / (now.ms / Math.max(1, now.rounds))).toFixed(1)}×` : "–",
      before ? Math.abs(before.userValue - now.userValue).toExponential(1) : "–"]);
    json.push({ game: `${nA}x${nY}`, now, before, baseline: baselineRoot ?? null });
    log(`game ${nA}×${nY}: ${fmtMs(now.ms)} ms, ${now.rounds} rounds${before ? `; baseline ${fmtMs(before.ms)} ms, ${before.rounds} rounds` : ""}`);
  }

  const markdown = [
    "## Persuasion LPs and the selection game vs HiGHS",
    "",
    `${environmentLine(env)}${scipyVersion ? ` · SciPy ${scipyVersion}` : ""}`,
    "",
    markdownTable(["|A|×|Y|", "ea.persuasion wasm min / median ms (both LPs)", "highs-js ms (full LP)", "highs-js / ea", "SciPy HiGHS ms", "SciPy / ea", "status", "|value − HiGHS| / |HiGHS|", "max |Δscheme| at ×1e-9, ×1e+9"], rows),
    "",
    "highs-js: the full obedience LP (|A|(|A|−1) rows, sparse) through the structured model API with default options, model build + solve; SciPy: scipy.optimize.linprog(method='highs') on the same CSR matrices, solve only. ea: validation, both LPs (sender-optimal, then the receiver's best among them), recomputed certificates. Up to 50×50, ea and highs-js are timed after a warm-up of 250 ms (at most 50 calls) so both run tiered-up WebAssembly; larger instances once, after one untimed call (ea) or cold (highs-js). The game up to 50×50: the fastest of 3 plays after a warm-up of 500 ms, for this build and the baseline alike; 100×100 one cold play.",
    "",
    markdownTable(["selection game", "rounds", "total ms", "ms / round", `baseline ms / round${baselineRoot ? ` (${baselineRoot})` : ""}`, "speed-up", "|Δ user value|"], gameRows),
  ].join("\n");
  return { title: "persuasion", markdownTable: markdown, json: { env, results: json } };
}
