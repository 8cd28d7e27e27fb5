import { IsolationForestError } from './isolation-forest-error.js';
import { metricsAt, metricsOf } from './threshold.js';
import type { LabelMetrics, ScoreLabel } from './threshold.js';

export interface TunedThreshold {
  readonly threshold: number;
  /** Measured on the labels at the returned threshold. */
  readonly metrics: LabelMetrics;
}

/**
 * Re-tunes a threshold to maximise F1 on the operator's labels. F1 only changes where the threshold
 * crosses a labelled score, so the candidates are the gaps between consecutive distinct labelled
 * scores. Labels are few and F1 often ties, so the current threshold is kept when it already lies
 * in a best gap; otherwise the threshold moves into the best gap nearest to it, at the gap's middle,
 * leaving a margin on both sides of the labels that bound it.
 */
export function tuneThresholdByF1(labels: readonly ScoreLabel[], currentThreshold: number): TunedThreshold {
  if (!labels.every((label) => Number.isFinite(label.score))) {
    throw new IsolationForestError('forest.invalid-labels', 'Every labelled score must be a finite number.');
  }
  if (!Number.isFinite(currentThreshold)) {
    throw new IsolationForestError(
      'forest.invalid-option',
      `The current threshold must be finite, got ${currentThreshold}.`,
    );
  }
  const byScore = [...labels].sort((a, b) => b.score - a.score);
  const realTotal = byScore.filter((label) => label.real).length;
  let best = { f1: -1, distance: Infinity, threshold: currentThreshold };
  let truePositives = 0;
  // Flag the `flagged` highest scores: the threshold lies in (scores[flagged], scores[flagged − 1]].
  for (let flagged = 0; flagged <= byScore.length; flagged++) {
    const previous = byScore[flagged - 1];
    if (previous?.real === true) truePositives++;
    const next = byScore[flagged];
    if (previous !== undefined && next !== undefined && next.score === previous.score) continue;
    const upper = previous?.score ?? Infinity;
    const lower = next?.score ?? -Infinity;
    const { f1 } = metricsOf(truePositives, flagged - truePositives, realTotal - truePositives);
    const inside = currentThreshold > lower && currentThreshold <= upper;
    // Outside is farther than inside even on the boundary (current = lower would flag `next`).
    const distance = inside ? 0 : Math.max(currentThreshold - upper, lower - currentThreshold, Number.MIN_VALUE);
    if (f1 > best.f1 || (f1 === best.f1 && distance < best.distance)) {
      best = { f1, distance, threshold: inside ? currentThreshold : middleOf(lower, upper) };
    }
  }
  return { threshold: best.threshold, metrics: metricsAt(labels, best.threshold) };
}

/**
 * A threshold strictly above `lower` and at most `upper`. Open ends: below the lowest labelled
 * score the threshold is that score (every labelled row flagged); above the highest, it is halfway
 * to 1, the maximum score, or just above a score of 1 (no labelled row flagged).
 */
function middleOf(lower: number, upper: number): number {
  if (upper === Infinity) return lower < 1 ? (lower + 1) / 2 : lower + Number.EPSILON * lower;
  if (lower === -Infinity) return upper;
  const middle = (lower + upper) / 2;
  return middle > lower ? middle : upper;
}
