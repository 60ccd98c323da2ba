import { ld, st, ldi, sti } from "./mem";
import { axpy } from "./linalg";
import { Status } from "./status";

// ---------------------------------------------------------------------------------------------------------------
// linprog: min cᵀx s.t. A x (≤ | =) b, l ≤ x ≤ u — a bounded-variable revised primal simplex on equilibrated data.
// see: Koberstein (2005), The dual simplex method, techniques for a fast and stable implementation (ch. 6 scaling,
//      ch. 7 bounds and ratio tests); Maros (2003), Computational Techniques of the Simplex Method (phase 1 by the
//      sum of infeasibilities, "first breakpoint" ratio test); Harris (1973) (two-pass ratio test); Bland (1977).
//
// Portable AssemblyScript (see /work/plan/PLAN.md): memory only through ld/st/ldi/sti, conversions as calls, no
// allocation, no state between calls. The js backend runs this same source.
//
// 1. Exact equilibration: row scales r_i and column scales s_j are powers of two (four passes of geometric scaling,
//    each rounded to the nearest power of two), then one power of two β for the right-hand side and bounds and one γ
//    for the objective: Ã = R A S, b̃ = R b / β, l̃ = l / (S β), c̃ = γ⁻¹ S c. Every product with a power of two is
//    exact (outside over/underflow), so the scaled LP is the caller's LP in other units, and every tolerance below is
//    relative to data of unit size.
// 2. One logical column per row (e_i; bounds [0, ∞) for ≤ rows, [0, 0] for equalities), so the starting basis is I.
//    A comes in compressed rows (its nonzeros) and is kept so, with a copy by columns: scaling, pricing, the pivot
//    row, α = B⁻¹ã_q and the re-inversion touch only nonzeros; nothing of size m×nv is stored.
// 3. Phase 1 minimises the sum of bound violations of the basic variables (costs ±1 recomputed every iteration),
//    with the first-breakpoint ratio test; phase 2 minimises c̃ᵀx̃. The phase is decided per iteration, so a basis
//    that falls out of feasibility by rounding goes back to phase 1 by itself.
// 4. The basis inverse is kept explicitly (dense m×m), updated in product form after each pivot (O(m²), on the
//    nonzeros of the pivot row when it is sparse) and re-inverted from scratch by Gauss–Jordan with partial pivoting
//    (in place, on the block of the basic structurals) every REFACTOR pivots and before any final answer.
// 5. Pricing: Dantzig on the scaled reduced costs (largest |d_j|), Bland's rule after BLAND_AFTER consecutive
//    degenerate pivots until the objective moves. Ratio test: Harris's two passes (bounds relaxed by HARRIS·(1+|bound|),
//    then the largest |pivot| among the candidates), bound flips of the entering variable.
// Variable status: 0 basic, 1 at lower, 2 at upper, 3 free at zero, 4 fixed (never enters).
// Output: x (unscaled), y = c_Bᵀ B⁻¹ in the caller's units (SciPy's marginals), info[0] iterations, info[1] phase.
// ---------------------------------------------------------------------------------------------------------------

const BLAND_AFTER: i32 = 50;
const REFACTOR: i32 = 100;
const PIVOT_TOL: f64 = 1e-9;
const FEAS_TOL: f64 = 1e-9;
const HARRIS: f64 = 1e-11;

function fabs(v: f64): f64 { return v < 0.0 ? -v : v; }
function even(v: i32): i32 { return v + (v & 1); }

/** The power of two nearest to v > 0 (in the geometric sense), clamped to [2^-1000, 2^1000]; 1 for v ≤ 0 or not finite. */
export function pow2Near(v: f64): f64 {
  if (v > 0.7071067811865476 && v <= 1.4142135623730951) return 1.0; // √½ < v ≤ √2 (a settled scale)
  if (!(v > 0.0) || !isFinite(v)) return 1.0;
  // p = the largest power of two ≤ v, no lower than 2^-997: a binary search on the exponent with the exact powers
  // 2^±512, 2^±256, …, 2^±1
  let p = 1.0;
  if (v >= 1.0) {
    if (v >= p * 1.3407807929942597e154) p *= 1.3407807929942597e154;
    if (v >= p * 1.157920892373162e77) p *= 1.157920892373162e77;
    if (v >= p * 3.402823669209385e38) p *= 3.402823669209385e38;
    if (v >= p * 18446744073709551616.0) p *= 18446744073709551616.0;
    if (v >= p * 4294967296.0) p *= 4294967296.0;
    if (v >= p * 65536.0) p *= 65536.0;
    if (v >= p * 256.0) p *= 256.0;
    if (v >= p * 16.0) p *= 16.0;
    if (v >= p * 4.0) p *= 4.0;
    if (v >= p * 2.0) p *= 2.0;
  } else if (v < 7.466108948025751e-301) {
    p = 7.466108948025751e-301; // 2^-997
  } else {
    if (v < p * 7.458340731200207e-155) p *= 7.458340731200207e-155;
    if (v < p * 8.636168555094445e-78) p *= 8.636168555094445e-78;
    if (v < p * 2.938735877055719e-39) p *= 2.938735877055719e-39;
    if (v < p * 5.421010862427522e-20) p *= 5.421010862427522e-20;
    if (v < p * 2.3283064365386963e-10) p *= 2.3283064365386963e-10;
    if (v < p * 0.0000152587890625) p *= 0.0000152587890625;
    if (v < p * 0.00390625) p *= 0.00390625;
    if (v < p * 0.0625) p *= 0.0625;
    if (v < p * 0.25) p *= 0.25;
    if (v < p * 0.5) p *= 0.5;
    p *= 0.5;
  }
  // now p ≤ v < 2p: round in the geometric sense (v against p·√2)
  if (v > p * 1.4142135623730951) p *= 2.0;
  if (p > 1.0715086071862673e301) p = 1.0715086071862673e301; // 2^1000
  if (p < 9.332636185032189e-302) p = 9.332636185032189e-302; // 2^-1000
  return p;
}

