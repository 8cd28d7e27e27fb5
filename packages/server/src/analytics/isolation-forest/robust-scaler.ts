import type { FeatureMatrix, FeatureRow } from './feature-matrix.js';

/** MAD × 1.4826 estimates the standard deviation of normally distributed data. */
const MAD_TO_STD = 1.4826;

/**
 * Per-feature centre and scale of the training window: a row is standardised as
 * (value − centre) / scale. Median and MAD rather than mean and standard deviation, so that the
 * few anomalies an operator's "normal" window inevitably holds do not stretch the scale.
 *
 * Why, when axis-parallel splits do not care: a split value is drawn uniformly between a feature's
 * minimum and maximum, so any per-feature affine rescaling gives the same trees and the same scores
 * (the tests check this). Units therefore already weigh fairly; the scaler keeps split values in
 * comparable ranges and is stored so that a row's per-feature deviation from normal ("flow is 6 MADs
 * high") can explain a score to the operator.
 */
export interface RobustScaler {
  readonly center: Float64Array;
  readonly scale: Float64Array;
}

export function fitRobustScaler(matrix: FeatureMatrix): RobustScaler {
  const { values, rowCount, featureCount } = matrix;
  const center = new Float64Array(featureCount);
  const scale = new Float64Array(featureCount);
  const column = new Float64Array(rowCount);
  for (let f = 0; f < featureCount; f++) {
    for (let r = 0; r < rowCount; r++) column[r] = values[r * featureCount + f] as number;
    const median = medianOf(column);
    center[f] = median;
    for (let r = 0; r < rowCount; r++) column[r] = Math.abs((column[r] as number) - median);
    scale[f] = positiveScale(MAD_TO_STD * medianOf(column), column);
  }
  return { center, scale };
}

/** Standardises `row` into `out` (a scratch buffer of the feature count, to score without allocating). */
export function standardiseInto(scaler: RobustScaler, row: FeatureRow, out: Float64Array): Float64Array {
  for (let f = 0; f < out.length; f++) {
    out[f] = ((row[f] as number) - (scaler.center[f] as number)) / (scaler.scale[f] as number);
  }
  return out;
}

/** Standardises a whole matrix in place. */
export function standardiseMatrix(scaler: RobustScaler, matrix: FeatureMatrix): void {
  const { values, featureCount } = matrix;
  for (let i = 0; i < values.length; i++) {
    const f = i % featureCount;
    values[i] = ((values[i] as number) - (scaler.center[f] as number)) / (scaler.scale[f] as number);
  }
}

/**
 * MAD is 0 when more than half the window shares one value (a valve mostly closed); fall back to
 * the root mean square deviation from the median, and to 1 for a constant feature, so that
 * standardising never divides by zero.
 */
function positiveScale(mad: number, absoluteDeviations: Float64Array): number {
  if (mad > 0) return mad;
  let sumSquares = 0;
  for (const deviation of absoluteDeviations) sumSquares += deviation * deviation;
  const rms = Math.sqrt(sumSquares / absoluteDeviations.length);
  return rms > 0 ? rms : 1;
}

/** Median of a copy (the caller's order is kept); O(n log n) is fine for windows of 10^5 rows. */
function medianOf(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
