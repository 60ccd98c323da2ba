/**
 * Shard files and their merge, as pure functions over parsed files (the CLI reads and writes).
 *
 * A shard's file starts with the sweep's header plus `"shard":{"index":i,"count":N}` (N > 1), so that `merge` knows
 * which shards it has and can name the ones it lacks; an unsharded file's header has no `shard`, and the merged file
 * is written with that header, byte-identical to the unsharded run's.
 */
import { DataError } from "../experiments/datasets.js";
import { SWEEP_FORMAT, taskCount, type SweepHeader, type SweepRecord, type SweepSpec } from "./plan.js";
import type { Shard } from "./shard-env.js";

export interface ShardedHeader extends SweepHeader {
  shard?: Shard;
}

/** The header line of a sweep file: the unsharded one for N = 1, else with the shard appended. */
export function shardHeaderLine(spec: SweepSpec, shard: Shard): string {
  const h: ShardedHeader = { format: SWEEP_FORMAT, spec, tasks: taskCount(spec) };
  if (shard.count > 1) h.shard = { index: shard.index, count: shard.count };
  return JSON.stringify(h) + "\n";
}

/** The header without its shard: equal for every file of one sweep. */
export function sweepIdentity(h: ShardedHeader): string {
  return JSON.stringify({ format: h.format, spec: h.spec, tasks: h.tasks }) + "\n";
}

export const shardOf = (h: ShardedHeader): Shard => h.shard ?? { index: 0, count: 1 };
export const shardName = (s: Shard): string => `${s.index}/${s.count}`;

export interface ParsedSweepFile {
  path: string;
  header: ShardedHeader;
  records: SweepRecord[];
}

export interface MergeResult {
  /** The merged file's text (the unsharded header, then the records in task order). */
  text: string;
  tasks: number;
  records: number;
  /** Shard count shared by all files (undefined when the files were made with different counts). */
  shards?: number;
  /** Shards with no file, e.g. ["2/4"]. */
  missingShards: string[];
  /** Shards whose file lacks tasks (a shard that stopped early). */
  incompleteShards: Array<{ shard: string; path: string; have: number; want: number }>;
  missingTasks: number[];
  /** Paths given to merge that do not exist. */
  absent: string[];
}

const list = (xs: Array<string | number>, max = 8): string => xs.length <= max ? xs.join(", ") : `${xs.slice(0, max).join(", ")}, … (${xs.length} in all)`;

/**
 * Merges the files of one sweep. Throws a DataError when they are not of one sweep, when a task appears twice (in
 * two files, or twice in one), when two files claim the same shard, or when a file holds a task outside its shard.
 * Missing shards or tasks do not throw: see `incompleteMessage`.
 */
export function mergeShardFiles(files: ParsedSweepFile[], absent: string[] = []): MergeResult {
  if (!files.length) throw new DataError(absent.length ? `merge: none of the files exists (${list(absent)})` : "merge: give the shard files to merge");
  const identity = sweepIdentity(files[0]!.header);
  const counts = new Set<number>();
  const byShard = new Map<string, string>();
  const where = new Map<number, string>();
  const lines = new Map<number, string>();
  for (const f of files) {
    if (sweepIdentity(f.header) !== identity) throw new DataError(`merge: ${f.path} belongs to a different sweep (its header differs from ${files[0]!.path}'s)`);
    const shard = shardOf(f.header);
    counts.add(shard.count);
    const name = shardName(shard);
    const other = byShard.get(name);
    if (other !== undefined) throw new DataError(`merge: ${other} and ${f.path} are both shard ${name}; give each shard once`);
    byShard.set(name, f.path);
    for (const r of f.records) {
      if (r.task % shard.count !== shard.index) throw new DataError(`merge: ${f.path} holds task ${r.task}, which is not in its shard ${name}`);
      const seen = where.get(r.task);
      if (seen !== undefined) {
        throw new DataError(seen === f.path ? `merge: task ${r.task} appears twice in ${f.path}` : `merge: task ${r.task} appears twice, in ${seen} and in ${f.path}`);
      }
      where.set(r.task, f.path);
      lines.set(r.task, JSON.stringify(r) + "\n");
    }
  }
  const tasks = files[0]!.header.tasks;
  const order = [...lines.keys()].sort((a, b) => a - b);
  const missingTasks: number[] = [];
  for (let t = 0, j = 0; t < tasks; t++) { if (order[j] === t) j++; else missingTasks.push(t); }
  const shards = counts.size === 1 ? [...counts][0]! : undefined;
  const missingShards: string[] = [];
  const incompleteShards: MergeResult["incompleteShards"] = [];
  if (shards !== undefined) {
    for (let i = 0; i < shards; i++) {
      const name = shardName({ index: i, count: shards });
      const path = byShard.get(name);
      const want = Math.max(0, Math.ceil((tasks - i) / shards));
      if (path === undefined) missingShards.push(name);
      else {
        const have = files.find((f) => f.path === path)!.records.length;
        if (have < want) incompleteShards.push({ shard: name, path, have, want });
      }
    }
  }
  return {
    text: sweepIdentity(files[0]!.header) + order.map((t) => lines.get(t)!).join(""),
    tasks, records: order.length, ...(shards === undefined ? {} : { shards }), missingShards, incompleteShards, missingTasks, absent,
  };
}

/** Undefined for a complete merge, else one message that names what is missing and what to do. */
export function incompleteMessage(m: MergeResult): string | undefined {
  if (!m.missingTasks.length && !m.absent.length) return undefined;
  const parts: string[] = [];
  if (m.missingShards.length) parts.push(`shard${m.missingShards.length > 1 ? "s" : ""} ${list(m.missingShards)} ${m.missingShards.length > 1 ? "have" : "has"} no file`);
  for (const s of m.incompleteShards) parts.push(`shard ${s.shard} (${s.path}) has ${s.have} of its ${s.want} tasks`);
  if (m.absent.length) parts.push(`not found: ${list(m.absent)}`);
  if (m.shards === undefined && m.missingTasks.length) parts.push(`tasks ${list(m.missingTasks)} are in no file`);
  return `${m.missingTasks.length} of ${m.tasks} tasks missing: ${parts.join("; ")}. Rerun those shards (a shard's file resumes where it stopped), then merge again`;
}
