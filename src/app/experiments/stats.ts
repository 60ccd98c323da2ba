/** Summaries of repeated measurements (splits, draws): plain numbers, no dependencies, browser-safe. */

export interface Summary {
  /** Number of values summarised. */
  count: number;
  mean: number;
  /** Sample standard deviation (0 for a single value). */
  sd: number;
  /** The central 95% of the values: the 2.5% and 97.5% quantiles (linear interpolation, as R's type 7). */
  lo: number;
  hi: number;
  /** Half-width of the normal 95% confidence interval of the mean, 1.96·sd/√count. */
  ci95: number;
}

export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function summarize(values: ArrayLike<number>): Summary {
  const n = values.length;
  if (n === 0) return { count: 0, mean: NaN, sd: NaN, lo: NaN, hi: NaN, ci95: NaN };
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i]!;
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) { const d = values[i]! - mean; ss += d * d; }
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const sorted = Float64Array.from(values).sort();
  return { count: n, mean, sd, lo: quantile(sorted, 0.025), hi: quantile(sorted, 0.975), ci95: (1.96 * sd) / Math.sqrt(n) };
}