/** Scratch bytes for linprogRevised on m rows (mUb of them inequalities), nv variables and nnz stored entries of A. */
export function revisedScratchBytes(m: i32, mUb: i32, nv: i32, nnz: i32): f64 {
  const N = nv + m;
  return 8.0 * (2.0 * <f64>m * <f64>m + 8.0 * <f64>m + 3.0 * <f64>nv + 5.0 * <f64>N + 2.0 * <f64>nnz + 32.0)
    + 4.0 * <f64>(4 * even(m) + 2 * even(N) + 2 * even(nnz) + even(m + 1) + even(nv + 1) + 12) + 32.0;
}

/** out += alpha·(row i of Ã), over the row's stored entries (CSR: rp, si, sv). */
function rowAxpy(alpha: f64, i: i32, rp: usize, si: usize, sv: usize, out: usize): void {
  const p1 = ldi(rp, i + 1);
  for (let p = ldi(rp, i); p < p1; p++) { const j = ldi(si, p); st(out, j, ld(out, j) + alpha * ld(sv, p)); }
}

/**
 * Binv ← B⁻¹. With L the rows whose logical column is basic and T the others (|T| = k = the number of basic
 * structurals), B = [I_L-part | S] and B⁻¹ follows from the k×k block S_T alone: the rows of B⁻¹ for the structurals
 * are S_T⁻¹ on the columns T, those for the logical of row l are e_l − S_{l,·} S_T⁻¹ on T. S_T⁻¹ by Gauss–Jordan with
 * partial pivoting in place (W, k × k). Cost O(k³ + nnz(S)·k + m²) instead of O(m³): warm-started LPs keep
 * most logicals basic. The basic columns are read from the column copy of Ã (CSC: cp, ci, cv). tpos[i]: the place
 * of row i in T, or −(p + 1) with p the basis position of its logical. Returns 1 when a pivot is below tolerance.
 */
function invert(cp: usize, ci: usize, cv: usize, m: i32, nv: i32, basis: usize, W: usize, Binv: usize, rowT: usize, posT: usize, tpos: usize, o: usize): i32 {
  // rowT: the rows without a basic logical (in order); posT[t]: the basis position of the t-th structural
  for (let i = 0; i < m; i++) sti(rowT, i, -1);
  for (let p = 0; p < m; p++) { const j = ldi(basis, p); if (j >= nv) sti(rowT, j - nv, p); }
  for (let i = 0; i < m; i++) { const p = ldi(rowT, i); sti(tpos, i, p >= 0 ? -(p + 1) : 0); }
  let k = 0;
  for (let i = 0; i < m; i++) {
    if (ldi(rowT, i) < 0) { sti(rowT, k, i); sti(tpos, i, k); k++; } // compacted in place: rowT[0..k) are the T rows (k ≤ i)
  }
  let t = 0;
  for (let p = 0; p < m; p++) { if (ldi(basis, p) < nv) { sti(posT, t, p); t++; } }
  if (t != k) return 1;
  // W = S_T (k×k), inverted in place by Gauss–Jordan with partial pivoting: at step c the pivot column becomes the
  // column of S_T⁻¹ for the row that the swaps brought to position c (o[c]), so W ends as S_T⁻¹ with its columns in
  // the order o. The same operations as on [S_T | I] without the columns that are known zeros or units.
  for (let r = 0; r < k * k; r++) st(W, r, 0.0);
  for (let c = 0; c < k; c++) {
    const j = ldi(basis, ldi(posT, c));
    const p1 = ldi(cp, j + 1);
    for (let p = ldi(cp, j); p < p1; p++) { const r = ldi(tpos, ldi(ci, p)); if (r >= 0) st(W, r * k + c, ld(cv, p)); }
  }
  for (let c = 0; c < k; c++) sti(o, c, c);
  for (let c = 0; c < k; c++) {
    let p = c;
    let big = fabs(ld(W, c * k + c));
    let norm = big;
    for (let r = c + 1; r < k; r++) { const v = fabs(ld(W, r * k + c)); if (v > big) { big = v; p = r; } }
    for (let r = 0; r < c; r++) { const v = fabs(ld(W, r * k + c)); if (v > norm) norm = v; }
    if (!(big > 1e-13) || !(big > 1e-11 * norm)) return 1;
    if (p != c) {
      for (let j = 0; j < k; j++) { const tmp = ld(W, c * k + j); st(W, c * k + j, ld(W, p * k + j)); st(W, p * k + j, tmp); }
      const oc = ldi(o, c); sti(o, c, ldi(o, p)); sti(o, p, oc);
    }
    const inv = 1.0 / ld(W, c * k + c);
    st(W, c * k + c, 1.0);
    for (let j = 0; j < k; j++) st(W, c * k + j, ld(W, c * k + j) * inv);
    const wc = W + ((<usize>c * <usize>k) << 3);
    for (let r = 0; r < k; r++) {
      if (r == c) continue;
      const f = ld(W, r * k + c);
      if (f == 0.0) continue;
      st(W, r * k + c, 0.0);
      axpy(-f, wc, W + ((<usize>r * <usize>k) << 3), k);
    }
  }
  // column c of W belongs to the row rowT[o[c]]; row c to the structural at basis position posT[c]
  for (let c = 0; c < k; c++) sti(o, c, ldi(rowT, ldi(o, c)));
  for (let p = 0; p < m * m; p++) st(Binv, p, 0.0);
  for (let c = 0; c < k; c++) {
    const p = ldi(posT, c);
    for (let r = 0; r < k; r++) st(Binv, p * m + ldi(o, r), ld(W, c * k + r));
  }
  for (let p = 0; p < m; p++) { const j = ldi(basis, p); if (j >= nv) st(Binv, p * m + j - nv, 1.0); }
  // the row of the logical of row l: − Σ_c S_{l,c} · (S_T⁻¹ row c) on the columns T, c in increasing order
  for (let c = 0; c < k; c++) {
    const j = ldi(basis, ldi(posT, c));
    const p1 = ldi(cp, j + 1);
    for (let p = ldi(cp, j); p < p1; p++) {
      const tl = ldi(tpos, ldi(ci, p));
      const slc = ld(cv, p);
      if (tl >= 0 || slc == 0.0) continue;
      const pl = -tl - 1;
      for (let r = 0; r < k; r++) {
        const at = pl * m + ldi(o, r);
        st(Binv, at, ld(Binv, at) - slc * ld(W, c * k + r));
      }
    }
  }
  return 0;
}

