import { Status } from "./status";
import { ld, st, ldi, sti, row } from "./mem";
import { dot, fill, axpy, maxAbs, powerOfTwoScale } from "./linalg";
import { prepareDesign } from "./design";
import { threshold } from "./nnls";
import { GRAM_DECLINED, VERDICT_HEAD, gramRounds } from "./nnls-many";
import { evaluateClose } from "./evaluate";

/**
 * A block of right-hand sides against one matrix (src/backend/kernels.ts solveLsqMany): the passes over A that a
 * single call makes once per right-hand side are made once per block, as matrix–matrix products with the block's
 * columns in registers — −A'ᵀB' for the Gram rounds (blockAtB), and the recomputation of every reported number from
 * the caller's data (evaluateBlock: the residuals A X + c − B and the gradients and column sums over them) — and the
 * Gram rounds' answer is judged on the recomputed gradient (gramVerdict) instead of on a pass of its own.
 * Instructions per target at 1000×100 with 1,000 targets (callgrind, wasm SIMD): blockAtB ≈ 185k, gradientTile ≈ 182k
 * (4×4 tiles, near the rate of unfused f64x2 multiply–adds), residualPanel ≈ 146k (A x from each right-hand side's
 * support only), the Gram rounds ≈ 410k (nnls-many.ts).
 *
 * Same bits as the single-call kernels where it matters for testing: every column sum is accumulated row by row in
 * the caller's row order (a row panel continues from the stored partial sum), so blockAtB gives nnlsActiveSetGram's
 * −Aᵀb and evaluateBlock gives evaluateFit's numbers bit for bit (when evaluateFit needs no rescaling; the 8th stat
 * says when it would: the caller then runs evaluateFit itself). The SIMD tiles run lane-wise the same IEEE
 * operations in the same order as their scalar twins.
 *
 * Per right-hand side the outcome code is a Status, GRAM_DECLINED (the data or the Gram answer needs the single
 * call's path) or GRAM_REDO (the recomputed gradient found the Gram answer wanting: the full kernel
 * nnlsActiveSetGram, which refines on exact gradients, solves it again). Either way the caller re-solves that column
 * and recomputes its numbers (evaluateFit); every other column's numbers are final.
 */

/** The recomputed gradient found the Gram model's answer not optimal: solve this column with nnlsActiveSetGram. */
export const GRAM_REDO: i32 = -2;
/** Stats per right-hand side: evaluateFit's 7, then 1 where evaluateFit would rescale the data (max(‖A_eq‖max,
 *  ‖b_eq‖∞) far from 1: the caller then calls evaluateFit for that column) and 0 elsewhere, then Σω e². */
export const BLOCK_STATS: i32 = 9;

@inline function roundUp4(j: i32): i32 { return (j + 3) & ~3; }

/** Rows of A per panel: about 128 KiB of A, so that a panel stays in cache while every tile of the block reads it. */
@inline function panelRows(n: i32, k: i32): i32 { return max(4, min(n, i32(16384 / max(k, 1)))); }

/** Bytes of manyShared's output. */
export function manySharedBytes(k: i32): f64 { return 8.0 * (2.0 * <f64>k + 4.0); }

/**
 * What depends on A alone, once per batch: the ω-means and column sums of squares of the caller's A as evaluateFit
 * computes them (the same operations in the same order: the same bits), ‖A_eq‖max, and of the prepared A' the rows'
 * largest and smallest nonzero magnitudes and max |A'_ij| (what nnlsActiveSetGram reads from A per right-hand side).
 * shared (out): [means (k), colSq (k), aMaxEval, rowHi, rowLo, aMaxPrepared].
 */
export function manyShared(a: usize, ap: usize, n: i32, k: i32, omega: usize, center: i32, shared: usize): void {
  const means = shared, colSq = shared + ((<usize>k) << 3), tail = shared + ((<usize>(2 * k)) << 3);
  const uniform = 1.0 / <f64>n;
  fill(means, k, 0.0);
  fill(colSq, k, 0.0);
  if (center != 0) {
    for (let i = 0; i < n; i++) axpy(omega != 0 ? ld(omega, i) : uniform, row(a, i, k), means, k);
  }
  let aMax = 0.0;
  for (let i = 0; i < n; i++) {
    const w = omega != 0 ? ld(omega, i) : uniform;
    const sw = sqrt<f64>(w);
    const pr = row(a, i, k);
    let rowMax = 0.0;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      const vw = f64x2.splat(w);
      let vmax = f64x2.splat(0);
      for (; j + 2 <= k; j += 2) {
        const o = <usize>j << 3;
        const v = f64x2.sub(v128.load(pr + o), v128.load(means + o));
        v128.store(colSq + o, f64x2.add(v128.load(colSq + o), f64x2.mul(f64x2.mul(vw, v), v)));
        vmax = f64x2.pmax(vmax, f64x2.abs(v));
      }
      rowMax = max(f64x2.extract_lane(vmax, 0), f64x2.extract_lane(vmax, 1));
    }
    for (; j < k; j++) {
      const v = ld(pr, j) - ld(means, j);
      st(colSq, j, ld(colSq, j) + w * v * v);
      rowMax = max(rowMax, abs(v));
    }
    aMax = max(aMax, sw * rowMax);
  }
  let rowHi = 0.0, rowLo = Infinity;
  for (let i = 0; i < n; i++) {
    const rm = maxAbs(row(ap, i, k), k);
    if (rm > 0.0) { rowHi = max(rowHi, rm); rowLo = min(rowLo, rm); }
  }
  st(tail, 0, aMax);
  st(tail, 1, rowHi);
  st(tail, 2, rowLo);
  st(tail, 3, rowHi);   // max |A'_ij| = the largest row maximum
}

