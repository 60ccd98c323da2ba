import { createEngine, type BackendName, type WeightConstraint } from "../index.js";
import { DataError } from "../app/experiments/datasets.js";
import { hasHull } from "../app/experiments/alignment.js";
import { readMatrixCsv, readVectorCsv } from "./data.js";
import { formatTable } from "./table.js";
import { checkOutFile, writeFileAtomic } from "./output.js";

export interface FitCliOptions {
  models: string;
  target: string;
  constraint: WeightConstraint;
  offset: boolean;
  /** 'linf' (the sup norm; 'sup' is accepted as an alias) or 'l2'. */
  norm: "l2" | "linf" | "sup";
  backend: BackendName;
  json: boolean;
  out?: string;
}

/**
 * One fit on the user's CSV files: U (points × models; an optional header row names the models) and u (one column).
 * norm 'l2' = alignWeights (least squares), 'linf' (alias 'sup') = hullDistance (the sup-norm LP with its certificate).
 * Every input is read and checked before anything is computed or written.
 */
export async function runFit(o: FitCliOptions, log: (line: string) => void = console.log): Promise<Record<string, unknown>> {
  const norm = o.norm === "sup" ? "linf" : o.norm;
  if (o.out !== undefined) checkOutFile(o.out);
  const { matrix, columns } = readMatrixCsv(o.models, "--models");
  const u = readVectorCsv(o.target, "--target");
  if (u.length !== matrix.rows) throw new DataError(`--target has ${u.length} values but --models has ${matrix.rows} rows (one per point)`);
  const ea = await createEngine({ backend: o.backend });
  // one synchronous solve cannot report progress as it goes: say what runs before a large one, and how long it took
  const large = matrix.rows * matrix.cols >= 2e5 && (process.stderr.isTTY || process.env.EA_PROGRESS === "1");
  const started = performance.now();
  if (large) process.stderr.write(`fit: ${matrix.rows} points × ${matrix.cols} models, ${norm === "linf" ? "the sup-norm hull LP" : "least squares"} (one solve; no progress until it ends)…\n`);
  let result: Record<string, unknown>;
  let weights: Float64Array;
  if (norm === "linf") {
    if (!hasHull(ea)) throw new DataError("--norm linf: this build has no hull LP (hullDistance) yet");
    const r = ea.hullDistance(matrix, u, { constraint: o.constraint, offset: o.offset });
    weights = r.weights;
    // the certificate in full: anyone can recheck lowerBound ≤ ε* from y, U and u alone (see the README)
    result = {
      norm, constraint: o.constraint, offset: r.offset, status: r.status, epsilon: r.epsilon, lowerBound: r.certificate.lowerBound, upperBound: r.certificate.upperBound,
      certificate: { y: Array.from(r.certificate.y), lowerBound: r.certificate.lowerBound, upperBound: r.certificate.upperBound },
    };
  } else {
    const r = ea.alignWeights(matrix, u, { constraint: o.constraint, offset: o.offset });
    weights = r.weights;
    result = { norm: "l2", constraint: o.constraint, offset: r.offset, status: r.status, error: r.error, kkt: r.kkt, iterations: r.iterations };
  }
  if (large) process.stderr.write(`fit: done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  const named = columns.map((name, j) => ({ model: name, weight: weights[j]! }));
  const full = { points: matrix.rows, models: matrix.cols, ...result, weights: named };
  if (o.out) writeFileAtomic(o.out, JSON.stringify(full, null, 2) + "\n");
  if (o.json) { log(JSON.stringify(full)); return full; }
  log(`${norm === "linf" ? "sup-norm (hull) fit" : "least-squares fit"}: ${matrix.rows} points × ${matrix.cols} models, ${o.constraint} weights${o.offset ? " + offset" : ""}`);
  const rows: Array<Array<string | number>> = [["status", String(result.status)], ["offset", result.offset as number]];
  if (norm === "linf") rows.push(["sup error ε", result.epsilon as number], ["certified lower bound", result.lowerBound as number]);
  else { const e = result.error as { rmse: number; mae: number; maxAbs: number }; rows.push(["RMSE", e.rmse], ["MAE", e.mae], ["max |error|", e.maxAbs]); }
  log(formatTable(["", "value"], rows.map(([a, b]) => [a!, typeof b === "number" ? b : String(b)])));
  const used = named.filter((w) => w.weight > 0).sort((a, b) => b.weight - a.weight);
  log(`\n${used.length} of ${matrix.cols} models have positive weight:`);
  log(formatTable(["model", "weight"], used.map((w) => [w.model, w.weight])));
  return full;
}
