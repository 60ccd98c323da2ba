import type { AlignmentData } from "./alignment.js";
import type { Ratings } from "./datasets.js";
import { gaussian, sampleIndices, seeded, taskSeed, type Rng } from "../../core/random.js";

/**
 * MovieLens, reconstructed. The paper scores ~100 LLM personas on MovieLens; we cannot run LLMs here, so the "models"
 * are a bank of diverse, imperfect predictors of how one kind of viewer rates movies: each is a biased
 * matrix-factorisation recommender (r̂ = μ + b_user + b_item + p_userᵀq_item, SGD) trained on its own random share of
 * the non-target users and of their ratings, with its own rank, regularisation, number of epochs and seed, and it
 * speaks for one "persona": a random user of its training share, whose predicted ratings (clipped to 0.5…5) are the
 * model's utility for every movie. The target users are held out of every model's training data; each target user's
 * own ratings are the utility u over the movies she rated (the points), so a split's test rows are ratings that no
 * model and no fit has seen.
 */

export interface PersonaBankOptions {
  /** Number of models (personas); default 120. */
  models?: number;
  /** Number of target users; default 40. */
  targetUsers?: number;
  /** Target users need at least this many ratings; default 100. */
  minTargetRatings?: number;
  /** SGD epochs are drawn from [epochs/2, epochs]; default 16. */
  epochs?: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface PersonaModel {
  name: string;
  rank: number;
  regularization: number;
  epochs: number;
  userShare: number;
  ratingShare: number;
  trainingRatings: number;
  /** RMSE on the model's own training ratings. */
  trainRmse: number;
  persona: number;
}

export interface PersonaBank {
  models: PersonaModel[];
  /** Problems, one per target user (points = the movies she rated). */
  problems: AlignmentData[];
  targetUsers: number[];
}

const RANKS = [2, 4, 8, 16, 32];
const REGULARIZATION = [0.005, 0.02, 0.05, 0.1, 0.3];

/** Trains one persona model and returns its predicted rating for every item. */
function trainModel(r: Ratings, nUsers: number, nItems: number, pool: Int32Array, m: number, seed: number, maxEpochs: number): { scores: Float64Array; info: PersonaModel } {
  const rng: Rng = seeded(taskSeed(seed, m, 3));
  const rank = RANKS[Math.floor(rng() * RANKS.length)]!;
  const reg = REGULARIZATION[Math.floor(rng() * REGULARIZATION.length)]!;
  const epochs = Math.max(2, Math.round(maxEpochs * (0.5 + 0.5 * rng())));
  const userShare = 0.2 + 0.6 * rng();
  const ratingShare = 0.5 + 0.5 * rng();
  const users = sampleIndices(rng, pool.length, Math.max(1, Math.round(userShare * pool.length)));
  const inModel = new Uint8Array(nUsers);
  for (const t of users) inModel[pool[t]!] = 1;
  const kept: number[] = [];
  for (let t = 0; t < r.rating.length; t++) if (inModel[r.user[t]!] && rng() < ratingShare) kept.push(t);
  // SGD in a fixed shuffled order
  for (let i = kept.length - 1; i > 0; i--) { const j = Math.floor(rng() * (i + 1)); const x = kept[i]!; kept[i] = kept[j]!; kept[j] = x; }
  let mu = 0;
  for (const t of kept) mu += r.rating[t]!;
  mu /= Math.max(1, kept.length);
  const bu = new Float64Array(nUsers), bi = new Float64Array(nItems);
  const P = new Float64Array(nUsers * rank), Q = new Float64Array(nItems * rank);
  for (let x = 0; x < P.length; x++) P[x] = 0.1 * gaussian(rng);
  for (let x = 0; x < Q.length; x++) Q[x] = 0.1 * gaussian(rng);
  const lr = 0.01;
  let sse = 0;
  for (let e = 0; e < epochs; e++) {
    sse = 0;
    for (const t of kept) {
      const a = r.user[t]!, b = r.item[t]!;
      const pa = a * rank, qb = b * rank;
      let pred = mu + bu[a]! + bi[b]!;
      for (let f = 0; f < rank; f++) pred += P[pa + f]! * Q[qb + f]!;
      const err = r.rating[t]! - pred;
      sse += err * err;
      bu[a] = bu[a]! + lr * (err - reg * bu[a]!);
      bi[b] = bi[b]! + lr * (err - reg * bi[b]!);
      for (let f = 0; f < rank; f++) {
        const p = P[pa + f]!, q = Q[qb + f]!;
        P[pa + f] = p + lr * (err * q - reg * p);
        Q[qb + f] = q + lr * (err * p - reg * q);
      }
    }
  }
  // the persona: a random user of this model's share with at least 20 kept ratings (else any user of the share)
  const count = new Int32Array(nUsers);
  for (const t of kept) count[r.user[t]!]!++;
  const candidates = [...users].map((t) => pool[t]!).filter((a) => count[a]! >= 20);
  const list = candidates.length ? candidates : [...users].map((t) => pool[t]!);
  const persona = list[Math.floor(rng() * list.length)]!;
  const scores = new Float64Array(nItems);
  const pa = persona * rank;
  for (let b = 0; b < nItems; b++) {
    let s = mu + bu[persona]! + bi[b]!;
    for (let f = 0; f < rank; f++) s += P[pa + f]! * Q[b * rank + f]!;
    scores[b] = Math.min(5, Math.max(0.5, s));
  }
  const info: PersonaModel = {
    name: `mf${m}-r${rank}-l${reg}`, rank, regularization: reg, epochs, userShare, ratingShare,
    trainingRatings: kept.length, trainRmse: Math.sqrt(sse / Math.max(1, kept.length)), persona: r.userIds[persona]!,
  };
  return { scores, info };
}

export function personaBank(r: Ratings, options: PersonaBankOptions = {}): PersonaBank {
  const K = options.models ?? 120, T = options.targetUsers ?? 40, minRatings = options.minTargetRatings ?? 100;
  const seed = options.seed ?? 1, maxEpochs = options.epochs ?? 16;
  const nUsers = r.userIds.length, nItems = r.itemIds.length;
  const perUser = new Int32Array(nUsers);
  for (let t = 0; t < r.user.length; t++) perUser[r.user[t]!]!++;
  const eligible = [...perUser.keys()].filter((a) => perUser[a]! >= minRatings);
  if (eligible.length < T) throw new RangeError(`only ${eligible.length} users have ${minRatings} ratings; ${T} target users requested`);
  const targets = [...sampleIndices(seeded(taskSeed(seed, 0, 4)), eligible.length, T)].map((x) => eligible[x]!);
  const isTarget = new Uint8Array(nUsers);
  for (const a of targets) isTarget[a] = 1;
  const pool = Int32Array.from([...perUser.keys()].filter((a) => !isTarget[a]));

  const scores: Float64Array[] = [], models: PersonaModel[] = [];
  for (let m = 0; m < K; m++) {
    const t = trainModel(r, nUsers, nItems, pool, m, seed, maxEpochs);
    scores.push(t.scores); models.push(t.info);
    options.onProgress?.(m + 1, K);
  }

  const byUser = new Map<number, number[]>(targets.map((a) => [a, []]));
  for (let t = 0; t < r.user.length; t++) byUser.get(r.user[t]!)?.push(t);
  const problems = targets.map((a): AlignmentData => {
    const rows = byUser.get(a)!;
    const n = rows.length;
    const data = new Float64Array(n * K), u = new Float64Array(n);
    rows.forEach((t, i) => {
      u[i] = r.rating[t]!;
      const b = r.item[t]!;
      for (let m = 0; m < K; m++) data[i * K + m] = scores[m]![b]!;
    });
    return {
      name: `MovieLens user ${r.userIds[a]}`, U: { rows: n, cols: K, data }, u,
      models: models.map((x) => x.name), points: rows.map((t) => String(r.itemIds[r.item[t]!])),
    };
  });
  return { models, problems, targetUsers: targets.map((a) => r.userIds[a]!) };
}
