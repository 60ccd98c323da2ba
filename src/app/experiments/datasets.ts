import type { AlignmentData } from "./alignment.js";

/**
 * The shipped data sets as alignment problems (U: points × models, u: the human/user utility). Pure functions of
 * parsed CSV records (arrays of strings, header first), so a browser can reuse them; reading files is the caller's
 * job (src/cli/data.ts in Node).
 */

export type Records = string[][];

/** A finite number from a CSV cell, or a DataError naming the file, row and column. */
export function numberCell(value: string | undefined, where: string): number {
  const t = (value ?? "").trim();
  const v = t === "" ? NaN : Number(t);
  if (!Number.isFinite(v)) throw new DataError(`${where} must be a finite number; got ${JSON.stringify(value ?? "")}`);
  return v;
}

export class DataError extends Error {
  override name = "DataError";
}

function columnIndex(header: string[], name: string, file: string): number {
  const j = header.indexOf(name);
  if (j < 0) throw new DataError(`${file}: no column ${JSON.stringify(name)} (columns: ${header.join(", ")})`);
  return j;
}

/**
 * MoralExceptQA (Jin et al. 2022), all_predictions.csv in long format: one row per (item, model run) with `proba_1`
 * (the run's probability that breaking the rule is OK) and `human.response` (the share of people who said it is OK).
 * Items are keyed by study + context + condition; 148 items × 31 runs, no gaps (a gap is an error).
 */
export function moralExceptQa(records: Records, file = "moral-exceptqa/all_predictions.csv"): AlignmentData {
  const [header, ...rows] = records;
  if (!header) throw new DataError(`${file}: empty`);
  const at = (name: string) => columnIndex(header, name, file);
  const [iStudy, iContext, iCondition, iHuman, iProba, iModel] =
    [at("study"), at("context"), at("condition"), at("human.response"), at("proba_1"), at("model")];
  const items = new Map<string, number>(), models = new Map<string, number>();
  const human: number[] = [];
  const cells: Array<[number, number, number]> = [];
  rows.forEach((r, line) => {
    const where = (col: string) => `${file} row ${line + 2} column ${col}`;
    const key = `${r[iStudy]}/${r[iContext]}/${r[iCondition]}`;
    let i = items.get(key);
    const h = numberCell(r[iHuman], where("human.response"));
    if (i === undefined) { i = items.size; items.set(key, i); human.push(h); }
    else if (Math.abs(human[i]! - h) > 1e-12) throw new DataError(`${where("human.response")}: item ${key} has two human values (${human[i]} and ${h})`);
    const model = r[iModel] ?? "";
    let j = models.get(model);
    if (j === undefined) { j = models.size; models.set(model, j); }
    cells.push([i, j, numberCell(r[iProba], where("proba_1"))]);
  });
  return fillMatrix("MoralExceptQA", items, models, cells, Float64Array.from(human), file);
}

function fillMatrix(name: string, items: Map<string, number>, models: Map<string, number>, cells: Array<[number, number, number]>, u: Float64Array, file: string): AlignmentData {
  const n = items.size, k = models.size;
  const data = new Float64Array(n * k).fill(NaN);
  for (const [i, j, v] of cells) {
    if (!Number.isNaN(data[i * k + j]!)) throw new DataError(`${file}: item ${[...items.keys()][i]} has two rows for model ${[...models.keys()][j]}`);
    data[i * k + j] = v;
  }
  const missing = data.findIndex(Number.isNaN);
  if (missing >= 0) throw new DataError(`${file}: no value for item ${[...items.keys()][Math.floor(missing / k)]} and model ${[...models.keys()][missing % k]}`);
  return { name, U: { rows: n, cols: k, data }, u, models: [...models.keys()], points: [...items.keys()] };
}

/**
 * Moral Machine AMCEs of 75 LLMs and of humans (Takemoto 2026, table S2): 9 rows (dimensions), columns Label, one per
 * LLM, and Human. Points = the 9 dimensions, models = the LLM columns, u = the Human column.
 */
export function moralMachine(records: Records, file = "moral-machine-llm-amce/table_S2_amce.csv"): AlignmentData {
  const [header, ...rows] = records;
  if (!header) throw new DataError(`${file}: empty`);
  const iLabel = columnIndex(header, "Label", file), iHuman = columnIndex(header, "Human", file);
  const modelCols = header.map((_, j) => j).filter((j) => j !== iLabel && j !== iHuman);
  const n = rows.length, k = modelCols.length;
  const data = new Float64Array(n * k), u = new Float64Array(n);
  rows.forEach((r, i) => {
    if (r.length !== header.length) throw new DataError(`${file} row ${i + 2} has ${r.length} fields; the header has ${header.length}`);
    u[i] = numberCell(r[iHuman], `${file} row ${i + 2} column Human`);
    modelCols.forEach((c, j) => { data[i * k + j] = numberCell(r[c], `${file} row ${i + 2} column ${header[c]}`); });
  });
  return { name: "Moral Machine", U: { rows: n, cols: k, data }, u, models: modelCols.map((c) => header[c]!), points: rows.map((r) => r[iLabel] ?? "") };
}

/** MovieLens ratings.csv (userId, movieId, rating, timestamp) as typed columns. */
export interface Ratings {
  user: Int32Array;
  item: Int32Array;
  rating: Float64Array;
  /** Original ids of the dense user / item indices. */
  userIds: number[];
  itemIds: number[];
}

export function movielensRatings(records: Records, file = "movielens-latest-small/ratings.csv"): Ratings {
  const [header, ...rows] = records;
  if (!header) throw new DataError(`${file}: empty`);
  const iu = columnIndex(header, "userId", file), ii = columnIndex(header, "movieId", file), ir = columnIndex(header, "rating", file);
  const users = new Map<number, number>(), items = new Map<number, number>();
  const m = rows.length;
  const user = new Int32Array(m), item = new Int32Array(m), rating = new Float64Array(m);
  rows.forEach((r, t) => {
    const uid = numberCell(r[iu], `${file} row ${t + 2} column userId`), mid = numberCell(r[ii], `${file} row ${t + 2} column movieId`);
    let a = users.get(uid); if (a === undefined) { a = users.size; users.set(uid, a); }
    let b = items.get(mid); if (b === undefined) { b = items.size; items.set(mid, b); }
    user[t] = a; item[t] = b; rating[t] = numberCell(r[ir], `${file} row ${t + 2} column rating`);
  });
  return { user, item, rating, userIds: [...users.keys()], itemIds: [...items.keys()] };
}
