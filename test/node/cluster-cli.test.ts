import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { cli, scratch } from "./cli-helpers.js";

/** The cluster options through the real CLI (from source): --shard auto, --out templating, merge's checks, --emit. */
const GRID = ["--n", "100", "--k", "4,8", "--noise", "0.1", "--reps", "3", "--seed", "2", "--methods", "best-single,simplex+offset", "--workers", "1", "--no-progress"];

/** The CLI with a batch system's environment variables (and none of the caller's). */
function cliEnv(args: string[], env: Record<string, string>, cwd: string) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLURM_|JOB_COMPLETION_INDEX|AWS_BATCH_|BATCH_TASK_|PBS_|SGE_|LSB_)/.test(k)));
  return cli(args, cwd, { ...clean, ...env });
}

describe("sweep --shard auto and merge", () => {
  const dir = scratch("cluster-cli");
  const out = "s.{shard}-of-{shards}.jsonl";

  it("a Kubernetes Indexed Job's shards, named by --out's template, merge to the unsharded bytes; merge names what is missing", () => {
    expect(cliEnv(["sweep", ...GRID, "--out", "whole.jsonl"], {}, dir).code).toBe(0);
    const whole = readFileSync(join(dir, "whole.jsonl"), "utf8");
    for (const i of [0, 1, 2]) {
      const r = cliEnv(["sweep", ...GRID, "--shard", "auto", "--shards", "3", "--out", out], { JOB_COMPLETION_INDEX: String(i) }, dir);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe(`sweep: shard ${i}/3 from Kubernetes (JOB_COMPLETION_INDEX=${i}); writing s.${i}-of-3.jsonl\n`);
      expect(JSON.parse(readFileSync(join(dir, `s.${i}-of-3.jsonl`), "utf8").split("\n")[0]!).shard).toEqual({ index: i, count: 3 });
    }
    const files = [0, 1, 2].map((i) => `s.${i}-of-3.jsonl`);
    const m = cliEnv(["merge", "--out", "merged.jsonl", ...files], {}, dir);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toMatch(/6 of 6 tasks, complete/);
    expect(readFileSync(join(dir, "merged.jsonl"), "utf8")).toBe(whole);

    // shard 1 missing: named, exit non-zero, nothing written; --allow-partial writes what there is
    const partial = cliEnv(["merge", "--out", "partial.jsonl", files[0]!, files[2]!, "s.1-of-3.missing.jsonl"], {}, dir);
    expect(partial.code).not.toBe(0);
    expect(partial.stderr).toMatch(/merge: 2 of 6 tasks missing: shard 1\/3 has no file; not found: s.1-of-3.missing.jsonl\. Rerun those shards/);
    expect(existsSync(join(dir, "partial.jsonl"))).toBe(false);
    const allowed = cliEnv(["merge", "--allow-partial", "--json", "--out", "partial.jsonl", files[0]!, files[2]!], {}, dir);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(JSON.parse(allowed.stdout)).toMatchObject({ records: 4, tasks: 6, missing: 2, missingShards: ["1/3"] });

    // a shard that stopped early, and a task given twice
    const lines = readFileSync(join(dir, files[1]!), "utf8").split("\n");
    writeFileSync(join(dir, "short.jsonl"), lines.slice(0, 2).join("\n") + "\n");
    const short = cliEnv(["merge", "--out", "x.jsonl", files[0]!, "short.jsonl", files[2]!], {}, dir);
    expect(short.stderr).toMatch(/shard 1\/3 \(short.jsonl\) has 1 of its 2 tasks/);
    const twice = cliEnv(["merge", "--out", "x.jsonl", "whole.jsonl", files[1]!], {}, dir);
    expect(twice.code).not.toBe(0);
    expect(twice.stderr).toMatch(/task 1 appears twice, in whole.jsonl and in s.1-of-3.jsonl/);
  });

  it("SLURM's 1-based array and a rerun of one task: the shard file resumes", () => {
    const slurm = (id: number, min: number, count: number) => ({ SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: String(min), SLURM_ARRAY_TASK_MAX: String(min + count - 1), SLURM_ARRAY_TASK_COUNT: String(count), SLURM_ARRAY_TASK_STEP: "1" });
    const r = cliEnv(["sweep", ...GRID, "--shard", "auto", "--out", "one.{shard}-of-{shards}.jsonl", "--json"], slurm(3, 1, 3), dir);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ shard: "2/3", out: "one.2-of-3.jsonl", tasksRun: 2 });
    const again = cliEnv(["sweep", ...GRID, "--shard", "auto", "--shards", "3", "--out", "one.{shard}-of-{shards}.jsonl", "--json"], slurm(2, 2, 1), dir);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ shard: "2/3", tasksRun: 0, tasksResumed: 2 });
  });

  it("refuses auto without a batch system, and one --out for many shards", () => {
    const none = cliEnv(["sweep", ...GRID, "--shard", "auto", "--out", out], {}, dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^emergent-align: --shard auto: no batch system's array index in the environment \(looked for SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX, BATCH_TASK_INDEX, PBS_ARRAY_INDEX, PBS_ARRAYID, SGE_TASK_ID, LSB_JOBINDEX\)/);
    const shared = cliEnv(["sweep", ...GRID, "--shard", "auto", "--out", "same.jsonl"], { AWS_BATCH_JOB_ARRAY_INDEX: "1", AWS_BATCH_JOB_ARRAY_SIZE: "4" }, dir);
    expect(shared.code).toBe(2);
    expect(shared.stderr).toMatch(/--out same.jsonl would be the same file for all 4 shards; put \{shard\} in it/);
    expect(existsSync(join(dir, "same.jsonl"))).toBe(false);
    expect(cliEnv(["sweep", ...GRID, "--shards", "4", "--out", out], {}, dir).stderr).toMatch(/--shards 4 goes with --shard auto/);
  });
});

describe("sweep --emit", () => {
  it("slurm: a bash script for the sweep on the command line; k8s: the manifest; both need --shards", () => {
    const dir = scratch("emit-cli");
    const s = cli(["sweep", ...GRID, "--shards", "4", "--emit", "slurm"], dir);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toMatch(/^#!\/usr\/bin\/env bash\n/);
    expect(s.stdout).toContain("sweep --n 100 --k 4,8 --noise 0.1 --reps 3 --methods best-single,simplex+offset --test-fraction 0.25 --seed 2 --backend wasm --workers 1 --no-progress --shard auto --shards 4 --out 'sweep.{shard}-of-{shards}.jsonl'");
    expect(spawnSync("bash", ["-n"], { input: s.stdout }).status).toBe(0);
    const k = cli(["sweep", ...GRID, "--shards", "4", "--emit", "k8s", "--image", "ghcr.io/me/ea:1", "--job-name", "fig3"], dir);
    expect(k.code, k.stderr).toBe(0);
    const [, job, merge] = parseAllDocuments(k.stdout).map((d) => d.toJS());
    expect(job.metadata.name).toBe("fig3");
    expect(job.spec.template.spec.containers[0].image).toBe("ghcr.io/me/ea:1");
    expect(merge.spec.template.spec.containers[0].command.slice(0, 4)).toEqual(["emergent-align", "merge", "--out", "sweep.jsonl"]);
    const noShards = cli(["sweep", ...GRID, "--emit", "slurm"], dir);
    expect(noShards.code).toBe(2);
    expect(noShards.stderr).toMatch(/--emit slurm needs --shards N/);
    expect(existsSync(join(dir, "sweep.jsonl"))).toBe(false);
  });
});
