/**
 * Every figure of the project as a Vega-Lite specification with its data inline, plus the tidy table of the numbers
 * it plots (the CSV written next to it). Pure data: no DOM, no Node; the CLI renders the specs with `vega` to SVG and
 * PNG (./render.ts, ./png.ts) and the browser page renders the same specs with the same code.
 *
 * House style, for a figure one column of a paper wide (3.5 in): about 420 px wide in all, 11 px text (≈ 7 pt after
 * scaling), legends under the plot, one colour per method in every figure (METHOD_COLORS), the k values as the ticks
 * of an ordinal axis, error bars dodged beside each other (never translucent areas that blend), a log axis when one
 * series would flatten the others (said in the subtitle).
 */

/** A Vega-Lite specification (JSON). */
export type VegaLiteSpec = Record<string, unknown>;
export type Cell = string | number | null;
export type Row = Record<string, Cell>;

export interface Figure {
  /** File stem: <name>.vl.json, .csv, .svg, .png. */
  name: string;
  spec: VegaLiteSpec;
  /** The plotted numbers: CSV header and rows (the same objects the spec holds inline). */
  columns: string[];
  rows: Row[];
}

export interface FigureSize {
  /** Width and height of the plot area in CSS pixels (axes, legend and title come on top: the default figure is about
   *  440 px wide, one column of a paper at ≈ 125 px per inch). */
  width?: number;
  height?: number;
}

export const DEFAULT_SIZE = { width: 330, height: 210 } as const;

/**
 * One colour per method, in every figure (Okabe–Ito, distinguishable with the common colour-vision deficiencies). Keys are the
 * methods of src/experiments/alignment.ts; other series (the game's) have their own entries.
 */
export const METHOD_COLORS: Record<string, string> = {
  "best-single": "#D55E00",
  "uniform": "#E69F00",
  "nonnegative": "#56B4E9",
  "nonnegative+offset": "#0072B2",
  "simplex": "#CC79A7",
  "simplex+offset": "#009E73",
  "hull": "#7F7F7F",
};

const FONT = "Liberation Sans, Arial, Helvetica, sans-serif";

/** The shared look: fonts, sizes, no grid clutter. */
export function baseConfig(): Record<string, unknown> {
  return {
    font: FONT,
    view: { stroke: null },
    background: "white",
    padding: 6,
    title: { fontSize: 13, subtitleFontSize: 11, subtitleColor: "#333", anchor: "start", offset: 6 },
    axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: "normal", gridColor: "#e6e6e6", tickColor: "#666", domainColor: "#666", labelColor: "#222", titleColor: "#222" },
    legend: { labelFontSize: 11, titleFontSize: 11, symbolSize: 90, labelLimit: 380, orient: "bottom", direction: "vertical", columns: 1, rowPadding: 2 },
  };
}

export function csvOf(figure: Pick<Figure, "columns" | "rows">): string {
  const cell = (v: Cell) => {
    if (v === null || v === undefined) return "";
    if (typeof v === "number") return String(v);
    return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  };
  return [figure.columns.join(","), ...figure.rows.map((r) => figure.columns.map((c) => cell(r[c] ?? null)).join(","))].join("\n") + "\n";
}

export interface LineSeriesInput {
  /** The series' key (a method, or another name) and its legend label. */
  key: string;
  label: string;
  color: string;
  points: Array<{ x: number; y: number; lo?: number; hi?: number; group?: string }>;
}

export interface LineFigureInput {
  name: string;
  title: string;
  subtitle?: string[];
  xTitle: string;
  yTitle: string;
  /** 'ordinal': one tick per x value, equally spaced (k); 'linear': a numeric axis (ε). */
  xKind: "ordinal" | "linear";
  /** 'auto' chooses log when the largest upper end is more than 20 times the smallest positive mean. */
  yScale?: "auto" | "linear" | "log";
  /** Legend label of the error bars, e.g. "bars: central 95% of 100 draws". */
  bandLabel?: string;
  series: LineSeriesInput[];
  /** CSV column names for x, y, lo, hi, series (default x, y, lo, hi, series). */
  fields?: { x?: string; y?: string; lo?: string; hi?: string; series?: string; group?: string };
  /** Facet title when points carry a group. */
  groupTitle?: string;
  yZero?: boolean;
  size?: FigureSize;
}

/** Whether a log y axis is needed: one series would flatten the rest on a linear axis. */
export function needsLog(values: { y: number; hi?: number }[]): boolean {
  const pos = values.map((v) => v.y).filter((y) => y > 0);
  if (pos.length < 2 || pos.length < values.length) return false;
  const top = Math.max(...values.map((v) => Math.max(v.y, v.hi ?? v.y)));
  return top / Math.min(...pos) > 20;
}

