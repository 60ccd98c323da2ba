import type { Kernels } from "../backend/contract.js";
import type { ConcavifyResult, DenseMatrix, MatrixLike, SimplexGrid, VectorLike } from "../core/types.js";
import { InputError } from "../core/errors.js";
import { linprog } from "./linprog.js";
import { positiveInteger, toDense, toDistribution, toPosteriors, toVector } from "../core/validate.js";

/** Posterior grids on the simplex and the concave closure (concavification) of a function given on posteriors. */

/** Most numbers simplexGrid materialises (256 MiB); beyond it the grid comes in chunks only. */
export const MAX_GRID_DOUBLES = 2 ** 25;

/** C(resolution + states − 1, states − 1), the number of grid points (a float when huge). */
export function simplexGridSize(states: number, resolution: number): number {
  // C(n, m) with n = resolution + states − 1 and m = min(states − 1, resolution): at most min(…) steps, and stopped
  // once past 2^53 (such a grid cannot be enumerated anyway)
  const n = resolution + states - 1, m = Math.min(states - 1, resolution);
  let c = 1;
  for (let i = 1; i <= m; i++) {
    c = (c * (n - m + i)) / i;
    if (c > Number.MAX_SAFE_INTEGER) return Infinity;
  }
  return Math.round(c);
}

/** Grids with more rows than this, or more states than an Int32Array of counts may hold, cannot be enumerated. */
const MAX_GRID_ROWS = Number.MAX_SAFE_INTEGER;
const MAX_GRID_STATES = 2 ** 26;

function checkGridArgs(states: unknown, resolution: unknown): void {
  positiveInteger(states, "states", 1);
  if (typeof resolution !== "number" || !Number.isInteger(resolution) || resolution < 1) {
    throw new InputError(`resolution must be a positive integer; got ${String(resolution)}`);
  }
  if ((states as number) > MAX_GRID_STATES) {
    throw new InputError(`states must be at most ${MAX_GRID_STATES} for a grid (one count per state); got ${String(states)}`);
  }
  const size = simplexGridSize(states as number, resolution);
  if (!(size <= MAX_GRID_ROWS)) {
    throw new InputError(`the grid of ${String(states)} states at resolution ${resolution} has more than 2^53 rows and cannot be enumerated; use fewer states or a coarser resolution`);
  }
}

/**
 * The grid points in a fixed order: counts c (Σ c = resolution) in lexicographically decreasing order, starting at
 * (resolution, 0, …, 0) = e₀; each entry is c_y / resolution. Yields row-major chunks of at most `chunkRows` rows.
 */
export function* simplexGridChunks(states: number, resolution: number, chunkRows = 65536): Generator<DenseMatrix> {
  checkGridArgs(states, resolution);
  positiveInteger(chunkRows, "chunkRows", 65536);
  const total = simplexGridSize(states, resolution);
  const c = new Int32Array(states);
  c[0] = resolution;
  let emitted = 0;
  while (emitted < total) {
    const rows = Math.min(chunkRows, total - emitted);
    const data = new Float64Array(rows * states);
    for (let r = 0; r < rows; r++) {
      for (let y = 0; y < states; y++) data[r * states + y] = c[y]! / resolution;
      // next composition in decreasing lexicographic order: move one unit from the last nonzero entry before the
      // tail to its right neighbour, and gather the tail there
      if (states > 1) {
        const tail = c[states - 1]!;
        c[states - 1] = 0;
        let i = states - 2;
        while (i >= 0 && c[i] === 0) i--;
        if (i < 0) break; // finished (only reached after the last row)
        c[i] = c[i]! - 1;
        c[i + 1] = tail + 1;
      }
    }
    emitted += rows;
    yield { rows, cols: states, data };
  }
}

/**
 * Every posterior whose entries are multiples of 1/resolution. Up to MAX_GRID_DOUBLES numbers the grid is materialised
 * (`data`, row-major, usable wherever a matrix is); beyond that `data` is absent and `materialised` false. Either way
 * `chunks(rows?)` — also the object's iterator — yields it in row-major chunks without holding more than one.
 */
export function simplexGrid(states: number, resolution: number): SimplexGrid {
  checkGridArgs(states, resolution);
  const total = simplexGridSize(states, resolution);
  const materialised = total * states <= MAX_GRID_DOUBLES;
  const grid = (materialised
    ? (simplexGridChunks(states, resolution, Math.max(1, total)).next().value as DenseMatrix)
    : { rows: total, cols: states }) as SimplexGrid;
  const chunks = (chunkRows = 65536) => simplexGridChunks(states, resolution, chunkRows);
  Object.defineProperties(grid, {
    materialised: { value: materialised, enumerable: false },
    chunks: { value: chunks, enumerable: false },
    [Symbol.iterator]: { value: () => chunks(), enumerable: false },
  });
  return grid;
}

/** max Σ τ_s v_s s.t. Σ τ_s μ_s = prior, τ ≥ 0 (Σ τ_s = 1 follows from the rows and the prior summing to 1). */
export function concavify(kernels: Kernels, values: VectorLike, posteriors: MatrixLike, prior: VectorLike): ConcavifyResult {
  const p0 = toVector(prior, "prior");
  const M = toPosteriors(posteriors, "posteriors", p0.length);
  const P = toDistribution(p0, "prior", M.cols, "one per state, the columns of posteriors");
  const v = toVector(values, "values", M.rows, "one per posterior row");
  for (let s = 0; s < M.rows; s++) {
    let sum = 0;
    for (let y = 0; y < M.cols; y++) {
      const x = M.data[s * M.cols + y]!;
      if (!Number.isFinite(x) || x < -1e-9) throw new InputError(`posteriors[${s}][${y}] must be a probability; got ${x}`);
      sum += x;
    }
    if (!(Math.abs(sum - 1) <= 1e-9)) throw new InputError(`posteriors[${s}] must sum to 1 (within 1e-9); got ${sum}`);
  }
  const S = M.rows, nY = M.cols;
  // equality rows: state y, columns s (posterior y-coordinates); plus Σ τ = 1 for robustness to rounding
  const Aeq = new Float64Array((nY + 1) * S);
  for (let s = 0; s < S; s++) {
    for (let y = 0; y < nY; y++) Aeq[y * S + s] = M.data[s * nY + y]!;
    Aeq[nY * S + s] = 1;
  }
  const beq = new Float64Array(nY + 1);
  beq.set(P);
  beq[nY] = 1;
  // drop one redundant state row (Σ_y rows = the Σ τ row): keep states 0..nY−2 and the sum
  const keep = nY - 1;
  const A2 = new Float64Array((keep + 1) * S);
  A2.set(Aeq.subarray(0, keep * S));
  A2.set(Aeq.subarray(nY * S), keep * S);
  const b2 = new Float64Array(keep + 1);
  b2.set(beq.subarray(0, keep));
  b2[keep] = 1;
  const c = new Float64Array(S);
  for (let s = 0; s < S; s++) c[s] = -v[s]!;
  const lp = linprog(kernels, { c, Aeq: { rows: keep + 1, cols: S, data: A2 }, beq: b2 });
  const weights: number[] = [], idx: number[] = [];
  let value = 0;
  for (let s = 0; s < S; s++) {
    const t = lp.x[s]!;
    if (t > 1e-12) { weights.push(t); idx.push(s); value += t * v[s]!; }
  }
  return {
    value, status: lp.status,
    splitting: { weights: Float64Array.from(weights), posteriorIndices: Int32Array.from(idx) },
  };
}
