import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { DataError } from "../app/experiments/datasets.js";

/**
 * Every file the command line writes goes through here: checked before any work starts (so a bad `--out` fails in
 * a second, not after an hour of computing), written to a temporary name and renamed, and the temporary removed on
 * any failure, so nothing partial is ever left behind. Errors are DataErrors naming the option and the path.
 */

const code = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/** `--out FILE`: its directory must exist, and FILE must not be a directory. */
export function checkOutFile(path: string, option = "--out"): void {
  const dir = dirname(resolve(path));
  if (existsSync(path) && statSync(path).isDirectory()) throw new DataError(`${option} ${path} is a directory; give a file name (e.g. ${join(path, "out.json")})`);
  if (!existsSync(dir)) throw new DataError(`${option} ${path}: the directory ${dir} does not exist; create it first`);
  if (!statSync(dir).isDirectory()) throw new DataError(`${option} ${path}: ${dir} is not a directory`);
}

/** `--out DIR`: created when missing (with its parents); an existing file of that name is refused. */
export function checkOutDir(path: string, option = "--out"): void {
  if (existsSync(path) && !statSync(path).isDirectory()) throw new DataError(`${option} ${path} is a file, not a directory; give a directory`);
  try {
    mkdirSync(path, { recursive: true });
  } catch (e) {
    throw new DataError(`${option} ${path}: cannot create the directory (${code(e)})`);
  }
}

/** Writes `files` ([name, text] pairs, into `dir`, or absolute/relative paths when `dir` is undefined) all or none:
 *  every one to a temporary name first, then renamed; on any failure every temporary is removed. */
export function writeFilesAtomic(files: ReadonlyArray<readonly [string, string | Uint8Array]>, dir: string | undefined, option = "--out"): void {
  const targets = files.map(([name, text]) => ({ path: dir === undefined ? name : join(dir, name), text }));
  for (const t of targets) checkOutFile(t.path, option);   // before writing anything: no half-written set
  const temps: string[] = [];
  try {
    for (const t of targets) {
      const tmp = `${t.path}.tmp-${process.pid}`;
      temps.push(tmp);
      writeFileSync(tmp, t.text);
    }
    targets.forEach((t, i) => renameSync(temps[i]!, t.path));
  } catch (e) {
    for (const tmp of temps) rmSync(tmp, { force: true });
    throw new DataError(`${option} ${dir ?? targets[0]?.path ?? ""}: cannot write (${code(e)})`);
  }
}

/** One file, checked, written whole or not at all. */
export function writeFileAtomic(path: string, text: string, option = "--out"): void {
  checkOutFile(path, option);
  writeFilesAtomic([[path, text]], undefined, option);
}
