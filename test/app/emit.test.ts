import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { k8sManifest, k8sObjects, shardTemplate, shQuote, slurmScript, sweepArgs, type K8sInput } from "../../src/app/sweep/emit.js";

const SWEEP = sweepArgs({ n: [200, 400], k: [5, 40], noise: [0, 0.1], reps: 3, draws: 20, methods: ["best-single", "simplex+offset"], testFraction: 0.25, seed: 4, backend: "wasm" });
const INPUT = { sweep: SWEEP, shards: 4, cpus: 2, out: "runs/sweep.jsonl", name: "ea-sweep" };
const CLI = ["/usr/bin/node", "/opt/emergent align/dist/cli.js"];

describe("sweepArgs", () => {
  it("spells out every argument of the spec (synthetic and CSV)", () => {
    expect(SWEEP).toEqual(["--n", "200,400", "--k", "5,40", "--noise", "0,0.1", "--reps", "3", "--methods", "best-single,simplex+offset", "--test-fraction", "0.25", "--seed", "4", "--backend", "wasm"]);
    const csv = sweepArgs({ n: [1000], k: undefined, noise: [0.1], reps: 10, draws: 5, models: "U.csv", target: "u.csv", methods: ["simplex"], testFraction: 0.3, seed: 1, backend: "js" });
    expect(csv).toEqual(["--models", "U.csv", "--target", "u.csv", "--draws", "5", "--methods", "simplex", "--test-fraction", "0.3", "--seed", "1", "--backend", "js"]);
  });
});

describe("shard file names", () => {
  it("go next to the merged file", () => {
    expect(shardTemplate("sweep.jsonl")).toBe("sweep.{shard}-of-{shards}.jsonl");
    expect(shardTemplate("a.b/out")).toBe("a.b/out.{shard}-of-{shards}");
    expect(() => shardTemplate("s.{shard}.jsonl")).toThrow(/--out names the merged file/);
  });
  it("shell quoting", () => {
    expect(shQuote("sweep.jsonl")).toBe("sweep.jsonl");
    expect(shQuote("a b'c")).toBe(`'a b'\\''c'`);
    expect(shQuote("x.{shard}")).toBe("'x.{shard}'");
  });
});

describe("--emit slurm", () => {
  const script = slurmScript(INPUT, CLI, "emergent-align sweep … --emit slurm");

  it("submits a job array of N shards running --shard auto, then a merge job afterok on the array", () => {
    expect(script.startsWith("#!/usr/bin/env bash\n")).toBe(true);
    expect(script).toContain(`--array="$tasks" --cpus-per-task=2`);
    expect(script).toContain("tasks=${1:-0-3}");
    expect(script).toContain(`exec /usr/bin/node '/opt/emergent align/dist/cli.js' sweep ${SWEEP.join(" ")} --workers 2 --no-progress --shard auto --shards 4 --out 'runs/sweep.{shard}-of-{shards}.jsonl'`);
    expect(script).toContain("--output=runs/sweep.%a-of-4.log");
    expect(script).toContain(`--dependency=afterok:"$array" --kill-on-invalid-dep=yes`);
    expect(script).toContain("merge --out runs/sweep.jsonl runs/sweep.0-of-4.jsonl runs/sweep.1-of-4.jsonl runs/sweep.2-of-4.jsonl runs/sweep.3-of-4.jsonl");
    expect(script.match(/sbatch --parsable/g)).toHaveLength(2);
    expect(() => slurmScript({ ...INPUT, shards: 0 }, CLI, "")).toThrow(/--shards N/);
  });

  it("is valid bash and, with a stand-in sbatch, submits both jobs and prints their ids", () => {
    const dir = mkdtempSync(join(tmpdir(), "ea-emit-"));
    // the stand-in records its arguments and stdin (the job script) and answers like --parsable does
    writeFileSync(join(dir, "sbatch"), `#!/bin/bash\nn=$(ls ${dir}/call.*.args 2>/dev/null | wc -l)\necho "$*" > ${dir}/call.$n.args\ncat > ${dir}/call.$n.stdin\necho "$((100 + n));cluster"\n`);
    chmodSync(join(dir, "sbatch"), 0o755);
    writeFileSync(join(dir, "submit.sh"), script);
    const r = spawnSync("bash", [join(dir, "submit.sh"), "2"], { encoding: "utf8", env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, EA_SBATCH_ARGS: "--partition=short --time=1:00:00" } });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("array job 100: shards 2 of 4\nmerge job 101: writes runs/sweep.jsonl after every shard succeeded\n");
    const a0 = readFileSync(join(dir, "call.0.args"), "utf8"), a1 = readFileSync(join(dir, "call.1.args"), "utf8");
    expect(a0).toMatch(/^--parsable --partition=short --time=1:00:00 --job-name=ea-sweep --array=2 --cpus-per-task=2 --output=runs\/sweep.%a-of-4.log/);
    expect(a1).toContain("--dependency=afterok:100 --kill-on-invalid-dep=yes");
    expect(readFileSync(join(dir, "call.0.stdin"), "utf8")).toMatch(/^#!\/bin\/sh\nexec .* --shard auto --shards 4 /);
    expect(readFileSync(join(dir, "call.1.stdin"), "utf8")).toMatch(/^#!\/bin\/sh\nexec .* merge --out runs\/sweep.jsonl /);
  });
});

describe("--emit k8s", () => {
  const input: K8sInput = { ...INPUT, image: "registry.example/emergent-align:0.1.0", storage: "1Gi" };
  it("an Indexed Job (completions = shards), the same command with --shard auto, a shared volume, and a merge Job", () => {
    const docs = parseAllDocuments(k8sManifest(input, "emergent-align sweep … --emit k8s"));
    const objects = docs.map((d) => d.toJS());
    expect(docs.every((d) => d.errors.length === 0)).toBe(true);
    const o = k8sObjects(input);
    expect(objects).toEqual([o.volume, o.sweep, o.merge]);
    const [pvc, job, merge] = objects;
    expect(pvc).toMatchObject({ kind: "PersistentVolumeClaim", spec: { accessModes: ["ReadWriteMany"] } });
    expect(job).toMatchObject({ kind: "Job", metadata: { name: "ea-sweep", labels: { "emergent-align/step": "sweep" } }, spec: { completionMode: "Indexed", completions: 4, parallelism: 4 } });
    const c = job.spec.template.spec.containers[0];
    expect(c.command).toEqual(["emergent-align", "sweep", ...SWEEP, "--workers", "2", "--no-progress", "--shard", "auto", "--shards", "4", "--out", "runs/sweep.{shard}-of-{shards}.jsonl"]);
    expect(c).toMatchObject({ image: input.image, workingDir: "/data", resources: { requests: { cpu: "2" } }, volumeMounts: [{ name: "data", mountPath: "/data" }] });
    expect(job.spec.template.spec.volumes).toEqual([{ name: "data", persistentVolumeClaim: { claimName: "ea-sweep-data" } }]);
    expect(merge.metadata).toMatchObject({ name: "ea-sweep-merge", labels: { "emergent-align/step": "merge" } });
    expect(merge.spec.template.spec.containers[0].command).toEqual(["emergent-align", "merge", "--out", "runs/sweep.jsonl", ...[0, 1, 2, 3].map((i) => `runs/sweep.${i}-of-4.jsonl`)]);
    expect(merge.spec.template.spec.volumes).toEqual(job.spec.template.spec.volumes);
    expect(() => k8sObjects({ ...input, name: "Bad_Name" })).toThrow(/--job-name/);
  });
});
