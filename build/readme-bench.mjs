// `npm run readme:bench`: writes the README's benchmark section from bench/RESULTS.md, the one source of every figure
// (RESULTS.md is written by `npm run bench`). The section sits between
//   <!-- readme-bench:begin -->  and  <!-- readme-bench:end -->
// and is generated whole: edit this script, never the section. `--check` exits 1 (and says so) when the README's
// section differs from what RESULTS.md gives, which test/node/readme.test.ts runs.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const BEGIN = "<!-- readme-bench:begin -->";
const END = "<!-- readme-bench:end -->";

/** The cells of a markdown table row (`\|` stays inside a cell). */
const cells = (line) => line.trim().replace(/^\||\|$/g, "").split(/(?<!\\)\|/).map((c) => c.trim());

/** The first table after the line containing `heading` in `text`: { header, rows } with rows as objects by column. */
export function tableAfter(text, heading) {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.includes(heading));
  if (at < 0) throw new Error(`readme-bench: no "${heading}" in bench/RESULTS.md`);
  const start = lines.findIndex((l, i) => i >= at && l.trim().startsWith("|"));
  if (start < 0) throw new Error(`readme-bench: no table after "${heading}" in bench/RESULTS.md`);
  const header = cells(lines[start]);
  const rows = [];
  for (let i = start + 2; i < lines.length && lines[i].trim().startsWith("|"); i++) {
    const c = cells(lines[i]);
    rows.push(Object.fromEntries(header.map((h, j) => [h, c[j] ?? ""])));
  }
  return { header, rows };
}

const clean = (v) => v.replace(/[¹*]/g, "").trim();
const ms = (v) => (/\bs$/.test(clean(v)) ? clean(v) : `${clean(v)} ms`);
const pick = (rows, where) => {
  const r = rows.find((x) => Object.entries(where).every(([k, v]) => x[k] === v));
  if (!r) throw new Error(`readme-bench: no row ${JSON.stringify(where)} in bench/RESULTS.md`);
  return r;
};

