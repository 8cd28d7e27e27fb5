import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gaussianRows } from './forest-test-helpers.js';
import { scoreRows, trainIsolationForest } from './isolation-forest.js';
import { metricsAt, metricsOf, thresholdFromContamination } from './threshold.js';

void describe('thresholdFromContamination', () => {
  void it('is the interpolated (1 − contamination) quantile', () => {
    const scores = Array.from({ length: 101 }, (_, i) => i / 100); // 0, 0.01, …, 1
    assert.equal(thresholdFromContamination(scores, 0.1), 0.9);
    assert.ok(Math.abs(thresholdFromContamination([0.2, 0.4], 0.25) - 0.35) < 1e-12);
    assert.equal(thresholdFromContamination([0.3]), 0.3);
  });

  void it('flags about 1 % of the training window by default', () => {
    const rows = gaussianRows(2_000, [0, 0, 0], [1, 1, 1], 31);
    const scores = scoreRows(trainIsolationForest(rows), rows) as number[];
    const threshold = thresholdFromContamination(scores);
    const flagged = scores.filter((score) => score >= threshold).length;
    assert.ok(flagged >= 19 && flagged <= 21, `flagged ${flagged}`);
    assert.ok(threshold > 0.55 && threshold < 0.8, `threshold ${threshold}`);
  });

  void it('refuses a contamination out of (0, 0.5) and unusable scores', () => {
    assert.throws(() => thresholdFromContamination([0.5], 0), /Contamination must be in \(0, 0.5\), got 0/);
    assert.throws(() => thresholdFromContamination([0.5], 0.5), /got 0.5/);
    assert.throws(() => thresholdFromContamination([]), /at least one training score/);
    assert.throws(() => thresholdFromContamination([0.5, NaN]), /must be finite/);
  });
});

void describe('metricsAt', () => {
  const labels = [
    { score: 0.9, real: true },
    { score: 0.8, real: false },
    { score: 0.7, real: true },
    { score: 0.6, real: false },
  ];

  void it('counts flagged rows (score ≥ threshold) against the labels', () => {
    assert.deepEqual(metricsAt(labels, 0.7), {
      truePositives: 2,
      falsePositives: 1,
      falseNegatives: 0,
      precision: 2 / 3,
      recall: 1,
      f1: 0.8,
    });
    const strict = metricsAt(labels, 0.85);
    assert.deepEqual([strict.precision, strict.recall, strict.f1], [1, 0.5, 2 / 3]);
  });

  void it('reads an empty ratio as "no error of that kind"', () => {
    assert.deepEqual(metricsOf(0, 0, 0), {
      truePositives: 0,
      falsePositives: 0,
      falseNegatives: 0,
      precision: 1,
      recall: 1,
      f1: 1,
    });
    assert.deepEqual(metricsAt(labels, 0.95).precision, 1);
    assert.deepEqual(metricsAt(labels, 0.95).f1, 0);
    assert.deepEqual(metricsOf(0, 3, 0).f1, 0);
  });
});
