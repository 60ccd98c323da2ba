import { describe, it, expect } from "vitest";
import { implementations } from "../helpers/engines.js";
import { InputError, createEngine } from "../../src/index.js";
import type { Engine } from "../../src/index.js";

function inputError(fn: () => unknown, message: RegExp): void {
  let caught: unknown;
  try { fn(); } catch (e) { caught = e; }
  expect(caught, "expected an InputError").toBeInstanceOf(InputError);
  expect((caught as Error).name).toBe("InputError");
  expect((caught as Error).message).toMatch(message);
}

describe.each(implementations)("bad input throws InputError naming the argument (%s)", (_name, ea: Engine) => {
  const A = [[1, 0], [0, 1], [1, 1], [2, 1]];

  it("mismatched sizes", () => {
    inputError(() => ea.nnls(A, [1, 2, 3]), /^b must have length 4 \(rows of A\); got 3$/);
    inputError(() => ea.alignWeights(A, [1, 2, 3, 4, 5]), /^u must have length 4/);
    inputError(() => ea.nnls({ rows: 2, cols: 2, data: new Float64Array(3) }, [1, 2]), /^A\.data must have length 4/);
    inputError(() => ea.nnls([[1, 2], [3]], [1, 2]), /^A\[1\] must have length 2/);
    inputError(() => ea.alignWeights(A, [1, 2, 3, 4], { pointWeights: [1, 1] }), /^pointWeights must have length 4/);
    inputError(() => ea.nnls(A, [1, 2, 3, 4], { warmStart: [1] }), /^warmStart must have length 2/);
  });

  it("NaN and ±Infinity, with the index", () => {
    inputError(() => ea.nnls([[1, 0], [NaN, 1]], [1, 1]), /^A\[1\]\[0\] must be a finite number; got NaN$/);
    inputError(() => ea.nnls([[1, 0], [0, 1]], [1, Infinity]), /^b\[1\] must be a finite number; got Infinity$/);
    inputError(() => ea.alignWeights({ rows: 2, cols: 2, data: Float64Array.from([1, 2, -Infinity, 4]) }, [1, 1]), /^U\[1\]\[0\] must be a finite number; got -Infinity$/);
    inputError(() => ea.alignWeights(A, [1, 2, 3, 4], { pointWeights: [1, NaN, 1, 1] }), /^pointWeights\[1\] must be a finite number/);
  });

  it("empty input", () => {
    inputError(() => ea.nnls([], []), /^A must have at least one row/);
    inputError(() => ea.nnls([[]], [1]), /^A must have at least one column/);
    inputError(() => ea.nnls({ rows: 0, cols: 3, data: new Float64Array(0) }, []), /^A must have at least one row and one column; got 0×3$/);
  });

  it("point weights: negative or all zero", () => {
    inputError(() => ea.alignWeights(A, [1, 2, 3, 4], { pointWeights: [1, -1, 1, 1] }), /^pointWeights\[1\] must be nonnegative; got -1$/);
    inputError(() => ea.alignWeights(A, [1, 2, 3, 4], { pointWeights: [0, 0, 0, 0] }), /^pointWeights must not be all zero$/);
  });

  it("options", () => {
    inputError(() => ea.nnls(A, [1, 2, 3, 4], { maxIterations: 0 }), /^maxIterations must be a positive integer; got 0$/);
    inputError(() => ea.nnls(A, [1, 2, 3, 4], { maxIterations: 2.5 }), /^maxIterations must be a positive integer; got 2\.5$/);
    inputError(() => ea.nnls(A, [1, 2, 3, 4], { tolerance: -1 }), /^tolerance must be a positive finite number; got -1$/);
    inputError(() => ea.nnls(A, [1, 2, 3, 4], { method: "simplex" as never }), /^method must be one of 'auto', 'active-set', 'projected-gradient'; got "simplex"$/);
    inputError(() => ea.alignWeights(A, [1, 2, 3, 4], { constraint: "convex" as never }), /^constraint must be one of 'nonnegative', 'simplex'; got "convex"$/);
    inputError(() => ea.alignWeights(A, [1, 2, 3, 4], { offset: 1 as never }), /^offset must be a boolean; got 1$/);
    inputError(() => ea.nnls(A, [1, 2, 3, 4], { warmStart: [1, -1] }), /^warmStart\[1\] must be nonnegative; got -1$/);
  });

  it("wrong types", () => {
    inputError(() => ea.nnls("A" as never, [1]), /^A must be a matrix/);
    inputError(() => ea.nnls(A, "b" as never), /^b must be a number\[\] or Float64Array/);
    inputError(() => ea.nnls([[1, "2" as never]], [1]), /^A\[0\]\[1\] must be a finite number; got "2"$/);
  });
});

describe("problems too large for the kernels' memory", () => {
  it("fail with InputError before any element is read or memory grown, on both backends", async () => {
    // 1.2e8 doubles (960 MB, lazily zeroed): the solver's two copies and scratch exceed wasm32's 4 GiB and the js
    // heap's 2 GiB; the size check comes first, so b's (wrong) length is never reached
    const data = new Float64Array(120_000_000);
    const A = { rows: 60_000_000, cols: 2, data };
    const wasm = await createEngine({ backend: "wasm" });
    inputError(() => wasm.nnls(A, new Float64Array(1)), /^the problem \(60000000×2\) is too large for the kernels' memory: it needs 4\.02 GiB and this backend addresses at most 4 GiB/);
    const js = await createEngine({ backend: "js" });
    inputError(() => js.nnls(A, new Float64Array(1)), /^the problem \(60000000×2\) is too large for the kernels' memory: it needs 4\.02 GiB and this backend addresses at most 2 GiB/);
  });
});

describe("createEngine", () => {
  it("rejects an unknown backend", async () => {
    await expect(createEngine({ backend: "gpu" as never })).rejects.toThrow(InputError);
  });
});
