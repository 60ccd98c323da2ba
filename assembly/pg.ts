import { Status } from "./status";
import { ld, st, sti, row, copy } from "./mem";
import { dot, fill, maxAbs, powerOfTwoScale, simplexScale } from "./linalg";
import { gramUpdate } from "./gram";
import { residualGradient, matrixMaxAbs } from "./design";
import { projectSimplexScaled } from "./simplex";
import { lsqPolish, polishScratchBytes } from "./polish";

/** Power iterations for the Lipschitz estimate, and the margin put on their Rayleigh quotient (a lower bound). */
const POWER_STEPS: i32 = 10;
const L_MARGIN: f64 = 1.1;
/** A rise of f below this (relative to |f|, and to ½‖b‖² on the Gram path, whose f cancels) is rounding. */
const RISE_TOL: f64 = 1e-11;
/** Steps between the stall checks (see the main loop). */
const STALL_WINDOW: i32 = 500;
/** Steps after which an unconverged run is handed to the QR polish anyway (a crawl that FISTA would take tens of
 *  thousands of steps to finish, on a cond(A)² of 1e16 and more, takes the polish a few Householder steps). */
const HANDOVER: i32 = 5000;

/**
 * NNLS / simplex least squares by accelerated projected gradient (FISTA) with adaptive restart:
 *   min f(x) = ½‖A x − b‖²  s.t. x ≥ 0            (sumOne = 0)
 *   min f(x) = ½‖A x − b‖²  s.t. x ≥ 0, 1ᵀx = 1   (sumOne = 1)
 * A is row-major n×k (the kernel's own copy, prepared by prepareDesign). When max(‖A‖max, ‖b‖∞) lies outside
 * [2⁻¹⁰⁰, 2¹⁰⁰], A and b are first multiplied in place by a power of two (exact; x is unchanged), so that squares,
 * f and AᵀA stay inside the f64 range.
 *
 * Step x⁺ = P_W(y − W⁻¹∇f(y)/L): FISTA in the variables z = W^½ x with the Jacobi scaling W = diag(‖a_j‖²) (so that
 * columns of very different norms do not slow it down), y the extrapolation of the last two iterates, P_W the
 * projection in the W-metric (max(0,·) for the orthant; the sort-based simplex projection of assembly/simplex.ts).
 * L = min(‖AW^−½‖_F², 1.1·ρ), ρ the Rayleigh quotient after a few power iterations on W^−½AᵀAW^−½; a plain step (no
 * momentum) that raises f proves L too small: it is rejected and L doubled (capped at the Frobenius bound). Momentum
 * is reset by the gradient test (y − x⁺)ᵀW(x⁺ − x) > 0 and whenever f rises.
 * The gradient is affine, so ∇f(y) = (1+β)∇f(x_k) − β∇f(x_{k−1}): each step evaluates the gradient (and f) at the new
 * feasible iterate only. useGram = 0: that is one fused pass over A (r = A x − b, g = Aᵀr, ½‖r‖² in one row loop), so
 * the stopping test runs on the exact gradient at every iterate. useGram = 1: G = AᵀA and c = Aᵀb are formed once and
 * each step costs k²; a test passed on the Gram gradient is confirmed by one exact pass over A, and a failed
 * confirmation refines the model (c ← G x − g_exact, so its gradient at x becomes the exact one).
 * Stop when (i) the scaled KKT residuals (SPEC, ea.nnls; simplex: g shifted by μ = min of g over the support, and
 * ‖A‖max² joins s as in nnls.ts) are ≤ tol/2, and (ii) a bound on f(x) − f*, the smaller of f(x) itself (f* ≥ 0) and
 * the gap Σ x_j(g_j − μ) + max(0, max_j(μ − g_j))·1ᵀx (exact for the simplex, where it is the Frank–Wolfe gap; for
 * x ≥ 0 it assumes 1ᵀx* ≤ 1ᵀx near the end), is ≤ tol·(f + φ/1000) with φ = ½‖b‖² (for the simplex at least
 * 10⁻⁶·max_j ½‖a_j‖²): KKT residuals at tol alone leave f − f* as large as ~tol·‖A‖‖b‖‖x‖₁ on ill-conditioned
 * problems, far above the SPEC's objective bar.
 * see: Beck & Teboulle (2009), A fast iterative shrinkage-thresholding algorithm, SIAM J. Imaging Sci. 2(1):183–202;
 *      O'Donoghue & Candès (2015), Adaptive restart for accelerated gradient schemes, FoCM 15(3):715–732, §3.2;
 *      Bertsekas (1999), Nonlinear Programming, 2nd ed., §2.3 (scaled gradient projection).
 *
 * x: in, the start when warm ≠ 0 (projected first; else the start is P(0)); out, the answer (Optimal) or the feasible
 * iterate of lowest f seen (IterationLimit, NumericalError). info (i32 ×4, out): [iterations, 0, 0, 0].
 * prepared ≠ 0: A and b were centred or row-weighted (see nnls.ts).
 */
