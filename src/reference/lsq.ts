import type { LsqOutcome, LsqProblem, LsqSolveOptions } from "../kernels.js";
import { gramPays } from "../kernels.js";
import { prepareDesign } from "./design.js";
import { nnlsActiveSet } from "./nnls.js";
import { nnlsProjectedGradient } from "./pg.js";
import { evaluate } from "./evaluate.js";

/**
 * The reference backend's least-squares solve, step for step as src/wasm/kernels.ts: copy A and b (the caller's
 * arrays are never written), prepareDesign when there is an offset or point weights, then the chosen kernel (the
 * projected gradient on the Gram matrix when gramPays says so), then the recomputation from the caller's data.
 */
export function solveLsq(problem: LsqProblem, options: LsqSolveOptions): LsqOutcome {
  const { n, k } = problem;
  const a = problem.a.slice(0, n * k);
  const b = problem.b.slice(0, n);
  if (problem.center || problem.omega) prepareDesign(a, b, n, k, problem.omega, problem.center, new Float64Array(k));
  const x = options.warmStart ? options.warmStart.slice(0, k) : new Float64Array(k);
  const warm = options.warmStart !== null;
  let statusCode: number, iterations: number;
  if (options.method === "active-set") {
    const out = nnlsActiveSet(a, b, n, k, problem.sumOne, x, warm, options.maxIterations, options.tolerance);
    statusCode = out.status;
    iterations = out.info[0]!;
  } else {
    const useGram = gramPays(n, k) !== 0;
    const out = nnlsProjectedGradient(a, b, n, k, problem.sumOne, x, warm, useGram, options.maxIterations, options.tolerance);
    statusCode = out.status;
    iterations = out.iterations;
  }
  // the recomputation reads the caller's arrays, not the solver's prepared copies
  const evaluation = evaluate({ rows: n, cols: k, data: problem.a }, problem.b, x, problem.omega, problem.center, problem.sumOne);
  return { x, statusCode, iterations, evaluation };
}
