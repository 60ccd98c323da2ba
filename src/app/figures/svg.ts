/**
 * Small, dependency-free SVG charts for the experiment reports (pure strings: the browser demo can reuse them).
 * Line charts draw a shaded band (e.g. the central 95% of the draws) under each series; bar charts draw whiskers.
 */

export interface LinePoint { x: number; y: number; lo?: number; hi?: number }
export interface LineSeries { name: string; points: LinePoint[] }
export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  logX?: boolean;
  /** Start the y axis at 0 (default true); false fits it to the data, for ratios near 1. */
  yFromZero?: boolean;
  width?: number;
  height?: number;
}
export interface Bar { label: string; value: number; lo?: number; hi?: number }
export interface BarChartOptions { title: string; yLabel: string; bars: Bar[]; width?: number; height?: number }

const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const fmt = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : Number(v.toPrecision(3)).toString());
const r2 = (v: number) => Math.round(v * 100) / 100;

/** About five round tick values spanning [lo, hi]. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function frame(width: number, height: number, title: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">\n` +
    `<rect width="${width}" height="${height}" fill="white"/>\n<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${esc(title)}</text>\n${body}</svg>\n`;
}

export function lineChart(o: LineChartOptions): string {
  const W = o.width ?? 720, H = o.height ?? 420;
  const L = 70, R = 190, T = 36, B = 50;
  const pts = o.series.flatMap((s) => s.points);
  const xs = pts.map((p) => p.x), ys = pts.flatMap((p) => [p.y, p.lo ?? p.y, p.hi ?? p.y]).filter(Number.isFinite);
  const tx = (x: number) => (o.logX ? Math.log10(x) : x);
  const x0 = tx(Math.min(...xs)), x1 = tx(Math.max(...xs));
  let y0 = o.yFromZero === false ? Math.min(...ys) : Math.min(0, ...ys), y1 = Math.max(...ys);
  if (!(y1 > y0)) y1 = y0 + 1;
  if (o.yFromZero === false) y0 -= 0.05 * (y1 - y0);
  y1 += 0.05 * (y1 - y0);
  const X = (x: number) => L + ((tx(x) - x0) / (x1 - x0 || 1)) * (W - L - R);
  const Y = (y: number) => H - B - ((y - y0) / (y1 - y0)) * (H - T - B);
  let body = "";
  for (const t of ticks(y0, y1)) body += `<line x1="${L}" x2="${W - R}" y1="${r2(Y(t))}" y2="${r2(Y(t))}" stroke="#ddd"/><text x="${L - 6}" y="${r2(Y(t) + 4)}" text-anchor="end">${fmt(t)}</text>\n`;
  const xt = o.logX ? [...new Set(xs)].filter((x) => [1, 2, 5].includes(Math.round(x / 10 ** Math.floor(Math.log10(x)))) || x === Math.max(...xs)) : ticks(Math.min(...xs), Math.max(...xs));
  for (const t of xt) body += `<line x1="${r2(X(t))}" x2="${r2(X(t))}" y1="${H - B}" y2="${H - B + 4}" stroke="#333"/><text x="${r2(X(t))}" y="${H - B + 17}" text-anchor="middle">${fmt(t)}</text>\n`;
  body += `<line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" stroke="#333"/><line x1="${L}" x2="${L}" y1="${T}" y2="${H - B}" stroke="#333"/>\n`;
  body += `<text x="${(L + W - R) / 2}" y="${H - 12}" text-anchor="middle">${esc(o.xLabel)}</text>\n`;
  body += `<text transform="translate(16 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>\n`;
  o.series.forEach((s, i) => {
    const c = PALETTE[i % PALETTE.length]!;
    const p = [...s.points].sort((a, b) => a.x - b.x);
    if (p.some((q) => q.lo !== undefined && q.hi !== undefined)) {
      const upper = p.map((q) => `${r2(X(q.x))},${r2(Y(q.hi ?? q.y))}`);
      const lower = p.map((q) => `${r2(X(q.x))},${r2(Y(q.lo ?? q.y))}`).reverse();
      body += `<polygon points="${[...upper, ...lower].join(" ")}" fill="${c}" fill-opacity="0.15" stroke="none"/>\n`;
    }
    body += `<polyline points="${p.map((q) => `${r2(X(q.x))},${r2(Y(q.y))}`).join(" ")}" fill="none" stroke="${c}" stroke-width="2"/>\n`;
    for (const q of p) body += `<circle cx="${r2(X(q.x))}" cy="${r2(Y(q.y))}" r="2.5" fill="${c}"/>`;
    body += `\n<rect x="${W - R + 12}" y="${T + 8 + 20 * i}" width="14" height="3" fill="${c}"/><text x="${W - R + 32}" y="${T + 13 + 20 * i}">${esc(s.name)}</text>\n`;
  });
  return frame(W, H, o.title, body);
}

export function barChart(o: BarChartOptions): string {
  const W = o.width ?? 720, H = o.height ?? 400;
  const L = 70, R = 20, T = 36, B = 110;
  const vals = o.bars.flatMap((b) => [b.value, b.hi ?? b.value]).filter(Number.isFinite);
  const y1 = Math.max(...vals, 0) * 1.08 || 1;
  const Y = (y: number) => H - B - (y / y1) * (H - T - B);
  const slot = (W - L - R) / Math.max(1, o.bars.length);
  let body = "";
  for (const t of ticks(0, y1)) body += `<line x1="${L}" x2="${W - R}" y1="${r2(Y(t))}" y2="${r2(Y(t))}" stroke="#ddd"/><text x="${L - 6}" y="${r2(Y(t) + 4)}" text-anchor="end">${fmt(t)}</text>\n`;
  o.bars.forEach((b, i) => {
    const x = L + i * slot + slot * 0.15, w = slot * 0.7, c = PALETTE[i % PALETTE.length]!;
    body += `<rect x="${r2(x)}" y="${r2(Y(b.value))}" width="${r2(w)}" height="${r2(Y(0) - Y(b.value))}" fill="${c}" fill-opacity="0.8"/>\n`;
    if (b.lo !== undefined && b.hi !== undefined) {
      const cx = r2(x + w / 2);
      body += `<line x1="${cx}" x2="${cx}" y1="${r2(Y(b.lo))}" y2="${r2(Y(b.hi))}" stroke="#222"/><line x1="${cx - 5}" x2="${cx + 5}" y1="${r2(Y(b.hi))}" y2="${r2(Y(b.hi))}" stroke="#222"/><line x1="${cx - 5}" x2="${cx + 5}" y1="${r2(Y(b.lo))}" y2="${r2(Y(b.lo))}" stroke="#222"/>\n`;
    }
    body += `<text transform="translate(${r2(x + w / 2)} ${H - B + 12}) rotate(35)" text-anchor="start">${esc(b.label)}</text>\n`;
  });
  body += `<line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" stroke="#333"/><line x1="${L}" x2="${L}" y1="${T}" y2="${H - B}" stroke="#333"/>\n`;
  body += `<text transform="translate(16 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>\n`;
  return frame(W, H, o.title, body);
}
