/**
 * A seeded pseudo-random source for the RUL bootstrap (and the tests), so that a seed replays the
 * same uncertainty band. (@doppel/sim's bearing simulator draws the same sequence from its own prng.ts.)
 */
import { gaussian, mulberry32 as uniformSource } from '../seeded-random.js';

export interface SeededRandom {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal: mean 0, standard deviation 1. */
  normal(): number;
}

/** The analytics' mulberry32 (../seeded-random.ts) as uniform and normal draws. */
export function mulberry32(seed: number): SeededRandom {
  const uniform = uniformSource(seed);
  return { uniform, normal: () => gaussian(uniform) };
}
