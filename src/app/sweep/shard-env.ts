/**
 * `--shard auto`: which shard of a sweep this process is, read from the environment of the batch system that started
 * it. Pure (the environment is an argument), so every batch system has a unit test without that system.
 *
 * Every system numbers its array tasks its own way; the result is always a 0-based `index` < `count`:
 *   SLURM job arrays     SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT, SLURM_ARRAY_TASK_MIN (+ _MAX, _STEP)
 *                        (`--array=1-8` and `--array=0-14:2` are fine: the index is (id − min) / step)
 *   Kubernetes           JOB_COMPLETION_INDEX (Indexed Job, 0-based); the count is --shards N (= completions)
 *   AWS Batch            AWS_BATCH_JOB_ARRAY_INDEX (0-based), AWS_BATCH_JOB_ARRAY_SIZE or --shards N
 *   Google Cloud Batch   BATCH_TASK_INDEX (0-based), BATCH_TASK_COUNT
 *   PBS Pro / Torque     PBS_ARRAY_INDEX / PBS_ARRAYID, with --shards N (submit the array as 0…N−1)
 *   SGE / UGE            SGE_TASK_ID with SGE_TASK_FIRST, SGE_TASK_LAST, SGE_TASK_STEPSIZE (1-based by default)
 *   LSF                  LSB_JOBINDEX (1-based: `-J "name[1-N]"`), with --shards N
 *
 * With --shards N given, a SLURM array that is smaller than N (a rerun of some tasks: `--array=2`) is read as naming
 * the shards themselves (task id = shard index), so a failed shard can be resubmitted alone.
 */
import { InputError } from "../../core/errors.js";

export interface Shard {
  index: number;
  count: number;
}

