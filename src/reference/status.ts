/** The kernel status codes (twin of assembly/status.ts; src/wasm/status.ts maps them to strings). */
export const Status = {
  Optimal: 0,
  IterationLimit: 1,
  TimeLimit: 2,
  Infeasible: 3,
  Unbounded: 4,
  NumericalError: 5,
} as const;
