/** Twin of assembly/simplex.ts. */

/**
 * Projection of v[0..k) onto {x ≥ 0, 1ᵀx = 1} in the metric Σ_j w_j (x_j − v_j)², in place: x_j = max(0, v_j − τ/w_j)
 * with τ found by sorting the breakpoints β_j = w_j v_j (Wang & Carreira-Perpiñán 2013, arXiv:1309.1541, for w ≡ 1;
 * Kiwiel 2008 for the weighted case). `iw` = 1/w; `key` (k doubles) and `order` (k ints) are scratch. Same heap sort
 * of indices (ties to the lower index) and prefix-sum order as the kernel.
 */
export function projectSimplexScaled(
  v: Float64Array, w: Float64Array, iw: Float64Array, k: number, key: Float64Array, order: Int32Array,
): void {
  for (let j = 0; j < k; j++) { key[j] = w[j]! * v[j]!; order[j] = j; }
  heapSortDescending(order, k, key);
  let cumV = 0;
  let cumIw = 0;
  let tau = 0;
  for (let m = 0; m < k; m++) {
    const j = order[m]!;
    cumV += v[j]!;
    cumIw += iw[j]!;
    const t = (cumV - 1) / cumIw;
    if (key[j]! - t > 0) tau = t;
  }
  for (let j = 0; j < k; j++) v[j] = Math.max(0, v[j]! - tau * iw[j]!);
}

function heapSortDescending(h: Int32Array, m: number, key: Float64Array): void {
  for (let start = (m >> 1) - 1; start >= 0; start--) siftDown(h, start, m, key);
  for (let end = m - 1; end > 0; end--) {
    const tmp = h[0]!; h[0] = h[end]!; h[end] = tmp;
    siftDown(h, 0, end, key);
  }
}

/** Heap order: the root is the last in the final order (smallest key, then highest index). */
function after(u: number, v: number, key: Float64Array): boolean {
  const a = key[u]!, b = key[v]!;
  if (a !== b) return a < b;
  return u > v;
}

function siftDown(h: Int32Array, start: number, end: number, key: Float64Array): void {
  let root = start;
  for (;;) {
    let child = 2 * root + 1;
    if (child >= end) return;
    if (child + 1 < end && after(h[child + 1]!, h[child]!, key)) child++;
    if (after(h[child]!, h[root]!, key)) {
      const tmp = h[root]!; h[root] = h[child]!; h[child] = tmp;
      root = child;
    } else return;
  }
}
