import { Status } from "./status";
import { ld, st, ldi, sti, row, copy } from "./mem";
import { dot, axpy } from "./linalg";

// LP kernel: a revised simplex on the dual of the Chebyshev
// hull LP with a working set of rows (hullDistance). Pointers in, status out, no allocation.
// This file is written in the subset shared with its plain-TypeScript port src/reference/lp.ts (no casts other than
// <usize>/<f64>/<i32>, no decorators, no integer division): the port is the same code over a Float64Array heap.

/** Byte address of element i of an f64 array. */
const BLAND_AFTER: i32 = 50;
function fp(p: usize, i: i32): usize { return p + (<usize>i << 3); }
function fabs(v: f64): f64 { return v < 0.0 ? -v : v; }
function fmax(a: f64, b: f64): f64 { return a > b ? a : b; }
function even(v: i32): i32 { return v + (v & 1); }

// (linprog moved to assembly/lp/revised.ts: the revised simplex; the dense tableau is retired.)

// ---------------------------------------------------------------------------------------------------------------
// hullSimplex: ε* = min ‖U w + c·1 − u‖∞ over w ≥ 0 (and 1ᵀw = 1 when simplexW), c free when offset.
// It runs the primal simplex on the dual LP D:
//   max Σ_i (β_i − α_i) u_i + μ   s.t.  Uᵀ(β − α) + μ·1 + s = 0  (k rows; μ only for the simplex),
//                                       1ᵀ(α + β) = 1            (ε row),
//                                       1ᵀ(β − α) = 0            (c row, with an offset),   α, β, s ≥ 0, μ free,
// whose basis has m = k + 1 + offset columns and whose simplex multipliers are the primal (w, ε, c). The reduced
// cost of β_i is −(r_i + ε) and of α_i is r_i − ε, with r = U w + c − u: a row enters when the primal violates it
// (constraint generation). Pricing runs over a working set of the most violated rows; a full pass over U refills it
// and proves optimality. B⁻¹ is kept explicitly (product-form update in place, m² per pivot) and x_B = B⁻¹ e_ε is its
// ε column. Data are scaled by 1/σ in place (the kernel's own copy).
// see: Dantzig & Wolfe (1961) and Gilmore & Gomory (1961) on column generation; Chvátal (1983) ch. 7 (revised
//      simplex), ch. 3 (Bland's rule); Cheney (1966), Introduction to Approximation Theory, ch. 2 (Chebyshev fits).
// Variable ids: 2i = β_i, 2i+1 = α_i (i < n); 2n + j = s_j; 2n + k = μ.
// info (f64 ×8, out): [iterations, ε (scaled back), c (scaled back), full passes, |working set| at the end].
// ---------------------------------------------------------------------------------------------------------------

export function hullScratchBytes(n: i32, k: i32, offset: i32): f64 {
  const m = k + 1 + offset;
  return 8.0 * (<f64>m * <f64>m + 8.0 * <f64>m + 3.0 * <f64>n + 8.0) + 4.0 * <f64>(even(m) + 3 * even(n) + even(m + 2) + even(m) + even(k) + 8);
}

