/**
 * Fewer values than this describe no distribution: with 10 bins, two values a bin. A reference this
 * small is itself noisy, though; PSI's noise floor is about (bins − 1) × (1/live + 1/reference),
 * so a training window of a few hundred values or more keeps it well under the thresholds.
 */
export const REFERENCE_SAMPLE_MIN = 20;

/** What the API shows of a reference: enough to read "live mean 23.1 against 20.0 ± 2.0 in training". */
export interface ReferenceSummary {
  /** Finite values in the reference sample. */
  readonly count: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1); 0 for a constant sample. */
  readonly std: number;
  readonly min: number;
  /** Percentiles by linear interpolation between order statistics (numpy's default, R's type 7). */
  readonly p5: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

/** The summary of a sorted sample of at least two finite values. */
export function summarise(sorted: Float64Array): ReferenceSummary {
  const count = sorted.length;
  // Summed as offsets from the minimum: exact for a constant sample (std 0, not 2e-15) and more
  // precise for a small spread on a large offset.
  const min = sorted[0] as number;
  let offsets = 0;
  for (const value of sorted) offsets += value - min;
  const mean = min + offsets / count;
  // Two passes: the one-pass Σx² − n·mean² cancels catastrophically on values like 1013 ± 0.1 hPa.
  let squares = 0;
  for (const value of sorted) squares += (value - mean) * (value - mean);
  return {
    count,
    mean,
    std: Math.sqrt(squares / (count - 1)),
    min,
    p5: percentile(sorted, 0.05),
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    max: sorted[count - 1] as number,
  };
}

function percentile(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const low = sorted[below] as number;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return low + (high - low) * (position - below);
}
