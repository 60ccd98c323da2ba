import { join } from "node:path";
import { createEngine, type BackendName, type Engine } from "../index.js";
import { gameFigure } from "../app/figures/game.js";
import { writeFigure, type FigureFormat } from "./figures.js";
import { formatTable } from "./table.js";
import { checkOutDir, writeFilesAtomic } from "./output.js";
import { progress } from "./progress.js";
import { seeded as mulberry32 } from "../core/random.js";
import { gameInstance } from "../app/game-instances.js";

export interface GameCliOptions {
  /** Random instances per ε (and for the independent-user group). */
  trials: number;
  providers: number;
  actions: number;
  states: number;
  /** Perturbations of the in-hull user (hull distance at most ε). */
  epsilons: number[];
  /** 'bias': the user gains ε more than the providers' mix when her action matches the state (a = y mod |A|): the
   *  providers share a disregard for her accuracy;
   *  'noise': every entry moves by ε·U[−1, 1] (independent misalignment). */
  perturbation: "bias" | "noise";
  seed: number;
  maxRounds: number;
  /** The winning margin of the game (relative to the user's full − no-information range). */
  step: number;
  out: string;
  json: boolean;
  backend: BackendName;
  /** A progress bar on stderr once the run has taken a second (default true; only on a terminal). */
  progress?: boolean;
  format?: FigureFormat[];
  width?: number;
  height?: number;
}

export const DEFAULT_EPSILONS = [0, 0.05, 0.1, 0.25, 0.5, 1];


interface Trial { epsilon: number | "independent"; hull: number; gap: number; userValue: number; full: number; none: number; rounds: number; converged: boolean }

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  const i = (sorted.length - 1) * q, lo = Math.floor(i), hi = Math.ceil(i);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
}

function play(ea: Engine, rng: () => number, o: GameCliOptions, epsilon: number | "independent"): Trial {
  for (;;) {
    const { providers, user, prior } = gameInstance(rng, o, epsilon);
    const g = ea.selectionGame({ providers, user, prior, maxRounds: o.maxRounds, step: o.step });
    const range = g.fullInformationValue - g.noInformationValue;
    if (!(range > 1e-6)) continue; // information is worthless to this user: no gap to close, draw again
    return {
      epsilon, hull: g.hull.epsilon, gap: (g.fullInformationValue - g.userValue) / range, userValue: g.userValue,
      full: g.fullInformationValue, none: g.noInformationValue, rounds: g.rounds, converged: g.converged,
    };
  }
}

/**
 * `emergent-align game`: the selection game (ea.selectionGame) over random instances where the hull condition holds
 * (ε = 0), where it holds approximately (ε > 0) and where the user is drawn independently of the providers; prints
 * the user's normalised value gap (full-information − achieved) / (full − no-information): 0 = full information, 1 =
 * no information, and writes game.svg and game.json to --out.
 */
export async function runGame(o: GameCliOptions, log: (line: string) => void = console.log): Promise<Record<string, unknown>> {
  checkOutDir(o.out);
  const ea = await createEngine({ backend: o.backend });
  const rng = mulberry32(o.seed);
  const groups: (number | "independent")[] = [...o.epsilons, "independent"];
  const trials: Trial[] = [];
  const rows: (string | number)[][] = [];
  const summary: Record<string, unknown>[] = [];
  const started = performance.now();
  const bar = progress("selection game", groups.length * o.trials, o.progress ?? true);
  for (const eps of groups) {
    const mine: Trial[] = [];
    for (let t = 0; t < o.trials; t++) { mine.push(play(ea, rng, o, eps)); bar.update(trials.length + mine.length); }
    for (const t of mine) trials.push(t);
    const gaps = mine.map((t) => t.gap).sort((a, b) => a - b);
    const hulls = mine.map((t) => t.hull).sort((a, b) => a - b);
    const helped = mine.filter((t) => t.gap <= 2 * o.step + 1e-9).length / mine.length;
    const s = {
      epsilon: eps, hullMedian: quantile(hulls, 0.5), gapMean: gaps.reduce((a, b) => a + b, 0) / gaps.length,
      gapMedian: quantile(gaps, 0.5), gapP90: quantile(gaps, 0.9), gapMax: gaps[gaps.length - 1]!, nearFullShare: helped,
      convergedShare: mine.filter((t) => t.converged).length / mine.length,
      roundsMean: mine.reduce((a, t) => a + t.rounds, 0) / mine.length,
    };
    summary.push(s);
    rows.push([eps === "independent" ? "independent user" : `in hull + ε = ${eps}`, s.hullMedian, s.gapMean, s.gapMedian, s.gapP90, s.gapMax,
      `${Math.round(100 * s.nearFullShare)}%`, `${Math.round(100 * s.convergedShare)}%`, s.roundsMean]);
  }
  bar.stop();
  const seconds = (performance.now() - started) / 1000;
  const gaps = (eps: number | "independent") => trials.filter((t) => t.epsilon === eps).map((t) => t.gap).sort((a, b) => a - b);
  const figure = gameFigure({
    title: "Selection game: the user's gap vs ε",
    subtitle: [`${o.providers} providers, ${o.actions} actions × ${o.states} states, ${o.trials} instances per ε`,
      o.perturbation === "bias" ? "ε: the user's own bonus for matching the state" : "ε: noise on a user inside the providers' hull"],
    groups: groups.map((eps) => {
      const g = gaps(eps);
      return { epsilon: eps, median: quantile(g, 0.5), mean: g.reduce((a, b) => a + b, 0) / g.length, p10: quantile(g, 0.1), p90: quantile(g, 0.9) };
    }),
    size: { ...(o.width ? { width: o.width } : {}), ...(o.height ? { height: o.height } : {}) },
  });
  const result = { options: o, summary, trials };
  writeFilesAtomic([["game.json", JSON.stringify(result, null, 1)]], o.out);
  const written = [join(o.out, "game.json"), ...await writeFigure(o.out, figure, { formats: o.format ?? ["svg", "png"] })];
  process.stderr.write(`game: ${seconds.toFixed(1)} s\n`);
  if (o.json) log(JSON.stringify({ summary }, null, 1));
  else {
    log(`Selection game (${o.backend}): ${o.providers} providers, ${o.actions} actions × ${o.states} states, ${o.trials} trials per row, perturbation ${o.perturbation}, step ${o.step}, seed ${o.seed}`);
    log("gap = (full-information value − the user's equilibrium value) / (full − no-information value): 0 = full information\n");
    log(formatTable(["instances", "hull ε* (median)", "gap mean", "gap median", "gap p90", "gap max", `gap ≤ ${2 * o.step}`, "converged", "rounds (mean)"], rows));
    log(`\nwrote ${written.join(", ")}: ${groups.length * o.trials} games in ${seconds.toFixed(1)} s (${(1000 * seconds / (groups.length * o.trials)).toFixed(1)} ms each)`);
  }
  return result;
}