/**
 * Product-form update of B⁻¹ after column r of B is replaced (α = B⁻¹ ã_q): row r /= α_r, row i −= α_i · row r.
 * Row r is often sparse (the columns of B⁻¹ for rows whose logical is basic are unit vectors), so when at most half
 * of it is nonzero the rows are updated on its nonzeros only (listed in nzr).
 */
function updateInverse(Binv: usize, alpha: usize, r: i32, m: i32, nzr: usize): void {
  const br = Binv + ((<usize>r * <usize>m) << 3);
  const inv = 1.0 / ld(alpha, r);
  let nz = 0;
  for (let k = 0; k < m; k++) {
    const v = ld(br, k) * inv;
    st(br, k, v);
    if (v != 0.0) { sti(nzr, nz, k); nz++; }
  }
  const sparse = 2 * nz <= m;
  for (let i = 0; i < m; i++) {
    if (i == r) continue;
    const f = ld(alpha, i);
    if (f == 0.0) continue;
    const bi = Binv + ((<usize>i * <usize>m) << 3);
    if (!sparse) { axpy(-f, br, bi, m); continue; }
    const g = -f;
    for (let t = 0; t < nz; t++) { const k = ldi(nzr, t); st(bi, k, ld(bi, k) + g * ld(br, k)); }
  }
}

/** α = B⁻¹ ã_q, over the stored entries of column q (CSC) or the unit column of a logical. */
function ftran(cp: usize, ci: usize, cv: usize, Binv: usize, m: i32, nv: i32, q: i32, alpha: usize): void {
  if (q >= nv) {
    for (let i = 0; i < m; i++) st(alpha, i, ld(Binv, i * m + q - nv));
    return;
  }
  const p0 = ldi(cp, q), p1 = ldi(cp, q + 1);
  for (let i = 0; i < m; i++) {
    let s = 0.0;
    const bi = Binv + ((<usize>i * <usize>m) << 3);
    for (let p = p0; p < p1; p++) s += ld(bi, ldi(ci, p)) * ld(cv, p);
    st(alpha, i, s);
  }
}

/** y = B⁻ᵀ c_B, then d_j = c_j − ãⱼᵀ y for every column (phase-2 costs when phase2 ≠ 0, else zero costs). */
function price(Binv: usize, cb: usize, ct: usize, m: i32, nv: i32, phase2: i32, yv: usize, d: usize, rp: usize, si: usize, sv: usize): void {
  for (let i = 0; i < m; i++) st(yv, i, 0.0);
  for (let k = 0; k < m; k++) {
    const ck = ld(cb, k);
    if (ck != 0.0) axpy(ck, Binv + ((<usize>k * <usize>m) << 3), yv, m);
  }
  if (phase2 != 0) { for (let j = 0; j < nv; j++) st(d, j, ld(ct, j)); }
  else { for (let j = 0; j < nv; j++) st(d, j, 0.0); }
  for (let i = 0; i < m; i++) {
    const yi = ld(yv, i);
    if (yi != 0.0) rowAxpy(-yi, i, rp, si, sv, d);
    st(d, nv + i, -yi);
  }
}

/** xb = B⁻¹ (b̃ − Σ_{j nonbasic} ã_j x_j). */
function basicValues(bs: usize, m: i32, nv: i32, stat: usize, xv: usize, Binv: usize, xb: usize, r: usize, rp: usize, si: usize, sv: usize): void {
  for (let i = 0; i < m; i++) {
    let s = ld(bs, i);
    const p1 = ldi(rp, i + 1);
    for (let p = ldi(rp, i); p < p1; p++) {
      const j = ldi(si, p);
      if (ldi(stat, j) == 0) continue;
      const v = ld(xv, j);
      if (v != 0.0) s -= ld(sv, p) * v;
    }
    if (ldi(stat, nv + i) != 0) s -= ld(xv, nv + i);
    st(r, i, s);
  }
  for (let i = 0; i < m; i++) {
    let s = 0.0;
    for (let k = 0; k < m; k++) s += ld(Binv, i * m + k) * ld(r, k);
    st(xb, i, s);
  }
}

function coldStart(lb: usize, ub: usize, xv: usize, stat: usize, basis: usize, nv: i32, m: i32): void {
  for (let j = 0; j < nv + m; j++) {
    const l = ld(lb, j), u = ld(ub, j);
    if (l == u) { st(xv, j, l); sti(stat, j, 4); }
    else if (l > -Infinity) { st(xv, j, l); sti(stat, j, 1); }
    else if (u < Infinity) { st(xv, j, u); sti(stat, j, 2); }
    else { st(xv, j, 0.0); sti(stat, j, 3); }
  }
  for (let i = 0; i < m; i++) { sti(basis, i, nv + i); sti(stat, nv + i, 0); }
}