export function nnlsProjectedGradient(
  a: usize, b: usize, n: i32, k: i32, sumOne: i32, x: usize, warm: i32, useGram: i32,
  scratch: usize, maxIter: i32, tol: f64, info: usize, prepared: i32,
): i32 {
  // ---- scratch layout (must match projectedGradientScratchBytes)
  const kk = <usize>k;
  let p_ = scratch;
  let xc = p_; p_ += kk << 3;                   // x_k, the current iterate
  let xo = p_; p_ += kk << 3;                   // x_{k−1}
  let xn = p_; p_ += kk << 3;                   // x_{k+1}, the candidate
  let gc = p_; p_ += kk << 3;                   // ∇f(x_k)
  let go = p_; p_ += kk << 3;                   // ∇f(x_{k−1})
  let gn = p_; p_ += kk << 3;                   // ∇f(x_{k+1})
  const y = p_; p_ += kk << 3;                  // extrapolated point; power-iteration vector
  const work = p_; p_ += kk << 3;               // projection keys; power-iteration product
  const w = p_; p_ += kk << 3;                  // Jacobi weights w_j = ‖a_j‖² (guarded below)
  const iw = p_; p_ += kk << 3;                 // 1/w_j
  const order = p_; p_ += kk << 2;              // projection sort order (i32)
  p_ = (p_ + 7) & ~(<usize>7);
  const r = p_; p_ += (<usize>n) << 3;          // residual
  let zero: usize = 0, c: usize = 0, G: usize = 0;
  if (useGram != 0) {
    c = p_; p_ += kk << 3;                      // Aᵀb (refined)
    G = p_; p_ += (kk * kk) << 3;               // AᵀA, k×k
  } else {
    zero = p_; p_ += (<usize>n) << 3;           // n zeros (power iteration: r = A v − 0)
    fill(zero, n, 0.0);
  }
  const pol = p_;                               // the QR polish (assembly/polish.ts)

  // ---- exact power-of-two prescaling of data far from 1
  let bNorm = maxAbs(b, n);
  let aMax = matrixMaxAbs(a, n, k);
  // exponent-based, clamped to finite normal powers of two (subnormal data once overflowed it to Infinity); as in
  // nnls.ts one common factor for the simplex, and A and b their own for x ≥ 0 (x solved as x·beta/alpha)
  const alpha = sumOne != 0 ? simplexScale(aMax, bNorm) : powerOfTwoScale(aMax);
  const beta = sumOne != 0 ? alpha : powerOfTwoScale(bNorm);
  if (alpha != 1.0 || beta != 1.0) {
    const total = n * k;
    for (let i = 0; i < total; i++) st(a, i, ld(a, i) * alpha);
    for (let i = 0; i < n; i++) st(b, i, ld(b, i) * beta);
    aMax *= alpha;
    bNorm *= beta;
  }

  // ---- scale s = max(‖Aᵀb‖∞, ‖A‖max·‖b‖∞, 1e-300) from one pass at x = 0 (g = −Aᵀb, and ‖a_j‖² in w); for the
  // simplex ‖A‖max² joins it (as in nnls.ts and evaluate.ts: the fitted values reach ‖A‖max even when b = 0)
  let fConst = residualGradient(a, n, k, k, 0, xc, b, r, gc, useGram != 0 ? 0 : w);    // ½‖b‖²; x unread (p = 0)
  const halfB = fConst;
  const bTwo = sqrt<f64>(2.0 * halfB);
  const s = max(max(maxAbs(gc, k), aMax * max(bNorm, sumOne != 0 ? aMax : 0.0)), 1e-300);
  const theta = 0.5 * tol * s;
  if (useGram != 0) {
    for (let j = 0; j < k; j++) st(c, j, -ld(gc, j));
    gramUpdate(a, n, k, 0, k, G, k);
    for (let j = 0; j < k; j++) st(w, j, ld(G, j * k + j));
  }

  // ---- Lipschitz constant of the scaled problem: λmax(W^−½AᵀAW^−½) ≤ ‖AW^−½‖_F² = Σ_j ‖a_j‖²/w_j (the number of
  // nonzero columns); the Rayleigh quotient of a few power iterations from below
  // (a column negligible against the largest, or zero, gets the largest weight: it barely moves, and 1/w stays finite)
  let wmax = 0.0;
  for (let j = 0; j < k; j++) wmax = max(wmax, ld(w, j));
  const wFloor = 1e-200 * wmax;
  let lf = 0.0;
  for (let j = 0; j < k; j++) {
    const wj = ld(w, j);
    if (!(wj > wFloor)) st(w, j, wmax > 0.0 ? wmax : 1.0);
    st(iw, j, 1.0 / ld(w, j));
    lf += wj * ld(iw, j);
  }
  // the size of f for the gap's absolute part: ½‖b‖² (the SPEC's bar); for the simplex, where b = 0 with f* = 0 is
  // legitimate, at least a millionth of the largest ½‖a_j‖²
  const fScale = max(halfB, sumOne != 0 ? 5e-7 * wmax : 0.0);
  // the Gram path's f cancels at the size of ½‖Ax‖², which for the simplex can reach max_j ½‖a_j‖² whatever b is
  const fNoise = useGram != 0 ? RISE_TOL * max(halfB, sumOne != 0 ? 0.5 * wmax : 0.0) : 0.0;
  for (let j = 0; j < k; j++) st(y, j, 1.0 + <f64>((j * 7) % 11) * 0.0625);   // positive, deterministic, uneven
  let rayleigh = 0.0;
  for (let t = 0; t < POWER_STEPS; t++) {
    const vv = dot(y, y, k);
    for (let j = 0; j < k; j++) st(xn, j, ld(y, j) * sqrt<f64>(ld(iw, j)));          // u = W^−½ v
    let uau = 0.0;
    if (useGram != 0) {
      for (let j = 0; j < k; j++) st(work, j, dot(row(G, j, k), xn, k));
      uau = dot(xn, work, k);
    } else {
      uau = 2.0 * residualGradient(a, n, k, k, k, xn, zero, r, work, 0);
    }
    rayleigh = uau / vv;
    for (let j = 0; j < k; j++) st(work, j, ld(work, j) * sqrt<f64>(ld(iw, j)));     // W^−½AᵀA u
    const ww = dot(work, work, k);
    if (!(ww > 0.0)) break;
    const inv = 1.0 / sqrt<f64>(ww);
    for (let j = 0; j < k; j++) st(y, j, ld(work, j) * inv);
  }
  let lip = min(lf, L_MARGIN * rayleigh);
  if (!(lip > 0.0)) lip = lf;
  if (!(lip > 0.0)) lip = 1.0;       // A = 0: g ≡ 0 and the first test passes
  let invL = 1.0 / lip;

  // ---- start: P(x) when warm, else P(0) (0, or the W-projection of 0 onto the simplex)
  if (warm != 0) for (let j = 0; j < k; j++) st(xc, j, ld(x, j) * beta / alpha);
  else fill(xc, k, 0.0);
  project(xc, k, sumOne, w, iw, work, order);
  let fc = objective(a, b, n, k, xc, gc, r, G, c, fConst, useGram);
  copy(xo, xc, k);
  copy(go, gc, k);
  copy(x, xc, k);                    // x keeps the best iterate from here on
  let fBest = fc;

  let t = 1.0;
  let it = 0;
  let status = Status.Optimal;
  let fCheck = fBest;   // the best f at the last stall check
  while (true) {
    if (converged(xc, gc, k, sumOne, theta, fc, tol * (abs(fc) + 0.001 * fScale), w, 50.0 * tol, bTwo)) {
      if (useGram == 0) break;
      const fe = residualGradient(a, n, k, k, k, xc, b, r, gn, 0);
      if (converged(xc, gn, k, sumOne, theta, fe, tol * (abs(fe) + 0.001 * fScale), w, 50.0 * tol, bTwo)) break;
      // refine: c ← G xc − g_exact = gc + c − gn, and the constant so that the model's f(xc) is the exact one
      for (let j = 0; j < k; j++) st(c, j, ld(gc, j) + ld(c, j) - ld(gn, j));
      copy(gc, gn, k);
      fConst = fe - 0.5 * (dot(xc, gc, k) - dot(c, xc, k));
      fc = fe;
      copy(xo, xc, k);
      copy(go, gc, k);
      t = 1.0;
    }
    if (it >= maxIter) { status = Status.IterationLimit; break; }
    // stalled: a window of STALL_WINDOW steps lowered the best f by less than the gap test's own tolerance (or the
    // run reached HANDOVER steps) — on an ill-conditioned problem the rest is rounding, or a crawl, which the QR
    // polish below finishes (as a NumericalError rescue)
    if (it > 0 && it % STALL_WINDOW == 0) {
      if (!(fBest < fCheck - tol * (abs(fCheck) + 0.001 * fScale)) || it >= HANDOVER) { status = Status.NumericalError; break; }
      fCheck = fBest;
    }

    // FISTA step from the extrapolated point, with ∇f(y) by linearity
    const tn = 0.5 * (1.0 + sqrt<f64>(1.0 + 4.0 * t * t));
    const beta = (t - 1.0) / tn;
    for (let j = 0; j < k; j++) {
      const xj = ld(xc, j);
      const gj = ld(gc, j);
      const yj = xj + beta * (xj - ld(xo, j));
      st(y, j, yj);
      st(xn, j, yj - (gj + beta * (gj - ld(go, j))) * ld(iw, j) * invL);
    }
    project(xn, k, sumOne, w, iw, work, order);
    let restartTest = 0.0;
    for (let j = 0; j < k; j++) { const xj = ld(xn, j); restartTest += ld(w, j) * (ld(y, j) - xj) * (xj - ld(xc, j)); }
    const fn = objective(a, b, n, k, xn, gn, r, G, c, fConst, useGram);
    it++;
    if (!isFinite<f64>(fn)) { status = Status.NumericalError; break; }

    if (fn > fc + RISE_TOL * abs(fc) + fNoise) {
      if (beta == 0.0 && lip < lf) {
        // a plain gradient step cannot raise f when L ≥ λmax: reject it, double L, retry from x_k
        lip = min(2.0 * lip, lf);
        invL = 1.0 / lip;
        t = 1.0;
        continue;
      }
      t = 1.0;                       // function-value restart (the step is kept)
    } else {
      t = restartTest > 0.0 ? 1.0 : tn;
    }
    // rotate (x_{k−1}, x_k, x_{k+1}) ← (x_k, x_{k+1}, ·), and the gradients alike
    const xt = xo; xo = xc; xc = xn; xn = xt;
    const gt = go; go = gc; gc = gn; gn = gt;
    fc = fn;
    if (fc < fBest) { fBest = fc; copy(x, xc, k); }
  }

  if (status == Status.Optimal) copy(x, xc, k);
  // the final support handed to the QR polish (assembly/polish.ts), which finishes the solve backward-stably and
  // certifies it in the residual space: a first-order method's KKT numbers cannot tell an ill-conditioned or
  // row-scaled problem's rounding from a residual still to be removed
  // (not after the caller's iteration cap: that status is the caller's to see); r and the cell after it take the
  // rotated right-hand side
  if (isFinite<f64>(fBest) && status != Status.IterationLimit) status = lsqPolish(a, b, n, k, sumOne, x, r, pol, 3 * k + 20, prepared == 0);
  if (alpha != beta) for (let j = 0; j < k; j++) { const v = ld(x, j); st(x, j, v != 0.0 ? v * alpha / beta : 0.0); }
  sti(info, 0, it);
  sti(info, 1, 0);
  sti(info, 2, 0);
  sti(info, 3, 0);
  return status;
}

