// the public surface only: the bundles (dist/pool.*.js) import it from ./index.js, so InputError is one class
import { reshapeResult } from "../core/shape.js";
import { createEngine, InputError, WasmAbortError } from "../index.js";
import type { BackendName, BestResponsesResult, DenseMatrix, Engine } from "../index.js";
import type { PoolInit, PoolReply, PoolRequest } from "./protocol.js";
import { BufferStock, packCalls, transferred } from "./pack.js";
import { decodeValues } from "./values.js";
import { FORWARDED_METHODS, RESPOND_INTO, type RespondIntoOutput } from "./serve.js";

/**
 * The engine pool, host-neutral. A host (node.ts: worker_threads; browser.ts: module Web Workers — chosen by the
 * package's `node` / `browser` export conditions, never by sniffing the runtime) only knows how to start a worker;
 * everything else is here: a FIFO queue, one request in flight per worker (each worker's engine is synchronous),
 * batching for `map`, row-splitting of large response calls, cancelling, and replacing a worker that was stopped.
 *
 * Why not a pool package: workerpool (the well-kept one that covers both hosts) picks its host at run time, cancels a
 * task by terminating the worker as we must too, and brings its own worker protocol and script loading; what is left
 * for us (queue, batches, splits, AbortSignal) is the code below, about the size of the glue workerpool would need.
 */

/** What a host must provide: a worker that speaks src/pool/protocol.ts. */
export interface HostWorker {
  post(message: PoolInit | PoolRequest, transfer: ArrayBuffer[]): void;
  /** Called once: every message, and a fatal error (the worker is gone). */
  listen(onMessage: (reply: PoolReply) => void, onFatal: (error: Error) => void): void;
  /** Busy workers keep a Node process alive, idle ones do not (a forgotten close() never hangs a script). */
  setBusy(busy: boolean): void;
  terminate(): void;
}
export interface PoolHost { spawn(): HostWorker; defaultWorkers(): number }

export interface PoolOptions {
  /** Number of workers; default: the number of cores (`availableParallelism()` / `navigator.hardwareConcurrency`). */
  workers?: number;
  backend?: BackendName;
  /** Where the worker script is, when not next to the pool's module (pool-worker.node.js / pool-worker.browser.js). */
  workerUrl?: string | URL;
}
export interface MapOptions {
  /** Called after each batch of calls completes: (calls done, calls in all). */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Calls sent to a worker in one message (default: enough for about 4 batches per worker, at most 256). */
  batchSize?: number;
}
export interface RunOptions { signal?: AbortSignal }

type Forwarded = (typeof FORWARDED_METHODS)[number];
type Async<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never;
/** Every Engine method as an async method with the same arguments and results. */
export type AsyncEngine = { [K in Forwarded]: Async<Engine[K]> };
export type PoolMethod = Forwarded;

export interface Pool extends AsyncEngine {
  readonly workers: number;
  readonly backend: BackendName;
  /** Chunks of the grid, computed in the calling thread (cheap, and a generator cannot cross threads). */
  simplexGridChunks(states: number, resolution: number, chunkRows?: number): AsyncGenerator<DenseMatrix>;
  /** `method` on every argument list, spread over the workers; results in input order. */
  map<M extends PoolMethod>(method: M, argsList: readonly Parameters<Engine[M]>[], options?: MapOptions): Promise<ReturnType<Engine[M]>[]>;
  /** One call with an AbortSignal. */
  run<M extends PoolMethod>(method: M, args: Parameters<Engine[M]>, options?: RunOptions): Promise<ReturnType<Engine[M]>>;
  /** Stops every worker; pending calls reject. */
  close(): Promise<void>;
}

/** The error of a cancelled call: `name === 'AbortError'` (a DOMException where the host has one). */
export function abortError(reason?: unknown): Error {
  const message = "The pool call was aborted";
  const e = typeof DOMException === "function" ? new DOMException(message, "AbortError") as unknown as Error : Object.assign(new Error(message), { name: "AbortError" });
  if (reason !== undefined) { try { (e as { cause?: unknown }).cause = reason; } catch { /* read-only */ } }
  return e;
}

function rebuildError(name: string, message: string): Error {
  if (name === "InputError") return new InputError(message);
  if (name === "WasmAbortError") return new WasmAbortError(message);
  const e = new Error(message);
  e.name = name;
  return e;
}

