import type { DenseMatrix } from "../core/types.js";

/**
 * Rigorous cone certificates (hullDistance with constraint 'nonnegative'): the bound ε* ≥ yᵀu / max(1, ‖y‖₁) needs
 * Uᵀy ≤ 0 exactly as lowerBound evaluates it (the sum over rows in index order), with no slack: sup_{w ≥ 0} wᵀUᵀy is
 * +∞ for any positive entry. The kernel's y comes from a basis in floating point, so the columns that are tight
 * ((Uᵀy)_j ≈ 0, the models in the support of w) sit on either side of zero by rounding. The repair moves y on its own
 * support by the least-norm Δy with (UᵀΔy)_j = −(Uᵀy)_j − μ_j for those columns (μ_j a margin a few ulps of the
 * column's terms; with an offset also 1ᵀΔy = −1ᵀy), then checks again with the exact evaluation; at most 3 rounds.
 * Returns null when it cannot (the caller falls back to y = 0, whose bound 0 holds for every variant).
 */

/** Uᵀy, rows in index order (the evaluation lowerBound uses). */
export function multiplyT(U: DenseMatrix, y: Float64Array): Float64Array {
  const { rows: n, cols: k, data } = U;
  const out = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const yi = y[i]!;
    if (yi === 0) continue;
    const o = i * k;
    for (let j = 0; j < k; j++) out[j] = out[j]! + data[o + j]! * yi;
  }
  return out;
}

/** Solves the small dense system G z = r (G symmetric positive semidefinite) by Gaussian elimination with pivoting;
 *  a dependent equation (a pivot below 1e-14 of the largest diagonal) is dropped with its unknown set to 0. */
function solveSmall(G: Float64Array, r: Float64Array, p: number): Float64Array | null {
  const A = Float64Array.from(G), b = Float64Array.from(r);
  let scale = 0;
  for (let i = 0; i < p; i++) scale = Math.max(scale, Math.abs(A[i * p + i]!));
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let i = c + 1; i < p; i++) if (Math.abs(A[i * p + c]!) > Math.abs(A[piv * p + c]!)) piv = i;
    if (!(Math.abs(A[piv * p + c]!) > 1e-14 * scale)) {
      // a dependent constraint (duplicate models give identical rows of G and of the right-hand side): drop its
      // equation and set its multiplier to 0; the caller re-checks Uᵀy ≤ 0 exactly, so an inconsistent drop only fails
      for (let j = c; j < p; j++) A[c * p + j] = j === c ? 1 : 0;
      b[c] = 0;
      continue;
    }
    if (piv !== c) {
      for (let j = 0; j < p; j++) { const t = A[c * p + j]!; A[c * p + j] = A[piv * p + j]!; A[piv * p + j] = t; }
      const t = b[c]!; b[c] = b[piv]!; b[piv] = t;
    }
    for (let i = c + 1; i < p; i++) {
      const f = A[i * p + c]! / A[c * p + c]!;
      if (f === 0) continue;
      for (let j = c; j < p; j++) A[i * p + j] = A[i * p + j]! - f * A[c * p + j]!;
      b[i] = b[i]! - f * b[c]!;
    }
  }
  const z = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let j = i + 1; j < p; j++) s -= A[i * p + j]! * z[j]!;
    z[i] = s / A[i * p + i]!;
  }
  return z;
}

export function repairConeCertificate(U: DenseMatrix, y0: Float64Array, offset: boolean): Float64Array | null {
  const first = repairOnce(U, y0, offset, false, false) ?? repairOnce(U, y0, offset, true, false) ?? repairOnce(U, y0, offset, false, true);
  if (first) return first;
  // last resort: y snapped to multiples of 2^-40·max|y_i| (y = (0.49999999999999994, −0.5) from a basis is the exact
  // (1/2, −1/2) certificate of integer data plus a rounding; snapped it may satisfy Uᵀy ≤ 0 exactly), then repaired
  let ymax = 0;
  for (let i = 0; i < y0.length; i++) ymax = Math.max(ymax, Math.abs(y0[i]!));
  if (!(ymax > 0) || !Number.isFinite(ymax)) return null;
  const grid = 2 ** (Math.floor(Math.log2(ymax)) - 40);
  const snapped = y0.map((v) => Math.round(v / grid) * grid);
  return repairOnce(U, snapped, offset, false, false) ?? repairOnce(U, snapped, offset, false, true);
}

