import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { ethicsSplit, type EthicsSplit, type EthicsSubset } from "../app/experiments/ethics.js";
import { DataError, type Records } from "../app/experiments/datasets.js";
import { dataDir } from "./data.js";

const FOLDER: Record<string, string> = {
  deontology: "deontology", justice: "justice", virtue: "virtue", util: "utilitarianism", cm: "commonsense",
};

/** One shipped ETHICS file (data/ethics/<subset>/<name>.gz) as CSV records; util files have no header. */
export function readEthicsCsv(name: string, dir = dataDir()): Records {
  const folder = FOLDER[name.split("_")[0]!];
  if (!folder) throw new DataError(`data: no ETHICS folder for ${name}`);
  const path = join(dir, "ethics", folder, `${name}.gz`);
  let text: string;
  try {
    text = gunzipSync(readFileSync(path)).toString("utf8");
  } catch (e) {
    throw new DataError(`data: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false }) as Records;
  } catch (e) {
    throw new DataError(`data: ${path} is not valid CSV: ${(e as Error).message}`);
  }
}

export function loadEthics(subset: EthicsSubset, seed: number, dir = dataDir()): EthicsSplit {
  return ethicsSplit(subset, (name) => readEthicsCsv(name, dir), seed);
}
