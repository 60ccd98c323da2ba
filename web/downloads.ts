/**
 * Downloads of the page's results: CSV (RFC 4180, numbers in full precision), JSON (typed arrays as arrays) and the
 * figure as it is drawn (an inline SVG is saved as .svg, a canvas as .png), each a blob: link with a `download` name.
 * Works whatever draws the charts: it saves what the section's <figure> holds.
 */
export interface Download { label: string; filename: string; type: string; text?: string; url?: string }

const urls = new WeakMap<HTMLElement, string[]>();

/** Replaces the links in `box` with links to `files` (revoking the previous blob URLs); hides `box` when empty. */
export function offerDownloads(box: HTMLElement, files: Download[]): void {
  for (const url of urls.get(box) ?? []) URL.revokeObjectURL(url);
  const made: string[] = [];
  box.replaceChildren();
  box.hidden = files.length === 0;
  if (!files.length) return;
  box.append("Download: ");
  files.forEach((f, i) => {
    const href = f.url ?? URL.createObjectURL(new Blob([f.text ?? ""], { type: f.type }));
    if (!f.url) made.push(href);
    const a = document.createElement("a");
    a.href = href;
    a.download = f.filename;
    a.textContent = f.label;
    a.dataset.file = f.filename;
    if (i) box.append(" · ");
    box.append(a);
  });
  urls.set(box, made);
}

const cellText = (v: unknown): string => {
  const s = typeof v === "number" ? String(v) : String(v ?? "");
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** A CSV file: a header row and one row per record. */
export function csvText(header: string[], rows: ReadonlyArray<ReadonlyArray<unknown>>): string {
  let out = header.map(cellText).join(",") + "\n";
  for (const r of rows) out += r.map(cellText).join(",") + "\n";
  return out;
}

/** JSON with typed arrays written as plain arrays. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : v), 1) + "\n";
}

/** The figure in `section` (the first <figure>), as a download: SVG when it is an inline SVG, PNG when a canvas. */
export function figureFile(section: HTMLElement, name: string): Download[] {
  const svg = section.querySelector("figure svg");
  if (svg) {
    const copy = svg.cloneNode(true) as SVGElement;
    copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    return [{ label: "figure (SVG)", filename: `${name}.svg`, type: "image/svg+xml", text: new XMLSerializer().serializeToString(copy) }];
  }
  const canvas = section.querySelector<HTMLCanvasElement>("figure canvas");
  return canvas ? [{ label: "figure (PNG)", filename: `${name}.png`, type: "image/png", url: canvas.toDataURL("image/png") }] : [];
}
