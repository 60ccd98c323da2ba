import type { ResponseProblem } from "../responses.js";
import { bestResponsesRef, quantalResponsesRef } from "./responses.js";

/** The plain-TypeScript response kernels (src/reference/responses.ts, the twin of assembly/responses.ts). */
export function referenceGamesKernels() {
  return {
    bestResponses(p: ResponseProblem, prefer: Float64Array | null, tauPref: number, actions: Int32Array, values: Float64Array): number {
      return bestResponsesRef(p, p.posteriors, p.rows, p.tau, prefer, tauPref, p.tol, actions, values);
    },
    quantalResponses(p: ResponseProblem, lambda: number, out: Float64Array): number {
      return quantalResponsesRef(p, p.posteriors, p.rows, lambda, p.tau, p.tol, out);
    },
  };
}
