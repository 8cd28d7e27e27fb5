import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { metricsAt } from './threshold.js';
import { tuneThresholdByF1 } from './threshold-tuning.js';

const real = (score: number): { score: number; real: boolean } => ({ score, real: true });
const expected = (score: number): { score: number; real: boolean } => ({ score, real: false });

void describe('tuneThresholdByF1', () => {
  void it('raises the threshold above false alarms that score below the real anomalies', () => {
    const labels = [real(0.82), real(0.75), expected(0.66), expected(0.62)];
    const before = metricsAt(labels, 0.6).f1;
    const tuned = tuneThresholdByF1(labels, 0.6);
    assert.ok(Math.abs(tuned.threshold - 0.705) < 1e-12, String(tuned.threshold)); // middle of 0.66 … 0.75
    assert.equal(tuned.metrics.f1, 1);
    assert.ok(tuned.metrics.f1 > before);
  });

  void it('lowers the threshold to catch real anomalies it missed', () => {
    const labels = [real(0.7), real(0.58), expected(0.52)];
    const tuned = tuneThresholdByF1(labels, 0.65);
    assert.ok(tuned.threshold < 0.58 && tuned.threshold > 0.52, String(tuned.threshold));
    assert.deepEqual([tuned.metrics.precision, tuned.metrics.recall], [1, 1]);
  });

  void it('keeps the current threshold when the labels already agree with it', () => {
    const labels = [real(0.9), expected(0.5)];
    assert.equal(tuneThresholdByF1(labels, 0.63).threshold, 0.63);
    assert.equal(tuneThresholdByF1([], 0.63).threshold, 0.63);
  });

  void it('rises above false alarms when no label is real, and below every real one when all are', () => {
    const aboveAll = tuneThresholdByF1([expected(0.7), expected(0.66)], 0.62);
    assert.ok(aboveAll.threshold > 0.7 && aboveAll.threshold <= 1, String(aboveAll.threshold));
    assert.equal(aboveAll.metrics.falsePositives, 0);
    assert.equal(tuneThresholdByF1([real(0.7), real(0.61)], 0.65).threshold, 0.61);
    assert.ok(tuneThresholdByF1([expected(1)], 0.6).threshold > 1);
  });

  void it('settles on the best trade-off when the labels overlap, nearest the current threshold', () => {
    // No threshold separates them. Flagging ≥ 0.7 (2 of 3 real, 1 false alarm) and flagging all
    // (3 of 3 real, 3 false alarms) tie at F1 = 2/3, the best; the nearer one to the current wins.
    const labels = [real(0.9), expected(0.8), real(0.7), expected(0.65), expected(0.6), real(0.55)];
    const fromAbove = tuneThresholdByF1(labels, 0.75);
    assert.ok(Math.abs(fromAbove.threshold - 0.675) < 1e-12, String(fromAbove.threshold));
    assert.equal(fromAbove.metrics.f1, 2 / 3);
    const fromBelow = tuneThresholdByF1(labels, 0.5);
    assert.equal(fromBelow.threshold, 0.5);
    assert.equal(fromBelow.metrics.f1, 2 / 3);
  });

  void it('refuses a non-finite labelled score or threshold', () => {
    assert.throws(() => tuneThresholdByF1([real(NaN)], 0.6), /Every labelled score must be a finite number/);
    assert.throws(() => tuneThresholdByF1([real(0.7)], NaN), /The current threshold must be finite, got NaN/);
  });
});
