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

/**
 * The pump-curve data of `bench/analytics/quality.ts` (`forestQuality`), same generator and seed:
 * flow uniform in [5, 15] m³/h, pressure 4 − 0.15·flow ± 0.1 bar; a training window of 2,000 normal
 * rows, then 5,000 test rows of which every 100th is moved off the curve by ±(0.6…1.6) bar (a
 * blocked discharge or a worn impeller), each value still ordinary on its own.
 */
export function pumpCurveData(): { training: number[][]; test: { row: number[]; real: boolean }[] } {
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const normalRow = (): number[] => {
    const flow = 5 + random() * 10;
    return [flow, 4 - 0.15 * flow + (random() - 0.5) * 0.2];
  };
  const training = Array.from({ length: 2_000 }, normalRow);
  const test = Array.from({ length: 5_000 }, (_, i) => {
    if (i % 100 !== 0) return { row: normalRow(), real: false };
    const [flow, pressure] = normalRow() as [number, number];
    return { row: [flow, pressure + (random() < 0.5 ? 1 : -1) * (0.6 + random())], real: true };
  });
  return { training, test };
}
