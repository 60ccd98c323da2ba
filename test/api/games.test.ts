import { describe, expect, it } from "vitest";
import { implementations } from "../helpers/engines.js";
import { seeded, type Rng } from "../helpers/random.js";
import { bitDifference } from "../helpers/bits.js";

type Dense = { rows: number; cols: number; data: Float64Array };

function randomUtility(rng: Rng, nA: number, nY: number): Dense {
  return { rows: nA, cols: nY, data: Float64Array.from({ length: nA * nY }, () => Math.round(20 * rng()) / 20) };
}

function randomPrior(rng: Rng, nY: number): Float64Array {
  const p = Float64Array.from({ length: nY }, () => 0.1 + rng());
  const s = p.reduce((a, b) => a + b, 0);
  return p.map((x) => x / s);
}

/** A user inside the providers' hull: a convex combination plus an offset. */
function inside(rng: Rng, providers: Dense[]): Dense {
  const w = providers.map(() => rng());
  const s = w.reduce((a, b) => a + b, 0);
  const c = rng() - 0.5;
  const data = new Float64Array(providers[0]!.data.length).fill(c);
  providers.forEach((P, j) => { for (let i = 0; i < data.length; i++) data[i] = data[i]! + (w[j]! / s) * P.data[i]!; });
  return { rows: providers[0]!.rows, cols: providers[0]!.cols, data };
}

describe.each(implementations)("selectionGame (%s)", (_name, ea) => {
  it("one provider equal to the user: the user gets full information", () => {
    const rng = seeded(21);
    for (let t = 0; t < 4; t++) {
      const u = randomUtility(rng, 3, 3), prior = randomPrior(rng, 3);
      const g = ea.selectionGame({ providers: [u, randomUtility(rng, 3, 3)], user: u, prior });
      expect(g.userValue).toBeCloseTo(g.fullInformationValue, 9);
      expect(g.hull.epsilon).toBeLessThanOrEqual(1e-9);
    }
  });

  it("invariants: no-information ≤ the user's value ≤ full information, schemes obedient with the prior as marginals", () => {
    const rng = seeded(22);
    for (let t = 0; t < 6; t++) {
      const nA = 2 + Math.floor(rng() * 3), nY = 2 + Math.floor(rng() * 2);
      const providers = [randomUtility(rng, nA, nY), randomUtility(rng, nA, nY), randomUtility(rng, nA, nY)];
      const user = randomUtility(rng, nA, nY), prior = randomPrior(rng, nY);
      const g = ea.selectionGame({ providers, user, prior, maxRounds: 200 });
      expect(g.userValue).toBeLessThanOrEqual(g.fullInformationValue + 1e-9);
      expect(g.userValue).toBeGreaterThanOrEqual(g.noInformationValue - 1e-9);
      expect(g.choice.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      for (const x of g.schemes) {
        for (let y = 0; y < nY; y++) {
          let m = 0;
          for (let a = 0; a < nA; a++) m += x[a * nY + y]!;
          expect(m).toBeCloseTo(prior[y]!, 9);
        }
      }
      expect(g.rounds).toBeLessThanOrEqual(200);
    }
  });

  it("when the user is in the providers' hull, competition gives her (nearly) full information", () => {
    const rng = seeded(23);
    for (let t = 0; t < 5; t++) {
      const providers = [randomUtility(rng, 3, 3), randomUtility(rng, 3, 3)];
      const user = inside(rng, providers), prior = randomPrior(rng, 3);
      const g = ea.selectionGame({ providers, user, prior, step: 0.02 });
      expect(g.hull.epsilon).toBeLessThanOrEqual(1e-8);
      expect(g.converged).toBe(true);
      const range = g.fullInformationValue - g.noInformationValue;
      expect(g.fullInformationValue - g.userValue).toBeLessThanOrEqual(0.02 * range + 1e-9);
    }
  });

  it("reports the hull distance of Definition 1 over the action–state pairs", () => {
    const rng = seeded(24);
    const providers = [randomUtility(rng, 2, 3), randomUtility(rng, 2, 3)], user = randomUtility(rng, 2, 3);
    const g = ea.selectionGame({ providers, user, prior: [0.2, 0.3, 0.5], maxRounds: 5 });
    const U = Array.from({ length: 6 }, (_, i) => [providers[0]!.data[i]!, providers[1]!.data[i]!]);
    const h = ea.hullDistance(U, user.data, { constraint: "simplex", offset: true });
    expect(g.hull.epsilon).toBeCloseTo(h.epsilon, 9);
  });

  it("runs the logit rule and a seeded turn order", () => {
    const rng = seeded(25);
    const providers = [randomUtility(rng, 3, 2), randomUtility(rng, 3, 2)], user = inside(rng, providers);
    const g = ea.selectionGame({ providers, user, prior: [0.4, 0.6], rule: { logit: 50 }, seed: 7, maxRounds: 30 });
    expect(g.choice.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(g.userValue).toBeLessThanOrEqual(g.fullInformationValue + 1e-9);
    expect(() => ea.selectionGame({ providers, user, prior: [0.4, 0.6], rule: { logit: -1 } })).toThrow(/rule must be/);
    expect(() => ea.selectionGame({ providers: [], user, prior: [0.4, 0.6] })).toThrow(/providers must be a nonempty array/);
    expect(() => ea.selectionGame({ providers: [[[1, 2]]], user, prior: [0.4, 0.6] })).toThrow(/providers\[0\] must be 3×2/);
  });
});

describe("selectionGame: both backends", () => {
  it("give the same bits", () => {
    const rng = seeded(26);
    const providers = [randomUtility(rng, 3, 3), randomUtility(rng, 3, 3), randomUtility(rng, 3, 3)];
    const user = randomUtility(rng, 3, 3), prior = randomPrior(rng, 3);
    const results = implementations.map(([, ea]) => ea.selectionGame({ providers, user, prior, maxRounds: 100 }));
    for (const r of results) expect(bitDifference(r, results[0])).toBeNull();
  });
});
