import { ld, st, ldi, row, copy } from "./mem";

/** Rows of A per cache block (measured best of 32…256 at 10000×1000 and 50000×2000). Part of the arithmetic: each
 *  entry is summed row by row within a block and blocks are added in order (src/reference/gram.ts uses the same). */
export const ROW_BLOCK: i32 = 64;
/** Rows at least this wide are packed per block (gramUpdateAfterSwaps's `pack`). */
const PACK_MIN_COLS: i32 = 64;

/**
 * Gram update G[i][j] = Σ_r A[r][i]·A[r][j] for i < p1 and p0 ≤ j < p1 (then mirrored), A row-major n×lda.
 * Blocked over rows (ROW_BLOCK), register-tiled 4×4 (eight f64x2 accumulators); each entry is summed row by row
 * inside a block and blocks are added to G in order, so SIMD and scalar builds give the same bits.
 * see: Goto & van de Geijn (2008), Anatomy of high-performance matrix multiplication (register and cache blocking).
 */
export function gramUpdate(a: usize, n: i32, lda: i32, p0: i32, p1: i32, g: usize, ldg: i32): void {
  gramUpdateAfterSwaps(a, n, lda, p0, p1, g, ldg, 0, 0, 0, 0);
}

/**
 * As gramUpdate, but first applies the column swaps (swapTo[t] ↔ swapFrom[t], t = 0…nSwaps−1, in order) to each
 * block of rows just before that block is read: the permutation costs no pass of its own over A. With `pack` ≠ 0
 * (ROW_BLOCK·p1 doubles) each block's first p1 columns are first copied contiguously, so the tiles read a dense
 * block instead of rows lda apart (fewer TLB and cache misses on wide A; the sums are the same).
 */
export function gramUpdateAfterSwaps(
  a: usize, n: i32, lda: i32, p0: i32, p1: i32, g: usize, ldg: i32, swapTo: usize, swapFrom: usize, nSwaps: i32,
  pack: usize,
): void {
  if (p1 <= p0) return;
  for (let i = 0; i < p1; i++) for (let j = p0; j < p1; j++) st(g, i * ldg + j, 0.0);
  // (entries with i > j inside the new block are never accumulated: they are copied from (j, i) below)
  for (let r0 = 0; r0 < n; r0 += ROW_BLOCK) {
    const r1 = min(n, r0 + ROW_BLOCK);
    if (lda < PACK_MIN_COLS) {
      // narrow rows: swap by swap over the block's rows (each row still sees the swaps in order), the pair loaded once
      for (let t = 0; t < nSwaps; t++) {
        const to = ldi(swapTo, t), from = ldi(swapFrom, t);
        if (from == to) continue;
        for (let r = r0; r < r1; r++) {
          const pr = row(a, r, lda);
          const v = ld(pr, to); st(pr, to, ld(pr, from)); st(pr, from, v);
        }
      }
    } else {
      // wide rows: row by row, all swaps while the row is in cache
      for (let r = r0; r < r1 && nSwaps > 0; r++) {
        const pr = row(a, r, lda);
        for (let t = 0; t < nSwaps; t++) {
          const to = ldi(swapTo, t), from = ldi(swapFrom, t);
          if (from != to) { const v = ld(pr, to); st(pr, to, ld(pr, from)); st(pr, from, v); }
        }
      }
    }
    let src = a, lds = lda, s0 = r0, s1 = r1;
    // narrow rows (lda < PACK_MIN_COLS) sit a few cache lines apart already: packing them only adds a copy per row
    if (pack != 0 && lda >= PACK_MIN_COLS) {
      for (let r = r0; r < r1; r++) copy(row(pack, r - r0, p1), row(a, r, lda), p1);
      src = pack; lds = p1; s0 = 0; s1 = r1 - r0;
    }
    let j = p0;
    for (; j + 4 <= p1; j += 4) {
      // rows i ≥ p0 are needed only on or above the diagonal (i ≤ j); the rest is mirrored below
      const iEnd = min(p1, j + 4);
      let i = 0;
      for (; i + 4 <= iEnd; i += 4) tile4x4(src, lds, s0, s1, i, j, g, ldg);
      for (; i < iEnd; i++) tile1x4(src, lds, s0, s1, i, j, g, ldg);
    }
    // the last 1–3 columns: two at a time, then one, in tiles of four rows of G (i ≤ p1; entries below the diagonal
    // are overwritten by the mirror)
    if (j + 2 <= p1) {
      let i = 0;
      for (; i + 4 <= p1; i += 4) tile4x2(src, lds, s0, s1, i, j, g, ldg);
      for (; i < p1; i++) tile1x2(src, lds, s0, s1, i, j, g, ldg);
      j += 2;
    }
    if (j < p1) {
      let i = 0;
      for (; i + 4 <= p1; i += 4) tile4x1(src, lds, s0, s1, i, j, g, ldg);
      for (; i < p1; i++) {
        let s = 0.0;
        for (let r = s0; r < s1; r++) { const pr = row(src, r, lds); s += ld(pr, i) * ld(pr, j); }
        st(g, i * ldg + j, ld(g, i * ldg + j) + s);
      }
    }
  }
  // mirror: old rows into the new rows' columns, and the new block's upper triangle into its lower one
  for (let i = 0; i < p0; i++) for (let j = p0; j < p1; j++) st(g, j * ldg + i, ld(g, i * ldg + j));
  for (let i = p0; i < p1; i++) for (let j = i + 1; j < p1; j++) st(g, j * ldg + i, ld(g, i * ldg + j));
}

