import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./cli-helpers.js";

/**
 * The single-node SLURM of the cluster tests, brought up by .ci/slurm.sh (munged, slurmctld, slurmd as root, no
 * systemd). `.ci/run` starts it before the tests; run alone (as root), the test starts it and stops it afterwards.
 * Either way one directory ($EA_SLURM_DIR or /tmp/emergent-align-slurm) holds it, so a run that died half-way is
 * found and stopped by the next (`up` is idempotent).
 */

const script = join(root, ".ci", "slurm.sh");
export const slurmDir = process.env.EA_SLURM_DIR ?? join(process.env.TMPDIR ?? "/tmp", "emergent-align-slurm");
export const slurmConf = join(slurmDir, "etc", "slurm.conf");

const have = (cmd: string): boolean => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
const isRoot = (): boolean => process.getuid?.() === 0;

/** Why SLURM cannot run here, or undefined when it can (installed, or installable because we are root). */
export function slurmUnavailable(): string | undefined {
  if (process.platform !== "linux") return `SLURM needs Linux; this is ${process.platform}`;
  const installed = ["munged", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol"].every(have);
  if (isRoot()) return installed || have("apt-get") ? undefined : "SLURM is not installed and there is no apt-get to install it";
  if (!installed) return "SLURM is not installed and installing it (apt-get install slurmctld slurmd slurm-client munge) needs root";
  return statusOk() ? undefined : "SLURM is installed but no test cluster is up, and starting one (SlurmUser=root) needs root: run .ci/slurm.sh up as root";
}

const env = (): NodeJS.ProcessEnv => ({ ...process.env, EA_SLURM_DIR: slurmDir, SLURM_CONF: slurmConf });
const statusOk = (): boolean => spawnSync("bash", [script, "status"], { env: env() }).status === 0;

export interface Cluster {
  /** The environment for sbatch, squeue and scontrol. */
  env: NodeJS.ProcessEnv;
  /** Seconds `up` took here (0 when the cluster was already up, e.g. started by .ci/run). */
  upSeconds: number;
  /** True when this process started it (and so stops it). */
  owned: boolean;
  stop(): void;
}

/**
 * Brings the cluster up, or reuses the one .ci/run started (it exports EA_SLURM_UP_SECONDS and stops it itself). A
 * cluster left up by an earlier run that died is adopted (`up` reuses it) and stopped at the end like a new one.
 */
export function startSlurm(): Cluster {
  const owned = !(process.env.EA_SLURM_UP_SECONDS !== undefined && statusOk());
  const t0 = performance.now();
  if (owned) {
    const r = spawnSync("bash", [script, "up"], { env: env(), encoding: "utf8", timeout: 300_000 });
    if (r.status !== 0) throw new Error(`.ci/slurm.sh up failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
  }
  const upSeconds = owned ? (performance.now() - t0) / 1000 : 0;
  return {
    env: { ...env(), NODE_OPTIONS: "" }, upSeconds, owned,
    stop() {
      if (!owned) return;
      const r = spawnSync("bash", [script, "down", "--purge"], { env: env(), encoding: "utf8", timeout: 120_000 });
      if (r.status !== 0) throw new Error(`.ci/slurm.sh down failed (exit ${r.status}): ${r.stderr}`);
    },
  };
}

export interface JobRecord {
  jobId: string;
  arrayJobId?: string;
  arrayTaskId?: string;
  state: string;
  reason: string;
  exitCode: string;
  stdOut: string;
}

function run(cluster: Cluster, cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { env: cluster.env, encoding: "utf8", timeout: 30_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Every record slurmctld holds of a job (one per array task), from `scontrol -o show job` (no accounting here). */
export function jobRecords(cluster: Cluster, id: string): JobRecord[] {
  return run(cluster, "scontrol", ["-o", "show", "job", id]).split("\n").filter((l) => l.trim()).map((line) => {
    const f = (key: string): string | undefined => new RegExp(`(?:^| )${key}=(\\S*)`).exec(line)?.[1];
    return {
      jobId: f("JobId")!, arrayJobId: f("ArrayJobId"), arrayTaskId: f("ArrayTaskId"),
      state: f("JobState")!, reason: f("Reason") ?? "", exitCode: f("ExitCode") ?? "", stdOut: f("StdOut") ?? "",
    };
  });
}

/** Polls squeue until none of `ids` (array jobs included) is queued or running; throws after `timeoutMs`. */
export async function waitForJobs(cluster: Cluster, ids: string[], timeoutMs = 240_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const queued = run(cluster, "squeue", ["-h", "-j", ids.join(","), "-o", "%i %T %r"]).trim();
    if (!queued) return;
    if (Date.now() > end) throw new Error(`jobs ${ids.join(", ")} still queued after ${timeoutMs / 1000} s:\n${queued}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** One line per record: "4_2 FAILED exit 2:0 (NonZeroExitCode): <last line of its output>". */
export function describeJobs(records: JobRecord[]): string[] {
  return records.map((r) => {
    const id = r.arrayTaskId !== undefined ? `${r.arrayJobId}_${r.arrayTaskId}` : r.jobId;
    const tail = r.stdOut && existsSync(r.stdOut) ? readFileSync(r.stdOut, "utf8").trim().split("\n").pop() ?? "" : "";
    return `${id} ${r.state} exit ${r.exitCode}${r.reason && r.reason !== "None" ? ` (${r.reason})` : ""}${tail ? `: ${tail}` : ""}`;
  }).sort();
}
