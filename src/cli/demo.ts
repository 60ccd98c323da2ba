import { createEngine, type Engine } from "../index.js";
import { syntheticModels } from "../app/experiments/synthetic.js";
import { formatTable } from "./table.js";

/**
 * A short tour of what the library computes, on synthetic "perturbations of one prompt" (the experiments on real data
 * come with `reproduce`): weighted alignment by the best single model, the uniform average, and the nonnegative and
 * convex fits, then the same fit on both backends with their timings.
 */
export async function runDemo(log: (line: string) => void = console.log): Promise<void> {
  const ea = await createEngine();
  const js = await createEngine({ backend: "js" });
  const { U, u, trueWeights, trueOffset } = syntheticModels({ n: 2000, k: 40, seed: 1 });
  log(`emergent-align demo: ${U.cols} models scored on ${U.rows} points; the user is a convex mix of ${trueWeights.filter((w) => w > 0).length} of them, offset ${trueOffset.toFixed(3)}, plus noise.\n`);

  const rows: Array<Array<string | number>> = [];
  // best single model, each with its own least-squares offset
  let best = { j: -1, rmse: Infinity };
  for (let j = 0; j < U.cols; j++) {
    const col = { rows: U.rows, cols: 1, data: Float64Array.from({ length: U.rows }, (_, i) => U.data[i * U.cols + j]!) };
    const r = ea.alignWeights(col, u, { constraint: "simplex", offset: true });
    if (r.error.rmse < best.rmse) best = { j, rmse: r.error.rmse };
  }
  rows.push([`best single model (#${best.j})`, best.rmse, "-", "-"]);
  const avg = { rows: U.rows, cols: 1, data: Float64Array.from({ length: U.rows }, (_, i) => { let s = 0; for (let j = 0; j < U.cols; j++) s += U.data[i * U.cols + j]!; return s / U.cols; }) };
  rows.push(["uniform average", ea.alignWeights(avg, u, { constraint: "simplex", offset: true }).error.rmse, "-", "-"]);
  for (const constraint of ["nonnegative", "simplex"] as const) {
    const r = ea.alignWeights(U, u, { constraint, offset: true });
    rows.push([`${constraint} weights + offset`, r.error.rmse, r.status, r.weights.filter((w) => w > 0).length]);
  }
  log(formatTable(["fit (in-sample)", "RMSE", "status", "models used"], rows));

  log("\nThe same nonnegative fit, 20000 points × 400 models, on both backends:");
  const big = syntheticModels({ n: 20000, k: 400, seed: 2 });
  const timing: Array<Array<string | number>> = [];
  for (const [name, engine] of [["wasm", ea], ["js", js]] as Array<[string, Engine]>) {
    const t0 = performance.now();
    const r = engine.nnls(big.U, big.u);
    timing.push([name, performance.now() - t0, r.status, r.residualNorm, r.kkt.dual]);
  }
  log(formatTable(["backend", "ms", "status", "‖Ax − b‖", "KKT dual"], timing));
}
