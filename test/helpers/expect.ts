import { expect } from "vitest";

/** Element-wise closeness with a report naming the index, Δ and relative error of the worst entry. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, { rtol = 1e-9, atol = 1e-12 } = {}): void {
  expect(actual.length).toBe(expected.length);
  let worst = -1, worstExcess = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i]! - expected[i]!);
    const excess = d - (atol + rtol * Math.abs(expected[i]!));
    if (!(excess <= worstExcess)) { worst = i; worstExcess = excess; }
  }
  if (worst >= 0) {
    const a = actual[worst]!, e = expected[worst]!;
    throw new Error(`index ${worst}: got ${a}, expected ${e} (Δ ${Math.abs(a - e)}, rel ${Math.abs(a - e) / Math.abs(e)}; rtol ${rtol}, atol ${atol})`);
  }
}
