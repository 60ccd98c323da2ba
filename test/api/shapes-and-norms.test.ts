/**
 * Flat row-major results carry their shape (rows, cols: non-enumerable, so arrays still compare as plain ones); the
 * norm has one name, 'linf', with 'sup' accepted as an alias; readonly and Float64Array-row inputs work at run time as
 * the types promise.
 */
import { describe, expect, it } from "vitest";
import { implementations } from "../helpers/engines.js";

const S = Object.freeze([Object.freeze([1, 0, 0.2]), Object.freeze([0, 1, 0.4])]);   // 2 actions × 3 states
const R = Object.freeze([Object.freeze([0.9, 0.1, 0]), Object.freeze([0, 0.5, 1])]);
const prior = Object.freeze([0.5, 0.3, 0.2]);

describe.each(implementations)("shapes and norms (%s)", (_name, ea) => {
  it("quantalResponses, persuasion's scheme and the game's schemes carry rows and cols", () => {
    const posteriors = [new Float64Array([1, 0, 0]), new Float64Array([0.2, 0.3, 0.5]), new Float64Array([0, 0, 1]), new Float64Array([1 / 3, 1 / 3, 1 / 3])];
    const q = ea.quantalResponses(S, posteriors, 3);
    expect([q.rows, q.cols, q.length]).toEqual([4, 2, 8]);
    expect(Object.keys(q)).toEqual(Object.keys(new Float64Array(8))); // non-enumerable: compares as a plain array
    const p = ea.persuasion(S, R, prior);
    expect([p.scheme.rows, p.scheme.cols, p.scheme.length]).toEqual([2, 3, 6]);
    const g = ea.selectionGame({ providers: [S, R], user: R, prior });
    for (const x of g.schemes) expect([x.rows, x.cols, x.length]).toEqual([2, 3, 6]);
  });

  it("norm 'sup' is an alias of 'linf' (same numbers, certificate present)", () => {
    const U = [[1, 0, 0.5], [0, 1, 0.5], [1, 1, 2], [0, 0, 1], [0.3, 0.2, 0.1]] as const;
    const u = [0.4, 0.5, 1.1, 0.2, 0.3] as const;
    const linf = ea.alignWeights(U, u, { norm: "linf", constraint: "simplex", offset: true });
    const sup = ea.alignWeights(U, u, { norm: "sup", constraint: "simplex", offset: true });
    expect(sup.certificate.y).toEqual(linf.certificate.y);
    expect(sup.weights).toEqual(linf.weights);
    expect(linf.certificate.lowerBound).toBeLessThanOrEqual(linf.certificate.upperBound);
    expect(() => ea.alignWeights(U, u, { norm: "l1" as "l2" })).toThrow(/norm/);
  });

  it("readonly (frozen) matrices and Float64Array rows are read, never written", () => {
    const rows = [new Float64Array([1, 0]), new Float64Array([0, 1]), new Float64Array([1, 1])];
    const r = ea.nnls(rows, Object.freeze([1, 2, 3]));
    expect(r.status).toBe("optimal");
    expect(Array.from(r.x)).toEqual([expect.closeTo(1, 9), expect.closeTo(2, 9)]);
    expect(Array.from(rows[2]!)).toEqual([1, 1]);
  });
});