export function hullSimplex(
  a: usize, u: usize, n: i32, k: i32, simplexW: i32, offset: i32, sigma: f64,
  w: usize, yv: usize, info: usize, scratch: usize, maxIter: i32, tol: f64, batch: i32, scaled: i32,
): i32 {
  const m = k + 1 + offset;
  const er = k;          // ε row
  // ---- scratch layout (must match hullScratchBytes)
  let q = scratch;
  const Bi = q; q += <usize>m * <usize>m << 3;  // B⁻¹, row-major
  const pi = q; q += <usize>m << 3;             // multipliers (w, ε, c)
  const cb = q; q += <usize>m << 3;             // basic costs
  const col = q; q += <usize>m << 3;            // entering column a_q
  const al = q; q += <usize>m << 3;             // B⁻¹ a_q
  const xb = q; q += <usize>m << 3;             // basic values
  const tmp = q; q += <usize>m << 3;
  const xp = q; q += <usize>m << 3;             // basic values of the perturbed problem, B⁻¹ (δ, 1, 0)
  const rho = q; q += <usize>m << 3;            // row r of B⁻¹ (dual simplex clean-up)
  const r = q; q += <usize>n << 3;              // residuals U w + c − u
  const viol = q; q += <usize>n << 3;
  const rs = q; q += <usize>n << 3;             // pricing weights 1/√(1 + ‖U_i‖²) of the row candidates
  const basis = q; q += <usize>even(m) << 2;
  const rowBasic = q; q += <usize>even(n) << 2; // 1 if β_i or α_i is basic
  const ws = q; q += <usize>even(n) << 2;       // working set of rows
  const inWs = q; q += <usize>even(n) << 2;
  const gl = q; q += <usize>even(m + 2) << 2;   // G: the columns of B⁻¹ that are not unit vectors (list; count at gl[m])
  const gidx = q; q += <usize>even(m) << 2;     // index of a column in G, or −1
  const spos = q;                               // 1 + position of s_j in the basis, or 0 (s_j nonbasic ⇔ j ∈ G)

  // ---- scale by 1/σ
  for (let i = 0; i < n; i++) {
    const ai = row(a, i, k);
    for (let j = 0; j < k; j++) st(ai, j, ld(ai, j) / sigma);
    st(u, i, ld(u, i) / sigma);
    st(rs, i, scaled != 0 ? 1.0 / Math.sqrt(1.0 + dot(ai, ai, k)) : 1.0);
    sti(rowBasic, i, 0); sti(inWs, i, 0);
  }
  const muId = 2 * n + k;
  let muBasic = 0;
  // ---- start: B⁻¹ = I (slacks and artificials), then forced pivots that put β_i0, α_i0 in (a feasible basis, y = 0)
  for (let p = 0; p < m; p++) {
    const Bp = row(Bi, p, m);
    for (let j = 0; j < m; j++) st(Bp, j, 0.0);
    st(Bp, p, 1.0);
    sti(basis, p, p < k ? 2 * n + p : -1);
    st(cb, p, 0.0);
    sti(gidx, p, -1);
  }
  for (let j = 0; j < k; j++) sti(spos, j, j + 1);
  sti(gl, m, 0);
  for (let p = k; p < m; p++) hullGAdd(gl, gidx, m, p);
  let i0 = 0, j0 = -1;
  if (offset == 0) {
    let big = 0.0;
    for (let i = 0; i < n; i++) {
      const ai = row(a, i, k);
      for (let j = 0; j < k; j++) { const v = fabs(ld(ai, j)); if (v > big) { big = v; i0 = i; j0 = j; } }
    }
  }
  hullColumn(a, u, n, k, offset, 2 * i0, col);
  hullFtran(Bi, m, k, gl, spos, col, al);
  hullExchange(Bi, m, n, k, gl, gidx, spos, basis, er, 2 * i0, al);
  st(cb, er, ld(u, i0));
  const p2 = offset != 0 ? k + 1 : j0;
  if (p2 >= 0) {
    hullColumn(a, u, n, k, offset, 2 * i0 + 1, col);
    hullFtran(Bi, m, k, gl, spos, col, al);
    hullExchange(Bi, m, n, k, gl, gidx, spos, basis, p2, 2 * i0 + 1, al);
    st(cb, p2, -ld(u, i0));
  }
  sti(rowBasic, i0, p2 >= 0 ? 3 : 1);
  hullPerturbed(Bi, m, k, gl, spos, tmp, xp);

  let iterations = 0;
  let passes = 0;
  let nws = 0;
  let status = Status.Optimal;
  let degenerate = 0;
  let bland = 0;
  const pivTol = 1e-9;
  const cap = batch;
  while (true) {
    // ---- multipliers π = c_Bᵀ B⁻¹ (recomputed: an update drifts and changes the path) and basic values x_B = B⁻¹ e_ε
    hullPrices(Bi, m, gl, cb, pi);
    copy(xb, row(Bi, er, m), m);
    const gm = ldi(gl, m) - 1 - offset;  // models in G: the only nonzero weights
    const gather = 3 * gm <= k ? 1 : 0;
    const eps = ld(pi, er);
    const cOff = offset != 0 ? ld(pi, k + 1) : 0.0;
    // ---- pricing: slacks and μ first (cheap), then the working set
    let qv = -1;
    let best = 0.0;
    let dir = 1.0;
    let dq = 0.0;
    if (bland == 0) {
      for (let j = 0; j < k; j++) {
        const dj = -ld(pi, j);
        if (dj > tol && dj > best && ldi(spos, j) == 0) { best = dj; qv = 2 * n + j; dq = dj; }
      }
    }
    if (simplexW != 0 && muBasic == 0) {
      let sw = 0.0;
      for (let j = 0; j < k; j++) sw += ld(pi, j);
      const dmu = 1.0 - sw;
      if (fabs(dmu) > tol && (fabs(dmu) > best || qv < 0)) { best = fabs(dmu); qv = muId; dir = dmu > 0.0 ? 1.0 : -1.0; dq = dmu; }
    }
    let full = false;
    while (true) {
      for (let t = 0; t < nws; t++) {
        const i = ldi(ws, t);
        const rb = ldi(rowBasic, i);
        if (rb == 3) continue;
        const ri = hullFit(row(a, i, k), pi, k, m, gl, gather) + cOff - ld(u, i);
        st(r, i, ri);
        let dv = -Infinity;
        let id = -1;
        if ((rb & 1) == 0) { dv = -ri - eps; id = 2 * i; }
        if ((rb & 2) == 0) { const da = ri - eps; if (id < 0 || da > dv) { dv = da; id = 2 * i + 1; } }
        if (dv > tol) {
          const score = dv * ld(rs, i);
          if (bland != 0) { if (qv < 0 || id < qv) { qv = id; dq = dv; dir = 1.0; } }
          else if (score > best) { best = score; qv = id; dq = dv; dir = 1.0; }
        }
      }
      if (bland != 0 && qv < 0) {
        for (let j = 0; j < k; j++) {
          const dj = -ld(pi, j);
          if (dj > tol && ldi(spos, j) == 0) { qv = 2 * n + j; dq = dj; dir = 1.0; break; }
        }
      }
      if (qv >= 0 || full) break;
      // ---- full pass: residuals of every row, then the working set = the most violated nonbasic rows
      full = true;
      passes++;
      let vmax = 0.0;
      for (let i = 0; i < n; i++) {
        const ri = hullFit(row(a, i, k), pi, k, m, gl, gather) + cOff - ld(u, i);
        st(r, i, ri);
        const rb = ldi(rowBasic, i);
        let v = -Infinity;
        if ((rb & 1) == 0) v = -ri - eps;
        if ((rb & 2) == 0) { const da = ri - eps; if (da > v) v = da; }
        st(viol, i, v);
        if (v > vmax) vmax = v;
        sti(inWs, i, 0);
      }
      nws = 0;
      if (vmax <= tol) break;
      let thr = 0.5 * vmax;
      while (thr > tol) {
        let cnt = 0;
        for (let i = 0; i < n; i++) if (ld(viol, i) > thr) cnt++;
        if (cnt >= cap) break;
        thr *= 0.5;
      }
      if (thr < tol) thr = tol;
      for (let i = 0; i < n; i++) {
        if (ld(viol, i) > thr) { sti(ws, nws, i); sti(inWs, i, 1); nws++; }
      }
    }
    if (qv < 0) break; // optimal: no reduced cost above tol anywhere
    if (iterations >= maxIter) { status = Status.IterationLimit; break; }
    iterations++;

    // ---- FTRAN and ratio test (two-pass; μ is free and never leaves)
    hullColumn(a, u, n, k, offset, qv, col);
    hullFtran(Bi, m, k, gl, spos, col, al);
    // (under Bland's rule the textbook ratio test, without Harris's slack, so that the rule's finiteness holds)
    const harris = bland != 0 ? 0.0 : 1e-13;
    let thetaMax = Infinity;
    for (let p = 0; p < m; p++) {
      if (ldi(basis, p) == muId) continue;
      const t = dir * ld(al, p);
      if (t > pivTol) { const xv = ld(xp, p) > 0.0 ? ld(xp, p) : 0.0; const th = (xv + harris) / t; if (th < thetaMax) thetaMax = th; }
    }
    let rr = -1;
    let bestPiv = 0.0;
    let theta = 0.0;
    for (let p = 0; p < m; p++) {
      const bp = ldi(basis, p);
      if (bp == muId) continue;
      const t = dir * ld(al, p);
      if (t <= pivTol) continue;
      const xv = ld(xp, p) > 0.0 ? ld(xp, p) : 0.0;
      const th = xv / t;
      if (th > thetaMax) continue;
      let take = false;
      if (rr < 0) take = true;
      else if (bland != 0) take = bp < ldi(basis, rr);
      else take = t > bestPiv;
      if (take) { rr = p; bestPiv = t; theta = th; }
    }
    if (rr < 0) { status = Status.NumericalError; break; }
    // a step that does not move the objective (θ·d ≤ 1e-14) counts as degenerate: 50 in a row switch to Bland's rule
    if (theta * dq <= 1e-14) { degenerate++; if (degenerate > BLAND_AFTER) bland = 1; } else { degenerate = 0; bland = 0; }
    // ---- basis change
    const leaving = ldi(basis, rr);
    if (leaving < 2 * n) { sti(rowBasic, leaving >> 1, ldi(rowBasic, leaving >> 1) & ~(1 << (leaving & 1))); }
    if (qv < 2 * n) { sti(rowBasic, qv >> 1, ldi(rowBasic, qv >> 1) | (1 << (qv & 1))); }
    if (qv == muId) { muBasic = 1; }
    // perturbed basic values: x' −= θ·dir·al, the entering variable takes θ (μ: dir·θ); recomputed every 64 pivots
    for (let p = 0; p < m; p++) st(xp, p, ld(xp, p) - theta * dir * ld(al, p));
    hullExchange(Bi, m, n, k, gl, gidx, spos, basis, rr, qv, al);
    st(xp, rr, qv == muId ? dir * theta : theta);
    st(cb, rr, hullCost(u, n, k, qv));
    if ((iterations & 63) == 0) hullPerturbed(Bi, m, k, gl, spos, tmp, xp);
  }

  // ---- remove the perturbation: x_B = B⁻¹ e_ε; negative basics are driven out by dual simplex pivots (the basis
  //      stays dual feasible, i.e. the primal weights stay optimal, while y becomes exactly feasible)
  let cleanup = 0;
  while (status == Status.Optimal) {
    copy(xb, row(Bi, er, m), m);
    let r0 = -1;
    let worst = -1e-13;
    for (let p = 0; p < m; p++) {
      if (ldi(basis, p) == muId) continue;
      if (ld(xb, p) < worst) { worst = ld(xb, p); r0 = p; }
    }
    if (r0 < 0) break;
    if (iterations >= maxIter) { status = Status.IterationLimit; break; }
    iterations++; cleanup++;
    hullPrices(Bi, m, gl, cb, pi);
    const eps = ld(pi, er);
    const cOff = offset != 0 ? ld(pi, k + 1) : 0.0;
    // ρ = e_rᵀ B⁻¹
    for (let j = 0; j < m; j++) st(rho, j, 0.0);
    const gn = ldi(gl, m);
    for (let t = 0; t < gn; t++) { const g = ldi(gl, t); st(rho, g, ld(row(Bi, g, m), r0)); }
    const lv = ldi(basis, r0);
    if (lv >= 2 * n && lv < muId) st(rho, lv - 2 * n, 1.0);
    // dual ratio test: entering j with dir·α_rj < 0 minimising |d_j| / |α_rj| (largest |α| on ties, then lowest id)
    let qv = -1;
    let dir = 1.0;
    let bestRatio = Infinity;
    let bestAlpha = 0.0;
    for (let i = 0; i < n; i++) {
      const rb = ldi(rowBasic, i);
      if (rb == 3) continue;
      const ai = row(a, i, k);
      const ui = dot(ai, rho, k);
      const ri = dot(ai, pi, k) + cOff - ld(u, i);
      for (let sgi = 0; sgi < 2; sgi++) {
        if ((rb & (1 << sgi)) != 0) continue;
        const sg = sgi == 0 ? 1.0 : -1.0;
        const alpha = sg * ui + ld(rho, er) + (offset != 0 ? sg * ld(rho, k + 1) : 0.0);
        if (alpha >= -pivTol) continue;
        const dj = sgi == 0 ? -ri - eps : ri - eps;
        const ratio = (dj < 0.0 ? -dj : 0.0) / -alpha;
        if (ratio < bestRatio || (ratio == bestRatio && -alpha > bestAlpha)) { bestRatio = ratio; bestAlpha = -alpha; qv = 2 * i + sgi; dir = 1.0; }
      }
    }
    for (let j = 0; j < k; j++) {
      if (ldi(spos, j) != 0) continue;
      const alpha = ld(rho, j);
      if (alpha >= -pivTol) continue;
      const dj = -ld(pi, j);
      const ratio = (dj < 0.0 ? -dj : 0.0) / -alpha;
      if (ratio < bestRatio || (ratio == bestRatio && -alpha > bestAlpha)) { bestRatio = ratio; bestAlpha = -alpha; qv = 2 * n + j; dir = 1.0; }
    }
    if (simplexW != 0 && muBasic == 0) {
      let alpha = 0.0;
      let sw = 0.0;
      for (let j = 0; j < k; j++) { alpha += ld(rho, j); sw += ld(pi, j); }
      const aa = alpha < 0.0 ? -alpha : alpha;
      if (aa > pivTol) {
        const dm = 1.0 - sw;
        const ratio = (dm < 0.0 ? -dm : dm) / aa;
        if (ratio < bestRatio || (ratio == bestRatio && aa > bestAlpha)) { bestRatio = ratio; bestAlpha = aa; qv = muId; dir = alpha < 0.0 ? 1.0 : -1.0; }
      }
    }
    if (qv < 0) { status = Status.NumericalError; break; }
    hullColumn(a, u, n, k, offset, qv, col);
    hullFtran(Bi, m, k, gl, spos, col, al);
    if (lv < 2 * n) { sti(rowBasic, lv >> 1, ldi(rowBasic, lv >> 1) & ~(1 << (lv & 1))); }
    if (qv < 2 * n) { sti(rowBasic, qv >> 1, ldi(rowBasic, qv >> 1) | (1 << (qv & 1))); }
    if (qv == muId) { muBasic = 1; }
    hullExchange(Bi, m, n, k, gl, gidx, spos, basis, r0, qv, al);
    st(cb, r0, hullCost(u, n, k, qv));
  }

  // ---- refinement of B⁻¹'s ε column (x_B) and of π: one step of iterative refinement each
  hullRefine(a, u, n, k, offset, Bi, m, gl, spos, basis, cb, pi, xb, col, al, tmp);
  // ---- outputs, scaled back: w = π_w, ε = σ·π_ε, c = σ·π_c, y = β − α
  for (let j = 0; j < k; j++) st(w, j, ld(pi, j));
  for (let i = 0; i < n; i++) st(yv, i, 0.0);
  for (let p = 0; p < m; p++) {
    const id = ldi(basis, p);
    if (id >= 0 && id < 2 * n) {
      const i = id >> 1;
      const v = ld(xb, p); // not clipped: B x_B = e_ε keeps 1ᵀy = 0 and Uᵀy + μ + s = 0 to rounding
      st(yv, i, ld(yv, i) + ((id & 1) == 0 ? v : -v));
    }
  }
  st(info, 0, <f64>iterations);
  st(info, 1, ld(pi, er) * sigma);
  st(info, 2, offset != 0 ? ld(pi, k + 1) * sigma : 0.0);
  st(info, 3, <f64>passes);
  st(info, 4, <f64>nws);
  st(info, 5, <f64>cleanup);
  return status;
}

