import { dot, maxAbs, powerOfTwoScale } from "./linalg.js";
import { residualGradient, matrixMaxAbs } from "./design.js";
import { gramUpdate } from "./gram.js";
import { projectSimplexScaled } from "./simplex.js";
import { Status } from "./status.js";

/**
 * Twin of assembly/pg.ts: accelerated projected gradient (FISTA) with Jacobi scaling, adaptive restart, and the KKT +
 * gap stopping test; the same arithmetic in the same order. See the kernel for the method and its sources.
 */

const POWER_STEPS = 10;
const L_MARGIN = 1.1;
const RISE_TOL = 1e-11;

/** What a projected-gradient solve reports: a kernel status code and the gradient steps taken. */
export interface PgResult {
  status: number;
  iterations: number;
}

/**
 * min ½‖A x − b‖² s.t. x ≥ 0 (and 1ᵀx = 1 when sumOne); A row-major n×k (the solver's own copy: data far from 1
 * are prescaled in place by a power of two). x: the start when `warm`, overwritten with the answer (Optimal) or the
 * best feasible iterate seen.
 */
export function nnlsProjectedGradient(
  a: Float64Array, b: Float64Array, n: number, k: number, sumOne: boolean, x: Float64Array, warm: boolean,
  useGram: boolean, maxIter: number, tol: number,
): PgResult {
  let xc = new Float64Array(k), xo = new Float64Array(k), xn = new Float64Array(k);
  let gc = new Float64Array(k), go = new Float64Array(k), gn = new Float64Array(k);
  const y = new Float64Array(k);
  const work = new Float64Array(k);
  const w = new Float64Array(k);
  const iw = new Float64Array(k);
  const order = new Int32Array(k);
  const r = new Float64Array(n);
  const c = useGram ? new Float64Array(k) : work;          // (unused when !useGram)
  const G = useGram ? new Float64Array(k * k) : work;
  const zero = useGram ? r : new Float64Array(n);         // n zeros (read only when !useGram)

  let bNorm = maxAbs(b, 0, n);
  let aMax = matrixMaxAbs(a, n, k);
  // as assembly/pg.ts: one common factor for the simplex, A and b their own for x ≥ 0 (x solved as x·beta/alpha)
  const alpha = powerOfTwoScale(sumOne ? Math.max(aMax, bNorm) : aMax);
  const beta = sumOne ? alpha : powerOfTwoScale(bNorm);
  if (alpha !== 1 || beta !== 1) {
    const total = n * k;
    for (let i = 0; i < total; i++) a[i] = a[i]! * alpha;
    for (let i = 0; i < n; i++) b[i] = b[i]! * beta;
    aMax *= alpha;
    bNorm *= beta;
  }

  let fConst = residualGradient(a, n, k, k, 0, xc, b, r, gc, useGram ? null : w);
  const halfB = fConst;
  const bTwo = Math.sqrt(2 * halfB);
  const s = Math.max(Math.max(maxAbs(gc, 0, k), aMax * Math.max(bNorm, sumOne ? aMax : 0)), 1e-300);
  const theta = 0.5 * tol * s;
  if (useGram) {
    for (let j = 0; j < k; j++) c[j] = -gc[j]!;
    gramUpdate(a, n, k, 0, k, G, k);
    for (let j = 0; j < k; j++) w[j] = G[j * k + j]!;
  }

  let wmax = 0;
  for (let j = 0; j < k; j++) wmax = Math.max(wmax, w[j]!);
  const wFloor = 1e-200 * wmax;
  let lf = 0;
  for (let j = 0; j < k; j++) {
    const wj = w[j]!;
    if (!(wj > wFloor)) w[j] = wmax > 0 ? wmax : 1;
    iw[j] = 1 / w[j]!;
    lf += wj * iw[j]!;
  }
  const fScale = Math.max(halfB, sumOne ? 5e-7 * wmax : 0);
  const fNoise = useGram ? RISE_TOL * Math.max(halfB, sumOne ? 0.5 * wmax : 0) : 0;
  for (let j = 0; j < k; j++) y[j] = 1 + ((j * 7) % 11) * 0.0625;
  let rayleigh = 0;
  for (let t = 0; t < POWER_STEPS; t++) {
    const vv = dot(y, 0, y, 0, k);
    for (let j = 0; j < k; j++) xn[j] = y[j]! * Math.sqrt(iw[j]!);
    let uau = 0;
    if (useGram) {
      for (let j = 0; j < k; j++) work[j] = dot(G, j * k, xn, 0, k);
      uau = dot(xn, 0, work, 0, k);
    } else {
      uau = 2 * residualGradient(a, n, k, k, k, xn, zero, r, work, null);
    }
    rayleigh = uau / vv;
    for (let j = 0; j < k; j++) work[j] = work[j]! * Math.sqrt(iw[j]!);
    const ww = dot(work, 0, work, 0, k);
    if (!(ww > 0)) break;
    const inv = 1 / Math.sqrt(ww);
    for (let j = 0; j < k; j++) y[j] = work[j]! * inv;
  }
  let lip = Math.min(lf, L_MARGIN * rayleigh);
  if (!(lip > 0)) lip = lf;
  if (!(lip > 0)) lip = 1;
  let invL = 1 / lip;

  if (warm) for (let j = 0; j < k; j++) xc[j] = x[j]! * beta / alpha;
  else xc.fill(0);
  project(xc, k, sumOne, w, iw, work, order);
  let fc = objective(a, b, n, k, xc, gc, r, G, c, fConst, useGram);
  xo.set(xc);
  go.set(gc);
  x.set(xc);
  let fBest = fc;

  let t = 1;
  let it = 0;
  let status: number = Status.Optimal;
  for (;;) {
    if (converged(xc, gc, k, sumOne, theta, fc, tol * (Math.abs(fc) + 0.001 * fScale), w, 50 * tol, bTwo)) {
      if (!useGram) break;
      const fe = residualGradient(a, n, k, k, k, xc, b, r, gn, null);
      if (converged(xc, gn, k, sumOne, theta, fe, tol * (Math.abs(fe) + 0.001 * fScale), w, 50 * tol, bTwo)) break;
      for (let j = 0; j < k; j++) c[j] = gc[j]! + c[j]! - gn[j]!;
      gc.set(gn);
      fConst = fe - 0.5 * (dot(xc, 0, gc, 0, k) - dot(c, 0, xc, 0, k));
      fc = fe;
      xo.set(xc);
      go.set(gc);
      t = 1;
    }
    if (it >= maxIter) { status = Status.IterationLimit; break; }

    const tn = 0.5 * (1 + Math.sqrt(1 + 4 * t * t));
    const beta = (t - 1) / tn;
    for (let j = 0; j < k; j++) {
      const xj = xc[j]!;
      const gj = gc[j]!;
      const yj = xj + beta * (xj - xo[j]!);
      y[j] = yj;
      xn[j] = yj - (gj + beta * (gj - go[j]!)) * iw[j]! * invL;
    }
    project(xn, k, sumOne, w, iw, work, order);
    let restartTest = 0;
    for (let j = 0; j < k; j++) { const xj = xn[j]!; restartTest += w[j]! * (y[j]! - xj) * (xj - xc[j]!); }
    const fn = objective(a, b, n, k, xn, gn, r, G, c, fConst, useGram);
    it++;
    if (!Number.isFinite(fn)) { status = Status.NumericalError; break; }

    if (fn > fc + RISE_TOL * Math.abs(fc) + fNoise) {
      if (beta === 0 && lip < lf) {
        lip = Math.min(2 * lip, lf);
        invL = 1 / lip;
        t = 1;
        continue;
      }
      t = 1;
    } else {
      t = restartTest > 0 ? 1 : tn;
    }
    const xt = xo; xo = xc; xc = xn; xn = xt;
    const gt = go; go = gc; gc = gn; gn = gt;
    fc = fn;
    if (fc < fBest) { fBest = fc; x.set(xc); }
  }

  if (status === Status.Optimal) x.set(xc);
  if (alpha !== beta) for (let j = 0; j < k; j++) { const v = x[j]!; x[j] = v !== 0 ? v * alpha / beta : 0; }
  return { status, iterations: it };
}

