import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { renderSvg } from "../../src/app/figures/render.js";
import { csvOf, METHOD_COLORS, type Figure } from "../../src/app/figures/specs.js";
import { kFigure, methodsFigure, METHOD_SHORT } from "../../src/app/figures/experiments.js";
import { gameFigure } from "../../src/app/figures/game.js";
import { sweepFigure } from "../../src/app/figures/sweep.js";
import { ethicsFigure } from "../../src/app/figures/ethics.js";
import { renderPng } from "../../src/cli/figures.js";
import type { ExperimentResult, Method } from "../../src/app/experiments/alignment.js";
import { summarize } from "../../src/app/experiments/stats.js";
import type { SweepSummaryRow } from "../../src/app/sweep/plan.js";
import type { EthicsPersona } from "../../src/app/experiments/ethics.js";

// Every figure is rendered here by vega in Node (no browser, no canvas). The checks read the SVG as a reader would:
// axis titles, tick labels, legend entries, and every mark's exact numbers (each mark's aria-label carries them),
// which must be the CSV's numbers.

const K = [1, 2, 3, 5, 8, 13];
const KM: Method[] = ["best-single", "uniform", "nonnegative+offset", "simplex+offset"];

function result(scale: (m: Method, k: number) => number, name = "Toy data"): ExperimentResult {
  const s = (v: number) => summarize([v * 0.8, v, v * 1.2]);
  return {
    dataset: name, points: 40, models: 13,
    protocol: { kind: "random", splits: 7, testFraction: 0.25, trainPoints: 30, testPoints: 10, seed: 1, kDraws: 3, kGrid: K },
    methods: (["best-single", "uniform", "nonnegative", "nonnegative+offset", "simplex", "simplex+offset", "hull"] as Method[]).map((m, i) => ({
      method: m, label: m, mse: s(0.1 + 0.01 * i), rmse: s(0.3), maxAbs: s(0.5), support: s(3), pooled: { rmse: 0.3, maxAbs: 0.5 }, statuses: { optimal: 7 },
    })),
    kCurve: K.flatMap((k) => KM.map((m) => ({ k, method: m, mse: s(scale(m, k)), rmse: s(Math.sqrt(scale(m, k))) }))),
    bestSingleChoices: [], notes: [],
  };
}

