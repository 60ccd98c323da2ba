import type { AlignmentData, ExperimentOptions } from "./alignment.js";
import type { PersonaBankOptions } from "./movielens.js";

/**
 * The protocol of each shipped data set (the numbers the README quotes), for `emergent-align reproduce` and the page;
 * `quick` shrinks every count for smoke runs.
 */
export function protocols(quick: boolean): {
  "moral-exceptqa": ExperimentOptions; "moral-machine": ExperimentOptions; movielens: { bank: PersonaBankOptions; experiment: ExperimentOptions };
  ethics: { personas: number; points: number; experiment: ExperimentOptions };
} {
  const q = (full: number, small: number) => (quick ? small : full);
  return {
    "moral-exceptqa": { protocol: "random", splits: q(200, 20), testFraction: 0.25, kDraws: q(100, 10) },
    "moral-machine": { protocol: "loo", kDraws: q(100, 10) },
    movielens: {
      bank: { models: q(120, 30), targetUsers: q(40, 5), minTargetRatings: 100, epochs: q(16, 6) },
      experiment: { protocol: "random", splits: q(20, 5), testFraction: 0.25, kDraws: q(20, 3), kGrid: [1, 2, 3, 5, 8, 12, 20, 30, 50, 80, 120] },
    },
    // ETHICS (reconstructed personas, src/app/experiments/ethics.ts): per subset, 100 personas scored on 1000 held-out scenarios
    ethics: {
      personas: 100, points: q(1000, 300),
      experiment: { protocol: "random", splits: q(50, 10), testFraction: 0.25, kDraws: q(20, 5), kGrid: [1, 2, 3, 5, 8, 12, 20, 30, 50, 80, 100] },
    },
  };
}

/** The protocol for any alignment data set: leave-one-out where there are fewer points than models (Moral Machine),
 *  else MoralExceptQA's random splits. */
export function protocolFor(data: AlignmentData, quick: boolean): ExperimentOptions {
  const p = protocols(quick);
  return data.name === "Moral Machine" || data.U.rows < data.U.cols ? p["moral-machine"] : p["moral-exceptqa"];
}
