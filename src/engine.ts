import type { Kernels } from "./backend/contract.js";
import { kernelsOn } from "./backend/kernels.js";
import { portableExports } from "./backend/js/instance.js";
import type { AlignOptions, AlignResult, BackendName, MatrixLike, NnlsOptions, NnlsResult, RowMajor, SupNormAlignOptions, SupNormAlignResult, VectorLike } from "./core/types.js";
import { EngineDisposedError, InputError } from "./core/errors.js";
import { checkKeys } from "./core/checks.js";
import { compileBuild, compileBuildSync, defaultBuild, instantiate, type WasmBuild } from "./backend/wasm/instance.js";
import * as alignment from "./api/alignment.js";
import * as batches from "./api/batches.js";
import * as lp from "./api/linprog.js";
import * as hull from "./api/hull.js";
import * as responses from "./api/responses.js";
import * as grid from "./api/grid.js";
import * as persuasionApi from "./api/persuasion.js";
import * as games from "./api/game.js";
import type { ConcavifyResult, DenseMatrix, PersuasionOptions, PersuasionResult, SelectionGameInput, SelectionGameResult, SimplexGrid } from "./core/types.js";
import type { BestResponseOptions, BestResponsesResult, QuantalResponseOptions } from "./core/types.js";
import type { HullOptions, HullResult, InHullOptions, InHullResult, LinprogOptions, LinprogProblemInput, LinprogResult } from "./core/types.js";

export interface EngineOptions {
  /** 'wasm' (default): the WebAssembly kernels; 'js': the same kernels compiled to JavaScript (same results). */
  backend?: BackendName;
  /** Which WebAssembly build: default the SIMD release build where supported, else the scalar one (same results). */
  wasmBuild?: WasmBuild;
}

/** All methods are synchronous; each engine owns one WebAssembly instance (and its memory). */
export interface Engine {
  readonly backend: BackendName;
  nnls(A: MatrixLike, b: VectorLike, opts?: NnlsOptions): NnlsResult;
  /** With `norm: 'linf'` (or its alias 'sup') the result carries the hull LP's certificate. */
  alignWeights(U: MatrixLike, u: VectorLike, opts: SupNormAlignOptions): SupNormAlignResult;
  alignWeights(U: MatrixLike, u: VectorLike, opts?: AlignOptions): AlignResult;
  /** One nnls per column of B (n×m), sharing the work that depends on A alone (SPEC "Batches"). */
  nnlsMany(A: MatrixLike, B: MatrixLike, opts?: NnlsOptions): NnlsResult[];
  /** One alignWeights per column of targets (n×m, one user per column), sharing the work on U. */
  alignWeightsMany(U: MatrixLike, targets: MatrixLike, opts?: AlignOptions): AlignResult[];
  linprog(problem: LinprogProblemInput, opts?: LinprogOptions): LinprogResult;
  hullDistance(U: MatrixLike, u: VectorLike, opts?: HullOptions): HullResult;
  inHull(U: MatrixLike, u: VectorLike, opts?: InHullOptions): InHullResult;
  bestResponses(utility: MatrixLike, posteriors: MatrixLike, opts?: BestResponseOptions): BestResponsesResult;
  /** S×|A| row-major choice probabilities (`rows` = S, `cols` = |A|). */
  quantalResponses(utility: MatrixLike, posteriors: MatrixLike, lambda: number, opts?: QuantalResponseOptions): RowMajor;
  simplexGrid(states: number, resolution: number): SimplexGrid;
  simplexGridChunks(states: number, resolution: number, chunkRows?: number): Generator<DenseMatrix>;
  simplexGridSize(states: number, resolution: number): number;
  concavify(values: VectorLike, posteriors: MatrixLike, prior: VectorLike): ConcavifyResult;
  persuasion(senderUtility: MatrixLike, receiverUtility: MatrixLike, prior: VectorLike, opts?: PersuasionOptions): PersuasionResult;
  selectionGame(input: SelectionGameInput): SelectionGameResult;
  /** Releases the engine's WebAssembly instance and memory (idempotent); any later call throws EngineDisposedError. */
  dispose(): void;
}

/** Each engine's kernels, for the library's own callers that need more than the Engine's methods (the pool's workers
 *  writing a response block into shared memory); not exported from the package. */
const ENGINE_KERNELS = new WeakMap<Engine, (method: string) => Kernels>();

