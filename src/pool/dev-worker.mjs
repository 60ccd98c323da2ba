// Development only: the pool's worker thread when the library runs from source (tests, tsx, benchmarks). Worker
// threads do not inherit tsx's loader, so register it here and load the TypeScript entry. The published package
// uses dist/pool-worker.node.js instead.
import { register } from "tsx/esm/api";

register();
await import("./entry-node.ts");
