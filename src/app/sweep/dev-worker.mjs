// Development only: the sweep worker when the CLI runs from source (tsx, vitest, benchmarks). Worker threads do not
// inherit tsx's loader from the main thread, so register it here and load the TypeScript worker (which serves the
// pool's protocol as soon as it is loaded). The published package uses dist/sweep-worker.js instead.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