/** The kernels behind `engine` (throws EngineDisposedError after dispose, as its methods do). */
export function engineKernels(engine: Engine, method: string): Kernels {
  const use = ENGINE_KERNELS.get(engine);
  if (!use) throw new TypeError("not an engine made by createEngine");
  return use(method);
}

/** An engine over any kernels (internal: tests use it to run the debug build of the same kernels). */
export function engineOn(live: Kernels): Engine {
  // the only reference to the instance (and so its memory): dropped by dispose(), after which every method throws
  let held: Kernels | null = live;
  const use = (method: string): Kernels => {
    if (!held) throw new EngineDisposedError(method);
    return held;
  };
  const engine = engineMethods(live.name, use);
  engine.dispose = () => { held?.release(); held = null; };
  ENGINE_KERNELS.set(engine, use);
  return engine;
}

function engineMethods(backend: BackendName, use: (method: string) => Kernels): Engine {
  const kernelsFor = (m: string) => use(m);
  return {
    backend,
    nnls: (A, b, opts) => alignment.nnls(kernelsFor("nnls"), A, b, opts),
    alignWeights: ((U: MatrixLike, u: VectorLike, opts?: AlignOptions) => alignment.alignWeights(kernelsFor("alignWeights"), U, u, opts)) as Engine["alignWeights"],
    nnlsMany: (A, B, opts) => batches.nnlsMany(kernelsFor("nnlsMany"), A, B, opts),
    alignWeightsMany: (U, targets, opts) => batches.alignWeightsMany(kernelsFor("alignWeightsMany"), U, targets, opts),
    linprog: (problem, opts) => lp.linprog(kernelsFor("linprog"), problem, opts),
    hullDistance: (U, u, opts) => hull.hullDistance(kernelsFor("hullDistance"), U, u, opts),
    inHull: (U, u, opts) => hull.inHull(kernelsFor("inHull"), U, u, opts),
    bestResponses: (utility, posteriors, opts) => responses.bestResponses(kernelsFor("bestResponses"), utility, posteriors, opts),
    quantalResponses: (utility, posteriors, lambda, opts) => responses.quantalResponses(kernelsFor("quantalResponses"), utility, posteriors, lambda, opts),
    simplexGrid: (states, resolution) => { use("simplexGrid"); return grid.simplexGrid(states, resolution); },
    simplexGridChunks: (states, resolution, chunkRows) => grid.simplexGridChunks(states, resolution, chunkRows),
    simplexGridSize: (states, resolution) => grid.simplexGridSize(states, resolution),
    concavify: (values, posteriors, prior) => grid.concavify(kernelsFor("concavify"), values, posteriors, prior),
    persuasion: (s, r, prior, opts) => persuasionApi.persuasion(kernelsFor("persuasion"), s, r, prior, opts),
    selectionGame: (input) => games.selectionGame(kernelsFor("selectionGame"), input),
    dispose: () => {},
  };
}

function checkOptions(options: EngineOptions | undefined): { backend: BackendName; build: WasmBuild | undefined } {
  if (options !== undefined && (typeof options !== "object" || options === null)) throw new InputError(`options must be an object; got ${String(options)}`);
  checkKeys(options, ["backend", "wasmBuild"], "options");
  const backend = options?.backend ?? "wasm";
  if (backend !== "wasm" && backend !== "js") throw new InputError(`backend must be 'wasm' or 'js'; got ${String(backend)}`);
  const build = options?.wasmBuild;
  if (build !== undefined && build !== "release" && build !== "release-scalar") {
    throw new InputError(`wasmBuild must be 'release' or 'release-scalar'; got ${String(build)}`);
  }
  return { backend, build };
}

/** Creates an engine; the WebAssembly module is compiled once per process and cached. */
export async function createEngine(options?: EngineOptions): Promise<Engine> {
  const { backend, build } = checkOptions(options);
  if (backend === "js") return engineOn(kernelsOn("js", portableExports()));
  const module = await compileBuild(build ?? defaultBuild());
  return engineOn(kernelsOn("wasm", instantiate(module)));
}

/** Synchronous variant for Node and workers (browsers' main threads refuse large synchronous compiles). */
export function createEngineSync(options?: EngineOptions): Engine {
  const { backend, build } = checkOptions(options);
  if (backend === "js") return engineOn(kernelsOn("js", portableExports()));
  return engineOn(kernelsOn("wasm", instantiate(compileBuildSync(build ?? defaultBuild()))));
}
