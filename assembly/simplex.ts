import { ld, st, ldi, sti } from "./mem";
import { sortIndicesDescending } from "./sort";

/**
 * Projection onto the probability simplex in the metric of a positive diagonal W, in place:
 *   v ← argmin_x Σ_j w_j (x_j − v_j)²  s.t. x ≥ 0, 1ᵀx = 1     (W = I: the Euclidean projection).
 * The solution is x_j = max(0, v_j − τ/w_j): with the breakpoints β_j = w_j v_j sorted descending, τ_m =
 * (Σ_{i≤m} v_(i) − 1) / (Σ_{i≤m} 1/w_(i)) and ρ = max{ m : β_(m) > τ_m }, τ = τ_ρ (the condition holds exactly for
 * m ≤ ρ, and always for m = 1). With w ≡ 1 this is Wang & Carreira-Perpiñán's sort-and-threshold algorithm bit for
 * bit (Σ 1/w_(i) = m exactly). `iw` holds 1/w_j; `key` (k f64) and `order` (k i32) are scratch. The sort is an in-place
 * heap sort of indices, ties to the lower index, and the prefix sums run in that order: deterministic, no allocation.
 * see: Wang & Carreira-Perpiñán (2013), Projection onto the probability simplex: an efficient algorithm with a simple
 *      proof, and an application, arXiv:1309.1541, Algorithm 1;
 *      Kiwiel (2008), Breakpoint searching algorithms for the continuous quadratic knapsack problem, Math. Program.
 *      112:473–491 (the weighted case, by sorting breakpoints).
 */
export function projectSimplexScaled(v: usize, w: usize, iw: usize, k: i32, key: usize, order: usize): void {
  for (let j = 0; j < k; j++) { st(key, j, ld(w, j) * ld(v, j)); sti(order, j, j); }
  sortIndicesDescending(order, k, key, 0);
  let cumV = 0.0;
  let cumIw = 0.0;
  let tau = 0.0;
  for (let m = 0; m < k; m++) {
    const j = ldi(order, m);
    cumV += ld(v, j);
    cumIw += ld(iw, j);
    const t = (cumV - 1.0) / cumIw;
    if (ld(key, j) - t > 0.0) tau = t;
  }
  for (let j = 0; j < k; j++) st(v, j, max(0.0, ld(v, j) - tau * ld(iw, j)));
}
