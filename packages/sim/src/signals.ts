import type { Rng } from './prng.js';

/**
 * A mean-reverting random walk (Ornstein-Uhlenbeck), stepped with the exact discretisation so that
 * long or irregular steps stay stable. `stdDev` is the spread it settles to, `tauS` how many seconds
 * a deviation takes to decay to 1/e.
 */
export class MeanReverting {
  private value: number | undefined;

  constructor(
    private readonly stdDev: number,
    private readonly tauS: number,
  ) {}

  /** The first step starts from a random point of the settled spread around `mean`. */
  step(mean: number, dtS: number, rng: Rng): number {
    if (this.value === undefined) {
      this.value = mean + this.stdDev * rng.normal();
      return this.value;
    }
    const decay = Math.exp(-Math.max(dtS, 0) / this.tauS);
    this.value = mean + (this.value - mean) * decay + this.stdDev * Math.sqrt(1 - decay * decay) * rng.normal();
    return this.value;
  }
}

/** First-order lag: moves towards `target` with time constant `tauS` (thermal mass, CO2 build-up). */
export function lag(current: number, target: number, dtS: number, tauS: number): number {
  return target + (current - target) * Math.exp(-Math.max(dtS, 0) / tauS);
}

export const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

/** Rounds to a sensor's resolution (0.1, 0.01, 1, 5 …) without binary artefacts like 0.30000000000000004. */
export function roundTo(value: number, step: number): number {
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  return Number((Math.round(value / step) * step).toFixed(decimals));
}

/** Probability that an event with the given mean interval happens within `dtMs` (Poisson process). */
export const hazard = (dtMs: number, meanIntervalMs: number): number =>
  1 - Math.exp(-Math.max(dtMs, 0) / meanIntervalMs);
