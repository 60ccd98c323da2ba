/** Plain-text tables for the terminal: right-aligned numbers, left-aligned text. */
export function formatTable(header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === "number" ? formatNumber(c) : c)))];
  const widths = header.map((_, j) => cells.reduce((w, r) => Math.max(w, String(r[j] ?? "").length), 0));
  const line = (r: Array<string | number>) =>
    r.map((c, j) => (typeof rows[0]?.[j] === "number" ? String(c).padStart(widths[j]!) : String(c).padEnd(widths[j]!))).join("  ");
  return [line(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(3) : v.toPrecision(4);
}
