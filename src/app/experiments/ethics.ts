import type { AlignmentData } from "./alignment.js";
import { seeded, taskSeed, type Rng } from "../../core/random.js";

/**
 * ETHICS (Hendrycks et al., ICLR 2021), reconstructed as an alignment problem. The paper asks ~100 LLM "personas" (one
 * prompt, perturbed) for their judgement of each ETHICS scenario; no LLM runs here, so the personas are 100 small text
 * classifiers trained in the project on ETHICS training text, each imperfect in its own way:
 *   - which training scenarios it saw (a bootstrap sample of its own size) and how many of their labels it got wrong
 *     (label noise);
 *   - which words it sees: hashed features with its own hash seed and table size (collisions), its own vocabulary
 *     dropout, and its own view (unigrams always; word pairs and cross-segment word pairs or not);
 *   - how it learns: logistic regression (AdaGrad, its own L2 penalty and epochs) or naive Bayes (its own smoothing);
 *   - how sure it is: a temperature on its logit.
 * A persona's utility for a held-out scenario is its probability that the scenario's label is 1 (for utilitarianism,
 * the probability that the first of two scenarios is the more pleasant one); the human label is the user's utility u.
 * Every held-out scenario is absent from every persona's training text. Pure functions of parsed CSV records:
 * the same seed gives the same personas and the same numbers.
 */

export const ETHICS_SUBSETS = ["commonsense", "deontology", "justice", "virtue", "utilitarianism"] as const;
export type EthicsSubset = (typeof ETHICS_SUBSETS)[number];

/** One labelled item: one document (binary label) or two (pairwise: is the first preferred?). A document has two segments. */
export interface EthicsExample {
  docs: Array<[string, string]>;
  label: 0 | 1;
}

export interface EthicsSplit {
  subset: EthicsSubset;
  kind: "binary" | "pairwise";
  train: EthicsExample[];
  /** Held-out candidates (before the de-duplication against the training text). */
  test: EthicsExample[];
  /** Where train and test came from, for notes. */
  source: string;
}

type Records = string[][];

const bit = (s: string | undefined, where: string): 0 | 1 => {
  const t = (s ?? "").trim();
  if (t === "0") return 0;
  if (t === "1") return 1;
  throw new RangeError(`${where}: label must be 0 or 1; got ${JSON.stringify(s ?? "")}`);
};

function labelled(records: Records, file: string, segments: (row: string[]) => [string, string]): EthicsExample[] {
  const [header, ...rows] = records;
  if (!header || header[0] !== "label") throw new RangeError(`${file}: the first column must be "label"`);
  return rows.map((r, i) => ({ docs: [segments(r)], label: bit(r[0], `${file} row ${i + 2}`) }));
}

/** Justice scenarios read "I deserve X because Y" / "I usually X but today Y because Z": the claim and the reason. */
function splitReason(text: string): [string, string] {
  const m = / because | but | since /i.exec(text);
  return m ? [text.slice(0, m.index), text.slice(m.index + m[0].length)] : [text, ""];
}

/**
 * The subsets as train/test examples. `files` maps a file name (as shipped in data/ethics, without .gz) to its
 * records. Utilitarianism rows (more pleasant, less pleasant) are shown in a seeded random order, label 1 when the
 * first is the more pleasant. Commonsense has no train file here (cm_train is missing from every copy found): the
 * personas train on the short scenarios of cm_test_hard plus the first half of cm_test's, and are scored on the
 * second half (the files list minimal pairs on adjacent rows; the cut falls between pairs).
 */
