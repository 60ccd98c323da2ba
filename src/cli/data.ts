import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { numericCsv, parseCsv, vectorCsv } from "../app/csv.js";
import type { DenseMatrix } from "../index.js";
import { DataError, moralExceptQa, moralMachine, movielensRatings, type Records } from "../app/experiments/datasets.js";
import type { AlignmentData } from "../app/experiments/alignment.js";
import type { Ratings } from "../app/experiments/datasets.js";

/**
 * Node-only: where the shipped data lives, and CSV files read from disk (parsed by src/app/csv.ts). The data directory is found relative to this
 * module (src/cli/ in development, dist/ once bundled), never relative to the working directory.
 */
export function dataDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, "..", "data"), join(here, "..", "..", "data")]) {
    if (existsSync(join(candidate, "moral-exceptqa"))) return candidate;
  }
  throw new DataError(`cannot find the shipped data/ directory next to ${here} (looked in ../data and ../../data)`);
}

function readText(path: string, argument: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new DataError(`${argument}: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** A CSV file as records (header included); errors name the argument, the file and the line. */
export function readCsv(path: string, argument: string): Records {
  return parseCsv(readText(path, argument), `${argument}: ${path}`);
}

/** A numeric matrix from a CSV file (see src/app/csv.ts: an optional header row; every other cell a finite number). */
export function readMatrixCsv(path: string, argument: string): { matrix: DenseMatrix; columns: string[]; rows: number } {
  const { matrix, columns } = numericCsv(readText(path, argument), `${argument}: ${path}`);
  return { matrix, columns, rows: matrix.rows };
}

/** A vector from a CSV file: one column (with or without a header), or one row. */
export function readVectorCsv(path: string, argument: string): Float64Array {
  return vectorCsv(readText(path, argument), `${argument}: ${path}`);
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
