import { mulberry32 } from '../seeded-random.js';

/**
 * A seeded pseudo-random generator, so that a model trained twice on the same window with the same
 * seed is the same model (reproducible scores, testable trees). Math.random cannot be seeded.
 *
 * mulberry32 (Tommy Ettinger, public domain): 32 bits of state and a period of 2^32, far more than
 * the ≈ 10^5 numbers one model draws; small and fast, which is all a random split needs.
 */
export interface Random {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [0, maxExclusive); `maxExclusive` must be a positive integer ≤ 2^32. */
  nextInt(maxExclusive: number): number;
}

export function createRandom(seed: number): Random {
  // `trunc` then the generator's `>>> 0` fold any number onto the 32-bit state deterministically.
  const next = mulberry32(Math.trunc(seed));
  return { next, nextInt: (maxExclusive) => Math.floor(next() * maxExclusive) };
}

/**
 * `count` distinct indices from [0, total), uniformly (partial Fisher–Yates): each tree of the forest
 * is grown on its own sample drawn without replacement, as in Liu, Ting & Zhou (2008), §4.
 */
export function sampleIndices(random: Random, total: number, count: number): Int32Array {
  const pool = new Int32Array(total);
  for (let i = 0; i < total; i++) pool[i] = i;
  for (let i = 0; i < count; i++) {
    const j = i + random.nextInt(total - i);
    const picked = pool[j] as number;
    pool[j] = pool[i] as number;
    pool[i] = picked;
  }
  return pool.slice(0, count);
}