/** Cost of variable `id` in D (scaled data). */
function hullCost(u: usize, n: i32, k: i32, id: i32): f64 {
  if (id < 2 * n) return (id & 1) == 0 ? ld(u, id >> 1) : -ld(u, id >> 1);
  if (id == 2 * n + k) return 1.0;
  return 0.0;
}

/** Column of variable `id` in D, length m = k + 1 + offset. */
function hullColumn(a: usize, u: usize, n: i32, k: i32, offset: i32, id: i32, col: usize): void {
  const m = k + 1 + offset;
  for (let p = 0; p < m; p++) st(col, p, 0.0);
  if (id < 2 * n) {
    const ai = row(a, id >> 1, k);
    const sg = (id & 1) == 0 ? 1.0 : -1.0;
    for (let j = 0; j < k; j++) st(col, j, sg * ld(ai, j));
    st(col, k, 1.0);
    if (offset != 0) st(col, k + 1, sg);
  } else if (id < 2 * n + k) {
    st(col, id - 2 * n, 1.0);
  } else {
    for (let j = 0; j < k; j++) st(col, j, 1.0);
  }
}

/** Perturbation of the model rows' right-hand side (δ_j ∈ [1e-9, 2e-9), scaled data): breaks the ties of the
 *  degenerate slacks so that every pivot moves; removed at the end. */