function project(
  v: Float64Array, k: number, sumOne: boolean, w: Float64Array, iw: Float64Array, key: Float64Array, order: Int32Array,
): void {
  if (sumOne) projectSimplexScaled(v, w, iw, k, key, order);
  else for (let j = 0; j < k; j++) v[j] = Math.max(0, v[j]!);
}

function objective(
  a: Float64Array, b: Float64Array, n: number, k: number, x: Float64Array, g: Float64Array, r: Float64Array,
  G: Float64Array, c: Float64Array, fConst: number, useGram: boolean,
): number {
  if (!useGram) return residualGradient(a, n, k, k, k, x, b, r, g, null);
  for (let j = 0; j < k; j++) g[j] = dot(G, j * k, x, 0, k) - c[j]!;
  return 0.5 * (dot(x, 0, g, 0, k) - dot(c, 0, x, 0, k)) + fConst;
}

function converged(
  x: Float64Array, g: Float64Array, k: number, sumOne: boolean, theta: number, f: number, gapTol: number,
  w: Float64Array, sfRel: number, bTwo: number,
): boolean {
  let mu = 0;
  if (sumOne) {
    mu = Infinity;
    for (let j = 0; j < k; j++) if (x[j]! > 0 && g[j]! < mu) mu = g[j]!;
    if (mu === Infinity) mu = 0;
  }
  let xmax = 1;
  for (let j = 0; j < k; j++) if (x[j]! > xmax) xmax = x[j]!;
  let worst = 0;
  let below = 0;
  let gap = 0;
  let mass = 0;
  for (let j = 0; j < k; j++) {
    const gq = g[j]! - mu;
    const xj = x[j]!;
    worst = Math.max(worst, Math.max(-gq, Math.abs(xj * gq) / xmax));
    below = Math.max(below, -gq);
    gap += xj * gq;
    mass += xj;
  }
  if (!(worst <= theta && Math.min(gap + below * mass, f) <= gapTol)) return false;
  // as assembly/pg.ts: and scale-free, in the residual space
  let ref = bTwo;
  for (let j = 0; j < k; j++) ref += Math.sqrt(w[j]!) * Math.abs(x[j]!);
  const rr = Math.max(Math.sqrt(Math.max(0, 2 * f)), 2 ** -23 * ref);
  for (let j = 0; j < k; j++) {
    const gq = g[j]! - mu;
    const v = x[j]! > 0 ? Math.abs(gq) : -gq;
    if (v > sfRel * rr * Math.sqrt(w[j]!)) return false;
  }
  return true;
}
