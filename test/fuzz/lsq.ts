/**
 * Least-squares cases (nnls with both methods, alignWeights nonnegative / simplex × offset × pointWeights) judged by
 * the exact rational minimum over all supports (test/helpers/exact.ts) and SPEC's outcome rules:
 *   residual ‖Ax − b‖ within 1e-9·max(1, ‖b‖₂) + 5e-9·r* of r*, and objective within 1e-8·f* + 1e-12·‖b‖².
 */

import { gaussian, type Rng } from "../../src/core/random.js";
import { exactLsq, exactObjective, dyadic, dadd, dmul, dzero, sqrtRat, ratToNumber, type Dyadic } from "../helpers/exact.js";
import { allFinite, fmt, int, pick, pow10, type Case, type Check, type Generator } from "./types.js";

export interface LsqData { A: Float64Array; n: number; k: number; b: Float64Array; family: string }

const FAMILIES = [
  "gaussian", "integers", "row-scaled", "column-scaled", "entries-1e150", "global-units", "subnormal",
  "near-duplicate", "collinear", "exact-interior", "k>n", "ill-conditioned-2x2", "ties",
] as const;

/** One least-squares data set from a family (A n×k row-major and b), all finite. */
export function lsqData(rng: Rng, maxK = 5): LsqData {
  const family = pick(rng, FAMILIES);
  let n = int(rng, 1, 8), k = int(rng, 1, maxK);
  if (family === "k>n") { n = int(rng, 1, 3); k = int(rng, n + 1, maxK + 1 > n + 1 ? maxK : n + 1); }
  if (family === "ill-conditioned-2x2") { n = 2; k = 2; }
  const A = new Float64Array(n * k), b = new Float64Array(n);
  const g = () => gaussian(rng);
  for (let i = 0; i < n * k; i++) A[i] = family === "integers" || family === "ties" ? int(rng, -3, 3) : g();
  for (let i = 0; i < n; i++) b[i] = family === "integers" || family === "ties" ? int(rng, -3, 3) : g();
  switch (family) {
    case "row-scaled": for (let i = 0; i < n; i++) { const s = pow10(rng, -8, 8); b[i] = b[i]! * s; for (let j = 0; j < k; j++) A[i * k + j] = A[i * k + j]! * s; } break;
    case "column-scaled": for (let j = 0; j < k; j++) { const s = pow10(rng, -8, 8); for (let i = 0; i < n; i++) A[i * k + j] = A[i * k + j]! * s; } break;
    case "entries-1e150": for (let i = 0; i < n * k; i++) A[i] = A[i]! * pow10(rng, -150, 150); for (let i = 0; i < n; i++) b[i] = b[i]! * pow10(rng, -150, 150); break;
    case "global-units": { const s = pow10(rng, -150, 150), t = rng() < 0.5 ? s : pow10(rng, -150, 150); A.forEach((v, i) => { A[i] = v * s; }); b.forEach((v, i) => { b[i] = v * t; }); break; }
    case "subnormal": for (let i = 0; i < n * k; i++) A[i] = int(rng, -16, 16) * 5e-324; for (let i = 0; i < n; i++) b[i] = int(rng, -16, 16) * 5e-324; break;
    case "near-duplicate": { const d = pow10(rng, -12, -3); for (let j = 1; j < k; j++) for (let i = 0; i < n; i++) A[i * k + j] = A[i * k]! * (1 + d * g()); break; }
    case "collinear": if (k >= 3) { const a = g(), c = g(); for (let i = 0; i < n; i++) A[i * k + 2] = a * A[i * k]! + c * A[i * k + 1]!; } break;
    case "exact-interior": for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < k; j++) s += A[i * k + j]! * (0.1 + rng()); b[i] = s; } break;
    case "ill-conditioned-2x2": {
      // as the example: one small row, one large nearly collinear row, b in the cone
      const s = pow10(rng, 3, 8), x0 = rng(), x1 = rng();
      A[0] = g(); A[1] = g(); A[2] = s * g(); A[3] = A[2]! * (7 + g());
      b[0] = A[0]! * x0 + A[1]! * x1; b[1] = A[2]! * x0 + A[3]! * x1;
      break;
    }
    case "ties": if (k >= 2) for (let i = 0; i < n; i++) A[i * k + 1] = A[i * k]!; break;
    default: break;
  }
  return { A, n, k, b, family };
}

function toRows(A: Float64Array, n: number, k: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(A.subarray(i * k, (i + 1) * k)));
}

function sumDyadic(v: ArrayLike<number>): Dyadic {
  let s = dzero;
  for (let i = 0; i < v.length; i++) s = dadd(s, dyadic(v[i]!));
  return s;
}