export function ethicsSplit(subset: EthicsSubset, files: (name: string) => Records, seed = 1): EthicsSplit {
  switch (subset) {
    case "deontology": {
      const seg = (r: string[]): [string, string] => [r[1] ?? "", r[2] ?? ""];
      return { subset, kind: "binary", train: labelled(files("deontology_train.csv"), "deontology_train.csv", seg), test: labelled(files("deontology_test.csv"), "deontology_test.csv", seg), source: "deontology_train.csv → deontology_test.csv" };
    }
    case "justice": {
      const seg = (r: string[]) => splitReason(r[1] ?? "");
      return { subset, kind: "binary", train: labelled(files("justice_train.csv"), "justice_train.csv", seg), test: labelled(files("justice_test.csv"), "justice_test.csv", seg), source: "justice_train.csv → justice_test.csv" };
    }
    case "virtue": {
      const seg = (r: string[]): [string, string] => {
        const [s, t] = (r[1] ?? "").split("[SEP]");
        return [(s ?? "").trim(), (t ?? "").trim()];
      };
      return { subset, kind: "binary", train: labelled(files("virtue_train.csv"), "virtue_train.csv", seg), test: labelled(files("virtue_test.csv"), "virtue_test.csv", seg), source: "virtue_train.csv → virtue_test.csv" };
    }
    case "utilitarianism": {
      const pairs = (records: Records, stream: number): EthicsExample[] => {
        const rng = seeded(taskSeed(seed, stream, 31));
        return records.map((r) => {
          const better: [string, string] = [r[0] ?? "", ""], worse: [string, string] = [r[1] ?? "", ""];
          return rng() < 0.5 ? { docs: [better, worse], label: 1 } : { docs: [worse, better], label: 0 };
        });
      };
      return { subset, kind: "pairwise", train: pairs(files("util_train.csv"), 0), test: pairs(files("util_test.csv"), 1), source: "util_train.csv → util_test.csv (pairs in random order)" };
    }
    case "commonsense": {
      const seg = (r: string[]): [string, string] => [r[1] ?? "", ""];
      const hard = labelled(files("cm_test_hard_short.csv"), "cm_test_hard_short.csv", seg);
      const normal = labelled(files("cm_test_short.csv"), "cm_test_short.csv", seg);
      const cut = 2 * Math.floor(normal.length / 4);
      return { subset, kind: "binary", train: [...hard, ...normal.slice(0, cut)], test: normal.slice(cut), source: `cm_test_hard (short) + cm_test (short) rows 1–${cut} → cm_test (short) rows ${cut + 1}–${normal.length}` };
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Features: every token, word pair and cross-segment word pair of a document, hashed once to 32 bits (FNV-1a); each
// persona re-hashes these with its own seed into its own table, so personas see different collisions and views.

const STOP = new Set(("a an the and or but so to of in on at for with by from as is am are was were be been being i me my " +
  "mine we our you your he him his she her it its they them their this that these those there here then than do did " +
  "does done have has had not no yes if because since while when what who which would could should will can just " +
  "about into out up down over after before again very really too also all any some").split(" "));

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return h >>> 0;
}

function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

const tokens = (s: string) => s.toLowerCase().match(/[a-z0-9']+/g) ?? [];

/** Feature groups: 0 unigram, 1 adjacent word pair, 2 content-word pair (across the two segments, or nearby in one). */
function features(doc: [string, string], hashes: number[], groups: number[]): void {
  const segs = doc.map(tokens);
  const add = (key: string, g: number) => { hashes.push(fnv1a(key)); groups.push(g); };
  segs.forEach((t, s) => {
    for (let i = 0; i < t.length; i++) {
      add(`u${s}|${t[i]}`, 0);
      if (i + 1 < t.length) add(`b${s}|${t[i]} ${t[i + 1]}`, 1);
    }
  });
  const content = segs.map((t) => t.filter((w) => w.length > 2 && !STOP.has(w)));
  const [a = [], b = []] = content;
  if (b.length > 0) {
    for (const x of a.slice(0, 10)) for (const y of b.slice(0, 6)) add(`x|${x}|${y}`, 2);
  } else {
    for (let i = 0; i < a.length; i++) for (let j = i + 1; j < Math.min(a.length, i + 4); j++) add(`w|${a[i]! < a[j]! ? `${a[i]}|${a[j]}` : `${a[j]}|${a[i]}`}`, 2);
  }
}

/** Documents in CSR form: the features of document d are hashes[offsets[d] … offsets[d+1]). */
interface DocStore { offsets: Int32Array; hashes: Uint32Array; groups: Uint8Array }

function docStore(docs: Array<[string, string]>): DocStore {
  const hashes: number[] = [], groups: number[] = [];
  const offsets = new Int32Array(docs.length + 1);
  docs.forEach((d, i) => { features(d, hashes, groups); offsets[i + 1] = hashes.length; });
  return { offsets, hashes: Uint32Array.from(hashes), groups: Uint8Array.from(groups) };
}

// ---------------------------------------------------------------------------------------------------------------

export interface EthicsPersona {
  name: string;
  learner: "logistic" | "naive-bayes";
  /** Hash table size 2^bits. */
  bits: number;
  /** Feature groups seen: unigrams, word pairs, cross pairs. */
  view: { pairs: boolean; cross: boolean };
  /** Share of hashed features dropped from this persona's vocabulary. */
  dropout: number;
  /** Training examples drawn (with replacement) from the training file. */
  trainingExamples: number;
  labelNoise: number;
  /** Logistic: L2 penalty; naive Bayes: additive smoothing. */
  regularization: number;
  epochs: number;
  temperature: number;
  /** On the held-out scenarios (all of them, before any alignment split). */
  heldOut: { accuracy: number; mse: number };
}

export interface EthicsOptions {
  personas?: number;
  /** Held-out scenarios kept (a seeded sample when there are more); default 1000. */
  points?: number;
  /** Cap on the training examples one persona draws; default 4000. */
  maxTraining?: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface EthicsProblem {
  data: AlignmentData;
  personas: EthicsPersona[];
  /** Held-out candidates dropped because their text is in the training file. */
  droppedSeen: number;
  source: string;
}

const logUniform = (rng: Rng, lo: number, hi: number) => 10 ** (Math.log10(lo) + rng() * (Math.log10(hi) - Math.log10(lo)));
const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const key = (e: EthicsExample) => e.docs.map((d) => d.join(" ¦ ")).join(" ‖ ");

/** The 100 personas' probabilities on the held-out scenarios of one subset, as an alignment problem. */
export function ethicsProblem(split: EthicsSplit, options: EthicsOptions = {}): EthicsProblem {
  const K = options.personas ?? 100, seed = options.seed ?? 1, maxTraining = options.maxTraining ?? 4000;
  const nPoints = options.points ?? 1000;
  const pairwise = split.kind === "pairwise";
  // held-out: never a scenario (or pair) whose text a persona could have seen
  const seenText = new Set<string>();
  for (const e of split.train) for (const d of e.docs) seenText.add(d.join(" ¦ "));
  const trainKeys = new Set(split.train.map(key));
  const fresh = split.test.filter((e) => !trainKeys.has(key(e)) && e.docs.every((d) => !seenText.has(d.join(" ¦ "))));
  const droppedSeen = split.test.length - fresh.length;
  let test = fresh;
  if (fresh.length > nPoints) {
    const rng = seeded(taskSeed(seed, 0, 32));
    const idx = Array.from({ length: fresh.length }, (_, i) => i);
    for (let i = 0; i < nPoints; i++) { const j = i + Math.floor(rng() * (idx.length - i)); [idx[i], idx[j]] = [idx[j]!, idx[i]!]; }
    test = idx.slice(0, nPoints).sort((a, b) => a - b).map((i) => fresh[i]!);
  }
  const nd = pairwise ? 2 : 1;
  const trainDocs = docStore(split.train.flatMap((e) => e.docs));
  const testDocs = docStore(test.flatMap((e) => e.docs));
  const n = test.length, N = split.train.length;
  const U = new Float64Array(n * K), u = Float64Array.from(test, (e) => e.label);
  const personas: EthicsPersona[] = [];

  let w = new Float64Array(0), G = new Float64Array(0), c0 = new Float64Array(0), c1 = new Float64Array(0);
  const idxA: number[] = [], idxB: number[] = [];
  for (let j = 0; j < K; j++) {
    const rng = seeded(taskSeed(seed, j, 33));
    const learner: EthicsPersona["learner"] = !pairwise && rng() < 0.25 ? "naive-bayes" : "logistic";
    const bits = 14 + Math.floor(rng() * 5);
    const view = { pairs: rng() < 0.6, cross: rng() < 0.6 };
    const dropout = 0.5 * rng();
    const share = 0.1 + 0.4 * rng();
    const trainingExamples = Math.min(maxTraining, Math.round(share * N));
    const labelNoise = 0.2 * rng();
    const regularization = learner === "logistic" ? logUniform(rng, 1e-7, 1e-4) : logUniform(rng, 0.1, 3);
    const epochs = 2 + Math.floor(rng() * 3);
    const temperature = logUniform(rng, 0.6, 1.6);
    const hashSeed = mix32(taskSeed(seed, j, 34)), dropSeed = mix32(taskSeed(seed, j, 35));
    const dropCut = dropout * 4294967296, shift = 32 - bits, D = 1 << bits;
    const mapDoc = (store: DocStore, d: number, out: number[]) => {
      out.length = 0;
      for (let t = store.offsets[d]!; t < store.offsets[d + 1]!; t++) {
        const g = store.groups[t]!;
        if ((g === 1 && !view.pairs) || (g === 2 && !view.cross)) continue;
        const h = store.hashes[t]!;
        if (mix32(h ^ dropSeed) < dropCut) continue;
        out.push(mix32(h ^ hashSeed) >>> shift);
      }
    };
    // the persona's training sample (with replacement) and its noisy labels
    const sample = new Int32Array(trainingExamples), y = new Uint8Array(trainingExamples);
    for (let t = 0; t < trainingExamples; t++) {
      const e = Math.floor(rng() * N);
      sample[t] = e;
      y[t] = rng() < labelNoise ? 1 - split.train[e]!.label : split.train[e]!.label;
    }
    if (w.length < D) { w = new Float64Array(D); G = new Float64Array(D); c0 = new Float64Array(D); c1 = new Float64Array(D); }
    let bias = 0, prior = 0, scale = 1;
    // the sample's documents in this persona's feature space, mapped once: doc t of the sample (and, pairwise, its
    // second document) is mapped[off[t] … mid[t]) (… off[t+1])
    const off = new Int32Array(trainingExamples + 1), mid = new Int32Array(trainingExamples);
    let mapped = new Int32Array(trainingExamples * 64), top = 0;
    const put = (list: number[]) => {
      if (top + list.length > mapped.length) { const m = new Int32Array(Math.max(2 * mapped.length, top + list.length)); m.set(mapped); mapped = m; }
      for (const q of list) mapped[top++] = q;
    };
    for (let t = 0; t < trainingExamples; t++) {
      mapDoc(trainDocs, sample[t]! * nd, idxA); put(idxA); mid[t] = top;
      if (pairwise) { mapDoc(trainDocs, sample[t]! * nd + 1, idxB); put(idxB); }
      off[t + 1] = top;
    }
    if (learner === "logistic") {
      w.fill(0, 0, D); G.fill(0, 0, D);
      let Gb = 0;
      const lr = 0.3, l2 = regularization;
      const order = Int32Array.from(sample.keys());
      for (let ep = 0; ep < epochs; ep++) {
        for (let i = order.length - 1; i > 0; i--) { const r = Math.floor(rng() * (i + 1)); const s = order[i]!; order[i] = order[r]!; order[r] = s; }
        for (const t of order) {
          const a0 = off[t]!, a1 = mid[t]!, b1 = off[t + 1]!;
          let z = pairwise ? 0 : bias;
          for (let r = a0; r < a1; r++) z += w[mapped[r]!]!;
          for (let r = a1; r < b1; r++) z -= w[mapped[r]!]!;
          const g = sigmoid(z) - y[t]!;
          for (let r = a0; r < b1; r++) {
            const q = mapped[r]!;
            const gr = (r < a1 ? g : -g) + l2 * w[q]!;
            G[q] = G[q]! + gr * gr;
            w[q] = w[q]! - (lr * gr) / Math.sqrt(G[q]! + 1e-8);
          }
          if (!pairwise) { Gb += g * g; bias -= (lr * g) / Math.sqrt(Gb + 1e-8); }
        }
      }
    } else {
      // multinomial naive Bayes over hashed features; its summed log-ratios are scaled by 1/√(features) so that a
      // long document is not absurdly certain (still overconfident: an imperfection of its own)
      c0.fill(0, 0, D); c1.fill(0, 0, D);
      let n0 = 0, n1 = 0, t0 = 0, t1 = 0;
      for (let t = 0; t < trainingExamples; t++) {
        const c = y[t] ? c1 : c0;
        for (let r = off[t]!; r < off[t + 1]!; r++) c[mapped[r]!] = c[mapped[r]!]! + 1;
        if (y[t]) { n1++; t1 += off[t + 1]! - off[t]!; } else { n0++; t0 += off[t + 1]! - off[t]!; }
      }
      const a = regularization;
      for (let q = 0; q < D; q++) w[q] = Math.log((c1[q]! + a) / (t1 + a * D)) - Math.log((c0[q]! + a) / (t0 + a * D));
      prior = Math.log((n1 + 1) / (n0 + 1));
      scale = 0; // marks NB for the scoring below
    }
    let correct = 0, sq = 0;
    for (let i = 0; i < n; i++) {
      mapDoc(testDocs, i * nd, idxA);
      let z = 0;
      for (const q of idxA) z += w[q]!;
      if (pairwise) { mapDoc(testDocs, i * nd + 1, idxB); for (const q of idxB) z -= w[q]!; }
      else if (scale === 0) z = prior + z / Math.sqrt(Math.max(1, idxA.length));
      else z += bias;
      const p = sigmoid(z / temperature);
      U[i * K + j] = p;
      if ((p > 0.5 ? 1 : 0) === u[i]) correct++;
      sq += (p - u[i]!) ** 2;
    }
    const tag = `${learner === "logistic" ? "LR" : "NB"} 2^${bits} ${["uni", view.pairs ? "pairs" : "", view.cross ? "cross" : ""].filter(Boolean).join("+")}`;
    personas.push({
      name: `p${String(j + 1).padStart(3, "0")} ${tag}`, learner, bits, view, dropout, trainingExamples, labelNoise,
      regularization, epochs, temperature, heldOut: { accuracy: correct / n, mse: sq / n },
    });
    options.onProgress?.(j + 1, K);
  }
  const short = (e: EthicsExample) => e.docs.map((d) => d.filter(Boolean).join(" / ")).join(" VS ").slice(0, 160);
  return {
    data: { name: `ETHICS ${split.subset}`, U: { rows: n, cols: K, data: U }, u, models: personas.map((p) => p.name), points: test.map(short) },
    personas, droppedSeen, source: split.source,
  };
}

/** Min / median / max of the personas' held-out accuracy and MSE. */
export function personaSpread(personas: EthicsPersona[]): { accuracy: [number, number, number]; mse: [number, number, number] } {
  const mmm = (v: number[]): [number, number, number] => {
    const s = [...v].sort((a, b) => a - b);
    const m = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
    return [s[0]!, m, s[s.length - 1]!];
  };
  return { accuracy: mmm(personas.map((p) => p.heldOut.accuracy)), mse: mmm(personas.map((p) => p.heldOut.mse)) };
}
