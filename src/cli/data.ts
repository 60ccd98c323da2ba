import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import type { DenseMatrix } from "../index.js";
import { DataError, moralExceptQa, moralMachine, movielensRatings, type Records } from "../experiments/datasets.js";
import type { AlignmentData } from "../experiments/alignment.js";
import type { Ratings } from "../experiments/datasets.js";

/**
 * Node-only: where the shipped data lives and how CSV files are read. The data directory is found relative to this
 * module (src/cli/ in development, dist/ once bundled), never relative to the working directory.
 */
export function dataDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, "..", "data"), join(here, "..", "..", "data")]) {
    if (existsSync(join(candidate, "moral-exceptqa"))) return candidate;
  }
  throw new DataError(`cannot find the shipped data/ directory next to ${here} (looked in ../data and ../../data)`);
}

/** A CSV file as records (header included), RFC 4180 quoting, CRLF or LF. Errors name the argument and the line. */
export function readCsv(path: string, argument: string): Records {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new DataError(`${argument}: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: false }) as Records;
  } catch (e) {
    const err = e as Error & { code?: string; lines?: number; record?: unknown[] };
    if (err.code === "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH") {
      throw new DataError(`${argument}: ${path} line ${err.lines}: ragged row, ${(err.record ?? []).length} fields where the first row has a different number`);
    }
    throw new DataError(`${argument}: ${path} is not valid CSV: ${err.message}`);
  }
}

const looksNumeric = (cell: string) => cell.trim() !== "" && Number.isFinite(Number(cell));

/**
 * A numeric matrix from a CSV file: an optional header row (detected: any non-numeric cell in the first row) and
 * optionally a first column of labels (`labelColumn`). Every other cell must be a finite number.
 */
export function readMatrixCsv(path: string, argument: string): { matrix: DenseMatrix; columns: string[]; rows: number } {
  const records = readCsv(path, argument);
  if (records.length === 0) throw new DataError(`${argument}: ${path} is empty`);
  const header = !records[0]!.every(looksNumeric);
  const body = header ? records.slice(1) : records;
  if (body.length === 0) throw new DataError(`${argument}: ${path} has a header but no data rows`);
  const cols = body[0]!.length;
  const data = new Float64Array(body.length * cols);
  body.forEach((r, i) => {
    r.forEach((cell, j) => {
      const v = cell.trim() === "" ? NaN : Number(cell);
      if (!Number.isFinite(v)) {
        throw new DataError(`${argument}: ${path} line ${i + (header ? 2 : 1)} column ${j + 1}${header ? ` (${records[0]![j]})` : ""} must be a finite number; got ${JSON.stringify(cell)}`);
      }
      data[i * cols + j] = v;
    });
  });
  const columns = header ? records[0]! : Array.from({ length: cols }, (_, j) => `model ${j + 1}`);
  return { matrix: { rows: body.length, cols, data }, columns, rows: body.length };
}

/** A vector from a CSV file: one column (with or without a header), or one row. */
export function readVectorCsv(path: string, argument: string): Float64Array {
  const { matrix } = readMatrixCsv(path, argument);
  if (matrix.cols === 1 || matrix.rows === 1) return matrix.data;
  throw new DataError(`${argument}: ${path} must have a single column (or a single row); it has ${matrix.rows} rows × ${matrix.cols} columns`);
}

export function loadMoralExceptQa(dir = dataDir()): AlignmentData {
  return moralExceptQa(readCsv(join(dir, "moral-exceptqa", "all_predictions.csv"), "data"));
}

export function loadMoralMachine(dir = dataDir()): AlignmentData {
  return moralMachine(readCsv(join(dir, "moral-machine-llm-amce", "table_S2_amce.csv"), "data"));
}

export function loadMovielens(dir = dataDir()): Ratings {
  return movielensRatings(readCsv(join(dir, "movielens-latest-small", "ratings.csv"), "data"));
}

export function resolvePath(p: string): string {
  return resolve(process.cwd(), p);
}