interface Job {
  method: string;
  calls: unknown[][];
  resolve(values: unknown[]): void;
  reject(error: Error): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  slot: Slot | undefined;
  settled: boolean;
}

/** A worker and the jobs sent to it, in order: the first is running, the others wait in the worker's own queue. */
interface Slot { worker: HostWorker; ready: boolean; jobs: Job[]; dead: boolean }

/**
 * Jobs a worker holds at once: one running and one waiting in its queue, so that it starts the next batch the moment it
 * finishes one instead of idling while the reply travels back and the next request is packed and posted (for small
 * fits that round trip cost a 1-worker pool a third of its throughput).
 */
const JOBS_PER_WORKER = 2;

/** Below this many posterior entries a response call is not split (the messages would cost more than they save). */
const SPLIT_MIN_ENTRIES = 1 << 16;
/**
 * A split response call's blocks hold about this many bytes of posteriors in ordinary memory (and there are at least
 * as many blocks as workers; posteriors in a SharedArrayBuffer go as one block per worker). Why more blocks than workers: posteriors in ordinary memory are copied by the calling thread, block by
 * block as a worker takes one, so the copying of one block overlaps the workers' work on the blocks before it (one
 * block per worker made every worker wait for its whole share to be copied first), and the blocks' results are put in
 * place as they come; a worker that finishes early takes another block instead of waiting for the slowest one.
 */
const SPLIT_BLOCK_BYTES = 4 << 20;

export class WorkerPool {
  readonly #host: PoolHost;
  readonly #slots: Slot[] = [];
  readonly #queue: Job[] = [];
  readonly #backend: BackendName;
  #nextId = 1;
  #closed = false;
  /** A worker could not start its engine: every call fails with this. */
  #broken: Error | undefined;
  #readyWaiters: { resolve(): void; reject(e: Error): void }[] = [];
  /** Packed request buffers the workers have handed back, for the next requests (pack.ts). */
  readonly #stock: BufferStock;
  /** Shared buffers the workers write split response blocks into, reused (see sharedOutput). */
  readonly outputs = new BufferStock(2, true);

  constructor(host: PoolHost, readonly size: number, backend: BackendName) {
    this.#host = host;
    this.#backend = backend;
    this.#stock = new BufferStock(2 * size + 2);
    for (let i = 0; i < size; i++) this.#slots.push(this.#start());
  }