/** The README section, from the text of bench/RESULTS.md. */
export function readmeBench(results) {
  const out = [];
  const row = (...c) => out.push(`| ${c.join(" | ")} |`);
  out.push("Medians on a shared 2-core Xeon with Node 20, from [bench/RESULTS.md](bench/RESULTS.md) (every environment, run and");
  out.push("column is there; `npm run bench` rewrites it). The ratio is the peer's time over ours, measured in the same run: > 1 means");
  out.push("emergent-align's WebAssembly backend is faster.");
  out.push("");
  row("problem", "size", "emergent-align (wasm)", "peer", "peer time", "peer ÷ ours");
  row("---", "---", "---:", "---", "---:", "---:");
  const nnls = tableAfter(results, "### Per solver").rows;
  const ratios = tableAfter(results, "### Speed ratios").rows;
  for (const size of ["1000×100", "10000×100", "10000×1000", "50000×2000"]) {
    const ea = pick(nnls, { "n×k": size, solver: "ea wasm (auto)" }), sp = pick(nnls, { "n×k": size, solver: "scipy nnls" });
    row("NNLS `nnls`", size, ms(ea["median ms"]), "SciPy `nnls`", ms(sp["median ms"]), pick(ratios, { "n×k": size })["vs scipy nnls"]);
  }
  const hull = tableAfter(results, "## Convex-hull distance").rows;
  for (const size of ["1000×100", "5000×500"]) {
    const h = pick(hull, { "n×k": size, u: "out" });
    row("hull distance `hullDistance` (u outside)", size, ms(h["wasm ms"]), "HiGHS (highs-js)", ms(h["highs ms"]), h["highs / wasm"]);
  }
  const resp = tableAfter(results, "## Responses").rows;
  for (const size of ["1000000×8×8", "100000×64×32"]) {
    const ea = pick(resp, { "S×Y×A": size, implementation: "emergent-align wasm (1 thread)" });
    const np = resp.find((r) => r["S×Y×A"] === size && r.implementation.startsWith("numpy"));
    const med = (v) => v.split("/")[1].trim();
    const [S, Y, A] = size.split("×");
    row("best responses `bestResponses`", `${S} posteriors, ${Y} states, ${A} actions`, ms(med(ea["best min / median ms"])), `${np.implementation.replace(/ \(.*/, "")} (BLAS, 2 threads)`, ms(med(np["best min / median ms"])),
      `${(Number(med(np["best min / median ms"])) / Number(med(ea["best min / median ms"]))).toFixed(2)}×`);
  }
  // the persuasion suite (issue 16): both LPs of ea.persuasion against highs-js on the full obedience LP
  const pers = tableAfter(results, "## Persuasion LPs and the selection game vs HiGHS").rows;
  for (const size of ["20×20", "50×50", "100×100"]) {
    const p = pers.find((r) => Object.values(r)[0] === size);
    if (!p) throw new Error(`readme-bench: no persuasion row ${size} in bench/RESULTS.md`);
    const eaCol = Object.keys(p).find((k) => k.startsWith("ea.persuasion"));
    // the suite reports the fastest of the timed calls for both sides (highs-js has no median), so compare minima
    const fastest = (v) => v.split("/")[0].trim();
    const eaMs = fastest(p[eaCol]), peerMs = clean(p["highs-js ms (full LP)"]);
    const toMs = (v) => (/\bs$/.test(v) ? 1000 * Number(v.replace(/\s*s$/, "")) : Number(v));
    row("persuasion `persuasion`", `${size} (actions × states)`, ms(eaMs), "HiGHS (highs-js), full LP; fastest runs", ms(peerMs), `${(toMs(peerMs) / toMs(eaMs)).toFixed(1)}×`);
  }
  out.push("");
  const sweep = tableAfter(results, "## Sweeps").rows;
  const s1 = pick(sweep, { "n × k": "1000×100", backend: "wasm", workers: "1" }), s2 = pick(sweep, { "n × k": "1000×100", backend: "wasm", workers: "2" });
  out.push(`Sweeps (\`emergent-align sweep\`, 1000 points × 100 models, two constrained fits per task): ${s1["fits/s"]} fits/s on one worker, ${s2["fits/s"]} on two (${s2["× vs 1 worker"]}).`);
  const browser = tableAfter(results, "### WebAssembly engine in Chromium").rows;
  const rs = browser.map((r) => Number(clean(r["chromium / node"]).replace("×", "")));
  const same = browser.every((r) => r["same bits"] === "yes");
  out.push(`In Chromium (a Web Worker) the same calls take ${Math.min(...rs).toFixed(2)}–${Math.max(...rs).toFixed(2)}× Node's time${same ? ", with bit-identical results in every case" : ""}.`);
  return out.join("\n");
}

function main() {
  const results = readFileSync(join(root, "bench/RESULTS.md"), "utf8");
  const readmePath = join(root, "README.md");
  const readme = readFileSync(readmePath, "utf8");
  const i = readme.indexOf(BEGIN), j = readme.indexOf(END);
  if (i < 0 || j < i) throw new Error(`readme-bench: README.md has no ${BEGIN} … ${END} section`);
  const next = `${readme.slice(0, i + BEGIN.length)}\n${readmeBench(results)}\n${readme.slice(j)}`;
  if (process.argv.includes("--check")) {
    if (next !== readme) {
      console.error("readme-bench: README.md's benchmark section differs from bench/RESULTS.md; run `npm run readme:bench`");
      process.exit(1);
    }
    return;
  }
  if (next !== readme) writeFileSync(readmePath, next);
  console.log(`readme-bench: README.md's benchmark section ${next === readme ? "was already up to date" : "rewritten"} from bench/RESULTS.md`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try { main(); } catch (e) { console.error(e instanceof Error ? e.message : e); process.exit(1); }
}