function hullDelta(j: i32): f64 { return 1e-9 * (1.0 + <f64>((j * 7919) % 997) / 997.0); }

/** xp = B⁻¹ (δ, 1, 0). */
function hullPerturbed(Bi: usize, m: i32, k: i32, gl: usize, spos: usize, tmp: usize, xp: usize): void {
  for (let j = 0; j < m; j++) st(tmp, j, 0.0);
  for (let j = 0; j < k; j++) st(tmp, j, hullDelta(j));
  st(tmp, k, 1.0);
  hullFtran(Bi, m, k, gl, spos, tmp, xp);
}

/** Adds column j to G. */
function hullGAdd(gl: usize, gidx: usize, m: i32, j: i32): void {
  const c = ldi(gl, m);
  sti(gl, c, j); sti(gidx, j, c); sti(gl, m, c + 1);
}

/** Removes column j from G (the last entry takes its place). */
function hullGRemove(gl: usize, gidx: usize, m: i32, j: i32): void {
  const c = ldi(gl, m) - 1;
  const t = ldi(gidx, j);
  const last = ldi(gl, c);
  sti(gl, t, last); sti(gidx, last, t);
  sti(gidx, j, -1); sti(gl, m, c);
}

/** U_i·w where w is zero outside G: a gathered sum over G's models, or the dense dot when G holds many of them. */
function hullFit(ai: usize, pi: usize, k: i32, m: i32, gl: usize, gather: i32): f64 {
  if (gather == 0) return dot(ai, pi, k);
  let s = 0.0;
  const gn = ldi(gl, m);
  for (let t = 0; t < gn; t++) {
    const g = ldi(gl, t);
    if (g < k) s += ld(ai, g) * ld(pi, g);
  }
  return s;
}