export interface ResolvedShard extends Shard {
  /** The batch system, e.g. "SLURM", or "command line" for an explicit i/N. */
  system: string;
  /** The variables that decided it, e.g. "SLURM_ARRAY_TASK_ID=3 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_COUNT=4". */
  from: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** The variables `--shard auto` looks for, in the order it looks (the first system whose variable is set wins). */
export const SHARD_ENV_VARIABLES = [
  "SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX", "BATCH_TASK_INDEX",
  "PBS_ARRAY_INDEX", "PBS_ARRAYID", "SGE_TASK_ID", "LSB_JOBINDEX",
] as const;

const set = (env: Env, name: string): boolean => env[name] !== undefined && env[name]!.trim() !== "";

function int(env: Env, name: string, min = 0): number {
  const text = env[name]!.trim();
  if (!/^\d+$/.test(text) || Number(text) < min) throw new InputError(`--shard auto: ${name}=${JSON.stringify(env[name])} is not an integer ≥ ${min}`);
  return Number(text);
}

const show = (env: Env, names: string[]): string => names.filter((n) => set(env, n)).map((n) => `${n}=${env[n]!.trim()}`).join(" ");

function checked(system: string, index: number, count: number, from: string, hint: string): ResolvedShard {
  if (count < 1) throw new InputError(`--shard auto (${system}): the shard count is ${count} (${from}); it must be ≥ 1`);
  if (index < 0 || index >= count) throw new InputError(`--shard auto (${system}): ${from} gives shard ${index}, outside 0…${count - 1}; ${hint}`);
  return { system, index, count, from };
}

function needShards(system: string, variable: string, shards: number | undefined, how: string): number {
  if (shards === undefined) throw new InputError(`--shard auto (${system}): ${variable} gives the index but ${system} does not say how many shards there are; add --shards N (${how})`);
  return shards;
}

/** Agrees with --shards N when both are known. */
function agree(r: ResolvedShard, shards: number | undefined): ResolvedShard {
  if (shards !== undefined && shards !== r.count) throw new InputError(`--shard auto (${r.system}): ${r.from} says ${r.count} shards but --shards says ${shards}; make the array as large as --shards`);
  return r;
}

function slurm(env: Env, shards: number | undefined): ResolvedShard {
  const vars = ["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_MAX", "SLURM_ARRAY_TASK_STEP", "SLURM_ARRAY_TASK_COUNT"];
  const from = show(env, vars);
  const id = int(env, "SLURM_ARRAY_TASK_ID");
  const min = set(env, "SLURM_ARRAY_TASK_MIN") ? int(env, "SLURM_ARRAY_TASK_MIN") : 0;
  const step = set(env, "SLURM_ARRAY_TASK_STEP") ? int(env, "SLURM_ARRAY_TASK_STEP", 1) : 1;
  const count = set(env, "SLURM_ARRAY_TASK_COUNT") ? int(env, "SLURM_ARRAY_TASK_COUNT", 1) : undefined;
  if (shards !== undefined && count !== undefined && count < shards) {
    // part of the array resubmitted (e.g. --array=2 after task 2 failed): the task ids are the shard indices
    return checked("SLURM", id, shards, from, `with --shards ${shards}, a partial array's task ids are the shard indices 0…${shards - 1}`);
  }
  const n = count ?? needShards("SLURM", "SLURM_ARRAY_TASK_ID", shards, "SLURM_ARRAY_TASK_COUNT is not set");
  if ((id - min) % step !== 0) throw new InputError(`--shard auto (SLURM): ${from}: the task id is not on the array's step`);
  if (set(env, "SLURM_ARRAY_TASK_MAX")) {
    const max = int(env, "SLURM_ARRAY_TASK_MAX");
    if ((max - min) / step + 1 !== n) {
      throw new InputError(`--shard auto (SLURM): ${from}: the array is not one evenly spaced range (e.g. --array=0-${n - 1}); list-shaped arrays cannot be numbered as shards`);
    }
  }
  return agree(checked("SLURM", (id - min) / step, n, from, "submit the array as --array=0-(N-1)"), shards);
}

function sge(env: Env, shards: number | undefined): ResolvedShard {
  const vars = ["SGE_TASK_ID", "SGE_TASK_FIRST", "SGE_TASK_LAST", "SGE_TASK_STEPSIZE"];
  const from = show(env, vars);
  // SGE sets the task variables to "undefined" in a job that is not an array job
  if (env.SGE_TASK_ID!.trim() === "undefined") throw new InputError(`--shard auto (SGE): SGE_TASK_ID=undefined: this is not an array job; submit it with qsub -t 1-N`);
  const id = int(env, "SGE_TASK_ID", 1);
  const first = set(env, "SGE_TASK_FIRST") && env.SGE_TASK_FIRST !== "undefined" ? int(env, "SGE_TASK_FIRST", 1) : 1;
  const step = set(env, "SGE_TASK_STEPSIZE") && env.SGE_TASK_STEPSIZE !== "undefined" ? int(env, "SGE_TASK_STEPSIZE", 1) : 1;
  const count = set(env, "SGE_TASK_LAST") && env.SGE_TASK_LAST !== "undefined"
    ? Math.floor((int(env, "SGE_TASK_LAST", 1) - first) / step) + 1
    : needShards("SGE", "SGE_TASK_ID", shards, "SGE_TASK_LAST is not set");
  if ((id - first) % step !== 0) throw new InputError(`--shard auto (SGE): ${from}: the task id is not on the array's step`);
  return agree(checked("SGE", (id - first) / step, count, from, "submit the array as qsub -t 1-N"), shards);
}

/**
 * The shard of this process: `i/N` from the command line, or with `auto` from the batch system's environment.
 * `shards` is --shards N (undefined when not given).
 */
export function resolveShard(spec: string, env: Env, shards?: number): ResolvedShard {
  if (shards !== undefined && !(Number.isInteger(shards) && shards >= 1)) throw new InputError(`--shards must be an integer ≥ 1; got ${shards}`);
  if (spec.trim() !== "auto") {
    const m = /^(\d+)\/(\d+)$/.exec(spec.trim());
    if (!m) throw new InputError(`--shard must be i/N (e.g. 0/4) or auto; got ${JSON.stringify(spec)}`);
    const index = Number(m[1]), count = Number(m[2]);
    if (count < 1 || index >= count) throw new InputError(`--shard i/N needs 0 ≤ i < N; got ${spec}`);
    if (shards !== undefined && shards !== count) throw new InputError(`--shard ${spec} and --shards ${shards} disagree`);
    return { system: "command line", index, count, from: `--shard ${spec}` };
  }
  if (set(env, "SLURM_ARRAY_TASK_ID")) return slurm(env, shards);
  if (set(env, "JOB_COMPLETION_INDEX")) {
    const n = needShards("Kubernetes", "JOB_COMPLETION_INDEX", shards, "the Indexed Job's completions");
    return checked("Kubernetes", int(env, "JOB_COMPLETION_INDEX"), n, show(env, ["JOB_COMPLETION_INDEX"]), `set the Job's completions to --shards (${n})`);
  }
  if (set(env, "AWS_BATCH_JOB_ARRAY_INDEX")) {
    const from = show(env, ["AWS_BATCH_JOB_ARRAY_INDEX", "AWS_BATCH_JOB_ARRAY_SIZE"]);
    const n = set(env, "AWS_BATCH_JOB_ARRAY_SIZE") ? int(env, "AWS_BATCH_JOB_ARRAY_SIZE", 1) : needShards("AWS Batch", "AWS_BATCH_JOB_ARRAY_INDEX", shards, "the array job's size");
    return agree(checked("AWS Batch", int(env, "AWS_BATCH_JOB_ARRAY_INDEX"), n, from, "submit with --array-properties size=N"), shards);
  }
  if (set(env, "BATCH_TASK_INDEX")) {
    const from = show(env, ["BATCH_TASK_INDEX", "BATCH_TASK_COUNT"]);
    const n = set(env, "BATCH_TASK_COUNT") ? int(env, "BATCH_TASK_COUNT", 1) : needShards("Google Cloud Batch", "BATCH_TASK_INDEX", shards, "the task group's taskCount");
    return agree(checked("Google Cloud Batch", int(env, "BATCH_TASK_INDEX"), n, from, "set the task group's taskCount to N"), shards);
  }
  for (const v of ["PBS_ARRAY_INDEX", "PBS_ARRAYID"]) {
    if (set(env, v)) {
      const n = needShards("PBS", v, shards, "PBS does not export the array's size");
      return checked("PBS", int(env, v), n, show(env, [v]), `submit the array as qsub -J 0-${n - 1} (PBS Pro) or -t 0-${n - 1} (Torque)`);
    }
  }
  if (set(env, "SGE_TASK_ID")) return sge(env, shards);
  if (set(env, "LSB_JOBINDEX")) {
    const from = show(env, ["LSB_JOBINDEX"]);
    const id = int(env, "LSB_JOBINDEX");
    // LSF sets LSB_JOBINDEX=0 in a job that is not part of an array
    if (id === 0) throw new InputError(`--shard auto (LSF): LSB_JOBINDEX=0: this is not an array job; submit it with bsub -J "sweep[1-N]"`);
    const n = needShards("LSF", "LSB_JOBINDEX", shards, "LSF does not export the array's size");
    return checked("LSF", id - 1, n, from, `submit the array as bsub -J "sweep[1-${n}]" (LSF indices start at 1)`);
  }
  throw new InputError(
    `--shard auto: no batch system's array index in the environment (looked for ${SHARD_ENV_VARIABLES.join(", ")}); ` +
    "run it as a task of a job array (SLURM --array, a Kubernetes Indexed Job, an AWS/Google batch array, PBS, SGE, LSF), or give --shard i/N",
  );
}

/** `--out` with `{shard}` and `{shards}` replaced (e.g. 'sweep.{shard}-of-{shards}.jsonl' → sweep.2-of-4.jsonl). */
export function shardOutPath(template: string, shard: Shard): string {
  return template.replaceAll("{shard}", String(shard.index)).replaceAll("{shards}", String(shard.count));
}

export const hasShardTemplate = (template: string): boolean => template.includes("{shard}");
