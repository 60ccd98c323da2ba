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

/** Rows: `number[][]`, `readonly` / `as const` arrays of rows, or `Float64Array[]` (never written by the library). */
export type MatrixLike = ReadonlyArray<readonly number[] | Float64Array> | Readonly<DenseMatrix> | MlMatrixLike;
/** `number[]`, a `readonly` / `as const` array, or a Float64Array (never written by the library). */
export type VectorLike = readonly number[] | Float64Array;

/** A flat row-major result (a Float64Array) that carries its shape: entry (i, j) is at i·cols + j. `rows` and `cols`
 *  are non-enumerable own properties, so the array still compares and prints as a plain Float64Array; a structured
 *  clone (postMessage) keeps the numbers but drops them. */
export type RowMajor = Float64Array & { readonly rows: number; readonly cols: number };

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

export type Norm = "l2" | "linf";

export interface AlignOptions {
  constraint?: WeightConstraint;
  offset?: boolean;
  pointWeights?: VectorLike;
  maxIterations?: number;
  tolerance?: number;
  method?: NnlsMethod;
  warmStart?: VectorLike;
  /**
   * 'l2' (default): least squares. 'linf': the sup-norm fit of the paper's Definition 1 — the hull-distance LP
   * (hullDistance) over the rows of positive weight; then `certificate` carries its dual certificate. 'sup' is an
   * alias of 'linf' (the command line's former name).
   */
  norm?: Norm | "sup";
}

/** alignWeights with the sup norm: its result always carries the certificate. */
export type SupNormAlignOptions = AlignOptions & { norm: "linf" | "sup" };

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
  /** Least squares: the scaled KKT residuals. 'linf': primal feasibility, dual = the certified gap (upper − lower)/σ,
   *  complementarity = 0. */
  kkt: KktResiduals;
  method: Exclude<NnlsMethod, "auto"> | "hull-lp";
  /** Only for norm 'linf': the hull LP's dual certificate (lowerBound ≤ ε* ≤ upperBound = error.maxAbs). */
  certificate?: HullCertificate;
}

/** The result of alignWeights with `norm: 'linf'`: the certificate is always there. */
export interface SupNormAlignResult extends AlignResult {
  certificate: HullCertificate;
}

// ---- Linear programming and convex-hull distance (src/lp.ts, src/hull.ts) ----

/** minimise cᵀx s.t. Aub x ≤ bub, Aeq x = beq, lower ≤ x ≤ upper (defaults 0 and +Infinity), SciPy-style. */
export interface LinprogProblemInput {
  c: VectorLike;
  Aub?: MatrixLike;
  bub?: VectorLike;
  Aeq?: MatrixLike;
  beq?: VectorLike;
  /** A number (every variable) or one entry per variable; −Infinity or null (no bound) allowed. Default 0. */
  lower?: number | VectorLike | readonly (number | null)[];
  /** A number (every variable) or one entry per variable; +Infinity or null (no bound) allowed. Default +Infinity. */
  upper?: number | VectorLike | readonly (number | null)[];
}

export interface LinprogOptions {
  /** Cap on simplex pivots (both phases). */
  maxIterations?: number;
  /** Relative feasibility / optimality tolerance; default 1e-9. */
  tolerance?: number;
}

export interface LinprogResult {
  x: Float64Array;
  /** cᵀx, recomputed from x. */
  objective: number;
  status: SolverStatus;
  message: string;
  /** SciPy's marginals: ∂objective/∂bub (≤ 0), ∂objective/∂beq, and the bound multipliers (lower ≥ 0, upper ≤ 0). */
  duals: { ineq: Float64Array; eq: Float64Array; lower: Float64Array; upper: Float64Array };
  /** bub − Aub x (≥ 0 when feasible). */
  slack: Float64Array;
  /** Recomputed from x and the duals: max constraint/bound violation, max dual-sign violation, |primal − dual objective|. */
  residuals: { primal: number; dual: number; gap: number };
  iterations: number;
}

export interface HullOptions {
  constraint?: WeightConstraint;
  offset?: boolean;
  /** Relative gap tolerance (of σ = max(‖u‖∞, max|U_ij|), no floor); default 1e-9. */
  tolerance?: number;
  maxIterations?: number;
}

export interface HullCertificate {
  /** Dual certificate, one entry per row of U (see SPEC: y = β − α). */
  y: Float64Array;
  /** Recomputed from y (divided by max(1, ‖y‖₁)): yᵀu − max_j (Uᵀy)_j (simplex; with an offset minus 2σ·|1ᵀy|) or yᵀu (nonnegative). */
  lowerBound: number;
  /** ‖U w + c·1 − u‖∞ recomputed from the returned weights and offset. */
  upperBound: number;
}

export interface HullResult {
  epsilon: number;
  weights: Float64Array;
  offset: number;
  status: SolverStatus;
  message: string;
  iterations: number;
  certificate: HullCertificate;
  /** σ = max(‖u‖∞, max|U_ij|) (no floor), the scale of every tolerance. */
  scale: number;
}

export interface InHullOptions extends HullOptions {
  /** inside ⇔ upperBound ≤ epsilonTolerance (absolute); default 1e-9·σ. */
  epsilonTolerance?: number;
}

export interface InHullResult extends HullResult {
  inside: boolean;
}

// ---- Responses, persuasion and the selection game (src/responses.ts, src/persuasion.ts, src/grid.ts, src/games.ts) ----