/** Bytes of manyBlock's workspace for blocks of up to jb right-hand sides (besides its outputs and the Gram scratch). */
export function manyBlockBytes(n: i32, k: i32, jb: i32): f64 {
  const J = <f64>roundUp4(jb), nn = <f64>n, kk = <f64>k, P = <f64>panelRows(n, k);
  // prepared columns, −B' (row-major), residuals: n·J each; −A'ᵀB', fwR, fwSq: k·J each; panel buffers (ω e, f):
  // P·J each (ω e: 40 more, residualPanel's partial sums); per-column scalars 16·J + 4; verdicts (4 + k)·J; zero column n;
  // the panel transposed k·(P + 7); support lists (k + 5)·J i32; info 4 i32
  return 8.0 * (3.0 * nn * J + 3.0 * kk * J + 2.0 * P * J + 40.0 + 16.0 * J + 4.0 + (<f64>VERDICT_HEAD + kk) * J + nn + 2.0)
    + 8.0 * kk * (P + 7.0) + 4.0 * (kk + 9.0) * J + 64.0;
}

/**
 * One block of jb right-hand sides: columns [0, jb) of bb (row-major n×ldb, the caller's values). a: the caller's A;
 * ap: the prepared A' (= a when there is neither offset nor ω); gramFull = A'ᵀA'; shared from manyShared.
 * Outputs per right-hand side j (capacity roundUp4(jb)): x (k·j …), grad (k·j …: evaluateFit's gradient),
 * stats (BLOCK_STATS·j …), codes and iters (i32). warm: a start for every column (k), or 0.
 */
export function manyBlock(
  a: usize, ap: usize, n: i32, k: i32, bb: usize, ldb: i32, jb: i32, omega: usize, center: i32, sumOne: i32,
  gramFull: usize, shared: usize, warm: usize, x: usize, grad: usize, stats: usize, codes: usize, iters: usize,
  work: usize, scratch: usize, maxIter: i32, tol: f64,
): void {
  const J = roundUp4(jb), P = panelRows(n, k);
  const nJ = <usize>n * <usize>J, kJ = <usize>k * <usize>J;
  let p = work;
  const bcol = p; p += nJ << 3;
  const negB = p; p += nJ << 3;
  const E = p; p += nJ << 3;
  const negAtB = p; p += kJ << 3;
  const fwR = p; p += kJ << 3;
  const fwSq = p; p += kJ << 3;
  const WE = p; p += (<usize>P * <usize>J + 40) << 3;
  const F = p; p += (<usize>P * <usize>J) << 3;
  const sc = p; p += (16 * <usize>J + 4) << 3;
  const vstride = VERDICT_HEAD + k;
  const verdict = p; p += (<usize>vstride * <usize>J) << 3;
  const zero = p; p += (<usize>n) << 3;
  const one = p; p += 16;
  const AT = p; p += (<usize>k * <usize>((P + 7) & ~7)) << 3;
  const lists = p; p += (<usize>(k + 5) * <usize>J) << 2;
  const info = p;

  const prepare = center != 0 || omega != 0;
  const tail = shared + ((<usize>(2 * k)) << 3);
  const rowHi = ld(tail, 1), rowLo = ld(tail, 2), aMaxP = ld(tail, 3);

  // ---- the prepared right-hand sides (each prepared alone as a one-column design: the single call's operations),
  // and −B' row by row for the product (padding columns up to a multiple of 4 are zero)
  fill(zero, n, 0.0);
  if (prepare) {
    for (let j = 0; j < J; j++) {
      const bj = bcol + ((<usize>j * <usize>n) << 3);
      if (j < jb) {
        for (let i = 0; i < n; i++) st(bj, i, ld(bb, i * ldb + j));
        prepareDesign(bj, zero, n, 1, omega, center, one);
      } else {
        fill(bj, n, 0.0);
      }
      for (let i = 0; i < n; i++) st(negB, i * J + j, -ld(bj, i));
    }
  } else {
    // the caller's values as they are: one sweep of the rows
    for (let i = 0; i < n; i++) {
      const pb = bb + ((<usize>i * <usize>ldb) << 3), pn = negB + ((<usize>i * <usize>J) << 3);
      for (let j = 0; j < J; j++) {
        const v = j < jb ? ld(pb, j) : 0.0;
        st(bcol + ((<usize>j * <usize>n) << 3), i, v);
        st(pn, j, -v);
      }
    }
  }
  blockAtB(ap, n, k, negB, J, negAtB, P);

  // ---- the Gram rounds, column by column, on the shared Gram matrix
  for (let j = 0; j < J; j++) {
    const xj = x + ((<usize>j * <usize>k) << 3);
    if (j >= jb) { fill(xj, k, 0.0); continue; }
    const bj = bcol + ((<usize>j * <usize>n) << 3);
    if (warm != 0) { for (let q = 0; q < k; q++) st(xj, q, ld(warm, q)); } else fill(xj, k, 0.0);
    const code = gramRounds(ap, bj, n, k, sumOne, xj, warm != 0 ? 1 : 0, gramFull, aMaxP, scratch, maxIter, tol, info,
      negAtB + ((<usize>j * <usize>k) << 3), rowHi, rowLo, verdict + ((<usize>j * <usize>vstride) << 3), 0);
    sti(codes, j, code);
    sti(iters, j, ldi(info, 0));
    if (code == GRAM_DECLINED) fill(xj, k, 0.0);
  }

  // ---- every reported number, recomputed from the caller's data
  evaluateBlock(a, bb, ldb, n, k, jb, J, P, x, omega, center, sumOne, shared, grad, stats, E, negAtB, fwR, fwSq, WE, F, sc, AT, lists);

  // ---- the Gram answers judged on the recomputed gradient
  // (in the prepared problem's units: ω = 1/n when none is given, so its gradient and residual are n times and √n
  // times evaluateFit's; with ω, the same)
  // (a column whose data evaluateFit would rescale — far from 1 — is recomputed by the caller with evaluateFit, and
  // its Gram answer is not judged here: the full kernel solves it again)
  const gscale = omega != 0 ? 1.0 : <f64>n;
  for (let j = 0; j < jb; j++) {
    const sj = stats + ((<usize>(j * BLOCK_STATS)) << 3);
    const far = powerOfTwoScale(ld(sj, 7)) != 1.0;
    st(sj, 7, far ? 1.0 : 0.0);
    if (ldi(codes, j) != Status.Optimal) continue;
    if (far) { sti(codes, j, GRAM_REDO); continue; }
    const rn = sqrt<f64>(ld(sj, 8) * gscale);
    const v = gramVerdict(x + ((<usize>j * <usize>k) << 3), grad + ((<usize>j * <usize>k) << 3), gscale, k, sumOne,
      gramFull, verdict + ((<usize>j * <usize>vstride) << 3), rn);
    if (v != 0) sti(codes, j, v);
  }
}