@inline function tile4x4(a: usize, lda: i32, r0: i32, r1: i32, i: i32, j: i32, g: usize, ldg: i32): void {
  const oj = <usize>j << 3;
  if (ASC_FEATURE_SIMD) {
    let c00 = f64x2.splat(0), c01 = f64x2.splat(0), c10 = f64x2.splat(0), c11 = f64x2.splat(0);
    let c20 = f64x2.splat(0), c21 = f64x2.splat(0), c30 = f64x2.splat(0), c31 = f64x2.splat(0);
    for (let r = r0; r < r1; r++) {
      const pr = row(a, r, lda);
      const xj0 = v128.load(pr + oj);
      const xj1 = v128.load(pr + oj, 16);
      const s0 = f64x2.splat(ld(pr, i));
      const s1 = f64x2.splat(ld(pr, i + 1));
      const s2 = f64x2.splat(ld(pr, i + 2));
      const s3 = f64x2.splat(ld(pr, i + 3));
      c00 = f64x2.add(c00, f64x2.mul(s0, xj0)); c01 = f64x2.add(c01, f64x2.mul(s0, xj1));
      c10 = f64x2.add(c10, f64x2.mul(s1, xj0)); c11 = f64x2.add(c11, f64x2.mul(s1, xj1));
      c20 = f64x2.add(c20, f64x2.mul(s2, xj0)); c21 = f64x2.add(c21, f64x2.mul(s2, xj1));
      c30 = f64x2.add(c30, f64x2.mul(s3, xj0)); c31 = f64x2.add(c31, f64x2.mul(s3, xj1));
    }
    const g0 = g + ((<usize>(i * ldg + j)) << 3);
    const rs = <usize>ldg << 3;
    v128.store(g0, f64x2.add(v128.load(g0), c00)); v128.store(g0, f64x2.add(v128.load(g0, 16), c01), 16);
    v128.store(g0 + rs, f64x2.add(v128.load(g0 + rs), c10)); v128.store(g0 + rs, f64x2.add(v128.load(g0 + rs, 16), c11), 16);
    const g2 = g0 + 2 * rs;
    v128.store(g2, f64x2.add(v128.load(g2), c20)); v128.store(g2, f64x2.add(v128.load(g2, 16), c21), 16);
    const g3 = g0 + 3 * rs;
    v128.store(g3, f64x2.add(v128.load(g3), c30)); v128.store(g3, f64x2.add(v128.load(g3, 16), c31), 16);
  } else {
    for (let u = 0; u < 4; u++) tile1x4(a, lda, r0, r1, i + u, j, g, ldg);
  }
}

/** As tile4x4 for two columns j, j+1: each entry summed row by row from 0, then added to G (the same bits). */
@inline function tile4x2(a: usize, lda: i32, r0: i32, r1: i32, i: i32, j: i32, g: usize, ldg: i32): void {
  if (ASC_FEATURE_SIMD) {
    const oj = <usize>j << 3;
    let c0 = f64x2.splat(0), c1 = f64x2.splat(0), c2 = f64x2.splat(0), c3 = f64x2.splat(0);
    for (let r = r0; r < r1; r++) {
      const pr = row(a, r, lda);
      const xj = v128.load(pr + oj);
      c0 = f64x2.add(c0, f64x2.mul(f64x2.splat(ld(pr, i)), xj));
      c1 = f64x2.add(c1, f64x2.mul(f64x2.splat(ld(pr, i + 1)), xj));
      c2 = f64x2.add(c2, f64x2.mul(f64x2.splat(ld(pr, i + 2)), xj));
      c3 = f64x2.add(c3, f64x2.mul(f64x2.splat(ld(pr, i + 3)), xj));
    }
    const g0 = g + ((<usize>(i * ldg + j)) << 3);
    const rs = <usize>ldg << 3;
    v128.store(g0, f64x2.add(v128.load(g0), c0));
    v128.store(g0 + rs, f64x2.add(v128.load(g0 + rs), c1));
    v128.store(g0 + 2 * rs, f64x2.add(v128.load(g0 + 2 * rs), c2));
    v128.store(g0 + 3 * rs, f64x2.add(v128.load(g0 + 3 * rs), c3));
  } else {
    for (let u = 0; u < 4; u++) tile1x2(a, lda, r0, r1, i + u, j, g, ldg);
  }
}

