/**
 * Run in a child process with --expose-gc (test/node/dispose.test.ts): one large fit grows an engine's memory;
 * after engine.dispose() and a few collections the process's resident memory must be back near where it started.
 * Prints {base, held, afterDispose} in MiB as JSON.
 */
import { createEngine } from "../../../src/index.js";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");
const mib = () => process.memoryUsage().rss / 2 ** 20;
const settle = async () => { for (let i = 0; i < 5; i++) { gc(); await new Promise((r) => setTimeout(r, 20)); } };

const rows = 8000, cols = 1500;   // A alone is 96 MB; the engine holds two copies and scratch
const data = new Float64Array(rows * cols).map((_, i) => Math.sin(i * 0.7) + (i % 7) * 0.01);
const b = new Float64Array(rows).map((_, i) => Math.cos(i));
await settle();
const base = mib();
const engine = await createEngine({ backend: process.argv[2] as "wasm" | "js" });
engine.nnls({ rows, cols, data }, b, { maxIterations: 2 });
await settle();
const held = mib();
engine.dispose();
await settle();
console.log(JSON.stringify({ base, held, afterDispose: mib() }));
