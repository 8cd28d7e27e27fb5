import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDriftError } from './drift-error.js';
import { LiveHistogram } from './live-histogram.js';
import { ReferenceDistribution } from './reference-distribution.js';

// Deciles of 1…100: bins (−∞, 10], (10, 20], …, (90, ∞).
const REFERENCE = ReferenceDistribution.fromSample(Array.from({ length: 100 }, (_, i) => i + 1));

const countsOf = (histogram: LiveHistogram): number[] =>
  Array.from({ length: REFERENCE.binCount }, (_, bin) => histogram.countOf(bin));

void describe('LiveHistogram', () => {
  void it('counts values into the reference bins', () => {
    const histogram = new LiveHistogram(REFERENCE, 5);
    for (const value of [5, 15, 15, 95]) histogram.observe(value);
    assert.deepEqual(countsOf(histogram), [1, 2, 0, 0, 0, 0, 0, 0, 0, 1]);
    assert.equal(histogram.samples, 4);
    const proportions = histogram.proportionsInto(new Float64Array(REFERENCE.binCount));
    assert.deepEqual(Array.from(proportions), [0.25, 0.5, 0, 0, 0, 0, 0, 0, 0, 0.25]);
  });

  void it('keeps only the last windowSize values, evicting the oldest first', () => {
    const histogram = new LiveHistogram(REFERENCE, 3);
    for (const value of [5, 15, 25, 35, 45]) histogram.observe(value);
    assert.deepEqual(countsOf(histogram), [0, 0, 1, 1, 1, 0, 0, 0, 0, 0]);
    assert.equal(histogram.samples, 3);
    assert.equal(histogram.observed, 5);
    for (let i = 0; i < 1_000; i++) histogram.observe(i % 2 === 0 ? -50 : 500);
    assert.deepEqual(countsOf(histogram), [1, 0, 0, 0, 0, 0, 0, 0, 0, 2]); // …, 500, −50, 500
  });

  void it('refuses non-finite values without counting them', () => {
    const histogram = new LiveHistogram(REFERENCE, 3);
    assert.equal(histogram.observe(NaN), false);
    assert.equal(histogram.observe(Infinity), false);
    assert.equal(histogram.observe(50), true);
    assert.equal(histogram.samples, 1);
    assert.equal(histogram.observed, 1);
  });

  void it('means plainly at first, then with weight 2 / (windowSize + 1)', () => {
    const histogram = new LiveHistogram(REFERENCE, 5); // weight 1/3 from the 3rd value on
    assert.equal(histogram.mean, undefined);
    histogram.observe(10);
    histogram.observe(20);
    assert.equal(histogram.mean, 15);
    histogram.observe(45);
    assert.equal(histogram.mean, 25); // 15 + (45 − 15) / 3
    histogram.observe(55);
    assert.equal(histogram.mean, 35);
  });

  void it('starts over on clear', () => {
    const histogram = new LiveHistogram(REFERENCE, 3);
    for (const value of [5, 15, 25, 35]) histogram.observe(value);
    histogram.clear();
    assert.deepEqual(countsOf(histogram), new Array<number>(10).fill(0));
    assert.equal(histogram.samples, 0);
    assert.equal(histogram.mean, undefined);
    histogram.observe(95);
    assert.deepEqual(countsOf(histogram), [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  void it('refuses a window outside 1…100,000', () => {
    for (const windowSize of [0, 100_001, 1.5]) {
      assert.throws(
        () => new LiveHistogram(REFERENCE, windowSize),
        (error: unknown) => isDriftError(error, 'drift.invalid-option'),
      );
    }
  });
});