/**
 * al = B⁻¹ col. B⁻¹ is stored by columns; column j of a model row whose slack s_j is basic is the unit vector at
 * s_j's position, so only the columns in G are stored and touched.
 */
function hullFtran(Bi: usize, m: i32, k: i32, gl: usize, spos: usize, col: usize, al: usize): void {
  for (let p = 0; p < m; p++) st(al, p, 0.0);
  for (let j = 0; j < k; j++) {
    const ps = ldi(spos, j);
    if (ps > 0) st(al, ps - 1, ld(al, ps - 1) + ld(col, j));
  }
  const gn = ldi(gl, m);
  for (let t = 0; t < gn; t++) {
    const g = ldi(gl, t);
    const v = ld(col, g);
    if (v != 0.0) axpy(v, row(Bi, g, m), al, m);
  }
}

/** π = c_Bᵀ B⁻¹: zero outside G (c_B is zero at the slacks' positions), a dot with each column in G. */
function hullPrices(Bi: usize, m: i32, gl: usize, cb: usize, pi: usize): void {
  for (let j = 0; j < m; j++) st(pi, j, 0.0);
  const gn = ldi(gl, m);
  for (let t = 0; t < gn; t++) {
    const g = ldi(gl, t);
    st(pi, g, dot(cb, row(Bi, g, m), m));
  }
}

