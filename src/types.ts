/** Public types shared by both backends. Results always use Float64Array / Int32Array. */

/** A dense row-major matrix in a flat Float64Array. */
export interface DenseMatrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** An ml-matrix Matrix (or anything shaped like it): rows, columns and get(i, j). */
export interface MlMatrixLike {
  rows: number;
  columns: number;
  get(row: number, column: number): number;
}

export type MatrixLike = number[][] | DenseMatrix | MlMatrixLike;
export type VectorLike = number[] | Float64Array;

export type SolverStatus =
  | "optimal"
  | "iteration_limit"
  | "time_limit"
  | "infeasible"
  | "unbounded"
  | "numerical_error";

export type BackendName = "wasm" | "js";

/** Scaled KKT residuals of min ½‖Ax − b‖² s.t. x ≥ 0 (see README, "NNLS"). */
export interface KktResiduals {
  primal: number;
  dual: number;
  complementarity: number;
}

export type NnlsMethod = "auto" | "projected-gradient" | "active-set";

export interface NnlsOptions {
  /** Cap on inner iterations (active set: column additions and removals; projected gradient: gradient steps). */
  maxIterations?: number;
  /** Relative tolerance on the scaled KKT residuals; default 1e-10. */
  tolerance?: number;
  method?: NnlsMethod;
  /** A nonnegative starting point (length k): its support seeds the active set, or starts the gradient method. */
  warmStart?: VectorLike;
}

export interface NnlsResult {
  x: Float64Array;
  status: SolverStatus;
  message: string;
  iterations: number;
  /** ‖Ax − b‖₂ recomputed from x. */
  residualNorm: number;
  kkt: KktResiduals;
  /** The method that produced x ('active-set' or 'projected-gradient'). */
  method: Exclude<NnlsMethod, "auto">;
}

export type WeightConstraint = "nonnegative" | "simplex";

export interface AlignOptions {
  constraint?: WeightConstraint;
  offset?: boolean;
  pointWeights?: VectorLike;
  maxIterations?: number;
  tolerance?: number;
  method?: NnlsMethod;
  warmStart?: VectorLike;
}

export interface AlignmentErrors {
  /** √(Σ ω_i e_i²) with ω normalised to sum 1. */
  rmse: number;
  /** Σ ω_i |e_i|. */
  mae: number;
  /** max |e_i| over the rows with ω_i > 0. */
  maxAbs: number;
}

export interface AlignResult {
  weights: Float64Array;
  offset: number;
  status: SolverStatus;
  message: string;
  iterations: number;
  error: AlignmentErrors;
  kkt: KktResiduals;
  method: Exclude<NnlsMethod, "auto">;
}
