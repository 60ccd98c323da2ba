/**
 * `emergent-align/experiments`: the paper's experiments as functions of an engine and plain data (no Node built-ins,
 * no files): the train/test protocol and its summaries, the data sets' parsers (from CSV records you read yourself),
 * the MovieLens persona models, synthetic instances and the seeded random streams that make every run repeatable.
 *
 *   import { createEngine } from "emergent-align";
 *   import { runAlignmentExperiment, syntheticModels } from "emergent-align/experiments";
 *   const { U, u } = syntheticModels({ n: 500, k: 20, seed: 1 });
 *   const r = runAlignmentExperiment(await createEngine(), { name: "toy", U, u, models: [], points: [] }, { seed: 1 });
 */
export * from "./alignment.js";
export * from "./datasets.js";
export * from "./movielens.js";
export * from "../../core/random.js";
export * from "./stats.js";
export * from "./synthetic.js";
export * from "./protocols.js";
