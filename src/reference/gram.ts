/** Twin of assembly/gram.ts. */

/** Rows of A per block; each entry is summed row by row inside a block and the blocks are added to G in order. */
const ROW_BLOCK = 64;

/**
 * G[i][j] = Σ_r A[r][i]·A[r][j] for i < p1 and p0 ≤ j < p1, mirrored (A row-major n×lda, G stride ldg). The
 * kernel's register tiles only change which entries are computed together, not the order of any sum: each entry
 * with i ≤ j is a row-by-row sum from 0 inside a block, added to G block by block; the others are copied from them.
 * Here the block sums accumulate in `work` (p1·(p1 − p0) doubles, allocated when not given) row by row, so the inner
 * loop is contiguous and the bits are the same.
 */
export function gramUpdate(
  a: Float64Array, n: number, lda: number, p0: number, p1: number, g: Float64Array, ldg: number, work?: Float64Array,
): void {
  if (p1 <= p0) return;
  const w = p1 - p0;
  const s = work ?? new Float64Array(p1 * w);
  for (let i = 0; i < p1; i++) for (let j = p0; j < p1; j++) g[i * ldg + j] = 0;
  for (let r0 = 0; r0 < n; r0 += ROW_BLOCK) {
    const r1 = Math.min(n, r0 + ROW_BLOCK);
    s.fill(0, 0, p1 * w);
    for (let r = r0; r < r1; r++) {
      const o = r * lda;
      for (let i = 0; i < p1; i++) {
        const ari = a[o + i]!;
        const so = i * w - p0;
        for (let j = Math.max(p0, i); j < p1; j++) s[so + j] = s[so + j]! + ari * a[o + j]!;
      }
    }
    for (let i = 0; i < p1; i++) {
      const so = i * w - p0;
      for (let j = Math.max(p0, i); j < p1; j++) g[i * ldg + j] = g[i * ldg + j]! + s[so + j]!;
    }
  }
  for (let i = 0; i < p0; i++) for (let j = p0; j < p1; j++) g[j * ldg + i] = g[i * ldg + j]!;
  for (let i = p0; i < p1; i++) for (let j = i + 1; j < p1; j++) g[j * ldg + i] = g[i * ldg + j]!;
}
