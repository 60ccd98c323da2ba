import { dot, axpy, maxAbs, powerOfTwoScale } from "./linalg.js";
import { residualGradient } from "./design.js";
import { gramUpdate } from "./gram.js";
import { Status } from "./status.js";

/**
 * Twin of assembly/nnls.ts: the working-set active-set method (outer rounds on the exact gradient, inner
 * Lawson–Hanson on the Gram matrix of the working set with a Jacobi-scaled Cholesky factor), with the same loop
 * order, tie-breaks and arithmetic. See the kernel for the method and its sources.
 */

export interface ActiveSetResult {
  status: number;
  /** [inner iterations, outer rounds, final |W|, final |P|], as the kernel's info. */
  info: Int32Array;
}

/** Working storage of one solve (allocated once per solve, never per iteration). */
interface Work {
  k: number;
  cn: Float64Array;     // column norms ‖a_q‖, by position
  wv: Float64Array;     // inner multipliers c − H x, by position
  G: Float64Array; L: Float64Array; d: Float64Array; c: Float64Array;
  xw: Float64Array; z: Float64Array; t1: Float64Array; t2: Float64Array;
  pidx: Int32Array; state: Int32Array; perm: Int32Array; swapA: Int32Array; swapB: Int32Array;
  gram: Float64Array;   // block sums for gramUpdate
  rho: number; sumOne: boolean;
  np: number;           // |P|
  it: number;           // inner iterations of the last innerLawsonHanson call
}

/**
 * min ½‖A x − b‖² s.t. x ≥ 0 (and 1ᵀx = 1 when sumOne). A (row-major n×k) is the solver's own copy: its columns are
 * permuted. x: a nonnegative start when `warm` (its support seeds the working set), overwritten with the answer.
 */