/**
 * vstat (i32, nv + m: structurals then one logical per row): with warm ≠ 0, the starting basis (0 basic, 1 at lower,
 * 2 at upper, 3 free at zero); always, on return, the final basis in the same code (fixed variables reported as 1).
 */
/**
 * One dual simplex pivot (Koberstein 2005, ch. 3; Harris's two passes on the dual ratios). d must hold the phase-2
 * reduced costs. Returns 0 after a pivot, 1 when the basis is not dual feasible or has no usable pivot (the caller
 * goes on with the primal method), 2 when the most violated row has no entering candidate (the LP is infeasible),
 * 3 when the pivot row and column disagree (B⁻¹ has drifted: re-invert and try again).
 */
function dualStep(
  Binv: usize, m: i32, nv: i32, basis: usize, stat: usize, lb: usize, ub: usize, xv: usize, xb: usize,
  d: usize, ct: usize, colmax: usize, yv: usize, arow: usize, alpha: usize, dTol: f64,
  rp: usize, si: usize, sv: usize, cp: usize, ci: usize, cv: usize, cand: usize,
): i32 {
  const N = nv + m;
  let ymax = 0.0;
  for (let i = 0; i < m; i++) { const v = fabs(ld(yv, i)); if (v > ymax) ymax = v; }
  // leaving row: the largest violation relative to its bound
  let r = -1;
  let worst = 0.0;
  let toUpper = 0;
  for (let i = 0; i < m; i++) {
    const j = ldi(basis, i);
    const v = ld(xb, i), l = ld(lb, j), u = ld(ub, j);
    if (v < l - FEAS_TOL * (1.0 + fabs(l))) { const e = (l - v) / (1.0 + fabs(l)); if (e > worst) { worst = e; r = i; toUpper = 0; } }
    else if (v > u + FEAS_TOL * (1.0 + fabs(u))) { const e = (v - u) / (1.0 + fabs(u)); if (e > worst) { worst = e; r = i; toUpper = 1; } }
  }
  if (r < 0) return 1;
  // pivot row α_r = e_rᵀ B⁻¹ [Ã | I]
  const br = Binv + ((<usize>r * <usize>m) << 3);
  for (let j = 0; j < nv; j++) st(arow, j, 0.0);
  for (let i = 0; i < m; i++) {
    const ri = ld(br, i);
    if (ri != 0.0) rowAxpy(ri, i, rp, si, sv, arow);
    st(arow, nv + i, ri);
  }
  // x_r must rise (to its lower bound) or fall (to its upper): ∂x_r/∂x_j = −α_rj. Eligible: j at lower (or free)
  // moving up with −α_rj of the needed sign, j at upper (or free) moving down.
  // One pass over the nonbasic columns: dual feasibility of each (against the same per-column tolerance as primal
  // pricing; not dual feasible: hand over to the primal method), and Harris's first pass over the eligible ones,
  // which are listed for the second pass in cand.
  const sgn = toUpper != 0 ? -1.0 : 1.0; // the needed sign of Δx_r
  let thetaMax = Infinity;
  let nc = 0;
  let infeasible = false;
  for (let j = 0; j < N; j++) {
    const sj = ldi(stat, j);
    if (sj == 0 || sj == 4) continue;
    const tj = j < nv ? dTol * (fabs(ld(ct, j)) + ld(colmax, j) * ymax) : dTol * ymax;
    const dj = ld(d, j);
    if ((sj == 1 || sj == 3) && dj < -tj) infeasible = true;
    if ((sj == 2 || sj == 3) && dj > tj) infeasible = true;
    const a = ld(arow, j);
    if (fabs(a) <= PIVOT_TOL) continue;
    const up = -a * sgn > 0.0; // increasing x_j moves x_r the right way
    if (up && !(sj == 1 || sj == 3)) continue;
    if (!up && !(sj == 2 || sj == 3)) continue;
    sti(cand, nc, j); nc++;
    const th = (fabs(dj) + tj) / fabs(a);
    if (th < thetaMax) thetaMax = th;
  }
  if (infeasible) return 1;
  if (thetaMax == Infinity) return 2;
  let q = -1;
  let best = 0.0;
  for (let t = 0; t < nc; t++) {
    const j = ldi(cand, t);
    const a = fabs(ld(arow, j));
    if (fabs(ld(d, j)) / a <= thetaMax && a > best) { best = a; q = j; }
  }
  if (q < 0) return 1;
  ftran(cp, ci, cv, Binv, m, nv, q, alpha);
  const arq = ld(alpha, r);
  if (!(fabs(arq) > PIVOT_TOL) || fabs(arq - ld(arow, q)) > 1e-7 * (1.0 + fabs(arq))) return 3;
  // dual update (before B⁻¹ changes): y += θ_d·ρ_r, d_j −= θ_d·α_rj on the nonbasic columns, d_q = 0, d_leave = −θ_d
  const leave = ldi(basis, r);
  const thd = ld(d, q) / ld(arow, q);
  for (let i = 0; i < m; i++) st(yv, i, ld(yv, i) + thd * ld(br, i));
  for (let j = 0; j < N; j++) if (ldi(stat, j) != 0) st(d, j, ld(d, j) - thd * ld(arow, j));
  st(d, q, 0.0);
  st(d, leave, -thd);
  // primal update: x_r lands on its violated bound
  const bound = toUpper != 0 ? ld(ub, leave) : ld(lb, leave);
  const dx = (ld(xb, r) - bound) / arq;
  const xq = ld(xv, q) + dx;
  for (let i = 0; i < m; i++) st(xb, i, ld(xb, i) - dx * ld(alpha, i));
  if (ld(lb, leave) == ld(ub, leave)) { sti(stat, leave, 4); st(xv, leave, bound); }
  else { sti(stat, leave, toUpper != 0 ? 2 : 1); st(xv, leave, bound); }
  sti(basis, r, q); sti(stat, q, 0); st(xb, r, xq);
  updateInverse(Binv, alpha, r, m, cand);
  return 0;
}

