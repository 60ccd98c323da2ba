import type { SolverStatus } from "./types.js";

/** The only mapping from kernel status codes (assembly/status.ts) to the public strings. */
const STATUS_BY_CODE: readonly SolverStatus[] = [
  "optimal",
  "iteration_limit",
  "time_limit",
  "infeasible",
  "unbounded",
  "numerical_error",
];

/** The kernel code of a status (the inverse of statusFromCode). */
export function codeFromStatus(status: SolverStatus): number {
  return STATUS_BY_CODE.indexOf(status);
}

export function statusFromCode(code: number): SolverStatus {
  const status = STATUS_BY_CODE[code];
  if (status === undefined) throw new Error(`unknown kernel status code ${code}`);
  return status;
}