export function nnlsActiveSet(
  a: Float64Array, b: Float64Array, n: number, k: number, sumOne: boolean, x: Float64Array, warm: boolean,
  maxIter: number, tol: number,
): ActiveSetResult {
  const g = new Float64Array(k);
  const r = new Float64Array(n);
  const viol = new Float64Array(k);
  const cand = new Int32Array(k);
  const w: Work = {
    k, cn: new Float64Array(k), wv: new Float64Array(k), G: new Float64Array(k * k), L: new Float64Array(k * k),
    d: new Float64Array(k), c: new Float64Array(k),
    xw: new Float64Array(k), z: new Float64Array(k), t1: new Float64Array(k), t2: new Float64Array(k),
    pidx: new Int32Array(k), state: new Int32Array(k), perm: new Int32Array(k), swapA: new Int32Array(k),
    swapB: new Int32Array(k), gram: new Float64Array(k * k), rho: 0, sumOne, np: 0, it: 0,
  };
  const { G, xw, t1, perm, state, pidx, cn } = w;
  const info = new Int32Array(4);
  for (let q = 0; q < k; q++) perm[q] = q;
  let p = 0;
  let iterations = 0;
  let rounds = 0;
  let status: number = Status.Optimal;

  let bNorm = maxAbs(b, 0, n);
  let aMax = firstPass(a, n, k, b, g, t1);
  // as assembly/nnls.ts: one common factor for the simplex, A and b their own for x ≥ 0 (x solved as x·tb/ta)
  const ta = powerOfTwoScale(sumOne ? Math.max(aMax, bNorm) : aMax);
  const tb = sumOne ? ta : powerOfTwoScale(bNorm);
  if (ta !== 1 || tb !== 1) {
    for (let i = 0; i < n * k; i++) a[i] = a[i]! * ta;
    for (let i = 0; i < n; i++) b[i] = b[i]! * tb;
    bNorm = maxAbs(b, 0, n);
    aMax = firstPass(a, n, k, b, g, t1);
  }
  const s = Math.max(Math.max(maxAbs(g, 0, k), aMax * Math.max(bNorm, sumOne ? aMax : 0)), 1e-300);
  const theta = 0.5 * tol * s;
  let cmax = 0;
  for (let q = 0; q < k; q++) { const cq = Math.sqrt(t1[q]!); cn[q] = cq; cmax = Math.max(cmax, cq); }
  const thetaCol = 0.5 * tol * Math.max(Math.sqrt(dot(b, 0, b, 0, n)), sumOne ? cmax : 0);
  if (sumOne) {
    let tr = 0;
    for (let j = 0; j < k; j++) tr += t1[j]!;
    w.rho = Math.max(tr / k, 1e-300);
  }
  const rho = w.rho;

  let nSeed = 0;
  if (warm) {
    for (let j = 0; j < k; j++) if (x[j]! > 0) cand[nSeed++] = j;
  }
  if (sumOne && nSeed === 0) {
    let best = 0;
    let bestVal = Infinity;
    for (let j = 0; j < k; j++) {
      const v = 0.5 * t1[j]! + g[j]!;
      if (v < bestVal) { bestVal = v; best = j; }
    }
    cand[0] = best;
    nSeed = 1;
  }
  if (nSeed > 0) {
    p = growWorkingSet(a, n, p, cand, nSeed, g, w);
    computeScale(w, p, 0);
    for (let q = 0; q < p; q++) xw[q] = warm ? x[perm[q]!]! * tb / ta : 1;
    if (sumOne && warm) {
      let sum = 0;
      for (let q = 0; q < p; q++) sum += xw[q]!;
      for (let q = 0; q < p; q++) xw[q] = xw[q]! / sum;
    }
    for (let q = 0; q < p; q++) {
      if (cholAppend(w, q)) { pidx[w.np++] = q; state[q] = 1; }
      else xw[q] = 0;
    }
    if (sumOne && w.np === 0) status = Status.NumericalError;
    else if (sumOne) {
      let sum = 0;
      for (let q = 0; q < p; q++) sum += xw[q]!;
      for (let q = 0; q < p; q++) xw[q] = xw[q]! / sum;
    }
  }

  let stalled = 0;
  let lastRn = Infinity;
  let polish = 0;
  let polishRn = Infinity;
  const bTwo = Math.sqrt(dot(b, 0, b, 0, n));
  while (status === Status.Optimal) {
    rounds++;
    residualGradient(a, n, k, k, p, xw, b, r, g, null);
    // as assembly/nnls.ts: the scale-free test in the residual space
    const rn = Math.sqrt(dot(r, 0, r, 0, n));
    let ref = bTwo;
    for (let q = 0; q < p; q++) ref += cn[q]! * Math.abs(xw[q]!);
    const thetaR = Math.min(thetaCol, Math.max(0.5 * tol * rn, 2 ** -50 * ref));
    let mu = 0;
    if (sumOne) {
      mu = Infinity;
      for (let q = 0; q < p; q++) if (xw[q]! > 0 && g[q]! < mu) mu = g[q]!;
    }
    let xmax = 1;
    for (let q = 0; q < p; q++) if (xw[q]! > xmax) xmax = xw[q]!;
    let refine = false;
    let zeroViolated = false;
    for (let q = 0; q < p; q++) {
      const gq = g[q]! - mu;
      const thr = threshold(theta, thetaR, cn[q]!);
      if (-gq > thr || (xw[q]! > 0 && gq > thr) || Math.abs(xw[q]! * gq) / xmax > theta) refine = true;
      if (!(xw[q]! > 0) && -gq > thr) zeroViolated = true;
    }
    let nCand = 0;
    for (let q = p; q < k; q++) {
      const v = mu - g[q]!;
      const cq = cn[q]!;
      if (v > threshold(theta, thetaR, cq)) { cand[nCand++] = q; viol[q] = cq > 0 ? v / cq : Infinity; }
    }
    if (nCand === 0 && !refine) {
      // as assembly/nnls.ts: polish with correction steps while each halves ‖r‖, keeping the better of the last two
      let again = false;
      const { pidx, c, z } = w;
      if (w.np > 0 && !zeroViolated && polish < 6 && (polish === 0 || rn < 0.5 * polishRn)) {
        let strict = false;
        for (let u = 0; u < w.np; u++) { const q = pidx[u]!; if (Math.abs(g[q]! - mu) > 0.5 * tol * rn * cn[q]!) strict = true; }
        if (strict) {
          viol.set(xw.subarray(0, p));
          for (let u = 0; u < w.np; u++) { const q = pidx[u]!; c[q] = -g[q]!; }
          passiveSolve(w, 0);
          let inside = true;
          for (let u = 0; u < w.np; u++) { const q = pidx[u]!; if (!(xw[q]! + z[q]! > 0)) inside = false; }
          if (inside) {
            for (let u = 0; u < w.np; u++) { const q = pidx[u]!; xw[q] = xw[q]! + z[q]!; }
            polish++;
            polishRn = rn;
            again = true;
          }
        }
      }
      if (!again) {
        if (polish > 0 && rn > polishRn) xw.set(viol.subarray(0, p));
        break;
      }
      continue;
    }
    if (iterations >= maxIter) { status = Status.IterationLimit; break; }
    if (nCand === 0) {
      if (rn < lastRn * (1 - 1e-9)) stalled = 0;
      else stalled++;
      if (stalled > 4 || rounds > 200 + k) { status = Status.NumericalError; break; }
      // as assembly/nnls.ts: the correction form of iterative refinement on P
      if (w.np > 0 && !zeroViolated) {
        const { pidx, c, z } = w;
        for (let u = 0; u < w.np; u++) { const q = pidx[u]!; c[q] = -g[q]!; }
        passiveSolve(w, 0);
        let inside = true;
        for (let u = 0; u < w.np; u++) { const q = pidx[u]!; if (!(xw[q]! + z[q]! > 0)) inside = false; }
        if (inside) {
          for (let u = 0; u < w.np; u++) { const q = pidx[u]!; xw[q] = xw[q]! + z[q]!; }
          iterations++;
          lastRn = Math.min(lastRn, rn);
          continue;
        }
      }
    } else {
      stalled = 0;
      // the first batch is k/8 (4…32), later ones grow with |W|; when every candidate joins, in position order
      const batch = Math.min(nCand, Math.max(Math.min(Math.max(k >> 3, 4), 32), p >> 2));
      if (batch < nCand) sortByViolation(cand, nCand, viol, perm);
      for (let t = 0; t < batch; t++) cand[t] = perm[cand[t]!]!;
      const p0 = p;
      p = growWorkingSet(a, n, p, cand, batch, g, w);
      computeScale(w, p, p0);
      for (let q = p0; q < p; q++) { xw[q] = 0; state[q] = 0; }
    }
    const { c } = w;
    const np = w.np;
    for (let q = 0; q < p; q++) {
      let hx = 0;
      const o = q * k;
      for (let t = 0; t < np; t++) { const qq = pidx[t]!; hx += (G[o + qq]! + rho) * xw[qq]!; }
      c[q] = hx - g[q]!;
      if (state[q] === 2) state[q] = 0;
    }
    lastRn = Math.min(lastRn, rn);
    const ok = innerLawsonHanson(w, p, theta, thetaR, maxIter - iterations);
    iterations += w.it;
    if (!ok) { status = Status.NumericalError; break; }
  }

  x.fill(0, 0, k);
  for (let q = 0; q < p; q++) {
    const v = Math.max(0, xw[q]!);
    x[perm[q]!] = v > 0 ? v * ta / tb : 0;
  }
  info[0] = iterations;
  info[1] = rounds;
  info[2] = p;
  info[3] = w.np;
  return { status, info };
}

