/**
 * Random instances of the best-AI selection game, shared by `emergent-align game` and the page: providers with entries
 * uniform in [0, 1]; the user inside their hull (a convex mix plus an offset) perturbed by ε ('bias': +ε where her
 * action matches the state, a = y mod |A| — the providers share a disregard for her accuracy; 'noise': ε·U[−1, 1] on
 * every entry), or (`epsilon: 'independent'`) drawn on her own. Drawn from the seeded uniform stream with arithmetic
 * only: the host's Math.log / Math.cos differ in the last bit between JavaScript engines, and the page and Node must
 * draw the same instance.
 */
import type { DenseMatrix } from "../core/types.js";
import type { Rng } from "../core/random.js";

export interface GameInstanceShape {
  providers: number;
  actions: number;
  states: number;
  perturbation: "bias" | "noise";
}

export interface GameInstance {
  providers: DenseMatrix[];
  user: DenseMatrix;
  prior: Float64Array;
}

export function gameInstance(rng: Rng, shape: GameInstanceShape, epsilon: number | "independent"): GameInstance {
  const { actions, states } = shape;
  const n = actions * states;
  const providers = Array.from({ length: shape.providers }, () => Float64Array.from({ length: n }, () => rng()));
  const user = new Float64Array(n);
  if (epsilon === "independent") {
    for (let i = 0; i < n; i++) user[i] = rng();
  } else {
    const w = providers.map(() => 0.05 + rng());
    const z = w.reduce((a, b) => a + b, 0);
    const c = 0.2 * (rng() - 0.5);
    for (let i = 0; i < n; i++) {
      let v = c;
      providers.forEach((P, j) => { v += (w[j]! / z) * P[i]!; });
      user[i] = shape.perturbation === "noise" ? v + epsilon * (2 * rng() - 1) : v + (Math.floor(i / states) === (i % states) % actions ? epsilon : 0);
    }
  }
  const prior = Float64Array.from({ length: states }, () => 0.2 + rng());
  const zp = prior.reduce((a, b) => a + b, 0);
  for (let y = 0; y < states; y++) prior[y] = prior[y]! / zp;
  const matrix = (data: Float64Array): DenseMatrix => ({ rows: actions, cols: states, data });
  return { providers: providers.map(matrix), user: matrix(user), prior };
}
