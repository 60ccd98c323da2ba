import { ld, ldi, sti } from "./mem";

/**
 * Heap sort, in place, of the m indices at `h` so that key[index] is non-increasing; ties go to the lower rank[index],
 * or to the lower index itself when `rank` is 0. No allocation, deterministic: the one sort of the kernels
 * (the active set's violators, the simplex projection's breakpoints).
 * see: Williams (1964), Algorithm 232: Heapsort, CACM 7(6); Floyd (1964), Algorithm 245: Treesort 3.
 */
export function sortIndicesDescending(h: usize, m: i32, key: usize, rank: usize): void {
  for (let start = (m >> 1) - 1; start >= 0; start--) siftDown(h, start, m, key, rank);
  for (let end = m - 1; end > 0; end--) {
    const tmp = ldi(h, 0); sti(h, 0, ldi(h, end)); sti(h, end, tmp);
    siftDown(h, 0, end, key, rank);
  }
}

/** Heap order: the root is the *last* in the final order (smallest key, then highest rank). */
@inline function after(u: i32, v: i32, key: usize, rank: usize): bool {
  const a = ld(key, u), b = ld(key, v);
  if (a != b) return a < b;
  return rank != 0 ? ldi(rank, u) > ldi(rank, v) : u > v;
}

function siftDown(h: usize, start: i32, end: i32, key: usize, rank: usize): void {
  let root = start;
  while (true) {
    let child = 2 * root + 1;
    if (child >= end) return;
    if (child + 1 < end && after(ldi(h, child + 1), ldi(h, child), key, rank)) child++;
    if (after(ldi(h, child), ldi(h, root), key, rank)) {
      const tmp = ldi(h, root); sti(h, root, ldi(h, child)); sti(h, child, tmp);
      root = child;
    } else return;
  }
}

/**
 * The first `count` entries of sortIndicesDescending's order, in that order, at h[0..count) (the rest of h stays a
 * permutation of the remaining indices, in no particular order): a heap with the first in order at its root, popped
 * `count` times — O(m + count·log m) instead of a full sort when only the head is used. The order is strict (ties
 * go to rank, then index), so the head is the same as the full sort's.
 */
export function topIndicesDescending(h: usize, m: i32, count: i32, key: usize, rank: usize): void {
  if (count <= 0 || m <= 1) return;
  for (let start = (m >> 1) - 1; start >= 0; start--) siftDownFirst(h, start, m, key, rank);
  // each pop moves the current first to the end of the shrinking heap: the head ends up reversed at h[m−count..m)
  const stop = max(m - count, 1);
  for (let end = m - 1; end >= stop; end--) {
    const tmp = ldi(h, 0); sti(h, 0, ldi(h, end)); sti(h, end, tmp);
    siftDownFirst(h, 0, end, key, rank);
  }
  // reverse the whole array: the popped head (reversed at the end) comes first, in order
  for (let i = 0, j = m - 1; i < j; i++, j--) { const tmp = ldi(h, i); sti(h, i, ldi(h, j)); sti(h, j, tmp); }
}

/** Heap order with the *first* of the final order at the root (largest key, then lowest rank). */
function siftDownFirst(h: usize, start: i32, end: i32, key: usize, rank: usize): void {
  let root = start;
  while (true) {
    let child = 2 * root + 1;
    if (child >= end) return;
    if (child + 1 < end && after(ldi(h, child), ldi(h, child + 1), key, rank)) child++;
    if (after(ldi(h, root), ldi(h, child), key, rank)) {
      const tmp = ldi(h, root); sti(h, root, ldi(h, child)); sti(h, child, tmp);
      root = child;
    } else return;
  }
}