/** One pass at x = 0: g = −Aᵀb, the squared column norms, and max |A_ij| (returned). */
function firstPass(a: Float64Array, n: number, k: number, b: Float64Array, g: Float64Array, colSq: Float64Array): number {
  g.fill(0, 0, k);
  colSq.fill(0, 0, k);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const o = i * k;
    const bi = b[i]!;
    if (bi !== 0) axpy(-bi, a, o, g, 0, k);
    m = Math.max(m, maxAbs(a, o, k));
    for (let j = 0; j < k; j++) { const v = a[o + j]!; colSq[j] = colSq[j]! + v * v; }
  }
  return m;
}

/** Moves columns cols[0..m) (original indices) to positions p..p+m−1 and extends G; returns the new |W|. */
function growWorkingSet(a: Float64Array, n: number, p: number, cols: Int32Array, m: number, g: Float64Array, w: Work): number {
  const { k, perm, swapA, swapB, cn } = w;
  for (let t = 0; t < m; t++) {
    const col = cols[t]!;
    let from = p + t;
    for (let q = p + t; q < k; q++) if (perm[q] === col) { from = q; break; }
    const to = p + t;
    swapA[t] = to;
    swapB[t] = from;
    if (from !== to) {
      const pc = perm[to]!; perm[to] = perm[from]!; perm[from] = pc;
      const gv = g[to]!; g[to] = g[from]!; g[from] = gv;
      const cv = cn[to]!; cn[to] = cn[from]!; cn[from] = cv;
    }
  }
  for (let i = 0; i < n; i++) {
    const o = i * k;
    for (let t = 0; t < m; t++) {
      const to = swapA[t]!, from = swapB[t]!;
      if (from !== to) { const v = a[o + to]!; a[o + to] = a[o + from]!; a[o + from] = v; }
    }
  }
  gramUpdate(a, n, k, p, p + m, w.G, k, w.gram);
  return p + m;
}