/** Lines with dodged error bars: error vs k (per method), the sweep's curves, the game's gap vs ε. */
export function lineFigure(o: LineFigureInput): Figure {
  const f = { x: "x", y: "y", lo: "lo", hi: "hi", series: "series", group: "group", ...o.fields };
  const grouped = o.series.some((s) => s.points.some((p) => p.group !== undefined));
  const hasBand = o.series.some((s) => s.points.some((p) => p.lo !== undefined && p.hi !== undefined));
  const all = o.series.flatMap((s) => s.points);
  const log = o.yScale === "log" || ((o.yScale ?? "auto") === "auto" && needsLog(all));
  const floor = log ? Math.min(...all.map((p) => p.y).filter((y) => y > 0)) / 10 : -Infinity;
  let clipped = 0;
  const rows: Row[] = o.series.flatMap((s) => s.points.map((p) => {
    const r: Row = { [f.series]: s.label };
    if (grouped) r[f.group] = p.group ?? "";
    r[f.x] = p.x; r[f.y] = p.y;
    if (hasBand) {
      let lo = p.lo ?? null;
      if (lo !== null && log && lo < floor) { lo = floor; clipped++; }
      r[f.lo] = lo; r[f.hi] = p.hi ?? null;
    }
    return r;
  }));
  const columns = [f.series, ...(grouped ? [f.group] : []), f.x, f.y, ...(hasBand ? [f.lo, f.hi] : [])];
  const labels = o.series.map((s) => s.label), colors = o.series.map((s) => s.color);
  const ordinal = o.xKind === "ordinal";
  const xValues = [...new Set(all.map((p) => p.x))].sort((a, b) => a - b);
  // ordinal x (k): every x value is a tick at an equal step (position = its index), and the series sit side by side
  // around it (a fixed dodge), so no two error bars overlap; the positions are computed in the spec from the data
  const dodge = ordinal && o.series.length > 1 ? Math.min(0.14, 0.7 / o.series.length) : 0;
  const d = (field: string) => `datum[${JSON.stringify(field)}]`;
  const g = grouped ? ` + ' | ${f.group}=' + ${d(f.group)}` : "";
  const transform = [
    ...(ordinal ? [{ calculate: `indexof(${JSON.stringify(xValues)}, ${d(f.x)}) + ${dodge} * (indexof(${JSON.stringify(labels)}, ${d(f.series)}) - ${(o.series.length - 1) / 2})`, as: "_position" }] : []),
    // each mark's accessible label carries its exact numbers ("series | x=… | y=…"): screen readers read them, and the
    // tests compare them with the CSV
    { calculate: `${d(f.series)}${g} + ' | ${f.x}=' + ${d(f.x)} + ' | ${f.y}=' + ${d(f.y)}`, as: "_label" },
    ...(hasBand ? [{ calculate: `${d(f.series)}${g} + ' | ${f.x}=' + ${d(f.x)} + ' | ${f.lo}=' + ${d(f.lo)} + ' | ${f.hi}=' + ${d(f.hi)}`, as: "_band" }] : []),
  ];
  const x = ordinal
    ? { field: "_position", type: "quantitative", title: o.xTitle, scale: { domain: [-0.5, xValues.length - 0.5], nice: false, zero: false }, axis: { values: xValues.map((_, i) => i), labelExpr: `${JSON.stringify(xValues)}[datum.value]`, grid: false } }
    : { field: f.x, type: "quantitative", title: o.xTitle, axis: { values: xValues, grid: false, labelFlush: true, format: "~g" } };
  const yScale = { type: log ? "log" : "linear", ...(log ? {} : { zero: o.yZero ?? true }), nice: true };
  const color = { field: f.series, type: "nominal", title: null, scale: { domain: labels, range: colors }, sort: labels, legend: { title: null } };
  const band = hasBand ? [{
    mark: { type: "rule", strokeWidth: 1.6 },
    encoding: {
      y: { field: f.lo, type: "quantitative", scale: yScale }, y2: { field: f.hi }, description: { field: "_band" },
      // a constant channel whose only purpose is a legend entry saying what the bars are
      opacity: { datum: o.bandLabel ?? "bars: spread", type: "nominal", title: null, scale: { range: [0.55] }, legend: { orient: "top", symbolType: "stroke", symbolStrokeWidth: 2, symbolStrokeColor: "#555", title: null } },
    },
  }] : [];
  const subtitle = [...(o.subtitle ?? []), ...(log ? [`log y axis${clipped ? `; ${clipped} lower ends below ${fmt(floor)} drawn at it` : ""}`] : [])];
  const layerSpec = {
    transform,
    encoding: { x, color },
    layer: [
      ...band,
      { mark: { type: "line", strokeWidth: 2, point: { size: 36, filled: true } }, encoding: { y: { field: f.y, type: "quantitative", title: o.yTitle, scale: yScale, axis: { tickCount: 6, format: "~g" } }, description: { field: "_label" } } },
    ],
  };
  const size = { ...DEFAULT_SIZE, ...o.size };
  const title = { text: o.title, ...(subtitle.length ? { subtitle } : {}) };
  const spec: VegaLiteSpec = grouped
    ? {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json", title, data: { values: rows },
      facet: { field: f.group, type: "nominal", title: o.groupTitle ?? null, sort: [...new Set(all.map((p) => p.group ?? ""))] }, columns: 2,
      spec: { width: Math.round(size.width / 2), height: Math.round(size.height * 0.7), ...layerSpec },
      resolve: { scale: { y: "independent" } }, config: baseConfig(),
    }
    : {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json", title, data: { values: rows },
      width: size.width, height: size.height, ...layerSpec, config: baseConfig(),
    };
  return { name: o.name, spec, columns, rows };
}

