/**
 * A seeded pseudo-random source for the degradation simulator and the RUL bootstrap, so that a
 * seed replays the same waveform and the same uncertainty band.
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