export function linprogRevised(
  arp: usize, aci: usize, av: usize, b: usize, c: usize, lo: usize, up: usize, m: i32, mUb: i32, nv: i32,
  x: usize, y: usize, info: usize, scratch: usize, maxIter: i32, tol: f64, vstat: usize, warm: i32,
): i32 {
  // A in compressed rows: row i's entries are av[arp[i] .. arp[i+1]) in the columns aci[…] (increasing)
  const N = nv + m;
  const nnz = ldi(arp, m);
  // ---- scratch layout (must match revisedScratchBytes)
  let q = scratch;
  const Binv = q; q += (<usize>m * <usize>m) << 3;   // B⁻¹, row-major
  const W = q; q += (<usize>m * <usize>m) << 3;      // work matrix for re-inversion, S_T inverted in place
  const rs = q; q += <usize>m << 3;                  // row scales
  const bs = q; q += <usize>m << 3;                  // b̃
  const xb = q; q += <usize>m << 3;                  // basic values
  const yv = q; q += <usize>m << 3;                  // simplex multipliers
  const alpha = q; q += <usize>m << 3;               // B⁻¹ ã_q
  const cb = q; q += <usize>m << 3;                  // costs of the basic variables
  q += <usize>m << 3;
  const tmp = q; q += <usize>m << 3;
  const cs = q; q += <usize>nv << 3;                 // column scales
  const ct = q; q += <usize>nv << 3;                 // c̃
  const lmin = q; q += <usize>nv << 3;               // max_i |ã_ij| per column
  const lb = q; q += <usize>N << 3;
  const ub = q; q += <usize>N << 3;
  const xv = q; q += <usize>N << 3;                  // values of the nonbasic variables
  const d = q; q += <usize>N << 3;                   // reduced costs
  const arow = q; q += <usize>N << 3;                // dual simplex: the pivot row e_rᵀ B⁻¹ [Ã | I]
  const sv = q; q += <usize>nnz << 3;                // Ã by rows (the columns: aci, the row starts: arp)
  const cv = q; q += <usize>nnz << 3;                // Ã by columns: values,
  const ci = q; q += <usize>even(nnz) << 2;          // their rows,
  const cp = q; q += <usize>even(nv + 1) << 2;       // each column's start
  const stat = q; q += <usize>even(N) << 2;
  const cand = q; q += <usize>even(N) << 2;          // dual ratio test: the eligible columns; updateInverse: nonzeros; invert: row order
  const rowT = q; q += <usize>even(m) << 2;
  const posT = q; q += <usize>even(m) << 2;
  const tpos = q; q += <usize>even(m) << 2;
  q += <usize>even(m + 1) << 2;
  const basis = q;
  const rp = arp, si = aci;

  // ---- 1. equilibration by powers of two: geometric scaling of [A | b] (b as one more column, scale 1/β), so each
  // row's right-hand side ends near its entries and every row's tolerances mean the same thing
  for (let i = 0; i < m; i++) st(rs, i, 1.0);
  for (let j = 0; j < nv; j++) st(cs, j, 1.0);
  let beta = 1.0;
  let hasB = false;
  for (let i = 0; i < m; i++) if (ld(b, i) != 0.0) hasB = true;
  if (!hasB) {
    // no right-hand side: β from the finite bounds (after the column scaling below)
  }
  // A by columns (rows in increasing order within each column; the caller's values, scaled below)
  for (let j = 0; j <= nv; j++) sti(cp, j, 0);
  for (let p = 0; p < nnz; p++) { const j = ldi(si, p); sti(cp, j + 1, ldi(cp, j + 1) + 1); }
  for (let j = 0; j < nv; j++) sti(cp, j + 1, ldi(cp, j + 1) + ldi(cp, j));
  for (let i = 0; i < m; i++) {
    const p1 = ldi(rp, i + 1);
    for (let p = ldi(rp, i); p < p1; p++) {
      const j = ldi(si, p);
      const at = ldi(cp, j); // cp[j] advances while filling; shifted back below
      sti(ci, at, i); st(cv, at, ld(av, p)); sti(cp, j, at + 1);
    }
  }
  for (let j = nv; j > 0; j--) sti(cp, j, ldi(cp, j - 1));
  sti(cp, 0, 0);
  for (let pass = 0; pass < 12; pass++) {
    let changed = false;
    for (let i = 0; i < m; i++) {
      let lo2 = Infinity, hi2 = 0.0;
      const ri = ld(rs, i);
      const p1 = ldi(rp, i + 1);
      for (let p = ldi(rp, i); p < p1; p++) {
        const j = ldi(si, p);
        const v = fabs(ld(av, p)) * ri * ld(cs, j);
        if (v == 0.0) continue;
        if (v < lo2) lo2 = v;
        if (v > hi2) hi2 = v;
      }
      const vb = fabs(ld(b, i)) * ri / beta;
      if (vb != 0.0) { if (vb < lo2) lo2 = vb; if (vb > hi2) hi2 = vb; }
      if (hi2 > 0.0) { const f = pow2Near(sqrt(lo2) * sqrt(hi2)); if (f != 1.0) { changed = true; st(rs, i, ri / f); } }
    }
    let blo = Infinity, bhi = 0.0;
    for (let i = 0; i < m; i++) {
      const vb = fabs(ld(b, i)) * ld(rs, i) / beta;
      if (vb != 0.0) { if (vb < blo) blo = vb; if (vb > bhi) bhi = vb; }
    }
    // each column from its own entries (column j's scale changes nothing else in this half-pass)
    for (let j = 0; j < nv; j++) {
      let lo2 = Infinity, hi2 = 0.0;
      const csj = ld(cs, j);
      const q1 = ldi(cp, j + 1);
      for (let q = ldi(cp, j); q < q1; q++) {
        const v = fabs(ld(cv, q)) * ld(rs, ldi(ci, q)) * csj;
        if (v == 0.0) continue;
        if (v < lo2) lo2 = v;
        if (v > hi2) hi2 = v;
      }
      if (hi2 > 0.0) { const f = pow2Near(sqrt(lo2) * sqrt(hi2)); if (f != 1.0) { changed = true; st(cs, j, csj / f); } }
    }
    if (bhi > 0.0) { const f = pow2Near(sqrt(blo) * sqrt(bhi)); if (f != 1.0) { changed = true; beta *= f; } }
    if (!changed) break;
  }
  // Ã by rows and by columns; max_i |ã_ij|
  for (let i = 0; i < m; i++) {
    const ri = ld(rs, i);
    const p1 = ldi(rp, i + 1);
    for (let p = ldi(rp, i); p < p1; p++) st(sv, p, ld(av, p) * ri * ld(cs, ldi(si, p)));
  }
  for (let j = 0; j < nv; j++) {
    const csj = ld(cs, j);
    let big = 0.0;
    const q1 = ldi(cp, j + 1);
    for (let q = ldi(cp, j); q < q1; q++) {
      const v = ld(cv, q) * ld(rs, ldi(ci, q)) * csj;
      st(cv, q, v);
      if (fabs(v) > big) big = fabs(v);
    }
    st(lmin, j, big);
  }
  if (!hasB) {
    let bmax = 0.0;
    for (let j = 0; j < nv; j++) {
      const l = ld(lo, j), u = ld(up, j);
      if (isFinite(l) && fabs(l) / ld(cs, j) > bmax) bmax = fabs(l) / ld(cs, j);
      if (isFinite(u) && fabs(u) / ld(cs, j) > bmax) bmax = fabs(u) / ld(cs, j);
    }
    beta = pow2Near(bmax);
  }
  let cmax = 0.0;
  for (let j = 0; j < nv; j++) { const v = fabs(ld(c, j)) * ld(cs, j); if (v > cmax) cmax = v; }
  const gamma = pow2Near(cmax);
  for (let i = 0; i < m; i++) st(bs, i, ld(b, i) * ld(rs, i) / beta);
  for (let j = 0; j < nv; j++) {
    st(ct, j, ld(c, j) * ld(cs, j) / gamma);
    const sj = ld(cs, j) * beta;
    st(lb, j, ld(lo, j) / sj);
    st(ub, j, ld(up, j) / sj);
  }
  for (let i = 0; i < m; i++) { st(lb, nv + i, 0.0); st(ub, nv + i, i < mUb ? Infinity : 0.0); }

  // ---- 2. starting point: the caller's basis (warm start) when it has m basic columns and a regular B, else
  // structurals at a bound (or 0 when free) and the logical basis
  coldStart(lb, ub, xv, stat, basis, nv, m);
  let fresh = false; // B⁻¹ already inverted for the starting basis
  if (warm != 0) {
    let count = 0;
    for (let j = 0; j < N; j++) if (ldi(vstat, j) == 0) count++;
    if (count == m) {
      let k = 0;
      for (let j = 0; j < N; j++) {
        const sj = ldi(vstat, j);
        if (sj == 0) { sti(basis, k, j); k++; sti(stat, j, 0); }
        else if (ldi(stat, j) == 4) continue;
        else if (sj == 2 && ld(ub, j) < Infinity) { sti(stat, j, 2); st(xv, j, ld(ub, j)); }
        else if (sj == 1 && ld(lb, j) > -Infinity) { sti(stat, j, 1); st(xv, j, ld(lb, j)); }
      }
      if (invert(cp, ci, cv, m, nv, basis, W, Binv, rowT, posT, tpos, cand) != 0) coldStart(lb, ub, xv, stat, basis, nv, m);
      else fresh = true;
    }
  }

  let iterations = 0;
  let status = Status.Optimal;
  let phase = 1;
  let degenerate = 0;
  let bland = 0;
  let sinceRefactor = REFACTOR; // invert at once, unless the warm start's basis was just inverted
  if (fresh) {
    basicValues(bs, m, nv, stat, xv, Binv, xb, tmp, rp, si, sv);
    sinceRefactor = 0;
  }
  let lastInfeasibility = Infinity;
  let lastObjective = Infinity;
  let dualOk = 1;
  let dualPivots = 0;
  let dFresh = 0;
  let dualExit = 0;
  const dTol = tol;

  while (true) {
    if (sinceRefactor >= REFACTOR) {
      if (invert(cp, ci, cv, m, nv, basis, W, Binv, rowT, posT, tpos, cand) != 0) { status = Status.NumericalError; break; }
      basicValues(bs, m, nv, stat, xv, Binv, xb, tmp, rp, si, sv);
      sinceRefactor = 0;
    }
    // ---- phase: bound violations of the basic variables
    let infeasibility = 0.0;
    for (let i = 0; i < m; i++) {
      const j = ldi(basis, i);
      const v = ld(xb, i), l = ld(lb, j), u = ld(ub, j);
      let cost = 0.0;
      if (v < l - FEAS_TOL * (1.0 + fabs(l))) { cost = -1.0; infeasibility += l - v; }
      else if (v > u + FEAS_TOL * (1.0 + fabs(u))) { cost = 1.0; infeasibility += v - u; }
      st(cb, i, cost);
    }
    phase = infeasibility > 0.0 ? 1 : 2;
    if (phase == 2) {
      for (let i = 0; i < m; i++) { const j = ldi(basis, i); st(cb, i, j < nv ? ld(ct, j) : 0.0); }
    }
    // ---- dual simplex while the basis is dual feasible for the phase-2 costs (a warm start after a row was added or
    // a bound or right-hand side changed): the leaving row is the most violated, the entering column keeps d feasible
    if (phase == 1 && dualOk != 0) {
      // y and d are carried by the dual pivots themselves; recomputed after a re-inversion or a primal pivot
      if (dFresh == 0) {
        for (let i = 0; i < m; i++) { const j = ldi(basis, i); st(cb, i, j < nv ? ld(ct, j) : 0.0); }
        price(Binv, cb, ct, m, nv, 1, yv, d, rp, si, sv);
      }
      dFresh = 0;
      const step = dualStep(Binv, m, nv, basis, stat, lb, ub, xv, xb, d, ct, lmin, yv, arow, alpha, dTol, rp, si, sv, cp, ci, cv, cand);
      if (step == 0) {
        if (iterations >= maxIter) { status = Status.IterationLimit; break; }
        iterations++;
        dualPivots++;
        if (sinceRefactor + 1 < REFACTOR) dFresh = 1;
        sinceRefactor++;
        continue;
      }
      if (step == 2) {
        if (sinceRefactor > 0) { sinceRefactor = REFACTOR; continue; }
        status = Status.Infeasible;
        break;
      }
      if (step == 3 && sinceRefactor > 0) { sinceRefactor = REFACTOR; continue; }
      dualExit = step;
      dualOk = 0; // not dual feasible (or no usable pivot): the primal composite phase 1 from here
      for (let i = 0; i < m; i++) {
        const j = ldi(basis, i);
        const v = ld(xb, i), l = ld(lb, j), u = ld(ub, j);
        let cost = 0.0;
        if (v < l - FEAS_TOL * (1.0 + fabs(l))) cost = -1.0;
        else if (v > u + FEAS_TOL * (1.0 + fabs(u))) cost = 1.0;
        st(cb, i, cost);
      }
    }
    // ---- multipliers y = B⁻ᵀ c_B and reduced costs d_j = cost_j − ãⱼᵀ y
    price(Binv, cb, ct, m, nv, phase == 2 ? 1 : 0, yv, d, rp, si, sv);
    // ---- entering variable; the dual tolerance of column j is relative to its own terms, |c̃_j| + max_i|ã_ij|·‖ỹ‖∞
    let ymax = 0.0;
    for (let i = 0; i < m; i++) { const v = fabs(ld(yv, i)); if (v > ymax) ymax = v; }
    let qj = -1;
    let best = 0.0;
    let dir = 0.0;
    for (let j = 0; j < N; j++) {
      const s = ldi(stat, j);
      if (s == 0 || s == 4) continue;
      const dj = ld(d, j);
      const tj = j < nv ? dTol * ((phase == 2 ? fabs(ld(ct, j)) : 0.0) + ld(lmin, j) * ymax) : dTol * ymax;
      let gain = 0.0;
      let dj_dir = 0.0;
      if (dj < -tj && (s == 1 || s == 3)) { gain = -dj; dj_dir = 1.0; }
      else if (dj > tj && (s == 2 || s == 3)) { gain = dj; dj_dir = -1.0; }
      if (dj_dir == 0.0) continue;
      if (bland != 0) { qj = j; dir = dj_dir; break; }
      if (gain > best) { best = gain; qj = j; dir = dj_dir; }
    }
    if (qj < 0) {
      if (sinceRefactor > 0) { sinceRefactor = REFACTOR; continue; } // confirm on a fresh inverse
      status = phase == 1 ? Status.Infeasible : Status.Optimal;
      break;
    }
    if (iterations >= maxIter) { status = Status.IterationLimit; break; }
    iterations++;

    // ---- α = B⁻¹ ã_q
    ftran(cp, ci, cv, Binv, m, nv, qj, alpha);
    // ---- ratio test: basic i moves at rate −dir·α_i per unit step; pass 1 with relaxed bounds
    let thetaMax = Infinity;
    for (let i = 0; i < m; i++) {
      const rate = -dir * ld(alpha, i);
      if (fabs(rate) <= PIVOT_TOL) continue;
      const j = ldi(basis, i);
      const v = ld(xb, i), l = ld(lb, j), u = ld(ub, j);
      let bound = 0.0;
      let blocks = false;
      if (rate < 0.0) {
        if (v > u + FEAS_TOL * (1.0 + fabs(u))) { bound = u; blocks = true; }
        else if (v >= l - FEAS_TOL * (1.0 + fabs(l)) && l > -Infinity) { bound = l; blocks = true; }
        if (blocks) { const th = (v - bound + HARRIS * (1.0 + fabs(bound))) / -rate; if (th < thetaMax) thetaMax = th; }
      } else {
        if (v < l - FEAS_TOL * (1.0 + fabs(l))) { bound = l; blocks = true; }
        else if (v <= u + FEAS_TOL * (1.0 + fabs(u)) && u < Infinity) { bound = u; blocks = true; }
        if (blocks) { const th = (bound - v + HARRIS * (1.0 + fabs(bound))) / rate; if (th < thetaMax) thetaMax = th; }
      }
    }
    // pass 2: the largest pivot among the rows whose exact ratio is within thetaMax (Bland: the lowest basic index)
    let r = -1;
    let bestPiv = 0.0;
    let theta = Infinity;
    let toUpper = 0;
    for (let i = 0; i < m; i++) {
      const rate = -dir * ld(alpha, i);
      if (fabs(rate) <= PIVOT_TOL) continue;
      const j = ldi(basis, i);
      const v = ld(xb, i), l = ld(lb, j), u = ld(ub, j);
      let th = Infinity;
      let up2 = 0;
      if (rate < 0.0) {
        if (v > u + FEAS_TOL * (1.0 + fabs(u))) { th = (v - u) / -rate; up2 = 1; }
        else if (v >= l - FEAS_TOL * (1.0 + fabs(l)) && l > -Infinity) { th = (v - l) / -rate; up2 = 0; }
      } else {
        if (v < l - FEAS_TOL * (1.0 + fabs(l))) { th = (l - v) / rate; up2 = 0; }
        else if (v <= u + FEAS_TOL * (1.0 + fabs(u)) && u < Infinity) { th = (u - v) / rate; up2 = 1; }
      }
      if (th == Infinity || !(th <= thetaMax)) continue;
      if (th < 0.0) th = 0.0;
      const p = fabs(rate);
      let take = false;
      if (r < 0) take = true;
      else if (bland != 0) take = j < ldi(basis, r);
      else take = p > bestPiv;
      if (take) { r = i; bestPiv = p; theta = th; toUpper = up2; }
    }
    // bound flip of the entering variable when its own range is shorter
    const range = ld(ub, qj) - ld(lb, qj);
    if (range < Infinity && range <= theta) {
      const sq = ldi(stat, qj);
      const from = ld(xv, qj);
      const to = sq == 1 ? ld(ub, qj) : ld(lb, qj);
      sti(stat, qj, sq == 1 ? 2 : 1);
      st(xv, qj, to);
      const stepv = to - from;
      for (let i = 0; i < m; i++) st(xb, i, ld(xb, i) - stepv * ld(alpha, i));
      degenerate = 0; bland = 0;
      continue;
    }
    if (r < 0) {
      status = phase == 2 ? Status.Unbounded : Status.NumericalError;
      break;
    }
    // ---- pivot: x_q moves by dir·θ, the basics by −dir·θ·α, the leaving one lands on its bound
    const step = dir * theta;
    const xq = ld(xv, qj) + step;
    for (let i = 0; i < m; i++) st(xb, i, ld(xb, i) - step * ld(alpha, i));
    const leave = ldi(basis, r);
    const ll = ld(lb, leave), lu = ld(ub, leave);
    if (ll == lu) { sti(stat, leave, 4); st(xv, leave, ll); }
    else if (toUpper != 0) { sti(stat, leave, 2); st(xv, leave, lu); }
    else { sti(stat, leave, 1); st(xv, leave, ll); }
    sti(basis, r, qj); sti(stat, qj, 0); st(xb, r, xq);
    updateInverse(Binv, alpha, r, m, cand);
    sinceRefactor++;
    // ---- degeneracy: Bland's rule after BLAND_AFTER pivots without progress, until the objective moves
    let progress = false;
    if (phase == 1) { progress = infeasibility < lastInfeasibility; lastInfeasibility = infeasibility; lastObjective = Infinity; }
    else {
      let obj = 0.0;
      for (let i = 0; i < m; i++) { const j = ldi(basis, i); if (j < nv) obj += ld(ct, j) * ld(xb, i); }
      for (let j = 0; j < nv; j++) if (ldi(stat, j) != 0) obj += ld(ct, j) * ld(xv, j);
      progress = obj < lastObjective;
      lastObjective = obj;
    }
    if (theta > 0.0 && progress) { degenerate = 0; bland = 0; }
    else if (++degenerate >= BLAND_AFTER) bland = 1;
  }

  // ---- unscale: x = β S x̃, y = R ỹ / γ (ỹ with the phase-2 costs)
  for (let j = 0; j < N; j++) if (ldi(stat, j) != 0) st(d, j, ld(xv, j));
  for (let i = 0; i < m; i++) {
    // a basic structural within 1e-12 (scaled units) of a bound is that bound: its rounding, unscaled into a column in
    // other units, would be the only term of some row (fuzz seed 3 linprog:3995: x_1 = 2^-125 against 4e22·x_1 ≤ 0)
    const j = ldi(basis, i);
    let v = ld(xb, i);
    if (j < nv) {
      // (and within a thousandth of its box: a box that is itself tiny in scaled units, where β came from a larger
      // bound, keeps its value — seed 2 linprog:1489)
      const l = ld(lb, j), u = ld(ub, j);
      const range = u - l;
      if (l > -Infinity && fabs(v - l) <= 1e-12 * (1.0 + fabs(l)) && fabs(v - l) <= 1e-3 * range) v = l;
      else if (u < Infinity && fabs(v - u) <= 1e-12 * (1.0 + fabs(u)) && fabs(v - u) <= 1e-3 * range) v = u;
    }
    st(d, j, v);
  }
  for (let j = 0; j < nv; j++) st(x, j, ld(d, j) * ld(cs, j) * beta);
  for (let i = 0; i < m; i++) { const j = ldi(basis, i); st(cb, i, j < nv ? ld(ct, j) : 0.0); }
  for (let i = 0; i < m; i++) st(yv, i, 0.0);
  for (let k = 0; k < m; k++) {
    const ck = ld(cb, k);
    if (ck != 0.0) axpy(ck, Binv + ((<usize>k * <usize>m) << 3), yv, m);
  }
  // a row whose logical is basic has multiplier 0 (complementary slackness), not the rounding left in B⁻ᵀc_B
  for (let i = 0; i < m; i++) { const j = ldi(basis, i); if (j >= nv) st(yv, j - nv, 0.0); }
  for (let i = 0; i < m; i++) st(y, i, ld(yv, i) * ld(rs, i) * gamma);
  for (let j = 0; j < N; j++) { const sj = ldi(stat, j); sti(vstat, j, sj == 4 ? 1 : sj); }
  st(info, 0, <f64>iterations);
  st(info, 1, <f64>phase);
  st(info, 2, <f64>dualPivots);
  st(info, 3, <f64>dualExit);
  return status;
}
