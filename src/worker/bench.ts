/**
 * The workloads of bench/browser.bench.ts, as one pure function of an engine (no DOM, no Node built-ins): Node runs it
 * on its main thread, Chromium inside a module Web Worker, on the same embedded WebAssembly bytes. Each case is timed
 * where it runs (performance.now around the engine call only: no messaging, no data generation), and returns a
 * checksum of its result so the two hosts can be shown to compute the same bits.
 */
import type { Engine } from "../index.js";
import { seeded, type Rng } from "../core/random.js";
import { runAlignmentExperiment } from "../app/experiments/alignment.js";
import { gameInstance, shippedDataset } from "./tasks.js";

export interface BenchCase { name: string; shape: string }
export interface BenchTiming extends BenchCase { medianMs: number; minMs: number; runs: number; checksum: string }

/** The cases for these shapes (rows × cols of the synthetic alignment problems). */
export function benchCases(shapes: [number, number][]): BenchCase[] {
  const out: BenchCase[] = [];
  for (const [n, k] of shapes) {
    out.push({ name: "alignWeights simplex+offset", shape: `${n}×${k}` });
    out.push({ name: "hullDistance simplex+offset", shape: `${n}×${k}` });
  }
  out.push({ name: "bestResponses", shape: "65536 posteriors × 8 actions × 8 states" });
  out.push({ name: "selectionGame", shape: "3 providers, 3×3, seed 7" });
  out.push({ name: "MoralExceptQA experiment (quick)", shape: "148×31, 20 splits + 10 draws per k" });
  return out;
}

/** A standard-normal-like draw with no transcendental function (Irwin–Hall: 12 uniforms − 6), so that the inputs are
 *  bit-identical in every JavaScript engine (Math.log, Math.cos and Math.sin differ in the last bit between V8 versions). */
function normal(rng: Rng): number {
  let s = -6;
  for (let i = 0; i < 12; i++) s += rng();
  return s;
}

/** The benchmark's alignment instance (after BASELINES: a shared signal, 4 latent factors, per-model bias and noise;
 *  u = a convex mix of 10% of the models plus noise), built from the seeded uniform stream only. */
export function benchProblem(n: number, k: number, seed = 42): { U: { rows: number; cols: number; data: Float64Array }; u: Float64Array } {
  const rng = seeded(seed);
  const shared = Float64Array.from({ length: n }, () => normal(rng));
  const latent = Array.from({ length: 4 }, () => Float64Array.from({ length: n }, () => normal(rng)));
  const data = new Float64Array(n * k);
  for (let j = 0; j < k; j++) {
    const load = latent.map(() => 0.5 * normal(rng)), bias = 0.2 * normal(rng);
    for (let i = 0; i < n; i++) {
      let v = shared[i]! + bias + 0.3 * normal(rng);
      for (let f = 0; f < 4; f++) v += load[f]! * latent[f]![i]!;
      data[i * k + j] = v;
    }
  }
  const w = new Float64Array(k);
  for (let t = 0; t < Math.max(1, Math.round(0.1 * k)); t++) w[Math.floor(rng() * k)]! += rng() + 0.1;
  const z = w.reduce((a, b) => a + b, 0);
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) { let s = 0.1 * normal(rng); for (let j = 0; j < k; j++) s += (w[j]! / z) * data[i * k + j]!; u[i] = s; }
  return { U: { rows: n, cols: k, data }, u };
}

/** Bit pattern of a few result numbers (hex of their float64s): equal strings ⇔ bit-identical results. */
function hex(values: ArrayLike<number>): string {
  const f = new Float64Array(Array.from(values));
  const bytes = new Uint8Array(f.buffer);
  let h = 2166136261 >>> 0; // FNV-1a over every byte
  for (let i = 0; i < bytes.length; i++) { h ^= bytes[i]!; h = Math.imul(h, 16777619) >>> 0; }
  return h.toString(16).padStart(8, "0");
}

