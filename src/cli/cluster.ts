import { resolve } from "node:path";
import { DataError } from "../app/experiments/datasets.js";
import { k8sManifest, shQuote, slurmScript, sweepArgs, type EmitInput } from "../app/sweep/emit.js";
import { hasShardTemplate, resolveShard, shardOutPath, type Env, type ResolvedShard } from "../app/sweep/shard-env.js";
import type { SweepCliOptions } from "./sweep.js";

/** The sweep command's cluster options (besides --shard i/N|auto and --out). */
export interface ClusterCliOptions {
  shards?: number;
  emit?: "slurm" | "k8s";
  jobName: string;
  image?: string;
}

/**
 * `--shard auto` and `--out` templating: the concrete shard (i/N) and output file of this process. An auto shard with
 * N > 1 must write its own file (`{shard}` in --out), since array tasks on a shared file system would otherwise
 * write into one file.
 */
export function placeShard(o: { shard: string; out: string; shards?: number }, env: Env = process.env): { shard: ResolvedShard; out: string } {
  if (o.shards !== undefined && o.shard.trim() === "0/1") throw new DataError(`--shards ${o.shards} goes with --shard auto (each array task finds its index in the environment) or --emit slurm|k8s`);
  const shard = resolveShard(o.shard, env, o.shards);
  if (o.shard.trim() === "auto" && shard.count > 1 && !hasShardTemplate(o.out)) {
    throw new DataError(`--shard auto (${shard.from}): --out ${o.out} would be the same file for all ${shard.count} shards; put {shard} in it, e.g. --out 'sweep.{shard}-of-{shards}.jsonl'`);
  }
  return { shard, out: shardOutPath(o.out, shard) };
}

/** How a job on the cluster runs this CLI: this very node binary, its flags (e.g. tsx's loader) and entry script. */
export function cliCommand(): string[] {
  return [process.execPath, ...process.execArgv, resolve(process.argv[1]!)];
}

/** `sweep … --emit slurm|k8s`: the submission script or manifest for the sweep on the command line. */
export function emitSweep(o: SweepCliOptions & ClusterCliOptions, log: (text: string) => void = (t) => process.stdout.write(t)): void {
  if (o.shards === undefined) throw new DataError(`--emit ${o.emit} needs --shards N (how many array tasks to split the sweep into)`);
  if (o.shard !== "0/1") throw new DataError(`--emit ${o.emit} makes every array task pick its own shard (--shard auto); drop --shard ${o.shard}`);
  const input: EmitInput = { sweep: sweepArgs(o), shards: o.shards, cpus: o.workers, out: o.out, name: o.jobName };
  const generatedBy = ["emergent-align", ...process.argv.slice(2)].map(shQuote).join(" ");
  if (o.emit === "slurm") log(slurmScript(input, cliCommand(), generatedBy));
  else log(k8sManifest({ ...input, image: o.image ?? "emergent-align:latest", storage: "10Gi" }, generatedBy));
}
