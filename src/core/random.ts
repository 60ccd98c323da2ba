/** Seeded pseudo-random numbers for experiments: identical streams in every JavaScript engine. */

export type Rng = () => number;

/** mulberry32: a uniform generator on [0, 1) from a 32-bit seed. */
export function seeded(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller; the cosine branch only, so one draw consumes exactly two uniforms). */
export function gaussian(rng: Rng): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/**
 * The seed of one task's random stream, from the sweep's global seed and the task's index (splitmix32-style mixing of
 * both words), so that a task draws the same numbers whichever worker, shard or machine runs it.
 */
export function taskSeed(globalSeed: number, index: number, stream = 0): number {
  let h = Math.imul((globalSeed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  for (const word of [index >>> 0, Math.floor(index / 4294967296) >>> 0, stream >>> 0]) {
    h = (h ^ word) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
    h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h;
}

/** A uniform random permutation of 0…n−1 (Fisher–Yates, one uniform per swap). */
export function permutation(rng: Rng, n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = p[i]!; p[i] = p[j]!; p[j] = t;
  }
  return p;
}

/** m distinct indices out of 0…n−1, in increasing order (a partial Fisher–Yates shuffle). */
export function sampleIndices(rng: Rng, n: number, m: number): Int32Array {
  if (m > n) throw new RangeError(`cannot draw ${m} of ${n} indices`);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const t = p[i]!; p[i] = p[j]!; p[j] = t;
  }
  return p.slice(0, m).sort();
}
