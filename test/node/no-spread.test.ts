/**
 * No spread of a (possibly large) array into a call's arguments anywhere in the library, the CLI, the worker or the
 * page: `Math.max(...xs)`, `out.push(...rows)` and `String.fromCharCode(...units)` overflow the call stack once the
 * array has some 10⁵ entries ("Maximum call stack size exceeded": the page's Fit crashed on 400×200 CSVs, issue 12).
 * Use a loop or `reduce`. The chart code (src/app/figures/, being replaced by Vega-Lite specifications) is left to
 * that work; test/node/web-large.test.ts loads 1000×300 and 7500×300 CSVs in Chromium.
 */
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const EXEMPT = (rel: string) => rel.startsWith("src/app/figures/");
const SPREAD_CALL = /(?:Math\.(?:max|min|hypot)|\.push|\.unshift|fromCharCode|fromCodePoint)\(\s*(?:[\w.$]+\s*,\s*)*\.\.\./g;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "dist" || name === "node_modules" ? [] : sources(path);
    return /\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith(".d.ts") && !name.includes(".generated.") ? [path] : [];
  });
}

describe("no spread of arrays into call arguments", () => {
  it("src/ and web/ use loops or reduce instead", () => {
    const hits: string[] = [];
    for (const file of [...sources(join(root, "src")), ...sources(join(root, "web"))]) {
      const rel = relative(root, file);
      if (EXEMPT(rel)) continue;
      readFileSync(file, "utf8").split("\n").forEach((line, i) => {
        if (line.trimStart().startsWith("//") || line.trimStart().startsWith("*")) return;
        for (const m of line.matchAll(SPREAD_CALL)) hits.push(`${rel}:${i + 1}: ${m[0]}`);
      });
    }
    expect(hits).toEqual([]);
  });

  it("the rule catches what it should", () => {
    const caught = ["Math.max(...xs)", "Math.max(1, ...xs)", "out.push(...rows)", "String.fromCharCode(...units)"];
    for (const s of caught) expect(s.match(SPREAD_CALL), s).not.toBeNull();
    for (const s of ["rows.push({ ...r })", "f(...args)", "[...xs]", "Math.max(a, b)"]) expect(s.match(SPREAD_CALL), s).toBeNull();
  });
});
