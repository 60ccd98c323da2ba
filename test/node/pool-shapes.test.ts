/**
 * Flat results keep their shape (rows, cols) through the engine pool, whose workers send them back by structured
 * clone (which drops the non-enumerable properties): quantalResponses (also when split by rows across workers),
 * persuasion's scheme and the selection game's schemes, as the Engine's own results carry them.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createPool } from "../../src/pool/node.js";
import { reshapeResult } from "../../src/core/shape.js";

const S = [[1, 0, 0.2], [0, 1, 0.4]], R = [[0.9, 0.1, 0], [0, 0.5, 1]], prior = [0.5, 0.3, 0.2];

describe("shapes through the pool", async () => {
  const pool = await createPool({ workers: 2 });
  afterAll(() => pool.close());

  it("quantalResponses, persuasion and selectionGame results carry rows and cols", async () => {
    const posteriors = Array.from({ length: 40000 }, (_, i) => { const a = (i % 97) / 97; return [a, (1 - a) / 2, (1 - a) / 2]; });
    const q = await pool.quantalResponses(S, posteriors, 3);   // large enough to be split across the workers
    expect([q.rows, q.cols, q.length]).toEqual([40000, 2, 80000]);
    const p = await pool.persuasion(S, R, prior);
    expect([p.scheme.rows, p.scheme.cols]).toEqual([2, 3]);
    const g = await pool.selectionGame({ providers: [S, R], user: R, prior });
    for (const x of g.schemes) expect([x.rows, x.cols]).toEqual([2, 3]);
    const [m] = await pool.map("quantalResponses", [[S, posteriors.slice(0, 5), 1]]);
    expect([m!.rows, m!.cols]).toEqual([5, 2]);
  });

  it("reshapeResult leaves other results alone", () => {
    const x = new Float64Array(4);
    expect(reshapeResult("nnls", [], x)).toBe(x);
    expect(Object.getOwnPropertyNames(x)).not.toContain("rows");
  });
});