/**
 * Basis change at position r (entering variable `id`, al = B⁻¹ a_id): the product-form update of the columns in G;
 * a leaving slack s_j turns column j into the eta column and joins G; an entering slack leaves G (its column is the
 * unit vector at r).
 */
function hullExchange(
  Bi: usize, m: i32, n: i32, k: i32, gl: usize, gidx: usize, spos: usize, basis: usize, r: i32, id: i32, al: usize,
): void {
  const inv = 1.0 / ld(al, r);
  const gn = ldi(gl, m);
  for (let t = 0; t < gn; t++) {
    const c = row(Bi, ldi(gl, t), m);
    const v = ld(c, r);
    if (v != 0.0) { const f = v * inv; axpy(-f, al, c, m); st(c, r, f); }
  }
  const leaving = ldi(basis, r);
  if (leaving >= 2 * n && leaving < 2 * n + k) {
    const j = leaving - 2 * n;
    const c = row(Bi, j, m);
    for (let p = 0; p < m; p++) st(c, p, -ld(al, p) * inv);
    st(c, r, inv);
    sti(spos, j, 0);
    hullGAdd(gl, gidx, m, j);
  }
  if (id >= 2 * n && id < 2 * n + k) {
    const j = id - 2 * n;
    sti(spos, j, r + 1);
    hullGRemove(gl, gidx, m, j);
  }
  sti(basis, r, id);
}

