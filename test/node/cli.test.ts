import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, scratch } from "./cli-helpers.js";

/** The command line on good and bad input: clear messages naming the argument, non-zero exits, nothing partial. */
describe("emergent-align fit", () => {
  const dir = scratch("cli");
  const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };
  const U = file("U.csv", "a,b,c\n1,0,0.5\n0,1,0.5\n1,1,2\n0,0,1\n");
  const u = file("u.csv", "target\n0.5\n0.5\n1\n0\n");

  it("fits good CSV files and reports weights that reproduce u", () => {
    const out = join(dir, "fit.json");
    const r = cli(["fit", "--models", U, "--target", u, "--constraint", "simplex", "--json", "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res).toMatchObject({ points: 4, models: 3, norm: "l2", constraint: "simplex", status: "optimal" });
    // u = ½a + ½b exactly
    expect(res.weights.map((w: { weight: number }) => w.weight)).toEqual([expect.closeTo(0.5, 9), expect.closeTo(0.5, 9), expect.closeTo(0, 9)]);
    expect(res.error.maxAbs).toBeLessThan(1e-9);
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(res);
    const table = cli(["fit", "--models", U, "--target", u, "--offset"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/least-squares fit: 4 points × 3 models, simplex weights \+ offset/);
  });

  const bad: Array<[string, string, string, RegExp]> = [
    ["ragged rows", "a,b\n1,2\n3\n4,5\n", "1\n2\n3\n", /--models: .*line 3: ragged row/],
    ["a non-number", "a,b\n1,2\n3,x\n4,5\n", "1\n2\n3\n", /--models: .*line 3 column 2 \(b\) must be a finite number; got "x"/],
    ["an empty cell", "1,2\n3,\n4,5\n", "1\n2\n3\n", /--models: .*line 2 column 2 must be a finite number; got ""/],
    ["mismatched lengths", "a,b\n1,2\n3,4\n4,5\n", "1\n2\n", /--target has 2 values but --models has 3 rows/],
    ["a non-numeric target", "a,b\n1,2\n3,4\n4,5\n", "t\n1\nNaN\n3\n", /--target: .*line 3 column 1 \(t\) must be a finite number; got "NaN"/],
    ["a multi-column target", "a,b\n1,2\n3,4\n4,5\n", "1,2\n2,3\n3,4\n", /--target: .*must have a single column/],
  ];
  it.each(bad)("exits non-zero on %s with a message naming the argument, and writes nothing", (name, models, target, message) => {
    const slug = name.replace(/\W+/g, "-");
    const m = file(`${slug}-U.csv`, models), t = file(`${slug}-u.csv`, target);
    const out = join(dir, `${slug}.json`);
    const r = cli(["fit", "--models", m, "--target", t, "--out", out]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(r.stdout).toBe("");
    expect(existsSync(out)).toBe(false);
    if (!["ragged rows", "a non-number", "mismatched lengths"].includes(name)) return;
    // the CSV-driven sweep refuses the same files before creating its output
    const sweepOut = join(dir, `${slug}.jsonl`);
    const s = cli(["sweep", "--models", m, "--target", t, "--out", sweepOut, "--workers", "1"]);
    expect(s.code).not.toBe(0);
    expect(s.stderr).toMatch(/--models|--target/);
    expect(existsSync(sweepOut)).toBe(false);
  });

  it("rejects bad options with their names", () => {
    expect(cli(["fit", "--models", U]).stderr).toMatch(/required option '--target <u.csv>' not specified/);
    expect(cli(["fit", "--models", join(dir, "missing.csv"), "--target", u]).stderr).toMatch(/--models: cannot read .*missing\.csv: ENOENT/);
    expect(cli(["fit", "--models", U, "--target", u, "--constraint", "convex"]).stderr).toMatch(/--constraint <c>' argument 'convex' is invalid/);
    expect(cli(["sweep", "--k", "10,x"]).stderr).toMatch(/--k must be a comma-separated list of integers ≥ 1; got "x"/);
    expect(cli(["sweep", "--shard", "2/2", "--out", join(dir, "s.jsonl")]).stderr).toMatch(/--shard i\/N needs 0 ≤ i < N/);
    expect(existsSync(join(dir, "s.jsonl"))).toBe(false);
  });
});

describe("emergent-align reproduce", () => {
  it("runs the shipped Moral Machine data (leave-one-out) and writes JSON and every figure (spec, CSV, SVG, PNG)", () => {
    const dir = scratch("reproduce");
    const r = cli(["reproduce", "--quick", "--datasets", "moral-machine", "--out", "out", "--json"], dir);
    // timings go to stderr, never into the JSON
    expect(r.stderr.trim().split("\n").every((l) => l.startsWith("reproduce: "))).toBe(true);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/"seconds"/);
    const doc = JSON.parse(r.stdout);
    const mm = doc.datasets[0];
    expect(mm).toMatchObject({ dataset: "Moral Machine", points: 9, models: 75, protocol: { kind: "loo", splits: 9 } });
    // the quick run and the full run share the main table (leave-one-out has no random splits): real numbers
    const mse = Object.fromEntries(mm.methods.map((m: { method: string; mse: { mean: number } }) => [m.method, m.mse.mean]));
    expect(mse["uniform"]).toBeCloseTo(0.02045, 4);
    expect(mse["best-single"]).toBeCloseTo(0.05322, 4);
    expect(mse["simplex+offset"]).toBeCloseTo(0.0677, 3);
    const figures = ["moral-machine-k", "moral-machine-methods"].flatMap((f) => ["csv", "png", "svg", "vl.json"].map((e) => `${f}.${e}`));
    expect(readdirSync(join(dir, "out")).sort()).toEqual([...figures, "moral-machine.json", "reproduce.json"].sort());
    const svg = readFileSync(join(dir, "out", "moral-machine-k.svg"), "utf8");
    expect(svg).toMatch(/^<svg[^]*<\/svg>\n$/);
    expect(svg).toContain("log y axis"); // nonnegative fits without enough rows reach MSE ≫ 1 and would flatten the rest
    const spec = JSON.parse(readFileSync(join(dir, "out", "moral-machine-k.vl.json"), "utf8"));
    expect(spec.data.values.length).toBe(readFileSync(join(dir, "out", "moral-machine-k.csv"), "utf8").trim().split("\n").length - 1);
    // two runs print byte-identical JSON
    const again = cli(["reproduce", "--quick", "--datasets", "moral-machine", "--out", "out2", "--json", "--format", "svg"], dir);
    expect(again.stdout).toBe(r.stdout);
    expect(readFileSync(join(dir, "out2", "reproduce.json"), "utf8")).toBe(readFileSync(join(dir, "out", "reproduce.json"), "utf8"));
    expect(readdirSync(join(dir, "out2")).filter((f) => f.endsWith(".png"))).toEqual([]);
  });
});