@inline function tile1x2(a: usize, lda: i32, r0: i32, r1: i32, i: i32, j: i32, g: usize, ldg: i32): void {
  let c0 = 0.0, c1 = 0.0;
  for (let r = r0; r < r1; r++) {
    const pr = row(a, r, lda);
    const s = ld(pr, i);
    c0 += s * ld(pr, j); c1 += s * ld(pr, j + 1);
  }
  const q = i * ldg + j;
  st(g, q, ld(g, q) + c0); st(g, q + 1, ld(g, q + 1) + c1);
}

/** Column j against rows i…i+3 of G (scalar: four independent sums, each row by row from 0). */
@inline function tile4x1(a: usize, lda: i32, r0: i32, r1: i32, i: i32, j: i32, g: usize, ldg: i32): void {
  let c0 = 0.0, c1 = 0.0, c2 = 0.0, c3 = 0.0;
  for (let r = r0; r < r1; r++) {
    const pr = row(a, r, lda);
    const s = ld(pr, j);
    c0 += ld(pr, i) * s; c1 += ld(pr, i + 1) * s; c2 += ld(pr, i + 2) * s; c3 += ld(pr, i + 3) * s;
  }
  st(g, i * ldg + j, ld(g, i * ldg + j) + c0);
  st(g, (i + 1) * ldg + j, ld(g, (i + 1) * ldg + j) + c1);
  st(g, (i + 2) * ldg + j, ld(g, (i + 2) * ldg + j) + c2);
  st(g, (i + 3) * ldg + j, ld(g, (i + 3) * ldg + j) + c3);
}

@inline function tile1x4(a: usize, lda: i32, r0: i32, r1: i32, i: i32, j: i32, g: usize, ldg: i32): void {
  let c0 = 0.0, c1 = 0.0, c2 = 0.0, c3 = 0.0;
  for (let r = r0; r < r1; r++) {
    const pr = row(a, r, lda);
    const s = ld(pr, i);
    c0 += s * ld(pr, j); c1 += s * ld(pr, j + 1); c2 += s * ld(pr, j + 2); c3 += s * ld(pr, j + 3);
  }
  const q = i * ldg + j;
  st(g, q, ld(g, q) + c0); st(g, q + 1, ld(g, q + 1) + c1); st(g, q + 2, ld(g, q + 2) + c2); st(g, q + 3, ld(g, q + 3) + c3);
}

/**
 * Row q of G = AᵀA (G[q][j] = Σ_r A[r][q]·A[r][j] for every j), A row-major n×k: what a lazily formed Gram matrix
 * computes when column q joins the passive set (assembly/small.ts). Each entry is summed row by row from +0 (lanes in
 * the same order as the scalar build: the same bits), so G[q][j] and G[j][q] from gramRow(j) are equal bit for bit
 * (the same products in the same order) and G[q][q] is what gramDiagonal wrote. Columns in blocks of 8 (four f64x2
 * accumulators, one sweep of the rows each), then the last k mod 8 in one sweep: 4, 2 and 1 columns.
 */
export function gramRow(a: usize, n: i32, k: i32, q: i32, g: usize): void {
  const rs = (<usize>k) << 3, oq = (<usize>q) << 3;
  const gq = g + (<usize>q) * rs;
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    for (; j + 8 <= k; j += 8) {
      const oj = (<usize>j) << 3;
      let c0 = f64x2.splat(0), c1 = f64x2.splat(0), c2 = f64x2.splat(0), c3 = f64x2.splat(0);
      let pr = a;
      for (let r = 0; r < n; r++) {
        const s = v128.load64_splat(pr + oq);
        const p = pr + oj;
        c0 = f64x2.add(c0, f64x2.mul(s, v128.load(p)));
        c1 = f64x2.add(c1, f64x2.mul(s, v128.load(p, 16)));
        c2 = f64x2.add(c2, f64x2.mul(s, v128.load(p, 32)));
        c3 = f64x2.add(c3, f64x2.mul(s, v128.load(p, 48)));
        pr += rs;
      }
      v128.store(gq + oj, c0); v128.store(gq + oj, c1, 16); v128.store(gq + oj, c2, 32); v128.store(gq + oj, c3, 48);
    }
    const w = k - j;
    if (w > 1) {
      // the last k mod 8 columns in one sweep: a block of four (if w ≥ 4), then a pair (if w mod 4 ≥ 2)
      const o4 = (<usize>j) << 3, four = w >= 4;
      const o2 = four ? o4 + 32 : o4, two = (w & 2) != 0;
      let c0 = f64x2.splat(0), c1 = f64x2.splat(0), c2 = f64x2.splat(0);
      let pr = a;
      for (let r = 0; r < n; r++) {
        const s = v128.load64_splat(pr + oq);
        if (four) {
          c0 = f64x2.add(c0, f64x2.mul(s, v128.load(pr + o4)));
          c1 = f64x2.add(c1, f64x2.mul(s, v128.load(pr + o4, 16)));
        }
        if (two) c2 = f64x2.add(c2, f64x2.mul(s, v128.load(pr + o2)));
        pr += rs;
      }
      if (four) { v128.store(gq + o4, c0); v128.store(gq + o4, c1, 16); }
      if (two) v128.store(gq + o2, c2);
      j = k & ~1;
    }
  }
  for (; j < k; j++) {
    let s = 0.0;
    let pr = a;
    for (let r = 0; r < n; r++) { s += ld(pr, q) * ld(pr, j); pr += rs; }
    st(gq, j, s);
  }
}