  get backend(): BackendName { return this.#backend; }

  /** Resolves when every worker has its engine; rejects with the first worker's start-up error. */
  ready(): Promise<void> {
    if (this.#slots.every((s) => s.ready)) return Promise.resolve();
    return new Promise((resolve, reject) => this.#readyWaiters.push({ resolve, reject }));
  }

  #start(): Slot {
    const worker = this.#host.spawn();
    const slot: Slot = { worker, ready: false, jobs: [], dead: false };
    worker.listen((reply) => this.#onReply(slot, reply), (error) => this.#onFatal(slot, error));
    worker.setBusy(true);
    worker.post({ init: { backend: this.#backend } }, []);
    return slot;
  }

  #onReply(slot: Slot, reply: PoolReply): void {
    if (slot.dead) return;
    if (reply.id === -1) {
      slot.worker.setBusy(false);
      if (reply.ok) {
        slot.ready = true;
        if (this.#slots.every((s) => s.ready)) for (const w of this.#readyWaiters.splice(0)) w.resolve();
        this.#dispatch();
      } else {
        const e = rebuildError(reply.name, `a pool worker could not start its engine: ${reply.message}`);
        this.#broken = e;
        for (const w of this.#readyWaiters.splice(0)) w.reject(e);
        for (const job of this.#queue.splice(0)) { job.settled = true; job.reject(e); }
      }
      return;
    }
    const job = slot.jobs.shift();
    slot.worker.setBusy(slot.jobs.length > 0);
    if (reply.ok && "returned" in reply && reply.returned) this.#stock.give(reply.returned);
    if (job && !job.settled) {
      job.settled = true;
      if (job.signal && job.onAbort) job.signal.removeEventListener("abort", job.onAbort);
      if (reply.ok) job.resolve("encoded" in reply && reply.encoded ? decodeValues(reply.encoded) : reply.values);
      else job.reject(rebuildError(reply.name, reply.message));
    }
    this.#dispatch();
  }

  #onFatal(slot: Slot, error: Error): void {
    if (slot.dead) return;
    if (!slot.ready) {
      // a worker that dies before its engine is ready (script not found, no WebAssembly) would die again: the pool
      // is broken, and says why, instead of starting workers in a loop
      slot.dead = true;
      slot.worker.terminate();
      this.#broken = error;
      for (const w of this.#readyWaiters.splice(0)) w.reject(error);
      for (const job of this.#queue.splice(0)) { job.settled = true; job.reject(error); }
      return;
    }
    const job = slot.jobs[0];
    this.#replace(slot);
    if (job && !job.settled) {
      job.settled = true;
      job.reject(error);
    }
    this.#dispatch();
  }

  /** Jobs that waited on a worker that is gone go back to the front of the queue, in their order. */
  #requeue(jobs: Job[]): void {
    const live = jobs.filter((j) => !j.settled);
    for (let i = live.length - 1; i >= 0; i--) { live[i]!.slot = undefined; this.#queue.unshift(live[i]!); }
  }

  /** Stops a worker (its synchronous kernel cannot be interrupted any other way) and starts a fresh one. */
  #replace(slot: Slot): void {
    slot.dead = true;
    slot.worker.terminate();
    this.#requeue(slot.jobs.slice(1));
    slot.jobs = [];
    const i = this.#slots.indexOf(slot);
    if (i >= 0 && !this.#closed) this.#slots[i] = this.#start();
  }

  #dispatch(): void {
    // every idle worker gets a job before any worker gets a second one
    for (let depth = 1; depth <= JOBS_PER_WORKER; depth++) {
      for (const slot of this.#slots) {
        if (!slot.ready || slot.dead || slot.jobs.length >= depth) continue;
        const job = this.#queue.shift();
        if (!job) return;
        this.#send(slot, job);
      }
    }
  }

  #send(slot: Slot, job: Job): void {
    slot.jobs.push(job);
    job.slot = slot;
    slot.worker.setBusy(true);
    // arguments are packed as late as possible, so that buffers the replies just handed back are reused
    const packed = packCalls(job.calls, (bytes) => this.#stock.take(bytes));
    const request: PoolRequest = packed
      ? { id: this.#nextId++, method: job.method, calls: packed.calls, packed: packed.packed }
      : { id: this.#nextId++, method: job.method, calls: job.calls };
    slot.worker.post(request, packed ? transferred(packed.packed.buffer) : []);
  }

  /** Queues `calls` of `method` as one message; resolves with one value per call. */
  submit(method: string, calls: unknown[][], signal?: AbortSignal): Promise<unknown[]> {
    if (signal?.aborted) return Promise.reject(abortError(signal.reason));
    const queued = this.#enqueue(method, calls);
    if (queued.job && signal) {
      const job = queued.job;
      job.signal = signal;
      job.onAbort = () => this.#cancel(job, abortError(signal.reason));
      signal.addEventListener("abort", job.onAbort, { once: true });
    }
    return queued.promise;
  }

  #enqueue(method: string, calls: unknown[][]): { promise: Promise<unknown[]>; job: Job | undefined } {
    if (this.#closed) return { promise: Promise.reject(new Error("the pool is closed")), job: undefined };
    if (this.#broken) return { promise: Promise.reject(this.#broken), job: undefined };
    let job!: Job;
    const promise = new Promise<unknown[]>((resolve, reject) => {
      job = { method, calls, resolve, reject, signal: undefined, onAbort: undefined, slot: undefined, settled: false };
    });
    this.#queue.push(job);
    this.#dispatch();
    return { promise, job };
  }

  #cancel(job: Job, error: Error): void {
    if (job.settled) return;
    job.settled = true;
    const q = this.#queue.indexOf(job);
    if (q >= 0) this.#queue.splice(q, 1);
    // running: its worker is stopped (and what waited there requeued); waiting in a worker's queue: its result, when it
    // comes, is dropped (stopping the worker would also stop the job running before it)
    else if (job.slot && job.slot.jobs[0] === job) this.#replace(job.slot);
    job.reject(error);
    this.#dispatch();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const e = new Error("the pool was closed");
    for (const job of this.#queue.splice(0)) { job.settled = true; job.reject(e); }
    for (const slot of this.#slots) {
      for (const job of slot.jobs) if (!job.settled) { job.settled = true; job.reject(e); }
      slot.dead = true;
      slot.worker.terminate();
    }
    for (const w of this.#readyWaiters.splice(0)) w.reject(e);
  }

  /** One call. */
  async call(method: string, args: unknown[], signal?: AbortSignal): Promise<unknown> {
    const [value] = await this.submit(method, [args], signal);
    return value;
  }

  /** Many calls of one method, in batches, results in input order; the first error rejects (and drops what is queued). */
  async mapCalls(method: string, argsList: readonly unknown[][], options: MapOptions = {}): Promise<unknown[]> {
    const total = argsList.length;
    const out = new Array<unknown>(total);
    if (total === 0) return out;
    const fixed = options.batchSize;
    if (fixed !== undefined && (!Number.isInteger(fixed) || fixed < 1)) throw new InputError(`batchSize must be a positive integer; got ${String(fixed)}`);
    const outer = options.signal;
    if (outer?.aborted) throw abortError(outer.reason);
    // one listener for the whole map (not one per batch: a map of many batches would pile listeners on one signal)
    const jobs: Job[] = [];
    const stop = (e: Error) => { for (const job of jobs) this.#cancel(job, e); };
    const onAbort = () => stop(abortError(outer!.reason));
    outer?.addEventListener("abort", onAbort, { once: true });
    let done = 0;
    try {
      const batches: Promise<void>[] = [];
      for (let start = 0, size = 0; start < total; start += size) {
        size = fixed ?? batchSize(total - start, total, this.size);
        const queued = this.#enqueue(method, argsList.slice(start, start + size) as unknown[][]);
        if (queued.job) jobs.push(queued.job);
        batches.push(queued.promise.then((values) => {
          for (let i = 0; i < values.length; i++) out[start + i] = values[i];
          done += values.length;
          options.onProgress?.(done, total);
        }));
      }
      await Promise.all(batches).catch((e: unknown) => {
        // the first failure: stop the rest of this map (queued batches are dropped, running ones stopped)
        stop(e instanceof Error ? e : new Error(String(e)));
        throw e;
      });
      return out;
    } finally {
      outer?.removeEventListener("abort", onAbort);
    }
  }
}

/** The most calls in one message of a map (about 15 ms of 200×20 fits: larger batches save nothing more). */
const MAX_BATCH = 256;

/**
 * The next batch of a map with `remaining` of `total` calls left on `workers` workers: guided self-scheduling, a
 * quarter of each worker's share of what is left, so batches shrink towards the end and the workers finish
 * together (equal batches left one worker idle for up to a whole batch at the end: a tenth of a 4,000-fit map on two
 * workers), but never below a sixteenth of the largest batch (each message costs the calling thread some work).
 */
export function batchSize(remaining: number, total: number, workers: number): number {
  const largest = Math.max(1, Math.min(MAX_BATCH, Math.ceil(total / (4 * workers))));
  const guided = Math.ceil(remaining / (4 * workers));
  return Math.min(remaining, Math.max(Math.ceil(largest / 16), Math.min(largest, guided)));
}

function isDense(m: unknown): m is DenseMatrix {
  return typeof m === "object" && m !== null && (m as DenseMatrix).data instanceof Float64Array
    && Number.isInteger((m as DenseMatrix).rows) && Number.isInteger((m as DenseMatrix).cols);
}

/**
 * Row blocks of posteriors for a split call, or null when the call should be sent as it is (small, or input whose
 * errors the engine should word itself: ragged rows, a wrong data length, an ml-matrix). Dense blocks are views: over
 * a SharedArrayBuffer shared as they are, otherwise packed by the request (one copy, into a buffer the pool reuses).
 */
function rowBlocks(posteriors: unknown, parts: number): { blocks: unknown[]; offsets: number[]; totalRows: number } | null {
  let rows: number, cols: number;
  if (isDense(posteriors)) {
    rows = posteriors.rows; cols = posteriors.cols;
    if (rows < 1 || cols < 1 || posteriors.data.length !== rows * cols) return null;
  } else if (Array.isArray(posteriors) && posteriors.length > 0) {
    const first = posteriors[0] as unknown;
    if (!Array.isArray(first) && !(first instanceof Float64Array)) return null;
    rows = posteriors.length; cols = (first as ArrayLike<number>).length;
    for (const r of posteriors as unknown[]) {
      if ((!Array.isArray(r) && !(r instanceof Float64Array)) || (r as ArrayLike<number>).length !== cols) return null;
    }
  } else return null;
  if (rows * cols < SPLIT_MIN_ENTRIES) return null;
  // one block per worker; posteriors the calling thread must copy in blocks of about SPLIT_BLOCK_BYTES (shared ones
  // are not copied: more blocks would only add messages); at least 2 rows a block
  const sharedRows = isDense(posteriors) && typeof SharedArrayBuffer === "function" && posteriors.data.buffer instanceof SharedArrayBuffer;
  if (!sharedRows) parts = Math.max(parts, Math.ceil((8 * rows * cols) / SPLIT_BLOCK_BYTES));
  parts = Math.max(1, Math.min(parts, Math.floor(rows / 2)));
  if (parts === 1) return null;
  const blocks: unknown[] = [], offsets: number[] = [];
  for (let p = 0; p < parts; p++) {
    const lo = Math.floor((p * rows) / parts), hi = Math.floor(((p + 1) * rows) / parts);
    offsets.push(lo);
    if (isDense(posteriors)) {
      blocks.push({ rows: hi - lo, cols, data: posteriors.data.subarray(lo * cols, hi * cols) });
    } else {
      blocks.push((posteriors as unknown[]).slice(lo, hi));
    }
  }
  return { blocks, offsets, totalRows: rows };
}

/** An error of a block, worded as the whole call would have worded it (row indices of posteriors shifted). */
function shiftRows(e: unknown, offset: number): unknown {
  if (!(e instanceof InputError) || offset === 0) return e;
  const m = /^posteriors\[(\d+)\]/.exec(e.message);
  if (!m) return e;
  return new InputError(`posteriors[${Number(m[1]) + offset}]${e.message.slice(m[0].length)}`);
}

async function splitCall(
  pool: WorkerPool, method: "bestResponses" | "quantalResponses", args: unknown[], signal?: AbortSignal,
): Promise<unknown> {
  const split = rowBlocks(args[1], pool.size);
  if (!split) return pool.call(method, args, signal);
  const out = sharedOutput(pool.outputs, method, args);
  // results in ordinary memory: each block's rows are copied into place when its reply comes
  let placed: RespondIntoOutput | undefined;
  const place = (value: unknown, p: number): void => {
    const row = split.offsets[p]!;
    if (method === "quantalResponses") {
      const v = value as Float64Array, rows = (split.blocks[p] as { length?: number; rows?: number });
      const blockRows = rows.rows ?? rows.length!, actions = v.length / blockRows;
      placed ??= { values: new Float64Array(split.totalRows * actions) };
      placed.values.set(v, row * actions);
    } else {
      const r = value as BestResponsesResult;
      placed ??= { actions: new Int32Array(split.totalRows), values: new Float64Array(split.totalRows) };
      placed.actions!.set(r.actions, row);
      placed.values.set(r.values, row);
    }
  };
  const settled = await Promise.allSettled(split.blocks.map((block, p) => {
    const a = args.slice();
    a[1] = block;
    return out ? pool.call(RESPOND_INTO, [method, a, out.views, split.offsets[p]!], signal) : pool.call(method, a, signal).then((v) => place(v, p));
  }));
  // the first failing block is the one the whole call would have reported (rows are checked in order)
  const failed = settled.findIndex((s) => s.status === "rejected");
  // (a buffer a failed call wrote into is not reused: an aborted block's worker may still be writing into it)
  if (failed >= 0) throw shiftRows((settled[failed] as PromiseRejectedResult).reason, split.offsets[failed]!);
  if (out) {
    // the result in ordinary memory of its own; the shared buffer goes back for the next call
    const values = new Float64Array(out.views.values.length);
    values.set(out.views.values);
    let actions: Int32Array | undefined;
    if (out.views.actions) { actions = new Int32Array(out.views.actions.length); actions.set(out.views.actions); }
    pool.outputs.give(out.buffer);
    return method === "quantalResponses" ? values : { actions, values };
  }
  return method === "quantalResponses" ? placed!.values : placed!;
}

/** Above this many bytes of results a split call's output is not kept for reuse: its blocks come back as arrays. */
const SHARED_OUTPUT_MAX_BYTES = 256 << 20;

/**
 * When the caller's posteriors are in a SharedArrayBuffer, the workers write their blocks' rows into one shared
 * buffer of the pool's (nothing allocated, faulted in or sent back per block), which the calling thread then copies
 * into the result. The buffer is reused, never handed out: a SharedArrayBuffer posted to a worker is freed only when
 * every thread holding it has collected it, and shared memory does not count towards any thread's collection, so a
 * fresh one per call (what the result was until this buffer) kept 12 MB per 10⁶-row call alive in idle workers —
 * resident memory grew without bound over repeated calls (nodejs/node#34703). Null for posteriors in ordinary
 * memory (their blocks' results come back as arrays) and for outputs above SHARED_OUTPUT_MAX_BYTES.
 */
function sharedOutput(
  stock: BufferStock, method: "bestResponses" | "quantalResponses", args: unknown[],
): { buffer: ArrayBuffer; views: RespondIntoOutput } | null {
  const P = args[1];
  if (!isDense(P) || typeof SharedArrayBuffer !== "function" || !(P.data.buffer instanceof SharedArrayBuffer)) return null;
  const U = args[0];
  const width = method === "bestResponses" ? 1 : Array.isArray(U) ? U.length : isDense(U) ? U.rows : 0;
  const bytes = method === "bestResponses" ? 12 * P.rows : 8 * P.rows * width;
  if (width === 0 || bytes > SHARED_OUTPUT_MAX_BYTES) return null;
  const buffer = stock.take(bytes);
  const values = new Float64Array(buffer, 0, P.rows * width);
  return method === "bestResponses"
    ? { buffer, views: { values, actions: new Int32Array(buffer, 8 * P.rows, P.rows) } }
    : { buffer, views: { values } };
}

/** The public pool over a WorkerPool (src/pool/node.ts and src/pool/browser.ts call this with their host). */
export async function createPoolOn(host: PoolHost, options: PoolOptions = {}): Promise<Pool> {
  if (options === null || typeof options !== "object") throw new InputError(`options must be an object; got ${String(options)}`);
  for (const key of Object.keys(options)) {
    if (key !== "workers" && key !== "backend" && key !== "workerUrl") throw new InputError(`createPool has no option ${JSON.stringify(key)} (known: workers, backend, workerUrl)`);
  }
  const workers = options.workers ?? host.defaultWorkers();
  if (!Number.isInteger(workers) || workers < 1) throw new InputError(`workers must be a positive integer; got ${String(options.workers)}`);
  const backend = options.backend ?? "wasm";
  if (backend !== "wasm" && backend !== "js") throw new InputError(`backend must be 'wasm' or 'js'; got ${String(backend)}`);
  const wp = new WorkerPool(host, workers, backend);
  try {
    await wp.ready();
  } catch (e) {
    await wp.close();
    throw e;
  }
  const run = (method: PoolMethod, args: unknown[], signal?: AbortSignal): Promise<unknown> =>
    (method === "bestResponses" || method === "quantalResponses" ? splitCall(wp, method, args, signal) : wp.call(method, args, signal))
      .then((r) => reshapeResult(method, args, r));   // flat results carry rows/cols, as the Engine's do
  const pool = {
    workers,
    backend,
    async *simplexGridChunks(states: number, resolution: number, chunkRows?: number) {
      // a pure enumeration (no kernel): the 'js' engine's, in this thread
      yield* (await createEngine({ backend: "js" })).simplexGridChunks(states, resolution, chunkRows);
    },
    map: (method: PoolMethod, argsList: readonly unknown[][], o?: MapOptions) => {
      if (!(FORWARDED_METHODS as readonly string[]).includes(method)) return Promise.reject(new InputError(`map: the pool has no method ${JSON.stringify(method)}`));
      if (!Array.isArray(argsList)) return Promise.reject(new InputError("map: argsList must be an array of argument lists"));
      return wp.mapCalls(method, argsList, o).then((rs) => (rs as unknown[]).map((r, i) => reshapeResult(method, argsList[i]!, r)));
    },
    run: (method: PoolMethod, args: unknown[], o?: RunOptions) => run(method, args, o?.signal),
    close: () => wp.close(),
  } as Record<string, unknown>;
  for (const m of FORWARDED_METHODS) pool[m] = (...args: unknown[]) => run(m, args);
  return pool as unknown as Pool;
}