function prepare(ea: Engine, c: BenchCase, moralExceptQaCsv: string): () => ArrayLike<number> {
  const m = /^(\d+)×(\d+)$/.exec(c.shape);
  if (m && c.name.startsWith("alignWeights")) {
    const { U, u } = benchProblem(Number(m[1]), Number(m[2]));
    return () => { const r = ea.alignWeights(U, u, { constraint: "simplex", offset: true }); return [...r.weights, r.offset, r.error.rmse]; };
  }
  if (m && c.name.startsWith("hullDistance")) {
    const { U, u } = benchProblem(Number(m[1]), Number(m[2]));
    return () => { const r = ea.hullDistance(U, u, { constraint: "simplex", offset: true }); return [...r.weights, r.epsilon, r.certificate.lowerBound]; };
  }
  if (c.name === "bestResponses") {
    const S = 65536, A = 8, Y = 8;
    const utility = { rows: A, cols: Y, data: Float64Array.from({ length: A * Y }, seeded(9)) };
    const post = new Float64Array(S * Y);
    let s = 12345;
    for (let i = 0; i < S; i++) {
      let z = 0;
      for (let y = 0; y < Y; y++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; post[i * Y + y] = (s >>> 8) / 16777216 + 1e-3; z += post[i * Y + y]!; }
      for (let y = 0; y < Y; y++) post[i * Y + y] = post[i * Y + y]! / z;
    }
    const posteriors = { rows: S, cols: Y, data: post };
    return () => ea.bestResponses(utility, posteriors).values;
  }
  if (c.name === "selectionGame") {
    const inst = gameInstance({ providers: 3, actions: 3, states: 3, epsilon: 0, perturbation: "bias", seed: 7, step: 0.01, maxRounds: 1000 });
    const mat = (d: Float64Array) => ({ rows: 3, cols: 3, data: d });
    return () => { const g = ea.selectionGame({ providers: inst.providers.map(mat), user: mat(inst.user), prior: inst.prior }); return [g.userValue, g.hull.epsilon, g.rounds]; };
  }
  if (c.name.startsWith("MoralExceptQA")) {
    const data = shippedDataset("moral-exceptqa", moralExceptQaCsv);
    return () => runAlignmentExperiment(ea, data, { protocol: "random", splits: 20, testFraction: 0.25, kDraws: 10, seed: 1 }).methods.map((x) => x.mse.mean);
  }
  throw new Error(`unknown bench case ${c.name} ${c.shape}`);
}

/**
 * Times every case: one warm-up, then samples of `batch` back-to-back calls (batch chosen so that a sample lasts ≥ 5 ms,
 * since browsers coarsen performance.now() to 0.1 ms), until `budgetMs` has passed (at least `minRuns` samples, at
 * most 200). Reports per-call times.
 */
export function runBenchCases(ea: Engine, cases: BenchCase[], o: { budgetMs: number; minRuns: number; moralExceptQaCsv: string }): BenchTiming[] {
  return cases.map((c) => {
    const f = prepare(ea, c, o.moralExceptQaCsv);
    const checksum = hex(f());
    let batch = 1;
    for (;;) {
      const t0 = performance.now();
      for (let r = 0; r < batch; r++) f();
      const dt = performance.now() - t0;
      if (dt >= 5 || batch >= 4096) break;
      batch *= dt < 0.5 ? 8 : 2;
    }
    const times: number[] = [];
    const start = performance.now();
    while (times.length < 200 && (times.length < o.minRuns || performance.now() - start < o.budgetMs)) {
      const t0 = performance.now();
      for (let r = 0; r < batch; r++) f();
      times.push((performance.now() - t0) / batch);
    }
    times.sort((a, b) => a - b);
    const mid = times.length >> 1;
    const medianMs = times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
    return { ...c, medianMs, minMs: times[0]!, runs: times.length * batch, checksum };
  });
}
