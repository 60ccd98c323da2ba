import { existsSync, renameSync, writeFileSync } from "node:fs";
import { DataError } from "../app/experiments/datasets.js";
import { incompleteMessage, mergeShardFiles, type ParsedSweepFile } from "../app/sweep/shard-files.js";
import { readSweepFile } from "./sweep.js";

/**
 * `merge`: the shard files of one sweep into one file, byte-identical to the unsharded run's. Missing shards (or
 * files that do not exist) are named and make it fail, unless --allow-partial; then what there is gets merged.
 * Written to a temporary file and renamed, so a failed merge leaves nothing partial.
 */
export function runMergeCommand(files: string[], o: { out: string; json: boolean; allowPartial: boolean }, log: (line: string) => void = console.log): { records: number; missing: number } {
  const absent = files.filter((f) => !existsSync(f));
  const parsed: ParsedSweepFile[] = files.filter((f) => existsSync(f)).map((path) => ({ path, ...readSweepFile(path) }));
  const m = mergeShardFiles(parsed, absent);
  const incomplete = incompleteMessage(m);
  if (incomplete && !o.allowPartial) throw new DataError(`merge: ${incomplete}; or merge what there is with --allow-partial. Nothing written.`);
  const tmp = `${o.out}.tmp-${process.pid}`;
  writeFileSync(tmp, m.text);
  renameSync(tmp, o.out);
  const missing = m.tasks - m.records;
  if (o.json) log(JSON.stringify({ out: o.out, files, records: m.records, tasks: m.tasks, missing, missingShards: m.missingShards, absent: m.absent }));
  else log(`merge: wrote ${o.out}: ${m.records} of ${m.tasks} tasks${incomplete ? ` (partial: ${incomplete})` : ", complete"}`);
  return { records: m.records, missing };
}
