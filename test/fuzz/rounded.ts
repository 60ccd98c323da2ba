/**
 * Which non-optimal least-squares answers could a float64 answer fix at all? For each least-squares case in a
 * FUZZ_LOG file (`FUZZ_LOG=/tmp/log npm run fuzz -- …`), the exact minimiser (test/helpers/exact.ts) rounded to
 * float64 — x* and the offset each to the nearest double — is judged by the same SPEC rules as the kernels' answers.
 * Where even it misses the bar (collinear columns whose exact minimum uses their rounding with coefficients ~1e15;
 * r* = 0 with ‖b‖ far below the rounding of A·x + c), a 'numerical_error' is the honest status.
 *   node --import tsx test/fuzz/rounded.ts /tmp/log 1
 */
import { readFileSync } from "node:fs";
import { findCase } from "./harness.js";
import { exactLsq } from "../helpers/exact.js";

const [log, seedArg] = process.argv.slice(2);
if (!log) throw new Error("usage: rounded.ts FUZZ_LOG [seed]");
const seed = Number(seedArg ?? "1");
const tally = new Map<string, number>();
for (const line of readFileSync(log, "utf8").trim().split("\n")) {
  const [id, backend, verdict] = line.split("\t");
  if (!id || backend === "js" || !(id.startsWith("nnls") || id.startsWith("alignWeights"))) continue;
  const sep = id.lastIndexOf(":");
  const kernel = id.slice(0, sep);
  const c = await findCase(seed, kernel, Number(id.slice(sep + 1)));
  const [rows, b, opts] = c.args as [number[][], number[], Record<string, unknown>];
  const w = opts.pointWeights ? Float64Array.from(opts.pointWeights as number[]) : null;
  const ex = exactLsq({
    A: Float64Array.from(rows.flat()), n: rows.length, k: rows[0]!.length, b, w,
    simplex: opts.constraint === "simplex", offset: opts.offset === true,
  });
  const answer = c.method === "nnls" ? { x: ex.x, status: "optimal" } : { weights: ex.x, offset: ex.offset, status: "optimal" };
  const key = `${kernel} | ${verdict} | x* rounded: ${c.check(answer).verdict}`;
  tally.set(key, (tally.get(key) ?? 0) + 1);
}
for (const [key, n] of [...tally].sort()) console.log(`${n}\t${key}`);
