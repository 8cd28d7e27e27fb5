import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitHinge } from './degradation-fit.js';

const x = Float64Array.from({ length: 101 }, (_, i) => i / 100);

function fit(shape: (x: number) => number): ReturnType<typeof fitHinge> {
  return fitHinge(x, x.map(shape), x.length, 5);
}

function near(actual: number | undefined, expected: number, absolute: number): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= absolute, `${actual} vs ${expected}`);
}

void describe('fitHinge', () => {
  void it('finds a healthy stretch followed by a decline', () => {
    const result = fit((at) => 2 * Math.max(0, at - 0.4));
    near(result?.level, 0, 1e-9);
    near(result?.slope, 2, 1e-9);
    near(result?.onset, 0.4, 1e-9);
    assert.equal(result?.slopeT, Number.POSITIVE_INFINITY);
  });

  void it('finds a worn plateau followed by a decline', () => {
    const result = fit((at) => 0.3 + 1.5 * Math.max(0, at - 0.5));
    near(result?.level, 0.3, 1e-9);
    near(result?.slope, 1.5, 1e-9);
    near(result?.onset, 0.5, 1e-9);
  });

  void it('fits one line when the whole window declines, and a negative slope when it improves', () => {
    const declining = fit((at) => 0.5 + at);
    near(declining?.onset, 0, 1e-9);
    near(declining?.level, 0.5, 1e-9);
    near(declining?.slope, 1, 1e-9);
    const improving = fit((at) => 1 - at);
    assert.ok(improving !== null && improving.slope < 0 && improving.slopeT < 0);
  });

  void it('measures the residual spread and t of a noisy decline', () => {
    // Alternating ±0.05 noise: residual standard deviation ≈ 0.05.
    const result = fit((at) => Math.max(0, at - 0.2) + (Math.round(at * 100) % 2 === 0 ? 0.05 : -0.05));
    near(result?.slope, 1, 0.05);
    near(result?.residualSd, 0.05, 0.01);
    assert.ok((result?.slopeT ?? 0) > 20);
  });

  void it('needs enough points after the hinge', () => {
    assert.equal(fitHinge(x, x, 5, 5), null);
    assert.notEqual(fitHinge(x, x, 6, 5), null);
  });
});