/** f64 scratch bytes needed by nnlsProjectedGradient: never repeated in TypeScript. */
export function projectedGradientScratchBytes(n: i32, k: i32, useGram: i32): f64 {
  const kk = <f64>k, nn = <f64>n;
  const words = useGram != 0 ? 11.0 * kk + kk * kk + nn : 10.0 * kk + 2.0 * nn;
  return 8.0 * words + 4.0 * kk + 64.0 + polishScratchBytes(n, k);
}

/** The feasible-set projection in the W-metric, in place. */
function project(v: usize, k: i32, sumOne: i32, w: usize, iw: usize, key: usize, order: usize): void {
  if (sumOne != 0) projectSimplexScaled(v, w, iw, k, key, order);
  else for (let j = 0; j < k; j++) st(v, j, max(0.0, ld(v, j)));
}

/**
 * g = ∇f(x) and f(x): Gram path g = G x − c, f = ½(xᵀg − cᵀx) + fConst (fConst = ½‖b‖², or its refined value);
 * else one fused pass over A.
 */
function objective(
  a: usize, b: usize, n: i32, k: i32, x: usize, g: usize, r: usize, G: usize, c: usize, fConst: f64, useGram: i32,
): f64 {
  if (useGram == 0) return residualGradient(a, n, k, k, k, x, b, r, g, 0);
  for (let j = 0; j < k; j++) st(g, j, dot(row(G, j, k), x, k) - ld(c, j));
  return 0.5 * (dot(x, g, k) - dot(c, x, k)) + fConst;
}

