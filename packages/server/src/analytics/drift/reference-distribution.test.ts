import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDriftError } from './drift-error.js';
import { ReferenceDistribution } from './reference-distribution.js';

const ONE_TO_HUNDRED = Array.from({ length: 100 }, (_, i) => i + 1);

void describe('ReferenceDistribution.fromSample', () => {
  void it('bins at deciles with a tenth of the sample in each bin', () => {
    const reference = ReferenceDistribution.fromSample(ONE_TO_HUNDRED);
    assert.equal(reference.binCount, 10);
    assert.deepEqual(reference.edges, Float64Array.of(10, 20, 30, 40, 50, 60, 70, 80, 90));
    assert.deepEqual(reference.counts, new Uint32Array(10).fill(10));
    assert.deepEqual(reference.proportions, new Float64Array(10).fill(0.1));
  });

  void it('summarises: mean, sample std and interpolated percentiles', () => {
    const { summary } = ReferenceDistribution.fromSample(ONE_TO_HUNDRED);
    assert.deepEqual(
      { ...summary, std: Number(summary.std.toFixed(6)) },
      // std: √(Σ (i − 50.5)² / 99) = √(100 (100² − 1) / 12 / 99) = √841.67; p5 = 1 + 0.05 × 99.
      { count: 100, mean: 50.5, std: 29.011492, min: 1, p5: 5.95, p50: 50.5, p95: 95.05, max: 100 },
    );
  });

  void it('reads a Float64Array like an array, and takes the bin count asked for', () => {
    const reference = ReferenceDistribution.fromSample(Float64Array.from(ONE_TO_HUNDRED), { bins: 4 });
    assert.deepEqual(reference.edges, Float64Array.of(25, 50, 75));
    assert.deepEqual(reference.counts, Uint32Array.of(25, 25, 25, 25));
  });

  void it('gives discrete data one bin per distinct value', () => {
    const reference = ReferenceDistribution.fromSample([
      ...Array<number>(50).fill(0),
      ...Array<number>(30).fill(1),
      ...Array<number>(20).fill(2),
    ]);
    assert.deepEqual(reference.edges, Float64Array.of(0, 1));
    assert.deepEqual(reference.proportions, Float64Array.of(0.5, 0.3, 0.2));
    assert.deepEqual(
      [-3, 0, 0.5, 1, 2, 9].map((value) => reference.binOf(value)),
      [0, 0, 1, 1, 2, 2],
    );
  });

  void it('gives a constant sample a bin of its own, so a move either way leaves it', () => {
    const reference = ReferenceDistribution.fromSample(Array<number>(25).fill(4.2));
    assert.deepEqual(reference.counts, Uint32Array.of(0, 25, 0));
    assert.deepEqual(
      [4.1, 4.2, 4.3].map((value) => reference.binOf(value)),
      [0, 1, 2],
    );
    assert.equal(reference.summary.std, 0);
  });

  void it('skips non-finite values, and refuses fewer than 20 finite ones saying how many', () => {
    const withGaps = [...ONE_TO_HUNDRED.slice(0, 20), NaN, Infinity];
    assert.equal(ReferenceDistribution.fromSample(withGaps).summary.count, 20);
    const refused = (sample: number[], message: RegExp): void =>
      assert.throws(
        () => ReferenceDistribution.fromSample(sample),
        (error: unknown) => isDriftError(error, 'drift.invalid-reference-sample') && message.test(error.message),
      );
    refused(ONE_TO_HUNDRED.slice(0, 19), /at least 20 finite values, got 19\.$/);
    refused([...ONE_TO_HUNDRED.slice(0, 18), NaN, NaN, -Infinity], /got 18 \(3 of 21 were not finite numbers\)/);
    refused([], /got 0\./);
  });

  void it('refuses a bin count outside 2…100', () => {
    for (const bins of [1, 101, 2.5]) {
      assert.throws(
        () => ReferenceDistribution.fromSample(ONE_TO_HUNDRED, { bins }),
        (error: unknown) =>
          isDriftError(error, 'drift.invalid-option') && /bins must be an integer in 2…100/.test(error.message),
      );
    }
  });
});
