import { describe, expect, it } from "vitest";
import { incompleteMessage, mergeShardFiles, shardHeaderLine, type ParsedSweepFile } from "../../src/app/sweep/shard-files.js";
import { headerLine, type SweepRecord, type SweepSpec } from "../../src/app/sweep/plan.js";

/** Merge checks on made-up records (the CLI test merges real ones). 10 tasks in 3 shards: 0,3,6,9 | 1,4,7 | 2,5,8. */
const spec: SweepSpec = { kind: "synthetic", seed: 1, backend: "wasm", methods: ["uniform"], testFraction: 0.25, n: [10], k: [2], noise: [0], reps: 10, factors: 4, mixShare: 0.1 };
const rec = (task: number): SweepRecord => ({ task, n: 10, k: 2, noise: 0, rep: task, scores: {} });
const file = (path: string, index: number, count: number, tasks: number[], s = spec): ParsedSweepFile =>
  ({ path, header: JSON.parse(shardHeaderLine(s, { index, count })), records: tasks.map(rec) });
const shards = (count: number) => Array.from({ length: count }, (_, i) => file(`s${i}`, i, count, Array.from({ length: 10 }, (_, t) => t).filter((t) => t % count === i)));

describe("merge of shard files", () => {
  it("headers carry the shard; the merge has the unsharded header and the records in task order", () => {
    expect(shardHeaderLine(spec, { index: 0, count: 1 })).toBe(headerLine(spec));
    expect(JSON.parse(shardHeaderLine(spec, { index: 2, count: 3 })).shard).toEqual({ index: 2, count: 3 });
    const m = mergeShardFiles(shards(3).reverse());
    expect(m.text).toBe(headerLine(spec) + Array.from({ length: 10 }, (_, t) => JSON.stringify(rec(t)) + "\n").join(""));
    expect(incompleteMessage(m)).toBeUndefined();
  });

  it("names missing shards, shards that stopped early and files not found", () => {
    const [a, b] = shards(3);
    const m = mergeShardFiles([a!, { ...b!, records: b!.records.slice(0, 1) }], ["s2"]);
    expect(m.missingShards).toEqual(["2/3"]);
    expect(m.incompleteShards).toEqual([{ shard: "1/3", path: "s1", have: 1, want: 3 }]);
    expect(m.missingTasks).toEqual([2, 4, 5, 7, 8]);
    expect(incompleteMessage(m)).toBe("5 of 10 tasks missing: shard 2/3 has no file; shard 1/3 (s1) has 1 of its 3 tasks; not found: s2. Rerun those shards (a shard's file resumes where it stopped), then merge again");
    // a shard with no task at all (more shards than tasks) is complete when its file exists
    const many = Array.from({ length: 12 }, (_, i) => file(`m${i}`, i, 12, i < 10 ? [i] : []));
    expect(incompleteMessage(mergeShardFiles(many))).toBeUndefined();
    expect(mergeShardFiles(many.slice(0, 11)).missingShards).toEqual(["11/12"]);
  });

  it("refuses other sweeps, a task twice, a shard twice, and a task outside its file's shard", () => {
    const [a, b, c] = shards(3);
    expect(() => mergeShardFiles([a!, file("x", 1, 3, [1], { ...spec, seed: 2 })])).toThrow(/x belongs to a different sweep/);
    expect(() => mergeShardFiles([a!, b!, c!, { ...a!, path: "copy" }])).toThrow(/s0 and copy are both shard 0\/3/);
    expect(() => mergeShardFiles([a!, file("whole", 0, 1, [1, 3])])).toThrow(/task 3 appears twice, in s0 and in whole/);
    expect(() => mergeShardFiles([file("w", 0, 1, [1, 1])])).toThrow(/task 1 appears twice in w/);
    expect(() => mergeShardFiles([file("p", 0, 2, [0]), file("q", 0, 3, [0])])).toThrow(/task 0 appears twice, in p and in q/);
    expect(() => mergeShardFiles([file("z", 1, 3, [1, 2])])).toThrow(/z holds task 2, which is not in its shard 1\/3/);
    expect(() => mergeShardFiles([], ["gone"])).toThrow(/none of the files exists \(gone\)/);
  });

  it("files of different shard counts merge when they cover every task once", () => {
    const m = mergeShardFiles([file("h0", 0, 2, [0, 2, 4, 6, 8]), file("t1", 1, 4, [1, 5, 9]), file("t3", 3, 4, [3, 7])]);
    expect(m.shards).toBeUndefined();
    expect(incompleteMessage(m)).toBeUndefined();
    const gap = mergeShardFiles([file("h0", 0, 2, [0, 2, 4, 6, 8]), file("t1", 1, 4, [1, 5, 9])]);
    expect(incompleteMessage(gap)).toMatch(/^2 of 10 tasks missing: tasks 3, 7 are in no file/);
  });
});
