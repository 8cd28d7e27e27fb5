import type { DetectorEvent, DetectorEventKind } from './detector-event.js';
import { DETECTOR_EVENT_KINDS } from './detector-event.js';
import type { AnomalyLabel } from './labelled-dataset.js';

/**
 * Precision and recall of detector events against labels, kind by kind. An event is a true
 * positive if it falls in [fromMs, toMs + toleranceMs] of a label of its kind; each label counts
 * once, and further events on an already matched label are neither true nor false positives.
 * Events outside every label of their kind are false positives; unmatched labels false negatives.
 * Stuck "clear" transitions end a state already counted, so they are not scored.
 */

export interface KindScore {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  /** TP / (TP + FP); 1 when there is no event of the kind (vacuously precise). */
  readonly precision: number;
  /** TP / (TP + FN); 1 when there is no label of the kind. */
  readonly recall: number;
}

export type EvaluatedEvent = Pick<DetectorEvent, 'kind' | 'timestampMs' | 'transition'>;

export const DEFAULT_EVALUATION_TOLERANCE_MS = 30 * 60_000;

export function evaluateDetections(
  events: readonly EvaluatedEvent[],
  labels: readonly AnomalyLabel[],
  toleranceMs: number = DEFAULT_EVALUATION_TOLERANCE_MS,
): Record<DetectorEventKind, KindScore> {
  const matched = new Set<AnomalyLabel>();
  const falsePositives = new Map<DetectorEventKind, number>();
  for (const event of events) {
    if (event.transition === 'clear') continue;
    const hits = labels.filter(
      (label) =>
        label.kind === event.kind && event.timestampMs >= label.fromMs && event.timestampMs <= label.toMs + toleranceMs,
    );
    if (hits.length === 0) falsePositives.set(event.kind, (falsePositives.get(event.kind) ?? 0) + 1);
    const fresh = hits.find((label) => !matched.has(label));
    if (fresh !== undefined) matched.add(fresh);
  }
  const scores = {} as Record<DetectorEventKind, KindScore>;
  for (const kind of DETECTOR_EVENT_KINDS) {
    const ofKind = labels.filter((label) => label.kind === kind);
    const truePositives = ofKind.filter((label) => matched.has(label)).length;
    const fp = falsePositives.get(kind) ?? 0;
    const falseNegatives = ofKind.length - truePositives;
    scores[kind] = {
      truePositives,
      falsePositives: fp,
      falseNegatives,
      precision: truePositives + fp === 0 ? 1 : truePositives / (truePositives + fp),
      recall: ofKind.length === 0 ? 1 : truePositives / ofKind.length,
    };
  }
  return scores;
}
