import type { Method } from "../experiments/alignment.js";
import type { SweepSummaryRow } from "../sweep/plan.js";
import { METHOD_SHORT } from "./experiments.js";
import { lineFigure, METHOD_COLORS, type Figure, type FigureSize } from "./specs.js";

/**
 * A sweep's curves: test MSE against k per method (mean over the tasks, bars = central 95%), one panel per (n, noise)
 * when the sweep has several.
 */
export function sweepFigure(name: string, rows: SweepSummaryRow[], methods: readonly Method[], o: { title?: string; subtitle?: string[]; size?: FigureSize } = {}): Figure {
  const groups = [...new Set(rows.map((r) => groupOf(r)))];
  const tasks = Math.max(0, ...rows.map((r) => r.count));
  return lineFigure({
    name,
    title: o.title ?? "Sweep: held-out MSE vs number of models",
    subtitle: o.subtitle ?? [`${groups.length > 1 ? "panels: " + groups.length + " shapes; " : groups[0] ? groups[0] + "; " : ""}up to ${tasks} tasks per point`],
    xTitle: "number of models k",
    yTitle: "held-out MSE",
    xKind: "ordinal",
    bandLabel: "bars: central 95% of tasks",
    fields: { x: "k", y: "mse", lo: "lo", hi: "hi", series: "method", group: "shape" },
    series: methods.filter((m) => rows.some((r) => r.method === m)).map((m) => ({
      key: m, label: METHOD_SHORT[m], color: METHOD_COLORS[m] ?? "#777777",
      points: rows.filter((r) => r.method === m).map((r) => ({ x: r.k, y: r.mse, lo: r.mseLo, hi: r.mseHi, ...(groups.length > 1 ? { group: groupOf(r) } : {}) })),
    })),
    size: o.size,
  });
}

function groupOf(r: SweepSummaryRow): string {
  return `n = ${r.n}${r.noise !== undefined ? `, noise ${r.noise}` : ""}`;
}