/**
 * The full kernel's judgement of a Gram answer on the exact gradient (assembly/nnls-many.ts, after the rounds),
 * with the recomputed gradient g = gscale·grad and residual norm rn: the KKT test (a violation: GRAM_REDO), then
 * the tests that send a column to the single call's path (GRAM_DECLINED). 0 when x stands.
 */
export function gramVerdict(x: usize, grad: usize, gscale: f64, k: i32, sumOne: i32, gramFull: usize, verdict: usize, rn: f64): i32 {
  const theta = ld(verdict, 0), thetaCol = ld(verdict, 1), bound = ld(verdict, 2), bTwo = ld(verdict, 3);
  const flags = verdict + ((<usize>VERDICT_HEAD) << 3);
  let mu = 0.0;
  if (sumOne != 0) {
    mu = Infinity;
    for (let q = 0; q < k; q++) { const gq = ld(grad, q) * gscale; if (ld(x, q) > 0.0 && gq < mu) mu = gq; }
  }
  let xmax = 1.0;
  for (let q = 0; q < k; q++) if (ld(x, q) > xmax) xmax = ld(x, q);
  for (let q = 0; q < k; q++) {
    const gq = ld(grad, q) * gscale - mu;
    const cq = sqrt<f64>(ld(gramFull, q * k + q));
    const xq = ld(x, q);
    if (-gq > threshold(theta, thetaCol, cq)) return GRAM_REDO;
    if (xq > 0.0 && abs(xq * gq) / xmax > theta) return GRAM_REDO;
  }
  if (bound > 1e-10 * bTwo + 1e-9 * rn) return GRAM_DECLINED;
  for (let q = 0; q < k; q++) {
    if (ld(flags, q) != 0.0) continue;
    const cq = sqrt<f64>(ld(gramFull, q * k + q));
    if (!(cq > 0.0)) continue;
    if (cq < 3.5e-136 || ld(grad, q) * gscale - mu <= 1e-6 * cq * max(rn, 1e-300)) return GRAM_DECLINED;
  }
  return 0;
}

/**
 * out_j[q] = Σ_i nb[i][j]·a[i][q] for the J (a multiple of 4) columns of nb (row-major n×J), each sum taken row by
 * row from 0 (panels of P rows continue from the stored partial sums): nnlsActiveSetGram's −Aᵀb bit for bit when
 * nb = −b. out: J vectors of k.
 */
