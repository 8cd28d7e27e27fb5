import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BEARING_6205 } from '@doppel/sim';
import { bearingBands } from './bearing-bands.js';

function near(actual: number, expected: number, absolute: number): void {
  assert.ok(Math.abs(actual - expected) <= absolute, `${actual} is not within ${absolute} of ${expected}`);
}

void describe('bearingBands', () => {
  void it('puts a ±5 % band around each line, at least ±2 Hz, plus 1× and high frequency', () => {
    const bands = bearingBands(1797 / 60, BEARING_6205);
    assert.deepEqual(
      bands.map((band) => band.name),
      ['shaft1x', 'ftf', 'bpfo', 'bpfi', 'bsf', 'highFrequency'],
    );
    const byName = new Map(bands.map((band) => [band.name, band]));
    near(byName.get('bpfo')?.fromHz ?? 0, 107.364 * 0.95, 0.001);
    near(byName.get('bpfo')?.toHz ?? 0, 107.364 * 1.05, 0.001);
    near(byName.get('ftf')?.fromHz ?? 0, 11.929 - 2, 0.001); // 5 % of 11.9 Hz is below the 2 Hz floor
    assert.deepEqual(byName.get('highFrequency'), { name: 'highFrequency', fromHz: 2_000, toHz: 10_000 });
  });

  void it('takes options and checks them', () => {
    const bands = bearingBands(25, BEARING_6205, { relativeWidth: 0.1, halfWidthMinHz: 0 });
    near(bands[0]?.fromHz ?? 0, 22.5, 1e-9);
    assert.throws(() => bearingBands(25, BEARING_6205, { relativeWidth: 0 }), /relativeWidth/);
    assert.throws(
      () => bearingBands(25, BEARING_6205, { highFrequencyFromHz: 5_000, highFrequencyToHz: 4_000 }),
      /highFrequency/,
    );
  });
});
