import * as vega from "vega";
import { compile } from "vega-lite";
import type { VegaLiteSpec } from "./specs.js";

// Helvetica / Arial / Liberation Sans advance widths (1/1000 em) of the printable ASCII characters 32…126, from the
// standard Helvetica AFM metrics; other characters count as 556 (a digit). Bold is taken as 7% wider.
const WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
  556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/** The width of a text in the figures' font, without a canvas (so Node and the page lay out the same figure). */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    w += c >= 32 && c <= 126 ? WIDTHS[c - 32]! : 556;
  }
  return (w / 1000) * fontSize * (bold ? 1.07 : 1);
}

// vega measures text with a canvas when it has one and otherwise guesses 0.8 em per character (titles then seem
// twice their width and the figure gets a wide blank margin); both are replaced by the table above
type TextItem = { fontSize?: number; fontWeight?: string | number; text?: unknown };
const metrics = (vega as unknown as { textMetrics: unknown }).textMetrics as { width: (item: TextItem, text?: unknown) => number; estimateWidth: (item: TextItem, text?: unknown) => number };
metrics.width = metrics.estimateWidth = (item: TextItem, text?: unknown) => {
  const t = text ?? item.text;
  const s = t == null ? "" : Array.isArray(t) ? String(t[0] ?? "") : String(t);
  const size = item.fontSize != null ? +item.fontSize || 0 : 11;
  const bold = item.fontWeight === "bold" || Number(item.fontWeight) >= 600;
  return textWidth(s, size, bold);
};

/**
 * A Vega-Lite specification rendered to an SVG string by `vega` itself (headless View, renderer "none"): no browser,
 * no canvas, the same code in Node and on the page.
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec as never).spec), { renderer: "none" });
  try {
    const svg = await view.toSVG();
    return svg.endsWith("\n") ? svg : svg + "\n";
  } finally {
    view.finalize();
  }
}
