import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { driftOffset } from './faults.js';
import { createRng, deriveSeed } from './prng.js';
import { MeanReverting, roundTo } from './signals.js';

const HOUR_MS = 3_600_000;

void describe('signals', () => {
  void it('round to a sensor resolution without binary artefacts', () => {
    assert.equal(roundTo(0.1 + 0.2, 0.1), 0.3);
    assert.equal(roundTo(3.14159, 0.01), 3.14);
    assert.equal(roundTo(1234.5, 1), 1235);
  });

  void it('revert to the mean with the stated spread', () => {
    const rng = createRng(1);
    const walk = new MeanReverting(2, 60);
    const values = Array.from({ length: 5000 }, () => walk.step(10, 30, rng));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    assert.ok(Math.abs(mean - 10) < 0.3, `mean ${mean}`);
    assert.ok(Math.abs(std - 2) < 0.3, `std ${std}`);
  });

  void it('draw the same numbers for the same seed, per label', () => {
    const draw = (seed: number): number[] => {
      const rng = createRng(seed);
      return [rng.next(), rng.normal(), rng.between(5, 6)];
    };
    assert.deepEqual(draw(deriveSeed(7, 'pump-7')), draw(deriveSeed(7, 'pump-7')));
    assert.notDeepEqual(draw(deriveSeed(7, 'pump-7')), draw(deriveSeed(7, 'pump-8')));
  });

  void it('drift a sensor by 0.3 °C per hour until its 12-hourly recalibration', () => {
    assert.equal(driftOffset(0), 0);
    assert.ok(Math.abs(driftOffset(6 * HOUR_MS) - 1.8) < 1e-9);
    assert.ok(driftOffset(12 * HOUR_MS + 1000) < 0.01);
  });
});