export function blockAtB(a: usize, n: i32, k: i32, nb: usize, J: i32, out: usize, P: i32): void {
  fill(out, k * J, 0.0);
  for (let r0 = 0; r0 < n; r0 += P) {
    const r1 = min(n, r0 + P);
    for (let j0 = 0; j0 < J; j0 += 4) {
      const o0 = out + ((<usize>j0 * <usize>k) << 3);
      const o1 = o0 + ((<usize>k) << 3), o2 = o1 + ((<usize>k) << 3), o3 = o2 + ((<usize>k) << 3);
      let q = 0;
      if (ASC_FEATURE_SIMD) {
        for (; q + 4 <= k; q += 4) {
          const oq = <usize>q << 3;
          let c00 = v128.load(o0 + oq), c01 = v128.load(o0 + oq, 16);
          let c10 = v128.load(o1 + oq), c11 = v128.load(o1 + oq, 16);
          let c20 = v128.load(o2 + oq), c21 = v128.load(o2 + oq, 16);
          let c30 = v128.load(o3 + oq), c31 = v128.load(o3 + oq, 16);
          // row pointers stepped rather than recomputed (an integer multiply per row less)
          let pr = row(a, r0, k) + oq, pb = row(nb, r0, J) + ((<usize>j0) << 3);
          const ka = (<usize>k) << 3, jn = (<usize>J) << 3;
          for (let i = r0; i < r1; i++, pr += ka, pb += jn) {
            const v0 = v128.load(pr), v1 = v128.load(pr, 16);
            const s0 = v128.load64_splat(pb), s1 = v128.load64_splat(pb, 8);
            const s2 = v128.load64_splat(pb, 16), s3 = v128.load64_splat(pb, 24);
            c00 = f64x2.add(c00, f64x2.mul(s0, v0)); c01 = f64x2.add(c01, f64x2.mul(s0, v1));
            c10 = f64x2.add(c10, f64x2.mul(s1, v0)); c11 = f64x2.add(c11, f64x2.mul(s1, v1));
            c20 = f64x2.add(c20, f64x2.mul(s2, v0)); c21 = f64x2.add(c21, f64x2.mul(s2, v1));
            c30 = f64x2.add(c30, f64x2.mul(s3, v0)); c31 = f64x2.add(c31, f64x2.mul(s3, v1));
          }
          v128.store(o0 + oq, c00); v128.store(o0 + oq, c01, 16);
          v128.store(o1 + oq, c10); v128.store(o1 + oq, c11, 16);
          v128.store(o2 + oq, c20); v128.store(o2 + oq, c21, 16);
          v128.store(o3 + oq, c30); v128.store(o3 + oq, c31, 16);
        }
      }
      for (; q < k; q++) {
        for (let t = 0; t < 4; t++) {
          const ot = o0 + ((<usize>(t * k)) << 3);
          let s = ld(ot, q);
          for (let i = r0; i < r1; i++) s += ld(nb, i * J + j0 + t) * ld(row(a, i, k), q);
          st(ot, q, s);
        }
      }
    }
  }
}

/** Support lists per right-hand side (k + 5 i32 each): the counts of x's nonzero columns in the four residue classes
 *  mod 4 below k & ~3 and of the tail columns, then the columns themselves, class by class, each ascending. */
@inline function listsOf(lists: usize, k: i32, j: i32): usize { return lists + ((<usize>(j * (k + 5))) << 2); }

function supportLists(x: usize, k: i32, lj: usize): void {
  const k4 = k & ~3;
  let at = 5;
  for (let c = 0; c < 4; c++) {
    const start = at;
    for (let q = c; q < k4; q += 4) if (ld(x, q) != 0.0) { sti(lj, at, q); at++; }
    sti(lj, c, at - start);
  }
  const start = at;
  for (let q = k4; q < k; q++) if (ld(x, q) != 0.0) { sti(lj, at, q); at++; }
  sti(lj, 4, at - start);
}

/** AT[q·R4 + i] = a[r0 + i][q] for the panel's R rows, rows R…R4 − 1 zero (R4: R rounded up to a multiple of 8) (a 2×2 block per two f64x2 loads and
 *  two shuffles in the SIMD build; only copies, so both builds write the same bits). */
function transposePanel(a: usize, k: i32, r0: i32, R: i32, R4: i32, AT: usize): void {
  const cb = (<usize>R4) << 3;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 2 <= R; i += 2) {
      const p0 = row(a, r0 + i, k), p1 = p0 + ((<usize>k) << 3);
      const o = AT + ((<usize>i) << 3);
      let q = 0;
      for (; q + 2 <= k; q += 2) {
        const oq = (<usize>q) << 3;
        const u = v128.load(p0 + oq), v = v128.load(p1 + oq);
        const t = o + (<usize>q) * cb;
        v128.store(t, v128.shuffle<i64>(u, v, 0, 2));
        v128.store(t + cb, v128.shuffle<i64>(u, v, 1, 3));
      }
      for (; q < k; q++) { const t = o + (<usize>q) * cb; st(t, 0, ld(p0, q)); st(t, 1, ld(p1, q)); }
    }
  }
  for (; i < R; i++) {
    const pr = row(a, r0 + i, k);
    for (let q = 0; q < k; q++) st(AT, q * R4 + i, ld(pr, q));
  }
  for (let r = R; r < R4; r++) for (let q = 0; q < k; q++) st(AT, q * R4 + r, 0.0);
}

/**
 * A x for every right-hand side of the block over the panel's rows [r0, r1), into out (row-major, stride J), each
 * sum with dot's bits (linalg.ts's canonical order: four partial sums by column mod 4, (s0 + s2) + (s1 + s3), then
 * the tail columns in order; a zero x_q adds ±0 to a partial sum that is never −0 — it starts at +0 — so the
 * support alone gives the same bits). The panel is first transposed into AT (k columns of roundUp4(R) rows, padded
 * with zero rows) so that four rows of a column are two f64x2 loads.
 */