/** The decoded text of every aria-label in an SVG. */
function labels(svg: string): string[] {
  return [...svg.matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'"));
}

/** Mark labels "series | a=1 | b=2" → { series, a: 1, b: 2 }. */
function markValues(svg: string): Array<Record<string, string | number>> {
  // a line's own label repeats its first point's: count each distinct mark label once
  return [...new Set(labels(svg).filter((l) => / \| [^=|]+=/.test(l)))].map((l) => {
    const [series, ...pairs] = l.split(" | ");
    return Object.fromEntries([["_series", series!], ...pairs.map((p) => { const i = p.indexOf("="), v = p.slice(i + 1); return [p.slice(0, i), Number.isNaN(Number(v)) ? v : Number(v)]; })]);
  });
}

function csvRows(fig: Figure): Array<Record<string, string>> {
  return parse(csvOf(fig), { columns: true }) as Array<Record<string, string>>;
}

/** Every CSV row's numbers appear, exactly, in the label of a rendered mark of its series (and vice versa). */
function expectMarksMatchCsv(fig: Figure, svg: string, seriesColumn: string, numeric: string[][]): void {
  const marks = markValues(svg);
  const rows = csvRows(fig);
  expect(rows.length).toBe(fig.rows.length);
  for (const fields of numeric) {
    const shown = marks.filter((m) => fields.every((f) => f in m));
    const wanted = rows.filter((r) => fields.every((f) => r[f] !== ""));
    expect(shown.length).toBe(wanted.length);
    for (const r of wanted) {
      const hit = shown.find((m) => m._series === r[seriesColumn] && fields.every((f) => m[f] === Number(r[f])));
      expect(hit, `${r[seriesColumn]} ${fields.map((f) => `${f}=${r[f]}`).join(" ")}`).toBeDefined();
    }
  }
}

describe("figures (Vega-Lite specs rendered by vega without a browser)", () => {
  it("error vs k: axes, a tick at every k, one legend entry per method and one for the bars, numbers = CSV", async () => {
    const fig = kFigure(result((m, k) => 0.2 / Math.sqrt(k) + (m === "uniform" ? 0.05 : 0)), "toy");
    const svg = await renderSvg(fig.spec);
    expect(svg.startsWith("<svg")).toBe(true);
    const all = labels(svg);
    expect(all.some((l) => l.startsWith("X-axis titled 'number of models k"))).toBe(true);
    expect(all.some((l) => l.startsWith("Y-axis titled 'held-out MSE'"))).toBe(true);
    const text = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    for (const k of K) expect(text).toContain(String(k));
    for (const m of KM) expect(text).toContain(METHOD_SHORT[m]);
    expect(text).toContain("bars: central 95% of 3 draws");
    expect(fig.columns).toEqual(["method", "k", "mse", "lo", "hi"]);
    expectMarksMatchCsv(fig, svg, "method", [["k", "mse"], ["k", "lo", "hi"]]);
    // one colour per method: the colour scale maps each method to METHOD_COLORS
    const scale = ((fig.spec.encoding as Record<string, { scale: { domain: string[]; range: string[] } }>)["color"]!.scale);
    KM.forEach((m, i) => { expect(scale.domain[i]).toBe(METHOD_SHORT[m]); expect(scale.range[i]).toBe(METHOD_COLORS[m]); });
    expect(svg).not.toMatch(/log y axis/);
  });

  it("switches to a log y axis (and says so) when one series would flatten the others", async () => {
    const fig = kFigure(result((m, k) => (m === "nonnegative+offset" && k > 3 ? 60 : 0.05)), "flat");
    const svg = await renderSvg(fig.spec);
    expect(JSON.stringify(fig.spec)).toContain('"type":"log"');
    expect(svg).toContain("log y axis");
    expectMarksMatchCsv(fig, svg, "method", [["k", "mse"]]);
  });

  it("method bars: one bar per method in its method's colour, whiskers in the legend, numbers = CSV", async () => {
    const r = result(() => 0.1);
    const fig = methodsFigure(r, "toy");
    const svg = await renderSvg(fig.spec);
    const text = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    for (const m of r.methods) expect(text).toContain(METHOD_SHORT[m.method]);
    expect(text).toContain("whiskers: 95% CI of the mean");
    expect(labels(svg).some((l) => l.startsWith("X-axis titled 'held-out MSE'"))).toBe(true);
    for (const m of r.methods) expect(svg).toContain(`fill="${METHOD_COLORS[m.method]}"`);
    expectMarksMatchCsv(fig, svg, "method", [["mse"], ["ci_lo", "ci_hi"]]);
  });

  it("the game's gap vs ε: a tick per ε, the band and both statistics in the legend, numbers = CSV", async () => {
    const eps = [0, 0.05, 0.1, 0.25, 0.5, 1];
    const fig = gameFigure({
      title: "game", groups: [...eps.map((e) => ({ epsilon: e, median: e / 10, mean: e / 5, p10: 0, p90: e / 3 })), { epsilon: "independent" as const, median: 0.2, mean: 0.3, p10: 0, p90: 0.9 }],
    });
    const svg = await renderSvg(fig.spec);
    const text = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    for (const e of eps) expect(text).toContain(String(e));
    for (const l of ["user in hull + ε: median", "user in hull + ε: mean", "independent user: median", "bars: 10th–90th percentile of instances"]) expect(text).toContain(l);
    expectMarksMatchCsv(fig, svg, "series", [["epsilon", "gap"], ["epsilon", "p10", "p90"]]);
  });

  it("a sweep with two shapes: one panel per shape, numbers = CSV", async () => {
    const rows: SweepSummaryRow[] = [100, 1000].flatMap((n) => [10, 100].flatMap((k) => KM.map((m, i) => ({ n, k, noise: 0.1, method: m, count: 5, mse: 0.01 * (i + 1) + n / 1e5, mseLo: 0.005, mseHi: 0.05, maxAbs: 1, support: 3 }))));
    const fig = sweepFigure("sweep", rows, KM);
    const svg = await renderSvg(fig.spec);
    const text = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(text).toContain("n = 100, noise 0.1");
    expect(text).toContain("n = 1000, noise 0.1");
    expect(fig.columns).toEqual(["method", "shape", "k", "mse", "lo", "hi"]);
    expectMarksMatchCsv(fig, svg, "method", [["k", "mse"], ["k", "lo", "hi"]]);
  });

  it("the ETHICS persona figure renders one tick per persona and the methods' marks", async () => {
    const personas = Array.from({ length: 5 }, (_, j) => ({ heldOut: { accuracy: 0.6, mse: 0.2 + j / 100 } }) as EthicsPersona);
    const fig = ethicsFigure([{ subset: "deontology", personas, result: result(() => 0.1) }]);
    const svg = await renderSvg(fig.spec);
    expect(csvRows(fig).length).toBe(5 + 4);
    const text = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(text).toContain("deontology");
    expect(text).toContain("one persona (all held-out points)");
  });

  it("renders to PNG (resvg) at twice the SVG's size", async () => {
    const svg = await renderSvg(kFigure(result(() => 0.1), "toy").spec);
    const png = renderPng(svg, 2);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const width = png.readUInt32BE(16);
    expect(width).toBe(2 * Number(/width="(\d+)"/.exec(svg)![1]));
  });
});