/** One step of iterative refinement for x_B (B x_B = e_ε) and π (Bᵀ π = c_B), using the current B⁻¹. */
function hullRefine(
  a: usize, u: usize, n: i32, k: i32, offset: i32, Bi: usize, m: i32, gl: usize, spos: usize, basis: usize,
  cb: usize, pi: usize, xb: usize, col: usize, al: usize, tmp: usize,
): void {
  hullPrices(Bi, m, gl, cb, pi);
  copy(xb, row(Bi, k, m), m);
  // residual of B x_B = e_ε: tmp = e_ε − Σ_p x_B(p) a_basis(p); of Bᵀπ = c_B: al_p = c_B(p) − π·a_basis(p)
  for (let j = 0; j < m; j++) st(tmp, j, 0.0);
  st(tmp, k, 1.0);
  for (let p = 0; p < m; p++) {
    const id = ldi(basis, p);
    if (id < 0) { st(al, p, 0.0); continue; }
    hullColumn(a, u, n, k, offset, id, col);
    axpy(-ld(xb, p), col, tmp, m);
    st(al, p, ld(cb, p) - dot(pi, col, m));
  }
  // x_B += B⁻¹ tmp; π_g += alᵀ B⁻¹ e_g over G (outside G, π stays 0: al is 0 at the slacks' positions)
  hullFtran(Bi, m, k, gl, spos, tmp, col);
  for (let p = 0; p < m; p++) st(xb, p, ld(xb, p) + ld(col, p));
  const gn = ldi(gl, m);
  for (let t = 0; t < gn; t++) {
    const g = ldi(gl, t);
    st(pi, g, ld(pi, g) + dot(al, row(Bi, g, m), m));
  }
}
