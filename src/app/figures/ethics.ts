import type { ExperimentResult, Method } from "../experiments/alignment.js";
import type { EthicsPersona } from "../experiments/ethics.js";
import { METHOD_SHORT } from "./experiments.js";
import { baseConfig, DEFAULT_SIZE, METHOD_COLORS, type Figure, type FigureSize, type Row } from "./specs.js";

export interface EthicsSubsetReport { subset: string; personas: EthicsPersona[]; result: ExperimentResult }

const SHOWN: Method[] = ["best-single", "uniform", "nonnegative+offset", "simplex+offset"];

/**
 * ETHICS: every persona's own held-out MSE (grey dots, one per persona, on all held-out scenarios) beside the
 * protocol's held-out MSE of the best single persona and of the combinations (coloured marks, mean over splits), one
 * row per subset. Chance (always 0.5) scores 0.25.
 */
export function ethicsFigure(reports: EthicsSubsetReport[], size?: FigureSize): Figure {
  const rows: Row[] = [];
  for (const r of reports) {
    for (const p of r.personas) rows.push({ subset: r.subset, series: "one persona (all held-out points)", mse: p.heldOut.mse, accuracy: p.heldOut.accuracy });
    for (const m of SHOWN) {
      const s = r.result.methods.find((x) => x.method === m);
      if (s) rows.push({ subset: r.subset, series: METHOD_SHORT[m], mse: s.mse.mean, accuracy: null });
    }
  }
  const labels = ["one persona (all held-out points)", ...SHOWN.map((m) => METHOD_SHORT[m])];
  const colors = ["#B0B0B0", ...SHOWN.map((m) => METHOD_COLORS[m]!)];
  const sz = { width: DEFAULT_SIZE.width - 60, height: 52 * reports.length, ...size };
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "ETHICS: held-out MSE of 100 personas and their combinations", subtitle: ["grey: each persona alone; marks: protocol means over splits", "rule at 0.25 = always answering 0.5"] },
    data: { values: rows }, width: sz.width, height: sz.height,
    layer: [
      {
        mark: { type: "tick", thickness: 1.5, size: 14, opacity: 0.6 },
        transform: [{ filter: `datum.series === ${JSON.stringify(labels[0])}` }],
        encoding: {
          y: { field: "subset", type: "nominal", title: null, sort: reports.map((r) => r.subset) },
          x: { field: "mse", type: "quantitative", title: "held-out MSE (lower is better)", scale: { zero: false, nice: true } },
          color: { field: "series", type: "nominal", title: null, scale: { domain: labels, range: colors }, sort: labels, legend: { title: null, columns: 1 } },
        },
      },
      {
        mark: { type: "point", filled: true, size: 80, opacity: 0.95 },
        transform: [{ filter: `datum.series !== ${JSON.stringify(labels[0])}` }],
        encoding: {
          y: { field: "subset", type: "nominal", sort: reports.map((r) => r.subset) },
          yOffset: { field: "series", type: "nominal", sort: labels, scale: { paddingOuter: 0.6 } },
          x: { field: "mse", type: "quantitative" },
          color: { field: "series", type: "nominal", title: null, scale: { domain: labels, range: colors }, sort: labels, legend: { title: null, columns: 1 } },
          shape: { field: "series", type: "nominal", title: null, scale: { domain: labels, range: ["M-0.15,-1H0.15V1H-0.15Z", "diamond", "square", "circle", "triangle-up"] }, legend: { title: null, columns: 1 } },
        },
      },
      { mark: { type: "rule", strokeDash: [4, 3], color: "#555" }, data: { values: [{ chance: 0.25 }] }, encoding: { x: { field: "chance", type: "quantitative" } } },
    ],
    config: baseConfig(),
  };
  return { name: "ethics-personas", spec, columns: ["subset", "series", "mse", "accuracy"], rows };
}