function residualPanel(a: usize, k: i32, r0: i32, r1: i32, AT: usize, x: usize, J: i32, lists: usize, out: usize): void {
  const R = r1 - r0, R8 = (R + 7) & ~7;
  transposePanel(a, k, r0, R, R8, AT);
  const cb = (<usize>R8) << 3;
  const part = out + ((<usize>(R * J)) << 3);   // 4 classes × 8 rows of partial sums, past the panel's rows
  for (let j = 0; j < J; j++) {
    const xj = x + ((<usize>j * <usize>k) << 3);
    const lj = listsOf(lists, k, j);
    const n0 = ldi(lj, 0), n1 = ldi(lj, 1), n2 = ldi(lj, 2), n3 = ldi(lj, 3), nt = ldi(lj, 4);
    const l0 = lj + 20, l1 = l0 + ((<usize>n0) << 2), l2 = l1 + ((<usize>n1) << 2), l3 = l2 + ((<usize>n2) << 2);
    const lt = l3 + ((<usize>n3) << 2);
    for (let i = 0; i < R8; i += 8) {
      const ai = AT + ((<usize>i) << 3);
      classSum8(ai, cb, xj, l0, n0, part);
      classSum8(ai, cb, xj, l1, n1, part + 64);
      classSum8(ai, cb, xj, l2, n2, part + 128);
      classSum8(ai, cb, xj, l3, n3, part + 192);
      // (s0 + s2) + (s1 + s3) row by row, then the tail columns in order
      for (let r = 0; r < 8; r++) {
        st(part, 32 + r, (ld(part, r) + ld(part, 16 + r)) + (ld(part, 8 + r) + ld(part, 24 + r)));
      }
      for (let e = 0; e < nt; e++) {
        const q = ldi(lt, e);
        const xq = ld(xj, q), pa = ai + (<usize>q) * cb;
        for (let r = 0; r < 8; r++) st(part, 32 + r, ld(part, 32 + r) + ld(pa, r) * xq);
      }
      const rows = min(8, R - i);
      for (let r = 0; r < rows; r++) st(out, (i + r) * J + j, ld(part, 32 + r));
    }
  }
}

/** out[r] = Σ_e x_q·AT[q][r] over the listed columns q (in list order) for the 8 rows r of the group at ai (column
 *  stride cb bytes): one partial sum of dot's canonical order per row (lane-wise the same operations in both builds). */
function classSum8(ai: usize, cb: usize, x: usize, l: usize, m: i32, out: usize): void {
  if (ASC_FEATURE_SIMD) {
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
    for (let e = 0; e < m; e++) {
      const q = ldi(l, e);
      const v = v128.load64_splat(x + ((<usize>q) << 3));
      const pa = ai + (<usize>q) * cb;
      s0 = f64x2.add(s0, f64x2.mul(v128.load(pa), v));
      s1 = f64x2.add(s1, f64x2.mul(v128.load(pa, 16), v));
      s2 = f64x2.add(s2, f64x2.mul(v128.load(pa, 32), v));
      s3 = f64x2.add(s3, f64x2.mul(v128.load(pa, 48), v));
    }
    v128.store(out, s0); v128.store(out, s1, 16); v128.store(out, s2, 32); v128.store(out, s3, 48);
  } else {
    for (let r = 0; r < 8; r++) {
      let t = 0.0;
      for (let e = 0; e < m; e++) { const q = ldi(l, e); t += ld(ai + (<usize>q) * cb, r) * ld(x, q); }
      st(out, r, t);
    }
  }
}

// per-column scalars (sc: field-major, J per field, so that two right-hand sides share one f64x2)
const S_BMEAN = 0, S_C = 1, S_XSUM = 2, S_BMAX = 3, S_RSS = 4, S_ESUM = 5, S_WSUM = 6, S_BSSU = 7, S_BSS = 8,
  S_FSQ = 9, S_FABS = 10;
@inline function field(sc: usize, J: i32, f: i32): usize { return sc + ((<usize>(f * J)) << 3); }

/**
 * evaluateFit (assembly/evaluate.ts, its unscaled pass) for the J columns of a block at once: per row panel, A x
 * right-hand side by right-hand side (its support's 4-blocks only), then the residuals and the row-wise sums with two
 * right-hand sides per f64x2 (each lane evaluatePass's operations in its order), then the column sums over the panel
 * for 4 right-hand sides at a time with the panel's rows read once per tile; then evaluateFit's closing computations
 * per right-hand side. One difference: ‖A_eqᵀb_eq‖∞ (in the scale s) comes from the block's −A'ᵀB' (negAtB, the
 * same product of the prepared data, which prepareDesign centres with evaluateFit's own means) instead of a sum of
 * its own — the same number up to rounding in its last bits.
 */
