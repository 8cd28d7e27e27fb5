/**
 * Helpers of the isolation forest tests (not part of the package's API): seeded synthetic sensor
 * data, so that every assertion runs on the same numbers.
 */
import { createRandom } from './random.js';

/** A standard normal draw generator (Box–Muller) over a seeded uniform source. */
export function createGaussian(seed: number): () => number {
  const random = createRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

/** `count` rows of independent normal features with the given means and standard deviations. */
export function gaussianRows(
  count: number,
  means: readonly number[],
  stds: readonly number[],
  seed: number,
): number[][] {
  const gaussian = createGaussian(seed);
  return Array.from({ length: count }, () => means.map((mean, f) => mean + (stds[f] ?? 1) * gaussian()));
}

/** Linearly interpolated quantile q ∈ [0, 1] of finite numbers. */
export function quantileOf(values: readonly (number | null)[], q: number): number {
  const sorted = values.filter((value): value is number => value !== null).sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const low = sorted[below] ?? NaN;
  const high = sorted[below + 1] ?? low;
  return low + (position - below) * (high - low);
}

export function shareBelow(values: readonly (number | null)[], bound: number): number {
  return values.filter((value) => value !== null && value < bound).length / values.length;
}
