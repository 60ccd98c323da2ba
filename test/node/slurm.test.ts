import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, scratch } from "./cli-helpers.js";
import { describeJobs, jobRecords, slurmUnavailable, startSlurm, waitForJobs, type Cluster } from "./slurm-harness.js";

/**
 * A sweep on a real SLURM (single node, .ci/slurm.sh): the script `sweep --emit slurm` prints is submitted as it is;
 * its 4-task array and merge job must give the bytes of the same sweep run here unsharded. A failing shard must keep
 * the merge job from running, the test must be able to say why from SLURM's records and the job's output, and the
 * documented remedy (rerun that shard; its file resumes) must complete the sweep.
 */
const GRID = ["--n", "200,400", "--k", "5,40", "--noise", "0,0.1", "--reps", "3", "--seed", "4"];
const unavailable = slurmUnavailable();
if (unavailable) console.warn(`slurm.test.ts skipped: ${unavailable}`);

describe.skipIf(unavailable !== undefined)("a sweep on SLURM (job array + merge job from --emit slurm)", () => {
  let cluster: Cluster;
  let local: string;
  const t0 = performance.now();
  const timings: string[] = [];
  const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1);

  beforeAll(() => {
    cluster = startSlurm();
    timings.push(cluster.owned ? `SLURM up (by this test) ${cluster.upSeconds.toFixed(1)} s` : "SLURM up (by .ci/run)");
    const dir = scratch("slurm-local");
    const r = cli(["sweep", ...GRID, "--workers", "2", "--no-progress", "--out", join(dir, "local.jsonl")]);
    expect(r.code, r.stderr).toBe(0);
    local = readFileSync(join(dir, "local.jsonl"), "utf8");
  });
  afterAll(() => {
    cluster?.stop();
    const ci = process.env.EA_SLURM_INSTALL_SECONDS !== undefined
      ? `; .ci/run: install ${process.env.EA_SLURM_INSTALL_SECONDS} s, up ${process.env.EA_SLURM_UP_SECONDS} s` : "";
    console.log(`slurm.test.ts timings: ${timings.join("; ")}; whole file ${seconds(t0)} s${ci}`);
  });

  /** Emits the script into `dir`, runs it (with `args`), returns the two job ids it printed. */
  const submit = (dir: string, args: string[] = []): { array: string; merge: string; script: string } => {
    const emitted = cli(["sweep", ...GRID, "--workers", "2", "--shards", "4", "--out", "out/sweep.jsonl", "--emit", "slurm"], dir);
    expect(emitted.code, emitted.stderr).toBe(0);
    writeFileSync(join(dir, "submit.sh"), emitted.stdout);
    const r = spawnSync("bash", ["submit.sh", ...args], { cwd: dir, env: cluster.env, encoding: "utf8", timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const array = /^array job (\d+):/m.exec(r.stdout)?.[1];
    const merge = /^merge job (\d+):/m.exec(r.stdout)?.[1];
    expect(array && merge, r.stdout).toBeTruthy();
    return { array: array!, merge: merge!, script: emitted.stdout };
  };

  it("4 shards and the merge give the unsharded sweep's bytes", { timeout: 300_000 }, async () => {
    const start = performance.now();
    const dir = scratch("slurm");
    const { array, merge } = submit(dir);
    await waitForJobs(cluster, [array, merge]);
    const jobs = describeJobs([...jobRecords(cluster, array), ...jobRecords(cluster, merge)]);
    timings.push(`4-shard sweep: submit → merged ${seconds(start)} s`);
    expect(jobs.filter((j) => j.includes(" COMPLETED exit 0:0")), jobs.join("\n")).toHaveLength(5);
    expect(readFileSync(join(dir, "out/sweep.jsonl"), "utf8")).toBe(local);
    for (let i = 0; i < 4; i++) expect(readFileSync(join(dir, `out/sweep.${i}-of-4.log`), "utf8")).toMatch(new RegExp(`^sweep: shard ${i}/4 from SLURM`));
    expect(readFileSync(join(dir, "out/sweep.merge.log"), "utf8")).toMatch(/merge: wrote out\/sweep.jsonl: 24 of 24 tasks, complete/);
  });

  it("a failing shard keeps the merge job from running, says why, and a rerun of that shard completes the sweep", { timeout: 300_000 }, async () => {
    const start = performance.now();
    const dir = scratch("slurm-fail");
    // shard 2's output file is in the way (not a sweep file): that array task fails
    mkdirSync(join(dir, "out"));
    writeFileSync(join(dir, "out/sweep.2-of-4.jsonl"), "not a sweep\n");
    const { array, merge } = submit(dir);
    await waitForJobs(cluster, [array, merge]);
    const shards = jobRecords(cluster, array);
    const mergeJob = jobRecords(cluster, merge)[0]!;
    const why = describeJobs([...shards, mergeJob]);
    console.log(`failing shard, as SLURM and the job output tell it:\n  ${why.join("\n  ")}`);
    expect(shards.map((s) => `${s.arrayTaskId} ${s.state}`).sort()).toEqual(["0 COMPLETED", "1 COMPLETED", "2 FAILED", "3 COMPLETED"]);
    expect(why.find((l) => l.startsWith(`${array}_2 `))).toMatch(/FAILED exit 2:0 .*out\/sweep.2-of-4.jsonl: the first line is not JSON; not a sweep file/);
    expect(mergeJob).toMatchObject({ state: "CANCELLED", reason: "DependencyNeverSatisfied" });
    expect(existsSync(join(dir, "out/sweep.merge.log"))).toBe(false); // it never started
    expect(existsSync(join(dir, "out/sweep.jsonl"))).toBe(false);

    // the remedy the docs give: fix the cause, resubmit that shard alone (bash submit.sh 2); the merge follows it
    rmSync(join(dir, "out/sweep.2-of-4.jsonl"));
    const rerun = submit(dir, ["2"]);
    await waitForJobs(cluster, [rerun.array, rerun.merge]);
    const again = describeJobs([...jobRecords(cluster, rerun.array), ...jobRecords(cluster, rerun.merge)]);
    expect(again.filter((j) => j.includes(" COMPLETED exit 0:0")), again.join("\n")).toHaveLength(2);
    expect(readFileSync(join(dir, "out/sweep.jsonl"), "utf8")).toBe(local);
    timings.push(`failing shard + rerun: ${seconds(start)} s`);
  });
});