function evaluateBlock(
  a: usize, bb: usize, ldb: i32, n: i32, k: i32, jb: i32, J: i32, P: i32, x: usize, omega: usize, center: i32,
  sumOne: i32, shared: usize, grad: usize, stats: usize, E: usize, negAtB: usize, fwR: usize, fwSq: usize,
  WE: usize, F: usize, sc: usize, AT: usize, lists: usize,
): void {
  const means = shared, colSq = shared + ((<usize>k) << 3);
  const aMax = ld(shared + ((<usize>(2 * k)) << 3), 0);
  const uniform = 1.0 / <f64>n;
  const swUniform = sqrt<f64>(uniform);
  const kJ = k * J;
  fill(grad, kJ, 0.0);
  if (sumOne != 0) { fill(fwR, kJ, 0.0); fill(fwSq, kJ, 0.0); }
  fill(sc, 16 * J, 0.0);
  const sBMean = field(sc, J, S_BMEAN), sC = field(sc, J, S_C), sXSum = field(sc, J, S_XSUM), sBMax = field(sc, J, S_BMAX);
  const sRss = field(sc, J, S_RSS), sESum = field(sc, J, S_ESUM), sWSum = field(sc, J, S_WSUM), sBssU = field(sc, J, S_BSSU);
  const sBss = field(sc, J, S_BSS), sFSq = field(sc, J, S_FSQ), sFAbs = field(sc, J, S_FABS);
  // the ω-means of the right-hand sides, each summed in row order (row by row for the whole block)
  if (center != 0) {
    for (let i = 0; i < n; i++) {
      const w = omega != 0 ? ld(omega, i) : uniform;
      const pb = bb + ((<usize>i * <usize>ldb) << 3);
      for (let j = 0; j < jb; j++) st(sBMean, j, ld(sBMean, j) + w * ld(pb, j));
    }
  }
  for (let j = 0; j < J; j++) {
    const xj = x + ((<usize>j * <usize>k) << 3);
    st(sC, j, center != 0 ? ld(sBMean, j) - dot(means, xj, k) : 0.0);
    if (sumOne != 0) {
      let xSum = 0.0;
      for (let q = 0; q < k; q++) xSum += ld(xj, q);
      if (!(xSum > 0.0)) xSum = 1.0;
      st(sXSum, j, xSum);
    }
    supportLists(xj, k, listsOf(lists, k, j));
  }

  for (let r0 = 0; r0 < n; r0 += P) {
    const r1 = min(n, r0 + P);
    // ---- A x over the panel for every right-hand side, into WE (row-major, stride J)
    residualPanel(a, k, r0, r1, AT, x, J, lists, WE);
    // ---- residuals and the row-wise sums (evaluatePass's row loop), each right-hand side in row order; WE ← ω e
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      for (; j + 2 <= J; j += 2) {
        const oj = (<usize>j) << 3;
        const vc = v128.load(sC + oj), vbm = v128.load(sBMean + oj);
        let bMax = v128.load(sBMax + oj), rss = v128.load(sRss + oj), eSum = v128.load(sESum + oj);
        let wSum = v128.load(sWSum + oj), bssU = v128.load(sBssU + oj), bss = v128.load(sBss + oj);
        const E0 = E + ((<usize>j * <usize>n) << 3), E1 = E0 + ((<usize>n) << 3);
        const both = j + 2 <= jb, one = j < jb;
        for (let i = r0; i < r1; i++) {
          const w = omega != 0 ? ld(omega, i) : uniform;
          const vw = f64x2.splat(w), vsw = f64x2.splat(omega != 0 ? sqrt<f64>(w) : swUniform);
          const ob = bb + ((<usize>i * <usize>ldb + <usize>j) << 3);
          const vb = both ? v128.load(ob) : one ? f64x2.replace_lane(f64x2.splat(0), 0, ld(ob, 0)) : f64x2.splat(0);
          const pw = WE + ((<usize>((i - r0) * J + j)) << 3);
          const e = f64x2.sub(f64x2.add(v128.load(pw), vc), vb);
          st(E0, i, f64x2.extract_lane(e, 0));
          st(E1, i, f64x2.extract_lane(e, 1));
          const bc = f64x2.sub(vb, vbm);
          bMax = f64x2.pmax(bMax, f64x2.mul(vsw, f64x2.abs(bc)));   // both ≥ 0 and never NaN: max's bits
          const we = f64x2.mul(vw, e);
          rss = f64x2.add(rss, f64x2.mul(we, e));
          eSum = f64x2.add(eSum, we);
          wSum = f64x2.add(wSum, vw);
          bssU = f64x2.add(bssU, f64x2.mul(f64x2.mul(vw, vb), vb));
          bss = f64x2.add(bss, f64x2.mul(f64x2.mul(vw, bc), bc));
          v128.store(pw, we);
        }
        v128.store(sBMax + oj, bMax); v128.store(sRss + oj, rss); v128.store(sESum + oj, eSum);
        v128.store(sWSum + oj, wSum); v128.store(sBssU + oj, bssU); v128.store(sBss + oj, bss);
      }
    }
    for (; j < J; j++) {
      const c = ld(sC, j), bMean = ld(sBMean, j);
      let bMax = ld(sBMax, j), rss = ld(sRss, j), eSum = ld(sESum, j), wSum = ld(sWSum, j), bssU = ld(sBssU, j), bss = ld(sBss, j);
      const Ej = E + ((<usize>j * <usize>n) << 3);
      for (let i = r0; i < r1; i++) {
        const w = omega != 0 ? ld(omega, i) : uniform;
        const sw = omega != 0 ? sqrt<f64>(w) : swUniform;
        const bi = j < jb ? ld(bb, i * ldb + j) : 0.0;
        const pw = (i - r0) * J + j;
        const e = ld(WE, pw) + c - bi;
        st(Ej, i, e);
        const bc = bi - bMean;
        bMax = max(bMax, sw * abs(bc));
        rss += w * e * e;
        eSum += w * e;
        wSum += w;
        bssU += w * bi * bi;
        bss += w * bc * bc;
        st(WE, pw, w * e);
      }
      st(sBMax, j, bMax); st(sRss, j, rss); st(sESum, j, eSum); st(sWSum, j, wSum); st(sBssU, j, bssU); st(sBss, j, bss);
    }
    // ---- the simplex's fitted values f over the panel (evaluatePass's per-row sums)
    if (sumOne != 0) {
      for (let jj = 0; jj < J; jj++) {
        const xj = x + ((<usize>jj * <usize>k) << 3);
        const xSum = ld(sXSum, jj);
        let fSq = ld(sFSq, jj), fAbs = ld(sFAbs, jj);
        for (let i = r0; i < r1; i++) {
          const w = omega != 0 ? ld(omega, i) : uniform;
          const pr = row(a, i, k);
          let f = 0.0, fa = 0.0;
          for (let q = 0; q < k; q++) {
            const xq = ld(xj, q);
            if (xq == 0.0) continue;
            const vq = (ld(pr, q) - ld(means, q)) * xq;
            f += vq;
            fa += abs(vq);
          }
          f /= xSum;
          fa /= xSum;
          fSq += w * f * f;
          fAbs += w * fa * fa;
          st(F, (i - r0) * J + jj, f);
        }
        st(sFSq, jj, fSq); st(sFAbs, jj, fAbs);
      }
    }
    // ---- the column sums over the panel, 4 right-hand sides per tile
    for (let j0 = 0; j0 < J; j0 += 4) {
      gradientTile(a, k, r0, r1, means, center, WE, J, j0, grad + ((<usize>j0 * <usize>k) << 3));
      if (sumOne != 0) {
        simplexTile(a, k, r0, r1, means, omega, uniform, WE, F, J, j0, fwR + ((<usize>j0 * <usize>k) << 3), fwSq + ((<usize>j0 * <usize>k) << 3));
      }
    }
  }

  const wscale = omega != 0 ? 1.0 : uniform;
  for (let j = 0; j < jb; j++) {
    const bMax = ld(sBMax, j), rss = ld(sRss, j);
    const sj = stats + ((<usize>(j * BLOCK_STATS)) << 3);
    evaluateClose(n, k, x + ((<usize>j * <usize>k) << 3), omega, center, sumOne, E + ((<usize>j * <usize>n) << 3),
      grad + ((<usize>j * <usize>k) << 3), fwR + ((<usize>j * <usize>k) << 3), fwSq + ((<usize>j * <usize>k) << 3), colSq, 1.0,
      ld(sC, j), bMax, aMax, maxAbs(negAtB + ((<usize>j * <usize>k) << 3), k) * wscale, rss, ld(sESum, j), ld(sWSum, j),
      ld(sBss, j), ld(sBssU, j), ld(sFAbs, j), sj);
    st(sj, 7, max(aMax, bMax));
    st(sj, 8, rss);
  }
}

