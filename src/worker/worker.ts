/// <reference lib="webworker" />
/**
 * The engine in a Web Worker (bundled as web/dist/worker.js, a module worker): `createEngine()` once, then requests
 * of src/worker/protocol.ts, one at a time, with throttled progress and results whose typed arrays are transferred.
 */
import { createEngine, type Engine } from "../index.js";
import type { AlignmentData } from "../app/experiments/alignment.js";
import { DataError } from "../app/experiments/datasets.js";
import { ENGINE_METHODS, SHIPPED, type DatasetInfo, type DatasetSource, type WorkerReply, type WorkerRequest } from "./protocol.js";
import { csvDataset, fitDataset, runExperiment, runGame, runSweep, shippedDataset } from "./tasks.js";

declare const self: DedicatedWorkerGlobalScope;

let engine: Promise<Engine> | undefined;
const datasets = new Map<string, AlignmentData>();

/** Every distinct ArrayBuffer under a value (typed arrays in results), to transfer rather than copy. */
export function transferables(value: unknown, out = new Set<ArrayBuffer>(), depth = 0): ArrayBuffer[] {
  if (depth > 8 || value === null || typeof value !== "object") return [...out];
  if (ArrayBuffer.isView(value)) { if (value.buffer instanceof ArrayBuffer) out.add(value.buffer); return [...out]; }
  for (const v of Array.isArray(value) ? value : Object.values(value)) transferables(v, out, depth + 1);
  return [...out];
}

function dataset(key: unknown): AlignmentData {
  const d = datasets.get(String(key));
  if (!d) throw new DataError(`no data set ${JSON.stringify(key)} is loaded; load one first`);
  return d;
}

async function load(source: DatasetSource): Promise<DatasetInfo> {
  let data: AlignmentData & { note?: string }, key: string;
  if (source.kind === "shipped") {
    const spec = SHIPPED[source.name];
    if (!spec) throw new DataError(`unknown shipped data set ${JSON.stringify(source.name)}`);
    const url = new URL(spec.file, source.base);
    const response = await fetch(url);
    if (!response.ok) throw new DataError(`cannot load ${url.pathname}: HTTP ${response.status}`);
    data = shippedDataset(source.name, await response.text());
    key = source.name;
  } else {
    data = csvDataset(source.models, source.target);
    key = `csv:${source.models.name}${source.target ? `+${source.target.name}` : ""}`;
  }
  datasets.set(key, data);
  return { key, name: data.name, points: data.U.rows, models: data.U.cols, modelNames: data.models, ...(data.note ? { note: data.note } : {}) };
}

async function handle(req: WorkerRequest): Promise<unknown> {
  const ea = await (engine ??= createEngine());
  let last = 0;
  const progress = (done: number, total: number) => {
    const now = performance.now();
    if (done < total && now - last < 50) return;
    last = now;
    self.postMessage({ id: req.id, kind: "progress", done, total } satisfies WorkerReply);
  };
  const [a, b] = req.args;
  switch (req.method) {
    case "engine": {
      const [name, ...args] = req.args as [string, ...unknown[]];
      if (!(ENGINE_METHODS as readonly string[]).includes(name)) throw new DataError(`engine method ${JSON.stringify(name)} is not available in the worker`);
      return (ea[name as keyof Engine] as (...x: unknown[]) => unknown)(...args);
    }
    case "loadDataset": return load(a as DatasetSource);
    // a copy of a loaded data set (for the page's pool): copies, since a result's buffers are transferred
    case "data": { const d = dataset(a); return { ...d, U: { ...d.U, data: d.U.data.slice() }, u: d.u.slice() }; }
    case "fit": return fitDataset(ea, dataset(a), b as never);
    case "experiment": return runExperiment(ea, dataset(a), b as never, progress);
    case "sweep": return runSweep(ea, dataset(a), b as never, progress);
    case "game": return runGame(ea, a as never);
    default: throw new DataError(`unknown method ${JSON.stringify(req.method)}`);
  }
}

// requests run strictly in order (a load must finish before the fit that uses it)
let queue: Promise<void> = Promise.resolve();
self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
  queue = queue.then(async () => {
    try {
      const value = await handle(req);
      self.postMessage({ id: req.id, kind: "result", value } satisfies WorkerReply, transferables(value));
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      self.postMessage({ id: req.id, kind: "error", name: err.name, message: err.message } satisfies WorkerReply);
    }
  });
};
