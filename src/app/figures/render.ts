import { parse, View } from "vega";
import { compile } from "vega-lite";
import type { VegaLiteSpec } from "./specs.js";

/**
 * A Vega-Lite specification rendered to an SVG string by `vega` itself (headless View, renderer "none"): no browser,
 * no canvas, the same code in Node and on the page. Text widths are vega's estimates (no canvas to measure with).
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const view = new View(parse(compile(spec as never).spec), { renderer: "none" });
  try {
    const svg = await view.toSVG();
    return svg.endsWith("\n") ? svg : svg + "\n";
  } finally {
    view.finalize();
  }
}
