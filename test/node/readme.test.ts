/**
 * The README as users read it (issue 12): under 250 lines, a table of contents whose links reach its headings, every
 * relative link and image pointing at a file in the repository, every CLI command shown with an example, the licences
 * of the code and of each data set, the sections the other engineers fill, and every benchmark figure generated from
 * bench/RESULTS.md (`npm run readme:bench -- --check`), with no timing or ratio anywhere else in the README.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const BEGIN = "<!-- readme-bench:begin -->", END = "<!-- readme-bench:end -->";
/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const slug = (h: string) => h.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");

describe("README.md", () => {
  it("is under 250 lines", () => {
    expect(readme.split("\n").length).toBeLessThan(250);
  });

  it("has a table of contents whose every link reaches a heading", () => {
    const headings = new Set([...readme.matchAll(/^#{2,3} (.+)$/gm)].map((m) => slug(m[1]!)));
    const toc = readme.slice(readme.indexOf("## Contents"), readme.indexOf("\n## ", readme.indexOf("## Contents") + 5));
    const anchors = [...toc.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    expect(anchors.length).toBeGreaterThanOrEqual(8);
    for (const a of anchors) expect(headings.has(a), `#${a}`).toBe(true);
  });

  it("links only to files that exist", () => {
    const links = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
    expect(links.length).toBeGreaterThan(5);
    for (const l of links) expect(existsSync(join(root, l)), l).toBe(true);
  });

  it("shows every command with an example, and the licences of the code and the data", () => {
    for (const cmd of ["demo", "reproduce", "fit", "sweep", "merge", "game"]) expect(readme, cmd).toMatch(new RegExp(`emergent-align ${cmd}\\b`));
    for (const l of ["MIT", "CC BY-NC-SA 4.0", "MovieLens", "Moral Machine", "ETHICS"]) expect(readme, l).toContain(l);
    for (const s of ["Batches and the pool", "Sweeps on a cluster", "Experiments"]) expect(readme, s).toMatch(new RegExp(`^#{2,3} ${s}$`, "m"));
  });

  it("has a quick start of about 10 lines that checks status, and it runs", () => {
    const code = /## Quick start\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    const lines = code.trim().split("\n").filter((l) => l.trim() !== "");
    expect(lines.length).toBeLessThanOrEqual(12);
    expect(code).toMatch(/status !== "optimal"/);
    // as a user runs it: the package imported by its name (dist/, as built)
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", code], { cwd: root, encoding: "utf8" });
    expect(out).toMatch(/Float64Array/);
  });

  it("takes every benchmark figure from bench/RESULTS.md (and has none elsewhere)", () => {
    const r = spawnSync(process.execPath, [join(root, "build/readme-bench.mjs"), "--check"], { cwd: root, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const outside = readme.slice(0, readme.indexOf(BEGIN)) + readme.slice(readme.indexOf(END));
    expect(outside.match(/\b\d+(?:\.\d+)?\s?(?:ms|s)\b(?![-\w])|\b\d+(?:\.\d+)?×(?!\s?\d)/g) ?? []).toEqual([]);
  });
});
