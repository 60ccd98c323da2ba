import { describe, expect, it } from "vitest";
import { ETHICS_SUBSETS, ethicsProblem, ethicsSplit, personaSpread } from "../../src/app/experiments/ethics.js";
import { loadEthics, readEthicsCsv } from "../../src/cli/ethics-data.js";
import { runAlignmentExperiment } from "../../src/app/experiments/alignment.js";
import { createEngine } from "../../src/index.js";

// The ETHICS reconstruction on the shipped data (data/ethics, gzipped): small persona banks keep this fast; the full
// run (100 personas × 1000 points per subset) is `npm start`.

describe("ETHICS personas", () => {
  it("every shipped subset loads, and no held-out scenario is one a persona could have seen", () => {
    for (const subset of ETHICS_SUBSETS) {
      const split = loadEthics(subset, 1);
      expect(split.train.length).toBeGreaterThan(1000);
      expect(split.test.length).toBeGreaterThan(500);
      const p = ethicsProblem(split, { personas: 2, points: 300, maxTraining: 300, seed: 1 });
      const seen = new Set(split.train.flatMap((e) => e.docs.map((d) => d.filter(Boolean).join(" / "))));
      for (const point of p.data.points) for (const doc of point.split(" VS ")) expect(seen.has(doc)).toBe(false);
      expect(p.data.U.rows).toBe(300);
      expect([...p.data.u].every((v) => v === 0 || v === 1)).toBe(true);
    }
  });

  it("are deterministic from the seed, differ between seeds, and none is perfect", () => {
    const split = loadEthics("deontology", 1);
    const a = ethicsProblem(split, { personas: 12, points: 400, maxTraining: 2000, seed: 5 });
    const b = ethicsProblem(split, { personas: 12, points: 400, maxTraining: 2000, seed: 5 });
    const c = ethicsProblem(split, { personas: 12, points: 400, maxTraining: 2000, seed: 6 });
    expect(Buffer.from(a.data.U.data.buffer).equals(Buffer.from(b.data.U.data.buffer))).toBe(true);
    expect(a.personas).toEqual(b.personas);
    expect(Buffer.from(a.data.U.data.buffer).equals(Buffer.from(c.data.U.data.buffer))).toBe(false);
    for (const p of a.personas) {
      expect(p.heldOut.accuracy).toBeLessThan(0.9);
      expect(p.heldOut.mse).toBeGreaterThan(0.1);
    }
    // diverse: no two personas give the same utilities
    const cols = a.personas.map((_, j) => Array.from({ length: 400 }, (_, i) => a.data.U.data[i * 12 + j]).join(","));
    expect(new Set(cols).size).toBe(12);
    const s = personaSpread(a.personas);
    expect(s.accuracy[0]).toBeLessThanOrEqual(s.accuracy[1]);
    expect(s.accuracy[1]).toBeLessThanOrEqual(s.accuracy[2]);
  });

  it("utilitarianism pairs are shown in a seeded order with label 1 when the first is the more pleasant", () => {
    const records = readEthicsCsv("util_test.csv").slice(0, 50);
    const split = ethicsSplit("utilitarianism", (name) => (name === "util_test.csv" ? records : readEthicsCsv(name).slice(0, 50)), 3);
    split.test.forEach((e, i) => {
      const [better, worse] = records[i]!;
      expect(e.label === 1 ? [e.docs[0]![0], e.docs[1]![0]] : [e.docs[1]![0], e.docs[0]![0]]).toEqual([better, worse]);
    });
    const labels = split.test.map((e) => e.label);
    expect(labels).toContain(0);
    expect(labels).toContain(1);
  });

  it("on deontology, the nonnegative and convex fits with an offset beat the best single persona on held-out MSE", async () => {
    const ea = await createEngine();
    const p = ethicsProblem(loadEthics("deontology", 1), { personas: 40, points: 800, maxTraining: 4000, seed: 1 });
    const r = runAlignmentExperiment(ea, p.data, { protocol: "random", splits: 20, testFraction: 0.25, kDraws: 2, kGrid: [1, 40], seed: 1 });
    const mse = (m: string) => r.methods.find((x) => x.method === m)!.mse.mean;
    expect(mse("nonnegative+offset")).toBeLessThan(mse("best-single"));
    expect(mse("simplex+offset")).toBeLessThan(mse("best-single"));
    // and the best single persona is far from aligned: chance (always 0.5) scores 0.25
    expect(mse("best-single")).toBeGreaterThan(0.15);
  });
});