function computeScale(w: Work, p: number, p0: number): void {
  const { G, d, k, rho } = w;
  for (let q = p0; q < p; q++) d[q] = Math.sqrt(G[q * k + q]! + rho);
}

/** Appends position q to the factor of the passive set; false when q is numerically dependent on it. */
function cholAppend(w: Work, q: number): boolean {
  const { G, L, d, k, pidx, np, rho } = w;
  if (d[q] === 0) return false;
  const lrow = np * k;
  let ss = 0;
  for (let t = 0; t < np; t++) {
    const lt = t * k;
    const u = pidx[t]!;
    const hs = (G[u * k + q]! + rho) / (d[u]! * d[q]!);
    const v = (hs - dot(L, lt, L, lrow, t)) / L[lt + t]!;
    L[lrow + t] = v;
    ss += v * v;
  }
  const d2 = 1 - ss;
  if (!(d2 > 1e-15 * (np + 1))) return false;
  L[lrow + np] = Math.sqrt(d2);
  return true;
}

/** Removes passive entry t from the factor (Givens rotations restore the triangle); the caller decrements |P|. */
function cholRemove(w: Work, t: number): void {
  const { L, k, pidx, np } = w;
  for (let i = t; i < np - 1; i++) {
    L.copyWithin(i * k, (i + 1) * k, (i + 1) * k + i + 2);
    pidx[i] = pidx[i + 1]!;
  }
  for (let j = t; j < np - 1; j++) {
    const aj = L[j * k + j]!, bj = L[j * k + j + 1]!;
    const h = Math.sqrt(aj * aj + bj * bj);
    const cs = aj / h, sn = bj / h;
    for (let i = j; i < np - 1; i++) {
      const u = L[i * k + j]!, v = L[i * k + j + 1]!;
      L[i * k + j] = cs * u + sn * v;
      L[i * k + j + 1] = -sn * u + cs * v;
    }
    L[j * k + j + 1] = 0;
  }
}

/** Solves H_PP z = y in place (passive order, scaled units): z = L⁻ᵀ L⁻¹ y. */
function cholSolve(L: Float64Array, k: number, np: number, y: Float64Array): void {
  for (let i = 0; i < np; i++) {
    const li = i * k;
    y[i] = (y[i]! - dot(L, li, y, 0, i)) / L[li + i]!;
  }
  for (let i = np - 1; i >= 0; i--) {
    const li = i * k;
    const zi = y[i]! / L[li + i]!;
    y[i] = zi;
    if (i > 0) axpy(-zi, L, li, y, 0, i);
  }
}

/** z on the passive set (by position) minimising the inner model, with 1ᵀz = 1 for the simplex. */
function passiveSolve(w: Work, target: number): void {
  const { L, k, np, pidx, c, d, z, t1, t2 } = w;
  for (let t = 0; t < np; t++) { const q = pidx[t]!; t1[t] = c[q]! / d[q]!; }
  cholSolve(L, k, np, t1);
  if (w.sumOne) {
    for (let t = 0; t < np; t++) t2[t] = 1 / d[pidx[t]!]!;
    cholSolve(L, k, np, t2);
    let s1 = 0, s2 = 0;
    for (let t = 0; t < np; t++) { const dq = d[pidx[t]!]!; s1 += t1[t]! / dq; s2 += t2[t]! / dq; }
    const lam = (s1 - target) / s2;
    for (let t = 0; t < np; t++) t1[t] = t1[t]! - lam * t2[t]!;
  }
  for (let t = 0; t < np; t++) { const q = pidx[t]!; z[q] = t1[t]! / d[q]!; }
}

/**
 * Lawson–Hanson on the working set with the inner model ½xᵀHx − cᵀx. Updates w.np and w.it (iterations used);
 * returns false on a numerical failure. x (by position) is feasible on entry and on exit.
 */