export interface BestResponseOptions {
  /** Relative tie tolerance: actions within tieTolerance·max|u| of the best are tied (default 1e-12; 0 = exact). */
  tieTolerance?: number;
  /** Another |A|×|Y| utility (the sender's): ties go to the tied action it values most, then to the lowest index. */
  prefer?: MatrixLike;
}

export interface BestResponsesResult {
  /** The chosen action per posterior (length S). */
  actions: Int32Array;
  /** v of the chosen action, μᵀu(a, ·) (length S). */
  values: Float64Array;
}

export interface QuantalResponseOptions {
  /** The tie tolerance that defines the tied set for λ = Infinity (as bestResponses; default 1e-12). */
  tieTolerance?: number;
}

export interface ConcavifyResult {
  /** Σ τ_s v_s over the returned splitting (recomputed from it). */
  value: number;
  /** The splitting of the prior: weights τ_s > 0 on posteriors posteriorIndices[s] (Σ τ_s μ_s = prior). */
  splitting: { weights: Float64Array; posteriorIndices: Int32Array };
  status: SolverStatus;
}

export interface PersuasionOptions {
  /** The receiver's expected utility must be at least this. */
  receiverAtLeast?: number;
  /** Relative tolerance of the LPs (default 1e-9). */
  tolerance?: number;
}

export interface PersuasionResult {
  /** The sender's expected utility Σ_{a,y} scheme[a][y]·s(a, y), recomputed from the scheme. */
  value: number;
  /** The receiver's, Σ scheme[a][y]·u(a, y). */
  receiverValue: number;
  /** |A|×|Y| row-major (`scheme.rows` = |A|, `scheme.cols` = |Y|): the joint probability of recommending a in
   *  state y (columns sum to the prior). */
  scheme: RowMajor;
  status: SolverStatus;
  message: string;
  /** Largest violation of obedience (in utility units, ≤ 0 means every recommendation is a best response), of the
   *  prior marginals, and of receiverAtLeast; recomputed from the scheme. */
  residuals: { obedience: number; marginals: number; receiverAtLeast: number };
}

export interface SelectionGameInput {
  /** k provider utilities, each |A|×|Y|. */
  providers: MatrixLike[];
  /** The user's utility, |A|×|Y|. */
  user: MatrixLike;
  prior: VectorLike;
  /** How the user picks among the offers: the best (ties split evenly; default) or logit with precision λ. */
  rule?: "best" | { logit: number };
  /** Cap on rounds (a round = every provider moves once); default 1000. */
  maxRounds?: number;
  /** 0 (default): providers move in order 0…k−1; otherwise a seeded random order. */
  seed?: number;
  /** The winning margin, relative to the user's full- minus no-information value (default 0.01). */
  step?: number;
  /**
   * Called on long runs: after every round, and at most every 250 ms during one (round 0 = the opening schemes);
   * `lps` counts the persuasion LPs solved so far.
   */
  onProgress?: (progress: { round: number; maxRounds: number; lps: number; elapsedMs: number }) => void;
}

export interface SelectionGameResult {
  /** The user's expected utility at the final profile (under her choice rule). */
  userValue: number;
  /** Σ_y prior_y max_a U(a, y). */
  fullInformationValue: number;
  /** max_a Σ_y prior_y U(a, y). */
  noInformationValue: number;
  /** The provider the user is most likely to choose (lowest index among ties). */
  winner: number;
  /** The user's choice probabilities over the providers. */
  choice: Float64Array;
  /** Each provider's final scheme, |A|×|Y| row-major (`rows` = |A|, `cols` = |Y|; joint probability of recommending a
   *  in state y). */
  schemes: RowMajor[];
  /** The user's value of each scheme. */
  offers: Float64Array;
  rounds: number;
  /** A whole round passed without any provider improving. */
  converged: boolean;
  /** The joint profile repeated (stopped without converging). */
  cycle: boolean;
  /** 'optimal' unless one of the initial persuasion LPs failed. */
  status: SolverStatus;
  /** hullDistance(Definition 1) of the user's utility from the providers', over the |A|·|Y| action–state pairs. */
  hull: HullResult;
}

/** ea.simplexGrid: the grid as a matrix when small enough (`data`, when `materialised`), and always as chunks.
 *  Check `materialised` before using the grid as a matrix: `if (grid.materialised) ea.bestResponses(u, grid)`. */
export type SimplexGrid = MaterialisedSimplexGrid | ChunkedSimplexGrid;

interface SimplexGridBase {
  /** C(resolution + |Y| − 1, |Y| − 1). */
  rows: number;
  /** |Y|. */
  cols: number;
  /** Row-major chunks of at most chunkRows rows (default 65536), in the grid's order (non-enumerable). */
  chunks(chunkRows?: number): Generator<DenseMatrix>;
  [Symbol.iterator](): Generator<DenseMatrix>;
}

/** A grid of at most 2^25 numbers: also a DenseMatrix. */
export interface MaterialisedSimplexGrid extends SimplexGridBase {
  readonly materialised: true;
  /** Row-major rows×cols. */
  data: Float64Array;
}

/** A grid above 2^25 numbers: no `data`; consume it with chunks() (non-enumerable). */
export interface ChunkedSimplexGrid extends SimplexGridBase {
  readonly materialised: false;
  data?: undefined;
}
