import type { DenseMatrix } from "../types.js";
import { alignmentErrors, type Evaluation } from "../evaluate.js";
import { dot, powerOfTwoScale } from "./linalg.js";

/**
 * Twin of assembly/evaluate.ts for the reference backend: everything the API reports, recomputed from the caller's
 * data and the returned x (never from solver state).
 */

/** ‖v‖₂ without overflow or underflow (scaled sum of squares, as LAPACK's dnrm2). */
function norm2(v: Float64Array): number {
  let scale = 0;
  for (let i = 0; i < v.length; i++) scale = Math.max(scale, Math.abs(v[i]!));
  if (scale === 0) return 0;
  let ss = 0;
  for (let i = 0; i < v.length; i++) { const t = v[i]! / scale; ss += t * t; }
  return scale * Math.sqrt(ss);
}

/**
 * For min Σ_i ω_i (A_i·x + c − b_i)² with the offset c free (`center`) or 0, and ω = 1/n when null: the residual,
 * the gradient of the equivalent plain problem A_eq = diag(√ω)(A − 1mᵀ), b_eq = √ω∘(b − b̄), and its scale s
 * (SPEC's s; for the simplex ‖A_eq‖max² joins it, since the fitted values reach ‖A_eq‖max even when b = 0).
 * The scaled KKT ratios do not depend on a constant factor in ω, so ω = 1/n matches the unweighted problem.
 */
export function evaluate(A: DenseMatrix, b: Float64Array, x: Float64Array, omega: Float64Array | null, center: boolean, sumOne: boolean): Evaluation {
  // as assembly/evaluate.ts: data far from 1 is redone with the product terms scaled by a power of two t, which
  // multiplies g and s by t² and leaves every ratio unchanged
  const first = evaluatePass(A, b, x, omega, center, sumOne, 1);
  const t = powerOfTwoScale(first.big);
  return t === 1 ? first.evaluation : evaluatePass(A, b, x, omega, center, sumOne, t).evaluation;
}

function evaluatePass(
  A: DenseMatrix, b: Float64Array, x: Float64Array, omega: Float64Array | null, center: boolean, sumOne: boolean, t: number,
): { evaluation: Evaluation; big: number } {
  const { rows: n, cols: k, data } = A;
  const means = new Float64Array(k);
  let bMean = 0;
  if (center) {
    for (let i = 0; i < n; i++) {
      const w = omega ? omega[i]! : 1 / n;
      const o = i * k;
      for (let j = 0; j < k; j++) means[j]! += w * data[o + j]!;
      bMean += w * b[i]!;
    }
  }
  let offset = 0;
  if (center) {
    offset = bMean;
    for (let j = 0; j < k; j++) offset -= means[j]! * x[j]!;
  }
  const residual = new Float64Array(n);
  const gradient = new Float64Array(k);
  const atb = new Float64Array(k);
  const colSq = new Float64Array(k);
  let aMax = 0, bMax = 0, rss = 0, bss = 0;
  for (let i = 0; i < n; i++) {
    const w = omega ? omega[i]! : 1 / n;
    const sw = Math.sqrt(w);
    const o = i * k;
    const e = dot(data, o, x, 0, k) + offset - b[i]!;   // as assembly/evaluate.ts (its dot's summation order)
    residual[i] = e;
    // as assembly/evaluate.ts: the scaled residual from the scaled data when t ≠ 1
    let et = e * t;
    if (t !== 1) {
      et = (offset - b[i]!) * t;
      for (let j = 0; j < k; j++) et += (data[o + j]! * t) * x[j]!;
    }
    const bi = (b[i]! - bMean) * t;
    bMax = Math.max(bMax, sw * Math.abs(bi));
    rss += w * et * et;
    bss += w * bi * bi;
    const we = w * et, wb = w * bi;
    for (let j = 0; j < k; j++) {
      const aij = (data[o + j]! - means[j]!) * t;
      gradient[j]! += we * aij;
      atb[j]! += wb * aij;
      const m = sw * Math.abs(aij);
      if (m > aMax) aMax = m;
    }
    for (let q = 0; q < k; q++) { const v = (data[o + q]! - means[q]!) * t; colSq[q] = colSq[q]! + w * v * v; }
  }
  let mu = 0;
  if (sumOne) {
    mu = Infinity;
    for (let q = 0; q < k; q++) if (x[q]! > 0 && gradient[q]! < mu) mu = gradient[q]!;
    if (mu === Infinity) mu = 0;
  }
  let ref = Math.sqrt(bss);
  for (let q = 0; q < k; q++) ref += Math.sqrt(colSq[q]!) * Math.abs(x[q]!);
  const rr = Math.max(Math.sqrt(rss), 2 ** -23 * ref);
  let scaleFreeDual = 0;
  for (let q = 0; q < k; q++) {
    const cq = Math.sqrt(colSq[q]!);
    if (!(cq > 0) || !(rr > 0)) continue;
    const gq = gradient[q]! - mu;
    const v = x[q]! > 0 ? Math.abs(gq) : Math.max(0, -gq);
    scaleFreeDual = Math.max(scaleFreeDual, v / (cq * rr));
  }
  let atbMax = 0;
  for (let j = 0; j < k; j++) atbMax = Math.max(atbMax, Math.abs(atb[j]!));
  const evaluation = {
    gradient, scale: Math.max(atbMax, aMax * Math.max(bMax, sumOne ? aMax : 0), 1e-300), offset,
    residualNorm: norm2(residual), errors: alignmentErrors(residual, omega), scaleFreeDual,
  };
  return { evaluation, big: Math.max(aMax, bMax) };
}