function innerLawsonHanson(w: Work, p: number, theta: number, thetaCol: number, budget: number): boolean {
  const { xw, z, pidx, state, sumOne, wv, G, c, cn, k, rho } = w;
  let it = 0;
  w.it = 0;
  let needSolve = true;
  let added = -1;
  for (;;) {
    if (needSolve) {
      while (w.np > 0) {
        passiveSolve(w, 1);
        if (added >= 0 && z[added]! <= 0) {
          cholRemove(w, w.np - 1);
          w.np--;
          state[added] = 2;
          xw[added] = 0;
          added = -1;
          break;
        }
        added = -1;
        let alpha = 2;
        let leave = -1;
        for (let t = 0; t < w.np; t++) {
          const q = pidx[t]!;
          const zq = z[q]!;
          if (zq <= 0) {
            const xq = xw[q]!;
            const a = xq / (xq - zq);
            if (a < alpha) { alpha = a; leave = t; }
          }
        }
        if (leave < 0) {
          for (let t = 0; t < w.np; t++) { const q = pidx[t]!; xw[q] = z[q]!; }
          break;
        }
        it++;
        for (let t = 0; t < w.np; t++) {
          const q = pidx[t]!;
          xw[q] = xw[q]! + alpha * (z[q]! - xw[q]!);
        }
        xw[pidx[leave]!] = 0;
        for (let t = w.np - 1; t >= 0; t--) {
          const q = pidx[t]!;
          if (xw[q]! <= 0) { xw[q] = 0; cholRemove(w, t); w.np--; state[q] = 0; }
        }
        if (sumOne && w.np === 0) return false;   // (as the kernel: the iterations of a failed call are not counted)
        if (it >= budget) { w.it = it; return true; }
      }
      needSolve = false;
    }
    if (it >= budget) { w.it = it; return true; }
    // w = c − H x over W as a sum of rows of the symmetric G, ρ·1ᵀx added once
    for (let q = 0; q < p; q++) wv[q] = c[q]!;
    let sx = 0;
    for (let t = 0; t < w.np; t++) {
      const qq = pidx[t]!;
      const xq = xw[qq]!;
      sx += xq;
      axpy(-xq, G, qq * k, wv, 0, p);
    }
    let nu = 0;
    if (sumOne) {
      let acc = 0;
      for (let t = 0; t < w.np; t++) acc += wv[pidx[t]!]! - rho * sx;
      nu = acc / w.np;
    }
    let best = -1;
    let bestVal = 0;
    for (let q = 0; q < p; q++) {
      if (state[q] !== 0) continue;
      const v = wv[q]! - rho * sx - nu;
      const cq = cn[q]!;
      const rate = cq > 0 ? v / cq : Infinity;
      if (v > threshold(theta, thetaCol, cq) && rate > bestVal) { bestVal = rate; best = q; }
    }
    if (best < 0) { w.it = it; return true; }
    it++;
    if (cholAppend(w, best)) {
      pidx[w.np++] = best;
      state[best] = 1;
      added = best;
      needSolve = true;
    } else {
      state[best] = 2;
    }
  }
}

/** The dual threshold of a column of norm c: θcol·c when that is positive and below θ, else θ. */
function threshold(theta: number, thetaCol: number, c: number): number {
  const t = thetaCol * c;
  return t > 0 && t < theta ? t : theta;
}

/** Sorts candidate positions by violation, largest first, ties to the lower original column (heap sort). */
function sortByViolation(cand: Int32Array, m: number, viol: Float64Array, perm: Int32Array): void {
  for (let start = (m >> 1) - 1; start >= 0; start--) siftDown(cand, start, m, viol, perm);
  for (let end = m - 1; end > 0; end--) {
    const tmp = cand[0]!; cand[0] = cand[end]!; cand[end] = tmp;
    siftDown(cand, 0, end, viol, perm);
  }
}

/** Heap order: the root is the least preferred, so the final array is most preferred first. */
function worse(u: number, v: number, viol: Float64Array, perm: Int32Array): boolean {
  const a = viol[u]!, b = viol[v]!;
  if (a !== b) return a < b;
  return perm[u]! > perm[v]!;
}

function siftDown(h: Int32Array, start: number, end: number, viol: Float64Array, perm: Int32Array): void {
  let root = start;
  for (;;) {
    const child0 = 2 * root + 1;
    if (child0 >= end) return;
    let child = child0;
    if (child + 1 < end && worse(h[child + 1]!, h[child]!, viol, perm)) child++;
    if (worse(h[child]!, h[root]!, viol, perm)) {
      const tmp = h[root]!; h[root] = h[child]!; h[child] = tmp;
      root = child;
    } else return;
  }
}
