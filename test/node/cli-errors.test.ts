/**
 * The command line's edges (issue 12): every error is one line naming the option or file; exit 2 for usage and input
 * errors, 1 for failures inside; nothing partial is left behind (no output, no *.tmp-PID) when --out is a missing
 * directory, a directory, or a file where a directory is expected; --version; options that do not apply are refused;
 * the sup-norm fit's JSON carries the certificate y; 'linf' is the norm's name ('sup' an alias); the game shows
 * progress once it has taken a second.
 */
import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, root, scratch } from "./cli-helpers.js";
import { exitCodeOf, oneLine } from "../../src/cli/errors.js";
import { writeFilesAtomic } from "../../src/cli/output.js";
import { InputError } from "../../src/core/errors.js";
import { DataError } from "../../src/app/experiments/datasets.js";

const dir = scratch("cli-errors");
const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };
const U = file("U.csv", "a,b,c\n1,0,0.5\n0,1,0.5\n1,1,2\n0,0,1\n");
const u = file("u.csv", "target\n0.5\n0.5\n1\n0\n");
const leftovers = (d: string) => readdirSync(d).filter((f) => /\.tmp-\d+$|^\..*\.tmp$/.test(f));

/** One line on stderr, the given exit code, nothing on stdout. */
function expectOneLineError(r: { code: number | null; stdout: string; stderr: string }, code: number, message: RegExp): void {
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trimEnd().split("\n"), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(/^emergent-align: /);
  expect(r.code).toBe(code);
  expect(r.stdout).toBe("");
}