/**
 * One sweep of A's rows per block of columns (a small A stays in cache): G's diagonal (Σ_r A[r][j]², each sum row by
 * row from +0, bit for bit what gramRow(j) writes there), negAtb = −Aᵀb (Σ_r b_r·A[r][j] negated at the end) and
 * max |A_ij| (returned). The rest of G is left to gramRow, row by row as columns are needed.
 */
export function gramDiagonal(a: usize, b: usize, n: i32, k: i32, g: usize, negAtb: usize): f64 {
  const rs = (<usize>k) << 3;
  let amax = 0.0;
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    // max |A_ij| = max(max A_ij, −min A_ij): pmax/pmin (one instruction each; abs costs V8 three)
    let vmax = f64x2.splat(0), vmin = f64x2.splat(0);
    const zero = f64x2.splat(0);
    for (; j + 4 <= k; j += 4) {
      const oj = (<usize>j) << 3;
      let d0 = f64x2.splat(0), d1 = f64x2.splat(0), e0 = f64x2.splat(0), e1 = f64x2.splat(0);
      let pr = a + oj, pb = b;
      for (let r = 0; r < n; r++) {
        const x0 = v128.load(pr), x1 = v128.load(pr, 16);
        const bb = v128.load64_splat(pb);
        d0 = f64x2.add(d0, f64x2.mul(x0, x0)); d1 = f64x2.add(d1, f64x2.mul(x1, x1));
        e0 = f64x2.add(e0, f64x2.mul(bb, x0)); e1 = f64x2.add(e1, f64x2.mul(bb, x1));
        vmax = f64x2.pmax(vmax, f64x2.pmax(x0, x1));
        vmin = f64x2.pmin(vmin, f64x2.pmin(x0, x1));
        pr += rs;
        pb += 8;
      }
      st(g, j * k + j, f64x2.extract_lane(d0, 0)); st(g, (j + 1) * k + j + 1, f64x2.extract_lane(d0, 1));
      st(g, (j + 2) * k + j + 2, f64x2.extract_lane(d1, 0)); st(g, (j + 3) * k + j + 3, f64x2.extract_lane(d1, 1));
      v128.store(negAtb + oj, f64x2.sub(zero, e0)); v128.store(negAtb + oj, f64x2.sub(zero, e1), 16);
    }
    if (j + 2 <= k) {
      const oj = (<usize>j) << 3;
      let d0 = f64x2.splat(0), e0 = f64x2.splat(0);
      let pr = a + oj, pb = b;
      for (let r = 0; r < n; r++) {
        const x0 = v128.load(pr);
        d0 = f64x2.add(d0, f64x2.mul(x0, x0));
        e0 = f64x2.add(e0, f64x2.mul(v128.load64_splat(pb), x0));
        vmax = f64x2.pmax(vmax, x0);
        vmin = f64x2.pmin(vmin, x0);
        pr += rs;
        pb += 8;
      }
      st(g, j * k + j, f64x2.extract_lane(d0, 0)); st(g, (j + 1) * k + j + 1, f64x2.extract_lane(d0, 1));
      v128.store(negAtb + oj, f64x2.sub(zero, e0));
      j += 2;
    }
    const hi = max(f64x2.extract_lane(vmax, 0), f64x2.extract_lane(vmax, 1));
    const lo = min(f64x2.extract_lane(vmin, 0), f64x2.extract_lane(vmin, 1));
    amax = max(hi, 0.0 - lo);
  }
  for (; j < k; j++) {
    let d = 0.0, e = 0.0;
    for (let r = 0; r < n; r++) {
      const v = ld(a + (<usize>r) * rs, j);
      d += v * v;
      e += ld(b, r) * v;
      amax = max(amax, abs(v));
    }
    st(g, j * k + j, d);
    st(negAtb, j, 0.0 - e);
  }
  return amax;
}
