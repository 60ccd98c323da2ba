/** Status codes shared by every kernel; src/wasm/status.ts is the only place that maps them to strings. */
export const enum Status {
  Optimal = 0,
  IterationLimit = 1,
  TimeLimit = 2,
  Infeasible = 3,
  Unbounded = 4,
  NumericalError = 5,
}