describe("emergent-align: errors, exit codes and output files", () => {
  it("--version prints the package's version", () => {
    const r = cli(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version);
  });

  it("usage errors are one line and exit 2: unknown command, unknown option, missing or invalid option", () => {
    expectOneLineError(cli(["fitt"]), 2, /unknown command 'fitt'; commands: demo, reproduce, fit/);
    expectOneLineError(cli(["fit", "--models", U, "--target", u, "--constraint", "simplex", "--ofset"]), 2, /unknown option '--ofset' \(Did you mean --offset\?\)/);
    expectOneLineError(cli(["fit", "--models", U]), 2, /required option '--target <u.csv>' not specified/);
    expectOneLineError(cli(["fit", "--models", U, "--target", u, "--norm", "l1"]), 2, /--norm <norm>' argument 'l1' is invalid.*l2, linf, sup/);
  });

  it("game --step 0 names --step", () => {
    expectOneLineError(cli(["game", "--step", "0", "--out", dir]), 2, /--step must be a number strictly between 0 and 1; got "0"/);
  });

  it("input errors are one line naming the file and exit 2 (the same code whichever layer notices)", () => {
    expectOneLineError(cli(["fit", "--models", join(dir, "missing.csv"), "--target", u]), 2, /--models: cannot read .*missing\.csv: ENOENT/);
    expectOneLineError(cli(["fit", "--models", file("bad.csv", "a,b\n1,x\n2,3\n3,4\n"), "--target", file("t3.csv", "1\n2\n3\n")]), 2, /--models: .*bad\.csv line 2 column 2 \(b\) must be a finite number/);
  });

  it("fit --out to a missing directory or to a directory: one line, exit 2, nothing written", () => {
    expectOneLineError(cli(["fit", "--models", U, "--target", u, "--out", join(dir, "nope", "fit.json")]), 2, /--out .*nope.*fit\.json: the directory .*nope does not exist/);
    const d = join(dir, "a-dir");
    mkdirSync(d);
    expectOneLineError(cli(["fit", "--models", U, "--target", u, "--out", d]), 2, /--out .*a-dir is a directory; give a file name/);
    expect(readdirSync(d)).toEqual([]);
    expect(leftovers(dir)).toEqual([]);
  });

  it("sweep --out to a missing directory or to a directory: one line, exit 2, nothing written", () => {
    expectOneLineError(cli(["sweep", "--n", "20", "--k", "2", "--reps", "1", "--workers", "1", "--out", join(dir, "nope", "s.jsonl")]), 2, /--out .*s\.jsonl: the directory .*nope does not exist/);
    const d = join(dir, "sweep-dir");
    mkdirSync(d);
    expectOneLineError(cli(["sweep", "--n", "20", "--k", "2", "--reps", "1", "--workers", "1", "--out", d]), 2, /--out .*sweep-dir is a directory/);
    expect(readdirSync(d)).toEqual([]);
    expect(leftovers(dir)).toEqual([]);
  });

  it("merge --out to a missing directory or to a directory: one line, exit 2, no temporary left", () => {
    const shard = join(dir, "shard.jsonl");
    expect(cli(["sweep", "--n", "20", "--k", "2", "--reps", "1", "--workers", "1", "--no-progress", "--out", shard]).code).toBe(0);
    const d = join(dir, "merge-dir");
    mkdirSync(d);
    expectOneLineError(cli(["merge", shard, "--out", d]), 2, /merge-dir/);
    expectOneLineError(cli(["merge", shard, "--out", join(dir, "nope", "m.jsonl")]), 2, /nope/);
    expect(readdirSync(d)).toEqual([]);
    expect(leftovers(dir)).toEqual([]);
  });

  it("game and reproduce --out naming a file: one line, exit 2, the file untouched", () => {
    const f = file("not-a-dir", "keep me\n");
    expectOneLineError(cli(["game", "--trials", "1", "--out", f]), 2, /--out .*not-a-dir is a file, not a directory/);
    expectOneLineError(cli(["reproduce", "--quick", "--datasets", "moral-machine", "--no-game", "--out", f]), 2, /--out .*not-a-dir is a file, not a directory/);
    expect(readFileSync(f, "utf8")).toBe("keep me\n");
    expect(leftovers(dir)).toEqual([]);
  });

  it("a set of output files is written all or none, and no temporary survives a failure", () => {
    const d = join(dir, "atomic");
    mkdirSync(join(d, "b.json"), { recursive: true });   // b.json is a directory: the set cannot be written
    expect(() => writeFilesAtomic([["a.json", "{}"], ["b.json", "{}"]], d)).toThrow(DataError);
    expect(() => writeFilesAtomic([["a.json", "{}"], ["b.json", "{}"]], d)).toThrow(/--out .*b\.json is a directory/);
    expect(readdirSync(d)).toEqual(["b.json"]);
    writeFilesAtomic([["a.json", "1"], ["c.json", "2"]], d);
    expect(readdirSync(d).sort()).toEqual(["a.json", "b.json", "c.json"]);
  });

  it("options that do not apply are refused, naming them", () => {
    expectOneLineError(cli(["sweep", "--models", U, "--target", u, "--n", "100", "--out", join(dir, "s1.jsonl")]), 2, /--n does not apply to a CSV sweep \(--models\/--target\); remove it/);
    expectOneLineError(cli(["sweep", "--models", U, "--target", u, "--noise", "0.2", "--reps", "3", "--out", join(dir, "s2.jsonl")]), 2, /--noise, --reps do not apply to a CSV sweep/);
    expectOneLineError(cli(["sweep", "--draws", "5", "--out", join(dir, "s3.jsonl")]), 2, /--draws does not apply to a synthetic sweep/);
    for (const f of ["s1.jsonl", "s2.jsonl", "s3.jsonl"]) expect(existsSync(join(dir, f))).toBe(false);
  });

  it("failures inside exit 1 with one line that says it is a bug (the stack only with EA_DEBUG=1)", () => {
    expect(exitCodeOf(new TypeError("x is undefined"))).toBe(1);
    expect(exitCodeOf(new RangeError("Maximum call stack size exceeded"))).toBe(1);
    expect(exitCodeOf(new InputError("U must …"))).toBe(2);
    expect(exitCodeOf(new DataError("--models: …"))).toBe(2);
    expect(exitCodeOf(new RangeError("--shard must look like i/N"))).toBe(2);
    const line = oneLine(new TypeError("x is undefined\n    at f (a.js:1:1)"));
    expect(line).toMatch(/^internal error \(TypeError\): x is undefined — a bug in emergent-align; rerun with EA_DEBUG=1/);
    expect(line).not.toContain("\n");
  });
});

describe("emergent-align fit: the sup norm", () => {
  it("--norm linf --json carries the certificate y; --norm sup is the same fit", () => {
    const r = cli(["fit", "--models", U, "--target", u, "--norm", "linf", "--offset", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.norm).toBe("linf");
    expect(res.certificate.y).toHaveLength(4);
    expect(res.certificate.lowerBound).toBeLessThanOrEqual(res.certificate.upperBound);
    const alias = JSON.parse(cli(["fit", "--models", U, "--target", u, "--norm", "sup", "--offset", "--json"]).stdout);
    expect(alias).toEqual(res);
  });
});

describe("emergent-align game: progress", () => {
  it("shows progress on stderr from the start when EA_PROGRESS=1 forces it off a terminal, whatever the machine's speed; nothing otherwise", () => {
    const out = join(dir, "game");
    const slow = cli(["game", "--trials", "80", "--epsilons", "0,0.5", "--format", "svg", "--out", out], root, { ...process.env, EA_PROGRESS: "1" });
    expect(slow.code).toBe(0);
    expect(slow.stderr).toMatch(/selection game .*\d+\/240/);
    expect(slow.stdout).toMatch(/240 games in [\d.]+ s \([\d.]+ ms each\)/);
    const quiet = cli(["game", "--trials", "2", "--format", "svg", "--out", out]);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toMatch(/selection game/);
  });
});
