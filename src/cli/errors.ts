import { rmSync } from "node:fs";
import { CommanderError, type Command } from "commander";
import { DataError } from "../app/experiments/datasets.js";

/**
 * How the command line ends on an error: one line on stderr naming the option or file, and the exit code
 *   2  usage and input errors: unknown or invalid options (commander), bad files and data (DataError), bad arguments
 *      to the library (InputError), impossible sizes or shard specs (RangeError from our own checks);
 *   1  failures inside (anything else: a bug; EA_DEBUG=1 prints its stack trace).
 */
export function exitCodeOf(e: unknown): number {
  if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;   // --help and --version exit 0
  if (fileError(e)) return 2;
  const err = e as Error | undefined;
  if (err?.name === "InputError" || err?.name === "DataError") return 2;
  // our own RangeErrors are input checks; the engine's (stack overflow, array length) are bugs
  if (err?.name === "RangeError" && !/call stack|array length|allocation/i.test(err.message)) return 2;
  return 1;
}

/** The one line to print (commander has printed its own already). */
export function oneLine(e: unknown): string {
  if (e instanceof CommanderError) return "";
  const fe = fileError(e);
  if (fe) {
    const path = (fe.dest ?? fe.path ?? "").replace(/\.tmp-\d+$/, "");   // name the user's path, not our temporary
    const why = fe.code === "EISDIR" ? "it is a directory" : fe.code === "ENOENT" ? "no such file or directory (does its directory exist?)" : fe.code;
    const writing = fe.syscall === "rename" || /\.tmp-\d+$/.test(fe.path ?? "");
    return `cannot ${writing ? "write" : fe.syscall} ${path}: ${why}`;
  }
  const err = e as Error | undefined;
  const message = (err?.message ?? String(e)).split("\n")[0]!.trim();
  if (exitCodeOf(e) === 2) return message;
  return `internal error (${err?.name ?? "Error"}): ${message} — a bug in emergent-align; rerun with EA_DEBUG=1 for the stack trace and report it`;
}

/** Refuses options the user gave on the command line that the chosen mode ignores (instead of silently ignoring them). */
export function refuseInapplicable(cmd: Command, names: string[], mode: string): void {
  const given = names.filter((n) => cmd.getOptionValueSource(n) === "cli");
  if (given.length) {
    const flags = given.map((n) => `--${n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    throw new DataError(`${flags.join(", ")} ${given.length === 1 ? "does" : "do"} not apply to ${mode}; remove ${given.length === 1 ? "it" : "them"}`);
  }
}

/** Node's file-system errors about a path the user gave (a missing directory, a directory where a file goes, …). */
const USER_PATH_CODES = new Set(["ENOENT", "EISDIR", "ENOTDIR", "EACCES", "EPERM", "EEXIST", "EROFS"]);
function fileError(e: unknown): (NodeJS.ErrnoException & { dest?: string }) | undefined {
  const fe = e as (NodeJS.ErrnoException & { dest?: string }) | undefined;
  return fe && typeof fe.syscall === "string" && typeof fe.path === "string" && USER_PATH_CODES.has(fe.code ?? "") ? fe : undefined;
}

/** After a failure: removes this process's temporary output file named in the error (`<out>.tmp-<pid>`), if any, so
 *  that a failed write or rename leaves nothing behind whichever command made it. */
export function removeTemporary(e: unknown): void {
  const fe = e as { path?: unknown } | undefined;
  if (typeof fe?.path === "string" && fe.path.endsWith(`.tmp-${process.pid}`)) rmSync(fe.path, { force: true });
}
