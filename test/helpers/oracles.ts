/**
 * Independent oracles for least squares with sign and sum constraints: brute force over supports (tiny problems
 * only), written without any code from src/ so that a shared bug cannot hide.
 */

/** Solves the symmetric system M z = r (m×m, row-major) by Gaussian elimination with partial pivoting; null if singular. */
export function solveDense(M: number[][], r: number[]): number[] | null {
  const m = r.length;
  const a = M.map((row, i) => [...row, r[i]!]);
  let scale = 0;
  for (const row of M) for (const v of row) scale = Math.max(scale, Math.abs(v));
  for (let c = 0; c < m; c++) {
    let piv = c;
    for (let i = c + 1; i < m; i++) if (Math.abs(a[i]![c]!) > Math.abs(a[piv]![c]!)) piv = i;
    if (Math.abs(a[piv]![c]!) <= 1e-11 * Math.max(scale, 1e-300)) return null;
    [a[c], a[piv]] = [a[piv]!, a[c]!];
    for (let i = c + 1; i < m; i++) {
      const f = a[i]![c]! / a[c]![c]!;
      for (let j = c; j <= m; j++) a[i]![j]! -= f * a[c]![j]!;
    }
  }
  const z = new Array<number>(m).fill(0);
  for (let i = m - 1; i >= 0; i--) {
    let s = a[i]![m]!;
    for (let j = i + 1; j < m; j++) s -= a[i]![j]! * z[j]!;
    z[i] = s / a[i]![i]!;
  }
  return z;
}

export interface Dense { rows: number; cols: number; data: Float64Array }

export function objective(A: Dense, b: ArrayLike<number>, x: ArrayLike<number>, offset = 0, omega?: ArrayLike<number>): number {
  let f = 0;
  for (let i = 0; i < A.rows; i++) {
    let e = offset - b[i]!;
    for (let j = 0; j < A.cols; j++) e += A.data[i * A.cols + j]! * x[j]!;
    f += (omega ? omega[i]! : 1) * e * e;
  }
  return f;
}

/**
 * The global minimum of Σ ω_i (A_i x + c − b_i)² over x ≥ 0 (and 1ᵀx = 1 when `simplex`, c free when `offset`) by
 * enumerating every support: the optimum is the unconstrained (equality-constrained) minimiser on its own support.
 * Supports whose normal equations are singular are skipped: some optimal point always has an independent support.
 */
export function bruteForceLsq(A: Dense, b: ArrayLike<number>, opts: { simplex?: boolean; offset?: boolean; omega?: ArrayLike<number> } = {}): { x: number[]; offset: number; value: number } {
  const { rows: n, cols: k } = A;
  const omega = opts.omega ?? new Array<number>(n).fill(1);
  let best = { x: new Array<number>(k).fill(0), offset: 0, value: Infinity };
  for (let mask = opts.simplex ? 1 : 0; mask < 1 << k; mask++) {
    const S: number[] = [];
    for (let j = 0; j < k; j++) if (mask & (1 << j)) S.push(j);
    // unknowns: x_S, then c (offset), then λ (sum multiplier)
    const cols = S.map((j) => (i: number) => A.data[i * k + j]!);
    if (opts.offset) cols.push(() => 1);
    const m = cols.length;
    const size = m + (opts.simplex ? 1 : 0);
    const M: number[][] = Array.from({ length: size }, () => new Array<number>(size).fill(0));
    const r = new Array<number>(size).fill(0);
    for (let p = 0; p < m; p++) {
      for (let q = 0; q < m; q++) { let s = 0; for (let i = 0; i < n; i++) s += omega[i]! * cols[p]!(i) * cols[q]!(i); M[p]![q] = s; }
      let s = 0; for (let i = 0; i < n; i++) s += omega[i]! * cols[p]!(i) * b[i]!; r[p] = s;
    }
    if (opts.simplex) {
      for (let p = 0; p < S.length; p++) { M[m]![p] = 1; M[p]![m] = 1; }
      r[m] = 1;
    }
    let z: number[] | null;
    if (size === 0) z = [];
    else z = solveDense(M, r);
    if (!z) continue;
    if (S.some((_, p) => z![p]! < 0)) continue;
    const x = new Array<number>(k).fill(0);
    S.forEach((j, p) => { x[j] = z![p]!; });
    const c = opts.offset ? z[S.length]! : 0;
    const value = objective(A, b, x, c, omega);
    if (value < best.value) best = { x, offset: c, value };
  }
  return best;
}