/**
 * The stopping test: max_j max(−(g_j − μ), |x_j (g_j − μ)| / max(1, ‖x‖∞)) ≤ θ and min(gap, f) ≤ gapTol, with μ = 0,
 * or for the simplex the minimum of g over the support (the eliminated multiplier of 1ᵀx = 1). NaN never passes.
 */
function converged(x: usize, g: usize, k: i32, sumOne: i32, theta: f64, f: f64, gapTol: f64, w: usize, sfRel: f64, bTwo: f64): bool {
  let mu = 0.0;
  if (sumOne != 0) {
    mu = Infinity;
    for (let j = 0; j < k; j++) if (ld(x, j) > 0.0 && ld(g, j) < mu) mu = ld(g, j);
    if (mu == Infinity) mu = 0.0;
  }
  let xmax = 1.0;
  for (let j = 0; j < k; j++) if (ld(x, j) > xmax) xmax = ld(x, j);
  let worst = 0.0;
  let below = 0.0;
  let gap = 0.0;
  let mass = 0.0;
  for (let j = 0; j < k; j++) {
    const gq = ld(g, j) - mu;
    const xj = ld(x, j);
    worst = max(worst, max(-gq, abs(xj * gq) / xmax));
    below = max(below, -gq);
    gap += xj * gq;
    mass += xj;
  }
  if (!(worst <= theta && min(gap + below * mass, f) <= gapTol)) return false;
  // and scale-free, in the residual space (as the API judges it, assembly/evaluate.ts): |g_j − μ| (or its negative
  // part at x_j = 0) ≤ sfRel·‖a_j‖·max(‖r‖, 2^-23·(‖b‖ + Σ‖a_j‖x_j)), with ‖a_j‖² the Jacobi weight w_j
  let ref = bTwo;
  for (let j = 0; j < k; j++) ref += sqrt<f64>(ld(w, j)) * abs(ld(x, j));
  const rr = max(sqrt<f64>(max(0.0, 2.0 * f)), 1.1920928955078125e-7 * ref);
  for (let j = 0; j < k; j++) {
    const gq = ld(g, j) - mu;
    const v = ld(x, j) > 0.0 ? abs(gq) : -gq;
    if (v > sfRel * rr * sqrt<f64>(ld(w, j))) return false;
  }
  return true;
}
