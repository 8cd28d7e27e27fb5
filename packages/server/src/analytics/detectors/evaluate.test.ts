import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateDetections } from './evaluate.js';
import type { EvaluatedEvent } from './evaluate.js';
import type { AnomalyLabel } from './labelled-dataset.js';

const MINUTE_MS = 60_000;
const labels: AnomalyLabel[] = [
  { kind: 'spike', fromMs: 100 * MINUTE_MS, toMs: 100 * MINUTE_MS },
  { kind: 'spike', fromMs: 500 * MINUTE_MS, toMs: 500 * MINUTE_MS },
  { kind: 'drift', fromMs: 1_000 * MINUTE_MS, toMs: 1_120 * MINUTE_MS },
  { kind: 'stuck', fromMs: 2_000 * MINUTE_MS, toMs: 2_060 * MINUTE_MS },
];
const at = (kind: EvaluatedEvent['kind'], minute: number, transition?: 'start' | 'clear'): EvaluatedEvent => ({
  kind,
  timestampMs: minute * MINUTE_MS,
  transition,
});

void describe('evaluateDetections', () => {
  void it('counts one true positive per label, within [from, to + tolerance], of the same kind only', () => {
    const scores = evaluateDetections(
      [at('spike', 100), at('drift', 1_130), at('drift', 1_140), at('spike', 1_050)],
      labels,
      15 * MINUTE_MS,
    );
    assert.deepEqual(scores.spike, {
      truePositives: 1,
      falsePositives: 1,
      falseNegatives: 1,
      precision: 0.5,
      recall: 0.5,
    });
    // 1 130 is within the 15-minute tolerance after the drift's end (1 120), 1 140 is not.
    assert.deepEqual(scores.drift, {
      truePositives: 1,
      falsePositives: 1,
      falseNegatives: 0,
      precision: 0.5,
      recall: 1,
    });
  });

  void it('does not count extra events on a matched label as false positives, nor twice', () => {
    const scores = evaluateDetections([at('drift', 1_001), at('drift', 1_050), at('drift', 1_119)], labels);
    assert.equal(scores.drift.truePositives, 1);
    assert.equal(scores.drift.falsePositives, 0);
  });

  void it('counts events outside every label as false positives, and ignores stuck clears', () => {
    const scores = evaluateDetections(
      [at('stuck', 2_000, 'start'), at('stuck', 2_500, 'clear'), at('stuck', 3_000, 'start'), at('outlier', 10)],
      labels,
    );
    assert.equal(scores.stuck.truePositives, 1);
    assert.equal(scores.stuck.falsePositives, 1);
    assert.equal(scores.stuck.precision, 0.5);
    assert.equal(scores.outlier.falsePositives, 1);
    assert.equal(scores.outlier.precision, 0);
  });

  void it('is vacuously precise without events and complete without labels', () => {
    const scores = evaluateDetections([], labels);
    assert.equal(scores.spike.precision, 1);
    assert.equal(scores.spike.recall, 0);
    assert.equal(scores['level-shift'].recall, 1);
  });
});
