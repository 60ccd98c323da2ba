import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, scratch } from "./cli-helpers.js";

/** Sweeps through the real CLI and worker pool (from source): byte-identical output for any worker count or sharding. */
const GRID = ["--n", "200,400", "--k", "5,40", "--noise", "0,0.1", "--reps", "3", "--seed", "4", "--no-progress"];

describe("emergent-align sweep", () => {
  const dir = scratch("sweep");
  const run = (out: string, extra: string[]) => {
    const r = cli(["sweep", ...GRID, ...extra, "--out", join(dir, out)]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    return readFileSync(join(dir, out), "utf8");
  };

  it("writes the same bytes with 1 and 2 workers, and sharded 0/2 + 1/2 then merged", () => {
    const one = run("one.jsonl", ["--workers", "1"]);
    const two = run("two.jsonl", ["--workers", "2"]);
    // its figure and the figure's numbers next to the JSON lines: one.vl.json, one.csv, one.svg, one.png
    for (const ext of ["vl.json", "csv", "svg", "png"]) expect(existsSync(join(dir, `one.${ext}`))).toBe(true);
    expect(readFileSync(join(dir, "one.csv"), "utf8").split("\n")[0]).toBe("method,shape,k,mse,lo,hi");
    expect(readFileSync(join(dir, "one.svg"), "utf8")).toContain("n = 400, noise 0.1");
    expect(two).toBe(one);
    const lines = one.trim().split("\n");
    expect(lines).toHaveLength(1 + 24);
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: "emergent-align/sweep@1", tasks: 24 });
    lines.slice(1).forEach((l, t) => expect(JSON.parse(l).task).toBe(t));

    const a = run("a.jsonl", ["--workers", "2", "--shard", "0/2"]);
    const b = run("b.jsonl", ["--workers", "1", "--shard", "1/2"]);
    expect(a.trim().split("\n")).toHaveLength(13);
    expect(b.trim().split("\n")).toHaveLength(13);
    const m = cli(["merge", join(dir, "b.jsonl"), join(dir, "a.jsonl"), "--out", join(dir, "merged.jsonl")]);
    expect(m.code).toBe(0);
    expect(m.stdout).toMatch(/24 of 24 tasks, complete/);
    expect(readFileSync(join(dir, "merged.jsonl"), "utf8")).toBe(one);

    // the exact-hull grid points (noise 0) have a zero held-out error for the convex fit
    for (const l of lines.slice(1)) {
      const r = JSON.parse(l);
      if (r.noise === 0) expect(r.scores["simplex+offset"].mse).toBeLessThan(1e-18);
    }
  });

  it("resumes an interrupted sweep (a torn last line included) to the same bytes", () => {
    const full = run("full.jsonl", ["--workers", "2"]);
    const cut = full.slice(0, full.indexOf("\n", Math.floor(full.length / 2)) + 40); // half the records and a torn line
    writeFileSync(join(dir, "resumed.jsonl"), cut);
    const r = cli(["sweep", ...GRID, "--workers", "2", "--json", "--out", join(dir, "resumed.jsonl")]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.tasksResumed).toBeGreaterThan(5);
    expect(summary.tasksRun + summary.tasksResumed).toBe(24);
    expect(readFileSync(join(dir, "resumed.jsonl"), "utf8")).toBe(full);
  });

  it("refuses to resume into a file that holds a different sweep, and merge refuses mixed sweeps", () => {
    run("other.jsonl", ["--workers", "1"]);
    const r = cli(["sweep", ...GRID, "--seed", "5", "--out", join(dir, "other.jsonl")]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--out .* holds a different sweep/);
    const wrongShard = cli(["sweep", ...GRID, "--shard", "1/2", "--out", join(dir, "other.jsonl")]);
    expect(wrongShard.code).not.toBe(0);
    expect(wrongShard.stderr).toMatch(/holds shard 0\/1 of this sweep, not 1\/2/);
    const s5 = join(dir, "seed5.jsonl");
    expect(cli(["sweep", ...GRID, "--seed", "5", "--shard", "1/2", "--out", s5]).code).toBe(0);
    const m = cli(["merge", join(dir, "other.jsonl"), s5, "--out", join(dir, "mixed.jsonl")]);
    expect(m.code).not.toBe(0);
    expect(m.stderr).toMatch(/belongs to a different sweep/);
    expect(existsSync(join(dir, "mixed.jsonl"))).toBe(false);
  });

  it("runs CSV-driven sweeps (random model subsets of the user's matrix) identically on 1 and 2 workers", () => {
    const rows = Array.from({ length: 60 }, (_, i) => Array.from({ length: 12 }, (_, j) => Math.sin(i * 0.3 + j) + 0.01 * ((i * 7 + j * 13) % 11)));
    writeFileSync(join(dir, "U.csv"), ["m" + Array.from({ length: 12 }, (_, j) => j).join(",m"), ...rows.map((r) => r.join(","))].join("\n"));
    writeFileSync(join(dir, "u.csv"), ["human", ...rows.map((r) => (0.5 * r[0]! + 0.5 * r[3]! + 0.2).toString())].join("\n"));
    const args = ["sweep", "--models", join(dir, "U.csv"), "--target", join(dir, "u.csv"), "--k", "1,2,6,12", "--draws", "4", "--methods", "best-single,simplex+offset", "--no-progress"];
    expect(cli([...args, "--workers", "1", "--out", join(dir, "c1.jsonl")]).code).toBe(0);
    const r2 = cli([...args, "--workers", "2", "--out", join(dir, "c2.jsonl")]);
    expect(r2.code).toBe(0);
    const c1 = readFileSync(join(dir, "c1.jsonl"), "utf8");
    expect(readFileSync(join(dir, "c2.jsonl"), "utf8")).toBe(c1);
    const recs = c1.trim().split("\n").slice(1).map((l) => JSON.parse(l));
    expect(recs).toHaveLength(16);
    // u = ½m0 + ½m3 + 0.2 is in the shifted hull of all 12 models: exact on held-out rows
    for (const r of recs.filter((x) => x.k === 12)) expect(r.scores["simplex+offset"].mse).toBeLessThan(1e-18);
  });
});
