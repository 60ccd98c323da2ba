// Development only: the sweep worker when the CLI runs from source (tsx, vitest, benchmarks). Worker threads do not
// inherit tsx's loader from the main thread, so register it here and load the TypeScript worker. The published
// package uses dist/sweep-worker.js (bundled from sweep-worker.ts) instead.
import { register } from "tsx/esm/api";

register();
const worker = await import("./worker.ts");
export default worker.default;
