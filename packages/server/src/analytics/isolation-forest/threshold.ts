import { IsolationForestError } from './isolation-forest-error.js';

/**
 * Decision thresholds on anomaly scores: a row is flagged when `score >= threshold`. The first
 * threshold comes from the training window alone (how much of "normal" the operator accepts to
 * see flagged); labels then move it to where the operator's verdicts say it belongs.
 */
export const THRESHOLD_DEFAULTS = {
  /** Share of training rows flagged: 1 %, a handful of alerts a day at one row a minute. */
  contamination: 0.01,
} as const;

/** An operator's verdict on a flagged row: `real` anomalies are positives, "expected" ones negatives. */
export interface ScoreLabel {
  readonly score: number;
  readonly real: boolean;
}

export interface LabelMetrics {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  /** tp / (tp + fp). */
  readonly precision: number;
  /** tp / (tp + fn). */
  readonly recall: number;
  /** 2tp / (2tp + fp + fn), the harmonic mean of precision and recall. */
  readonly f1: number;
}

/**
 * The (1 − contamination) quantile of the training scores, linearly interpolated between order
 * statistics, so that about `contamination` of the training window scores at or above it.
 */
export function thresholdFromContamination(
  trainingScores: readonly number[],
  contamination: number = THRESHOLD_DEFAULTS.contamination,
): number {
  if (!(contamination > 0 && contamination < 0.5)) {
    throw new IsolationForestError('forest.invalid-option', `Contamination must be in (0, 0.5), got ${contamination}.`);
  }
  if (trainingScores.length === 0 || !trainingScores.every(Number.isFinite)) {
    throw new IsolationForestError(
      'forest.invalid-option',
      'A threshold needs at least one training score, and every score must be finite.',
    );
  }
  const sorted = Float64Array.from(trainingScores).sort();
  const position = (1 - contamination) * (sorted.length - 1);
  const below = Math.floor(position);
  const low = sorted[below] as number;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return low + (position - below) * (high - low);
}

export function metricsAt(labels: readonly ScoreLabel[], threshold: number): LabelMetrics {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  for (const { score, real } of labels) {
    const flagged = score >= threshold;
    if (flagged && real) truePositives++;
    else if (flagged) falsePositives++;
    else if (real) falseNegatives++;
  }
  return metricsOf(truePositives, falsePositives, falseNegatives);
}

/**
 * An empty ratio is 1: with nothing flagged there is no false alarm (precision), with no real label
 * nothing was missed (recall), with neither kind of error F1 is perfect. Unlike scikit-learn's 0,
 * this lets labels that are all "expected" pull the threshold above them (F1 1 there, 0 below),
 * and it stays consistent: F1 is still the harmonic mean of precision and recall.
 */
export function metricsOf(truePositives: number, falsePositives: number, falseNegatives: number): LabelMetrics {
  const ratio = (part: number, whole: number): number => (whole === 0 ? 1 : part / whole);
  return {
    truePositives,
    falsePositives,
    falseNegatives,
    precision: ratio(truePositives, truePositives + falsePositives),
    recall: ratio(truePositives, truePositives + falseNegatives),
    f1: ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives),
  };
}
