import { METHOD_LABELS, type ExperimentResult, type Method } from "../experiments/alignment.js";
import { barFigure, lineFigure, METHOD_COLORS, type Figure, type FigureSize } from "./specs.js";

/** Short method names for axes and legends one column wide. */
export const METHOD_SHORT: Record<Method, string> = {
  "best-single": "best single + offset",
  "uniform": "uniform average + offset",
  "nonnegative": "nonnegative",
  "nonnegative+offset": "nonnegative + offset",
  "simplex": "convex",
  "simplex+offset": "convex + offset",
  "hull": "sup-norm hull fit",
};

const colorOf = (m: string) => METHOD_COLORS[m] ?? "#777777";

/** "MovieLens (reconstructed: MF personas)" → title "MovieLens", subtitle line "reconstructed: MF personas". */
function titled(dataset: string): { name: string; aside: string[] } {
  const m = /^(.*?)\s*\((.*)\)\s*$/.exec(dataset);
  return m ? { name: m[1]!, aside: [m[2]!] } : { name: dataset, aside: [] };
}

/** Held-out MSE against the number of models k, one line per method, whiskers = central 95% of the draws. */
export function kFigure(r: ExperimentResult, slug: string, size?: FigureSize): Figure {
  const methods = [...new Set(r.kCurve.map((c) => c.method))];
  const relative = Boolean(r.problems && r.kCurveRelative?.length);
  const curve = relative ? r.kCurveRelative! : r.kCurve;
  return lineFigure({
    name: `${slug}-k`,
    title: `${titled(r.dataset).name}: error vs number of models`,
    subtitle: [...titled(r.dataset).aside, relative
      ? `mean over ${r.problems} users of MSE ÷ the user's best single model (all ${r.models})`
      : `${r.points} points × ${r.models} models; ${r.protocol.kDraws} random subsets per k`],
    xTitle: "number of models k (random subsets)",
    yTitle: relative ? "test MSE ÷ best single" : "held-out MSE",
    xKind: "ordinal",
    yZero: false,
    bandLabel: relative ? "bars: central 95% of users" : `bars: central 95% of ${r.protocol.kDraws} draws`,
    fields: { x: "k", y: relative ? "mse_ratio" : "mse", lo: "lo", hi: "hi", series: "method" },
    series: methods.map((m) => ({
      key: m, label: METHOD_SHORT[m], color: colorOf(m),
      points: curve.filter((c) => c.method === m).map((c) => ({ x: c.k, y: c.mse.mean, lo: c.mse.lo, hi: c.mse.hi })),
    })),
    size,
  });
}

/** Held-out MSE by method: bars with the 95% confidence interval of the mean over splits (or users). */
export function methodsFigure(r: ExperimentResult, slug: string, size?: FigureSize): Figure {
  const over = r.problems ? `${r.problems} users` : r.protocol.kind === "loo" ? `${r.points} leave-one-out folds` : `${r.protocol.splits} splits`;
  return barFigure({
    name: `${slug}-methods`,
    title: `${titled(r.dataset).name}: held-out MSE by method`,
    subtitle: [...titled(r.dataset).aside, `mean over ${over}; fit on train, scored on test`],
    valueTitle: "held-out MSE",
    whiskerLabel: "whiskers: 95% CI of the mean",
    fields: { category: "method", value: "mse", lo: "ci_lo", hi: "ci_hi" },
    bars: r.methods.map((m) => ({
      key: m.method, label: METHOD_SHORT[m.method], color: colorOf(m.method),
      value: m.mse.mean, lo: Math.max(0, m.mse.mean - m.mse.ci95), hi: m.mse.mean + m.mse.ci95,
    })),
    size,
  });
}

export { METHOD_LABELS };