function repairOnce(U: DenseMatrix, y0: Float64Array, offset: boolean, dropTiny: boolean, keepTight: boolean): Float64Array | null {
  const { rows: n, cols: k, data } = U;
  const y = Float64Array.from(y0);
  const eps = 2 ** -52;
  if (dropTiny) {
    // entries at the rounding level of the largest are the basis's leftovers, not part of the certificate: dropped
    // (a y_i of 5e-32 next to 0.5 made a tight column 1e-31 positive, and its margin, relative to those terms, shrank
    // with them, so no round of the repair could clear it: fuzz hullDistance:3116, seed 2)
    let ymax = 0;
    for (let i = 0; i < n; i++) ymax = Math.max(ymax, Math.abs(y[i]!));
    for (let i = 0; i < n; i++) if (Math.abs(y[i]!) <= n * eps * ymax) y[i] = 0;
  }
  for (let round = 0; round < 4; round++) {
    const g = multiplyT(U, y);
    // the terms' magnitude per column, for the margin and for "near tight"
    const mag = new Float64Array(k);
    for (let i = 0; i < n; i++) { const yi = Math.abs(y[i]!); if (yi === 0) continue; for (let j = 0; j < k; j++) mag[j] = mag[j]! + Math.abs(data[i * k + j]!) * yi; }
    let bad = false;
    for (let j = 0; j < k; j++) if (!(g[j]! <= 0)) bad = true;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += y[i]!;
    if (!bad) return y;
    if (round === 3) return null;
    // columns to move: every column not safely negative (g_j > −64·eps·mag_j), target −(8 + 8·round)·n·eps·mag_j
    const J: number[] = [];
    for (let j = 0; j < k; j++) if (g[j]! > -64 * n * eps * mag[j]!) J.push(j);
    const S: number[] = [];
    for (let i = 0; i < n; i++) if (y[i] !== 0) S.push(i);
    const p = J.length + (offset ? 1 : 0);
    if (S.length < p || p === 0) return null;
    // M (p × |S|): rows U_{S,j}ᵀ for j ∈ J, then 1ᵀ; Δy_S = Mᵀ (M Mᵀ)⁻¹ rhs
    const M = new Float64Array(p * S.length);
    J.forEach((j, a) => S.forEach((i, c) => { M[a * S.length + c] = data[i * k + j]!; }));
    if (offset) S.forEach((_, c) => { M[(p - 1) * S.length + c] = 1; });
    const rhs = new Float64Array(p);
    // keepTight: columns already ≤ 0 keep their value (target 0 change) and only the violated ones get a margin —
    // for models that are exact negatives of each other on the support (g_j = −g_l, both 0), where margins on both
    // are inconsistent
    J.forEach((j, a) => { rhs[a] = keepTight && g[j]! <= 0 ? 0 : -g[j]! - (8 + 8 * round) * n * eps * mag[j]!; });
    if (offset) rhs[p - 1] = -sum;
    // rows of M (and rhs) to unit norm: the ones row and the columns of U live in different units
    for (let a = 0; a < p; a++) {
      let nrm = 0;
      for (let c = 0; c < S.length; c++) nrm = Math.max(nrm, Math.abs(M[a * S.length + c]!));
      if (nrm === 0) return null;
      for (let c = 0; c < S.length; c++) M[a * S.length + c] = M[a * S.length + c]! / nrm;
      rhs[a] = rhs[a]! / nrm;
    }
    const G = new Float64Array(p * p);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
      let s = 0;
      for (let c = 0; c < S.length; c++) s += M[a * S.length + c]! * M[b * S.length + c]!;
      G[a * p + b] = s;
    }
    const z = solveSmall(G, rhs, p);
    if (!z) return null;
    S.forEach((i, c) => {
      let d = 0;
      for (let a = 0; a < p; a++) d += M[a * S.length + c]! * z[a]!;
      y[i] = y[i]! + d;
    });
  }
  return null;
}
