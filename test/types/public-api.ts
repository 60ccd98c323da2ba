/**
 * Type tests of the public surface as a user sees it — the built declarations, imported by the package's name
 * (checked by test/node/types.test.ts with tsc under strict options:
 * exactOptionalPropertyTypes, noUncheckedIndexedAccess). Every line compiles, or is marked @ts-expect-error and must
 * fail; nothing here runs.
 */
import {
  createEngineSync, type AlignResult, type Engine, type HullCertificate, type MatrixLike, type RowMajor, type SimplexGrid,
  type SupNormAlignResult, type VectorLike,
} from "emergent-align";   // the published declarations (dist/*.d.ts), as a user sees them

declare const ea: Engine;

// ---- readonly / as const matrices and Float64Array rows are accepted (the library never writes its inputs)
const U = [[1, 0, 0.5], [0, 1, 0.5], [1, 1, 2], [0, 0, 1]] as const;
const u = [0.5, 0.5, 1, 0] as const;
const rows: Float64Array[] = [new Float64Array([1, 0]), new Float64Array([0, 1])];
const frozen: readonly (readonly number[])[] = [[1, 0], [0, 1]];
const dense = { rows: 2, cols: 2, data: new Float64Array([1, 0, 0, 1]) } as const;
ea.nnls(U, u);
ea.alignWeights(rows, new Float64Array([1, 2]));
ea.hullDistance(frozen, [1, 2] as readonly number[]);
ea.inHull(dense, [0.5, 0.5]);
ea.bestResponses(U, rows);
ea.persuasion(frozen, frozen, [0.5, 0.5] as const);
ea.selectionGame({ providers: [frozen, rows], user: dense, prior: [0.5, 0.5] as const });
ea.linprog({ c: [1, 1] as const, Aub: frozen, bub: [1, 1] as const });
const m: MatrixLike = U;
const v: VectorLike = u;
// @ts-expect-error a vector is not a matrix
ea.nnls([1, 2, 3], u);
// @ts-expect-error a string is not a vector
ea.nnls(U, "1,2,3,4");

// ---- norm: 'linf' (or its alias 'sup') → the certificate is present; otherwise it may be absent
const sup: SupNormAlignResult = ea.alignWeights(U, u, { norm: "linf", constraint: "simplex", offset: true });
const y: Float64Array = sup.certificate.y;
const lower: number = ea.alignWeights(U, u, { norm: "sup" }).certificate.lowerBound;
const l2: AlignResult = ea.alignWeights(U, u, { norm: "l2" });
// @ts-expect-error least squares carries no certificate for sure
const noCert: HullCertificate = l2.certificate;
// @ts-expect-error an unknown norm
ea.alignWeights(U, u, { norm: "l1" });
// exactOptionalPropertyTypes: an optional option cannot be set to undefined explicitly
// @ts-expect-error offset?: boolean does not take undefined under exactOptionalPropertyTypes
ea.alignWeights(U, u, { offset: undefined });

// ---- flat row-major results carry their shape
const q: RowMajor = ea.quantalResponses(U, rows, 2);
const qShape: [number, number] = [q.rows, q.cols];
const p = ea.persuasion(frozen, frozen, [0.5, 0.5]);
const pShape: [number, number] = [p.scheme.rows, p.scheme.cols];
const g = ea.selectionGame({ providers: [frozen, frozen], user: frozen, prior: [0.5, 0.5] });
const firstScheme = g.schemes[0];
// @ts-expect-error noUncheckedIndexedAccess: schemes[0] may be undefined
const gRows: number = firstScheme.rows;
const gCols: number | undefined = firstScheme?.cols;

// ---- SimplexGrid.data exists only when the grid is materialised
const grid: SimplexGrid = ea.simplexGrid(3, 10);
// @ts-expect-error data may be absent (large grids)
const gridData: Float64Array = grid.data;
if (grid.materialised) {
  const ok: Float64Array = grid.data;
  ea.bestResponses(U, grid);
  void ok;
}
// @ts-expect-error an unchecked grid may have no data, so it is not a matrix
ea.bestResponses(U, grid);
for (const chunk of grid.chunks(1000)) ea.bestResponses(U, chunk);

export { m, v, y, lower, noCert, qShape, pShape, gRows, gCols, gridData, createEngineSync };
