/**
 * A seeded pseudo-random source for the degradation simulator and the RUL bootstrap, so that a
 * seed replays the same waveform and the same uncertainty band. (packages/sim/src/prng.ts holds
 * the same generator but is not exported from @doppel/sim; this module stays dependency-free.)
 */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal: mean 0, standard deviation 1. */
  normal(): number;
}

/** mulberry32: 32 bits of state, fast, and good enough for simulated noise and bootstrap draws. */
export function mulberry32(seed: number): SeededRandom {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    uniform,
    // Box-Muller; 1 - uniform() keeps the logarithm's argument in (0, 1].
    normal: () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform()),
  };
}
