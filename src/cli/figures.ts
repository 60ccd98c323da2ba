import { writeFilesAtomic } from "./output.js";
import { join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { csvOf, type Figure } from "../app/figures/specs.js";
import { renderSvg } from "../app/figures/render.js";

export type FigureFormat = "svg" | "png";

export interface FigureOutput {
  formats: FigureFormat[];
  /** PNG pixels per SVG pixel (2: sharp when a 440 px figure is printed 3.5 in wide, ≈ 250 dpi). */
  pngScale?: number;
}

/** An SVG rasterised by resvg (system fonts; the figures ask for Liberation Sans / Arial / Helvetica). */
export function renderPng(svg: string, scale = 2): Buffer {
  const r = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: { loadSystemFonts: true, defaultFontFamily: "Liberation Sans", sansSerifFamily: "Liberation Sans" },
  });
  return r.render().asPng();
}

/**
 * Writes <name>.vl.json (the spec, data inline), <name>.csv (the plotted numbers) and the rendered <name>.svg /
 * <name>.png into `dir`: each through a temporary name and a rename, so no half-written file is left behind.
 * Returns the paths written.
 */
export async function writeFigure(dir: string, figure: Figure, o: FigureOutput = { formats: ["svg", "png"] }): Promise<string[]> {
  const files: Array<[string, string | Buffer]> = [
    [`${figure.name}.vl.json`, JSON.stringify(figure.spec, null, 1) + "\n"],
    [`${figure.name}.csv`, csvOf(figure)],
  ];
  const svg = await renderSvg(figure.spec);
  if (o.formats.includes("svg")) files.push([`${figure.name}.svg`, svg]);
  if (o.formats.includes("png")) files.push([`${figure.name}.png`, renderPng(svg, o.pngScale ?? 2)]);
  writeFilesAtomic(files, dir);   // all or none; no temporary left on a failure
  return files.map(([name]) => join(dir, name));
}

/** `--format svg,png` */
export function parseFormats(value: string): FigureFormat[] {
  const list = value.split(",").map((s) => s.trim()).filter(Boolean);
  for (const f of list) if (f !== "svg" && f !== "png") throw new Error(`--format must be a comma-separated list of svg and png; got ${JSON.stringify(f)}`);
  return [...new Set(list)] as FigureFormat[];
}
