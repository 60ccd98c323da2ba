import { describe, expect, it } from "vitest";
import { resolveShard, shardOutPath, SHARD_ENV_VARIABLES } from "../../src/app/sweep/shard-env.js";

/**
 * `--shard auto` per batch system. The environments are the variables each system documents for an array task
 * (for SLURM: copied from a task of `sbatch --array=1-3` on the test cluster).
 */
const shard = (env: Record<string, string>, shards?: number) => {
  const r = resolveShard("auto", env, shards);
  return `${r.index}/${r.count} ${r.system}`;
};

describe("--shard auto", () => {
  it("SLURM job arrays: 0-based, 1-based, stepped; a partial resubmission names shards by task id", () => {
    const slurm = (id: number, min: number, max: number, count: number, step = 1) => ({
      SLURM_ARRAY_JOB_ID: "41", SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: String(min), SLURM_ARRAY_TASK_MAX: String(max),
      SLURM_ARRAY_TASK_COUNT: String(count), SLURM_ARRAY_TASK_STEP: String(step), SLURM_JOB_ID: "45",
    });
    expect(shard(slurm(0, 0, 3, 4))).toBe("0/4 SLURM");
    expect(shard(slurm(3, 0, 3, 4))).toBe("3/4 SLURM");
    expect(shard(slurm(1, 1, 3, 3))).toBe("0/3 SLURM"); // --array=1-3
    expect(shard(slurm(3, 1, 3, 3))).toBe("2/3 SLURM");
    expect(shard(slurm(14, 0, 14, 8, 2))).toBe("7/8 SLURM"); // --array=0-14:2
    expect(shard(slurm(2, 0, 3, 4), 4)).toBe("2/4 SLURM"); // --shards agrees
    expect(shard(slurm(2, 2, 2, 1), 4)).toBe("2/4 SLURM"); // --array=2, resubmitted alone
    expect(() => shard(slurm(2, 0, 5, 6), 4)).toThrow(/says 6 shards but --shards says 4/);
    expect(() => shard(slurm(5, 5, 5, 1), 4)).toThrow(/outside 0…3/);
    expect(() => shard({ SLURM_ARRAY_TASK_ID: "3", SLURM_ARRAY_TASK_MIN: "0", SLURM_ARRAY_TASK_MAX: "5", SLURM_ARRAY_TASK_COUNT: "3" })).toThrow(/not one evenly spaced range/); // --array=0,3,5
    expect(() => shard({ SLURM_ARRAY_TASK_ID: "x" })).toThrow(/SLURM_ARRAY_TASK_ID="x" is not an integer/);
  });

  it("Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX with --shards", () => {
    expect(shard({ JOB_COMPLETION_INDEX: "0" }, 4)).toBe("0/4 Kubernetes");
    expect(shard({ JOB_COMPLETION_INDEX: "3" }, 4)).toBe("3/4 Kubernetes");
    expect(() => shard({ JOB_COMPLETION_INDEX: "3" })).toThrow(/Kubernetes.*add --shards N/);
    expect(() => shard({ JOB_COMPLETION_INDEX: "4" }, 4)).toThrow(/outside 0…3; set the Job's completions/);
  });

  it("AWS Batch array jobs", () => {
    expect(shard({ AWS_BATCH_JOB_ARRAY_INDEX: "0", AWS_BATCH_JOB_ARRAY_SIZE: "10" })).toBe("0/10 AWS Batch");
    expect(shard({ AWS_BATCH_JOB_ARRAY_INDEX: "9", AWS_BATCH_JOB_ARRAY_SIZE: "10" }, 10)).toBe("9/10 AWS Batch");
    expect(shard({ AWS_BATCH_JOB_ARRAY_INDEX: "9" }, 10)).toBe("9/10 AWS Batch");
    expect(() => shard({ AWS_BATCH_JOB_ARRAY_INDEX: "9" })).toThrow(/AWS Batch.*--shards N/);
  });

  it("Google Cloud Batch", () => {
    expect(shard({ BATCH_TASK_INDEX: "2", BATCH_TASK_COUNT: "3", BATCH_JOB_UID: "j-1" })).toBe("2/3 Google Cloud Batch");
    expect(() => shard({ BATCH_TASK_INDEX: "3", BATCH_TASK_COUNT: "3" })).toThrow(/outside 0…2/);
  });

  it("PBS Pro (PBS_ARRAY_INDEX) and Torque (PBS_ARRAYID), 0-based arrays with --shards", () => {
    expect(shard({ PBS_ARRAY_INDEX: "0", PBS_JOBID: "12[0].server" }, 4)).toBe("0/4 PBS");
    expect(shard({ PBS_ARRAYID: "3" }, 4)).toBe("3/4 PBS");
    expect(() => shard({ PBS_ARRAY_INDEX: "4" }, 4)).toThrow(/qsub -J 0-3/);
    expect(() => shard({ PBS_ARRAY_INDEX: "1" })).toThrow(/PBS does not export the array's size; add --shards N|add --shards N/);
  });

  it("SGE: 1-based task ids, first/last/step", () => {
    const sge = (id: number, first = 1, last = 4, step = 1) => ({ SGE_TASK_ID: String(id), SGE_TASK_FIRST: String(first), SGE_TASK_LAST: String(last), SGE_TASK_STEPSIZE: String(step) });
    expect(shard(sge(1))).toBe("0/4 SGE");
    expect(shard(sge(4))).toBe("3/4 SGE");
    expect(shard(sge(7, 1, 9, 3))).toBe("2/3 SGE"); // qsub -t 1-9:3 → tasks 1, 4, 7
    expect(shard({ SGE_TASK_ID: "2" }, 4)).toBe("1/4 SGE");
    expect(() => shard({ SGE_TASK_ID: "undefined", SGE_TASK_FIRST: "undefined" })).toThrow(/not an array job/);
  });

  it("LSF: LSB_JOBINDEX is 1-based, the count is --shards", () => {
    expect(shard({ LSB_JOBINDEX: "1", LSB_JOBID: "77" }, 4)).toBe("0/4 LSF");
    expect(shard({ LSB_JOBINDEX: "4" }, 4)).toBe("3/4 LSF");
    expect(() => shard({ LSB_JOBINDEX: "0" }, 4)).toThrow(/LSB_JOBINDEX=0: this is not an array job/);
    expect(() => shard({ LSB_JOBINDEX: "5" }, 4)).toThrow(/sweep\[1-4\]/);
  });

  it("nothing set: one error that names every variable it looked for", () => {
    let message = "";
    try { resolveShard("auto", { HOME: "/root", SLURM_JOB_ID: "3" }); } catch (e) { message = (e as Error).message; }
    for (const v of SHARD_ENV_VARIABLES) expect(message).toContain(v);
    expect(message).toMatch(/or give --shard i\/N/);
    expect(() => resolveShard("auto", {})).toThrow(expect.objectContaining({ name: "InputError" }));
  });

  it("explicit i/N, checked against --shards", () => {
    expect(resolveShard("1/3", {})).toMatchObject({ index: 1, count: 3, system: "command line" });
    expect(resolveShard("1/3", { SLURM_ARRAY_TASK_ID: "0" }).index).toBe(1); // the command line wins
    expect(() => resolveShard("3/3", {})).toThrow(/0 ≤ i < N/);
    expect(() => resolveShard("1/3", {}, 4)).toThrow(/disagree/);
    expect(() => resolveShard("first", {})).toThrow(/i\/N .* or auto/);
  });

  it("--out templating", () => {
    expect(shardOutPath("runs/sweep.{shard}-of-{shards}.jsonl", { index: 2, count: 4 })).toBe("runs/sweep.2-of-4.jsonl");
    expect(shardOutPath("sweep.jsonl", { index: 2, count: 4 })).toBe("sweep.jsonl");
  });
});