/** The SPEC judgement of an 'optimal' least-squares answer against the exact minimum. */
export function judgeLsq(
  d: LsqData, x: ArrayLike<number>, c: number, w: Float64Array | null, simplex: boolean, offset: boolean,
  status: unknown, value: unknown,
): Check {
  if (!allFinite(value)) return { verdict: "nonFinite", detail: `non-finite number in the result (status ${String(status)})` };
  const ex = exactLsq({ A: d.A, n: d.n, k: d.k, b: d.b, w, simplex, offset });
  if (!ex.solved) return { verdict: "skipped" };
  if (status !== "optimal") return { verdict: "nonOptimal", detail: `status ${String(status)}` };
  // Σ w_i (A_i x + c − b_i)², and the normalisation Σ w (1 without point weights: plain ‖·‖₂ for nnls)
  const fx = exactObjective(d.A, d.n, d.k, d.b, x, c, w);
  const sw = w ? sumDyadic(w) : { m: 1n, e: 0 };
  const r = sqrtRat(fx.m, sw.m, fx.e - sw.e);
  const rStar = sqrtRat(ex.p, ex.q * sw.m, ex.e - sw.e);
  let bb = dzero;
  for (let i = 0; i < d.n; i++) { const wi = dyadic(w ? w[i]! : 1), bi = dyadic(d.b[i]!); bb = dadd(bb, dmul(wi, dmul(bi, bi))); }
  const bNorm = sqrtRat(bb.m, sw.m, bb.e - sw.e);
  let minX = 0, sum = 0;
  for (let j = 0; j < d.k; j++) { minX = Math.min(minX, x[j]!); sum += x[j]!; }
  if (minX < -1e-10 || (simplex && Math.abs(sum - 1) > 1e-9)) {
    return { verdict: "wrong", detail: `infeasible x: min ${fmt(minX)}, sum ${fmt(sum)}` };
  }
  const tolR = 1e-9 * Math.max(1, bNorm) + 5e-9 * rStar;
  if (!(r - rStar <= tolR)) return { verdict: "wrong", detail: `residual ${fmt(r)} vs minimum ${fmt(rStar)} (‖b‖ ${fmt(bNorm)})` };
  const f = ratToNumber(fx.m, sw.m, fx.e - sw.e), fStar = ratToNumber(ex.p, ex.q * sw.m, ex.e - sw.e);
  if (!(f - fStar <= 1e-8 * fStar + 1e-12 * bNorm * bNorm)) return { verdict: "wrong", detail: `objective ${fmt(f)} vs minimum ${fmt(fStar)}` };
  return { verdict: "ok" };
}

function nnlsGenerator(method: "active-set" | "projected-gradient"): Generator {
  return {
    kernel: `nnls ${method}`,
    make(rng) {
      const d = lsqData(rng);
      const opts: Record<string, unknown> = { method };
      if (rng() < 0.1) opts.warmStart = Array.from({ length: d.k }, () => (rng() < 0.5 ? 0 : rng()));
      return {
        kernel: `nnls ${method}`, family: d.family, method: "nnls", args: [toRows(d.A, d.n, d.k), Array.from(d.b), opts],
        check(value): Check {
          const v = value as { x: Float64Array; status: string };
          return judgeLsq(d, v.x, 0, null, false, false, v.status, value);
        },
      } satisfies Case;
    },
  };
}

function pointWeights(rng: Rng, n: number): Float64Array {
  const w = new Float64Array(n);
  const mode = pick(rng, ["uniform-random", "zeros", "huge", "tiny", "integers"] as const);
  for (let i = 0; i < n; i++) {
    w[i] = mode === "integers" ? int(rng, 0, 3) : mode === "zeros" && rng() < 0.4 ? 0 : rng();
    if (mode === "huge") w[i] = 1e308 * (0.5 + 0.5 * rng());
    if (mode === "tiny") w[i] = 5e-324 * int(rng, 1, 8);
  }
  if (!w.some((v) => v > 0)) w[int(rng, 0, n - 1)] = 1;
  return w;
}

function alignGenerator(constraint: "nonnegative" | "simplex"): Generator {
  const kernel = `alignWeights ${constraint}`;
  return {
    kernel,
    make(rng) {
      const d = lsqData(rng);
      const offset = rng() < 0.5;
      const w = rng() < 0.5 ? pointWeights(rng, d.n) : null;
      const opts: Record<string, unknown> = { constraint, offset };
      if (w) opts.pointWeights = Array.from(w);
      if (rng() < 0.15) opts.method = "projected-gradient";
      if (rng() < 0.1) opts.warmStart = Array.from({ length: d.k }, () => (rng() < 0.6 ? 0 : rng()));
      const simplex = constraint === "simplex";
      return {
        kernel, family: `${d.family}${offset ? " +offset" : ""}${w ? " +pointWeights" : ""}${opts.method ? " pg" : ""}${opts.warmStart ? " +warm" : ""}`,
        method: "alignWeights", args: [toRows(d.A, d.n, d.k), Array.from(d.b), opts],
        check(value): Check {
          const v = value as { weights: Float64Array; offset: number; status: string };
          return judgeLsq(d, v.weights, offset ? v.offset : 0, w, simplex, offset, v.status, value);
        },
      } satisfies Case;
    },
  };
}

export const lsqGenerators: Generator[] = [
  nnlsGenerator("active-set"), nnlsGenerator("projected-gradient"), alignGenerator("nonnegative"), alignGenerator("simplex"),
];