/** grad_t += Σ_i ω_i e_it (a_i − m) over rows [r0, r1) for the 4 right-hand sides t = j0…j0+3 (evaluatePass's
 *  per-element operations, row by row; tiles of 4 columns × 4 right-hand sides). g0: column j0's k-vector. */
function gradientTile(a: usize, k: i32, r0: i32, r1: i32, means: usize, center: i32, WE: usize, J: i32, j0: i32, g0: usize): void {
  const kb = (<usize>k) << 3, jn = (<usize>J) << 3;
  const g1 = g0 + kb, g2 = g1 + kb, g3 = g2 + kb;
  let q = 0;
  if (ASC_FEATURE_SIMD) {
    for (; q + 4 <= k; q += 4) {
      const oq = <usize>q << 3;
      const m0 = v128.load(means + oq), m1 = v128.load(means + oq, 16);
      let c00 = v128.load(g0 + oq), c01 = v128.load(g0 + oq, 16), c10 = v128.load(g1 + oq), c11 = v128.load(g1 + oq, 16);
      let c20 = v128.load(g2 + oq), c21 = v128.load(g2 + oq, 16), c30 = v128.load(g3 + oq), c31 = v128.load(g3 + oq, 16);
      if (center != 0) {
        let pr = row(a, r0, k) + oq, pe = WE + ((<usize>j0) << 3);
        for (let i = r0; i < r1; i++, pr += kb, pe += jn) {
          const v0 = f64x2.sub(v128.load(pr), m0), v1 = f64x2.sub(v128.load(pr, 16), m1);
          const s0 = v128.load64_splat(pe), s1 = v128.load64_splat(pe, 8), s2 = v128.load64_splat(pe, 16), s3 = v128.load64_splat(pe, 24);
          c00 = f64x2.add(c00, f64x2.mul(s0, v0)); c01 = f64x2.add(c01, f64x2.mul(s0, v1));
          c10 = f64x2.add(c10, f64x2.mul(s1, v0)); c11 = f64x2.add(c11, f64x2.mul(s1, v1));
          c20 = f64x2.add(c20, f64x2.mul(s2, v0)); c21 = f64x2.add(c21, f64x2.mul(s2, v1));
          c30 = f64x2.add(c30, f64x2.mul(s3, v0)); c31 = f64x2.add(c31, f64x2.mul(s3, v1));
        }
      } else {
        // no offset: the means are 0 and a − 0 = a exactly, so the subtraction is left out (the same bits)
        let pr = row(a, r0, k) + oq, pe = WE + ((<usize>j0) << 3);
        for (let i = r0; i < r1; i++, pr += kb, pe += jn) {
          const v0 = v128.load(pr), v1 = v128.load(pr, 16);
          const s0 = v128.load64_splat(pe), s1 = v128.load64_splat(pe, 8), s2 = v128.load64_splat(pe, 16), s3 = v128.load64_splat(pe, 24);
          c00 = f64x2.add(c00, f64x2.mul(s0, v0)); c01 = f64x2.add(c01, f64x2.mul(s0, v1));
          c10 = f64x2.add(c10, f64x2.mul(s1, v0)); c11 = f64x2.add(c11, f64x2.mul(s1, v1));
          c20 = f64x2.add(c20, f64x2.mul(s2, v0)); c21 = f64x2.add(c21, f64x2.mul(s2, v1));
          c30 = f64x2.add(c30, f64x2.mul(s3, v0)); c31 = f64x2.add(c31, f64x2.mul(s3, v1));
        }
      }
      v128.store(g0 + oq, c00); v128.store(g0 + oq, c01, 16); v128.store(g1 + oq, c10); v128.store(g1 + oq, c11, 16);
      v128.store(g2 + oq, c20); v128.store(g2 + oq, c21, 16); v128.store(g3 + oq, c30); v128.store(g3 + oq, c31, 16);
    }
  }
  for (; q < k; q++) {
    for (let t = 0; t < 4; t++) {
      const gt = g0 + (<usize>t) * kb;
      let sg = ld(gt, q);
      for (let i = r0; i < r1; i++) sg += ld(WE, (i - r0) * J + j0 + t) * (ld(row(a, i, k), q) - ld(means, q));
      st(gt, q, sg);
    }
  }
}