export interface BarFigureInput {
  name: string;
  title: string;
  subtitle?: string[];
  valueTitle: string;
  /** Each bar: its category key (colour), label (axis), value and whisker. */
  bars: Array<{ key: string; label: string; color: string; value: number; lo?: number; hi?: number }>;
  whiskerLabel?: string;
  fields?: { category?: string; value?: string; lo?: string; hi?: string };
  size?: FigureSize;
}

/** Horizontal bars (labels stay readable at one column's width) with whiskers; dots on a log axis when needed. */
export function barFigure(o: BarFigureInput): Figure {
  const f = { category: "method", value: "value", lo: "lo", hi: "hi", ...o.fields };
  const hasWhisker = o.bars.some((b) => b.lo !== undefined && b.hi !== undefined);
  const log = needsLog(o.bars.map((b) => ({ y: b.value, hi: b.hi })));
  const floor = log ? Math.min(...o.bars.map((b) => b.value).filter((v) => v > 0)) / 10 : -Infinity;
  const clipped = o.bars.filter((b) => b.lo !== undefined && b.lo < floor).length;
  const rows: Row[] = o.bars.map((b) => ({
    [f.category]: b.label, [f.value]: b.value,
    ...(hasWhisker ? { [f.lo]: b.lo === undefined ? null : Math.max(b.lo, floor), [f.hi]: b.hi ?? null } : {}),
  }));
  const columns = [f.category, f.value, ...(hasWhisker ? [f.lo, f.hi] : [])];
  const labels = o.bars.map((b) => b.label);
  const y = { field: f.category, type: "nominal", title: null, sort: labels, axis: { labelLimit: 260 } };
  const d = (field: string) => `datum[${JSON.stringify(field)}]`;
  const transform = [
    { calculate: `${d(f.category)} + ' | ${f.value}=' + ${d(f.value)}`, as: "_label" },
    ...(hasWhisker ? [{ calculate: `${d(f.category)} + ' | ${f.lo}=' + ${d(f.lo)} + ' | ${f.hi}=' + ${d(f.hi)}`, as: "_band" }] : []),
  ];
  const color = { field: f.category, type: "nominal", scale: { domain: labels, range: o.bars.map((b) => b.color) }, legend: null };
  const xScale = log ? { type: "log", nice: true } : { zero: true, nice: true };
  const whisker = hasWhisker ? [{
    mark: { type: "rule", color: "#222", strokeWidth: 1.4 },
    encoding: {
      x: { field: f.lo, type: "quantitative" }, x2: { field: f.hi }, description: { field: "_band" },
      opacity: { datum: o.whiskerLabel ?? "whiskers", type: "nominal", title: null, scale: { range: [1] }, legend: { orient: "bottom", symbolType: "stroke", symbolStrokeColor: "#222", title: null } },
    },
  }] : [];
  const size = { width: DEFAULT_SIZE.width - 80, height: 26 * o.bars.length, ...o.size };
  const spec: VegaLiteSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: o.title, ...(o.subtitle?.length || log ? { subtitle: [...(o.subtitle ?? []), ...(log ? [`log axis (values span more than 20×)${clipped ? `; ${clipped} lower whisker${clipped > 1 ? "s" : ""} cut at ${fmt(floor)}` : ""}`] : [])] } : {}) },
    data: { values: rows }, width: size.width, height: size.height, transform,
    encoding: { y, description: { field: "_label" } },
    layer: [
      log
        ? { mark: { type: "point", filled: true, size: 70 }, encoding: { x: { field: f.value, type: "quantitative", title: o.valueTitle, scale: xScale, axis: { format: "~g" } }, color } }
        : { mark: { type: "bar", height: { band: 0.7 } }, encoding: { x: { field: f.value, type: "quantitative", title: o.valueTitle, scale: xScale, axis: { format: "~g", tickCount: 5 } }, color } },
      ...whisker,
    ],
    config: baseConfig(),
  };
  return { name: o.name, spec, columns, rows };
}

function fmt(v: number): string {
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : String(Number(v.toPrecision(3)));
}
