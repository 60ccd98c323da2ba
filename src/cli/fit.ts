import { renameSync, writeFileSync } from "node:fs";
import { createEngine, type BackendName, type WeightConstraint } from "../index.js";
import { DataError } from "../app/experiments/datasets.js";
import { hasHull } from "../app/experiments/alignment.js";
import { readMatrixCsv, readVectorCsv } from "./data.js";
import { formatTable } from "./table.js";

export interface FitCliOptions {
  models: string;
  target: string;
  constraint: WeightConstraint;
  offset: boolean;
  norm: "l2" | "sup";
  backend: BackendName;
  json: boolean;
  out?: string;
}

/**
 * One fit on the user's CSV files: U (points × models; an optional header row names the models) and u (one column).
 * norm 'l2' = alignWeights (least squares), 'sup' = hullDistance (the sup-norm LP with its certificate).
 * Every input is read and checked before anything is computed or written.
 */
export async function runFit(o: FitCliOptions, log: (line: string) => void = console.log): Promise<Record<string, unknown>> {
  const { matrix, columns } = readMatrixCsv(o.models, "--models");
  const u = readVectorCsv(o.target, "--target");
  if (u.length !== matrix.rows) throw new DataError(`--target has ${u.length} values but --models has ${matrix.rows} rows (one per point)`);
  const ea = await createEngine({ backend: o.backend });
  let result: Record<string, unknown>;
  let weights: Float64Array;
  if (o.norm === "sup") {
    if (!hasHull(ea)) throw new DataError("--norm sup: this build has no hull LP (hullDistance) yet");
    const r = ea.hullDistance(matrix, u, { constraint: o.constraint, offset: o.offset });
    weights = r.weights;
    result = { norm: "sup", constraint: o.constraint, offset: r.offset, status: r.status, epsilon: r.epsilon, lowerBound: r.certificate.lowerBound, upperBound: r.certificate.upperBound };
  } else {
    const r = ea.alignWeights(matrix, u, { constraint: o.constraint, offset: o.offset });
    weights = r.weights;
    result = { norm: "l2", constraint: o.constraint, offset: r.offset, status: r.status, error: r.error, kkt: r.kkt, iterations: r.iterations };
  }
  const named = columns.map((name, j) => ({ model: name, weight: weights[j]! }));
  const full = { points: matrix.rows, models: matrix.cols, ...result, weights: named };
  if (o.out) {
    const tmp = `${o.out}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(full, null, 2) + "\n");
    renameSync(tmp, o.out);
  }
  if (o.json) { log(JSON.stringify(full)); return full; }
  log(`${o.norm === "sup" ? "sup-norm (hull) fit" : "least-squares fit"}: ${matrix.rows} points × ${matrix.cols} models, ${o.constraint} weights${o.offset ? " + offset" : ""}`);
  const rows: Array<Array<string | number>> = [["status", String(result.status)], ["offset", result.offset as number]];
  if (o.norm === "sup") rows.push(["sup error ε", result.epsilon as number], ["certified lower bound", result.lowerBound as number]);
  else { const e = result.error as { rmse: number; mae: number; maxAbs: number }; rows.push(["RMSE", e.rmse], ["MAE", e.mae], ["max |error|", e.maxAbs]); }
  log(formatTable(["", "value"], rows.map(([a, b]) => [a!, typeof b === "number" ? b : String(b)])));
  const used = named.filter((w) => w.weight > 0).sort((a, b) => b.weight - a.weight);
  log(`\n${used.length} of ${matrix.cols} models have positive weight:`);
  log(formatTable(["model", "weight"], used.map((w) => [w.model, w.weight])));
  return full;
}