/** The simplex's sums fwR_t += Σ_i ω_i e_it (v_i − f_it), fwSq_t += Σ_i ω_i (v_i − f_it)² with v_i = a_i − m over
 *  rows [r0, r1) for the 4 right-hand sides t = j0…j0+3 (evaluatePass's per-element operations, row by row). */
function simplexTile(
  a: usize, k: i32, r0: i32, r1: i32, means: usize, omega: usize, uniform: f64, WE: usize, F: usize, J: i32, j0: i32,
  r0p: usize, s0p: usize,
): void {
  const kb = (<usize>k) << 3;
  const r1p = r0p + kb, r2p = r1p + kb, r3p = r2p + kb;
  const s1p = s0p + kb, s2p = s1p + kb, s3p = s2p + kb;
  let q = 0;
  if (ASC_FEATURE_SIMD) {
    for (; q + 2 <= k; q += 2) {
      const oq = <usize>q << 3;
      const m = v128.load(means + oq);
      let cr0 = v128.load(r0p + oq), cr1 = v128.load(r1p + oq), cr2 = v128.load(r2p + oq), cr3 = v128.load(r3p + oq);
      let cs0 = v128.load(s0p + oq), cs1 = v128.load(s1p + oq), cs2 = v128.load(s2p + oq), cs3 = v128.load(s3p + oq);
      for (let i = r0; i < r1; i++) {
        const v = f64x2.sub(v128.load(row(a, i, k) + oq), m);
        const vw = f64x2.splat(omega != 0 ? ld(omega, i) : uniform);
        const pe = row(WE, i - r0, J) + ((<usize>j0) << 3), pf = row(F, i - r0, J) + ((<usize>j0) << 3);
        const d0 = f64x2.sub(v, v128.load64_splat(pf));
        const d1 = f64x2.sub(v, v128.load64_splat(pf, 8));
        const d2 = f64x2.sub(v, v128.load64_splat(pf, 16));
        const d3 = f64x2.sub(v, v128.load64_splat(pf, 24));
        cr0 = f64x2.add(cr0, f64x2.mul(v128.load64_splat(pe), d0));
        cr1 = f64x2.add(cr1, f64x2.mul(v128.load64_splat(pe, 8), d1));
        cr2 = f64x2.add(cr2, f64x2.mul(v128.load64_splat(pe, 16), d2));
        cr3 = f64x2.add(cr3, f64x2.mul(v128.load64_splat(pe, 24), d3));
        cs0 = f64x2.add(cs0, f64x2.mul(f64x2.mul(vw, d0), d0));
        cs1 = f64x2.add(cs1, f64x2.mul(f64x2.mul(vw, d1), d1));
        cs2 = f64x2.add(cs2, f64x2.mul(f64x2.mul(vw, d2), d2));
        cs3 = f64x2.add(cs3, f64x2.mul(f64x2.mul(vw, d3), d3));
      }
      v128.store(r0p + oq, cr0); v128.store(r1p + oq, cr1); v128.store(r2p + oq, cr2); v128.store(r3p + oq, cr3);
      v128.store(s0p + oq, cs0); v128.store(s1p + oq, cs1); v128.store(s2p + oq, cs2); v128.store(s3p + oq, cs3);
    }
  }
  for (; q < k; q++) {
    for (let t = 0; t < 4; t++) {
      const rt = r0p + (<usize>t) * kb, stp = s0p + (<usize>t) * kb;
      let sr = ld(rt, q), ss = ld(stp, q);
      for (let i = r0; i < r1; i++) {
        const w = omega != 0 ? ld(omega, i) : uniform;
        const o = (i - r0) * J + j0 + t;
        const dv = (ld(row(a, i, k), q) - ld(means, q)) - ld(F, o);
        sr += ld(WE, o) * dv;
        ss += w * dv * dv;
      }
      st(rt, q, sr);
      st(stp, q, ss);
    }
  }
}
