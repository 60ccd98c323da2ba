// The module's exports: re-exports only.
export { prepareDesign, residualGradient, matrixMaxAbs } from "./design";
export { gramUpdate } from "./gram";
export { nnlsActiveSet, activeSetScratchBytes } from "./nnls";
export { nnlsProjectedGradient, projectedGradientScratchBytes } from "./pg";
export { lsqCertify, lsqCertifyScratchBytes } from "./polish";

/** First free byte after static data: the arena starts here (src/backend/arena.ts). */
export function heapBase(): usize { return __heap_base; }
export { evaluateFit } from "./evaluate";
export { hullSimplex, hullScratchBytes } from "./hull";
export { linprogRevised, revisedScratchBytes } from "./revised";
export { gramUpdateAfterSwaps } from "./gram";
export { bestResponses, quantalResponses, responsesScratchBytes } from "./responses";
export { projectSimplexScaled } from "./simplex";
export { nnlsActiveSetGram, activeSetGramScratchBytes, gramFullCompute } from "./nnls-many";
export { manyShared, manySharedBytes, manyBlock, manyBlockBytes, blockAtB } from "./blocks";
export { firstNonFinite } from "./linalg";
export { nnlsSmall, smallScratchBytes } from "./small";
