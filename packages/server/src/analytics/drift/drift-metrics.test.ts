import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binnedKolmogorovSmirnov, populationStabilityIndex, PSI_EPSILON } from './drift-metrics.js';

const close = (actual: number, expected: number): void =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);

void describe('populationStabilityIndex', () => {
  void it('is 0 for equal proportions', () => {
    assert.equal(populationStabilityIndex([0.1, 0.2, 0.7], [0.1, 0.2, 0.7]), 0);
  });

  void it('matches the hand computation', () => {
    // (0.75 − 0.5) ln(0.75 / 0.5) + (0.25 − 0.5) ln(0.25 / 0.5) = 0.25 × 0.405465 + 0.25 × 0.693147
    close(populationStabilityIndex([0.5, 0.5], [0.75, 0.25]), 0.274653072);
    // 0.1 ln(0.3 / 0.2) + 0 − 0.1 ln(0.4 / 0.5) = 0.1 × 0.405465 + 0.1 × 0.223144
    close(populationStabilityIndex([0.2, 0.3, 0.5], [0.3, 0.3, 0.4]), 0.062860866);
  });

  void it('is symmetric in reference and live', () => {
    close(
      populationStabilityIndex([0.2, 0.3, 0.5], [0.3, 0.3, 0.4]),
      populationStabilityIndex([0.3, 0.3, 0.4], [0.2, 0.3, 0.5]),
    );
  });

  void it('floors an empty bin at 1e-4 rather than going infinite', () => {
    assert.equal(PSI_EPSILON, 1e-4);
    // 0.5 ln(1 / 0.5) + (0.0001 − 0.5) ln(0.0001 / 0.5) = 0.346574 + 0.4999 × 8.517193
    close(populationStabilityIndex([0.5, 0.5], [1, 0]), 4.604318467);
  });

  void it('refuses proportions over different bins', () => {
    assert.throws(() => populationStabilityIndex([0.5, 0.5], [1]), RangeError);
  });
});

void describe('binnedKolmogorovSmirnov', () => {
  void it('is the largest gap between the cumulative proportions at the bin edges', () => {
    assert.equal(binnedKolmogorovSmirnov([0.5, 0.5], [0.5, 0.5]), 0);
    close(binnedKolmogorovSmirnov([0.5, 0.5], [0.75, 0.25]), 0.25);
    // CDFs 0.1 0.3 0.6 1 against 0.4 0.6 0.7 1: gaps 0.3 0.3 0.1.
    close(binnedKolmogorovSmirnov([0.1, 0.2, 0.3, 0.4], [0.4, 0.2, 0.1, 0.3]), 0.3);
    assert.equal(binnedKolmogorovSmirnov([1, 0, 0], [0, 0, 1]), 1);
  });
});
