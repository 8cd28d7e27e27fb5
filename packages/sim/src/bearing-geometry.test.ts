import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BEARING_6205, bearingDefectFrequencies } from './bearing-geometry.js';

function near(actual: number, expected: number, absolute: number): void {
  assert.ok(Math.abs(actual - expected) <= absolute, `${actual} is not within ${absolute} of ${expected}`);
}

void describe('bearingDefectFrequencies', () => {
  void it('matches a worked example: SKF 6205 at 1797 rpm (the CWRU test rig)', () => {
    // fr = 1797 / 60 = 29.95 Hz; n = 9; r = (d/D)·cos 0 = 7.94 / 39.04 = 0.203381
    // FTF  = fr/2 · (1 − r)            = 14.975 · 0.796619           = 11.929 Hz (0.3983 × fr)
    // BPFO = n·fr/2 · (1 − r)          = 134.775 · 0.796619          = 107.364 Hz (3.5848 × fr)
    // BPFI = n·fr/2 · (1 + r)          = 134.775 · 1.203381          = 162.186 Hz (5.4152 × fr)
    // BSF  = D/(2d) · fr · (1 − r²)    = 2.458438 · 29.95 · 0.958636 = 70.585 Hz (2.3567 × fr)
    // CWRU publishes 3.5848, 5.4152, 0.39828 and 4.7135 × fr; its BSF counts both races (2 × 2.3567).
    const frequencies = bearingDefectFrequencies(1797 / 60, BEARING_6205);
    near(frequencies.ftfHz, 11.929, 0.001);
    near(frequencies.bpfoHz, 107.364, 0.001);
    near(frequencies.bpfiHz, 162.186, 0.001);
    near(frequencies.bsfHz, 70.585, 0.001);
  });

  void it('applies the contact angle: 12 balls, d = 10 mm, D = 50 mm, 40°, 3000 rpm', () => {
    // r = 0.2 · cos 40° = 0.153209; BPFO = 6 · 50 · 0.846791 = 254.037 Hz; BPFI = 300 · 1.153209 = 345.963 Hz
    // FTF = 25 · 0.846791 = 21.170 Hz; BSF = 2.5 · 50 · (1 − 0.023473) = 122.066 Hz
    const geometry = { ballCount: 12, ballDiameterMm: 10, pitchDiameterMm: 50, contactAngleDeg: 40 };
    const frequencies = bearingDefectFrequencies(50, geometry);
    near(frequencies.bpfoHz, 254.037, 0.001);
    near(frequencies.bpfiHz, 345.963, 0.001);
    near(frequencies.ftfHz, 21.17, 0.001);
    near(frequencies.bsfHz, 122.066, 0.001);
  });

  void it('rejects impossible geometry and speed', () => {
    assert.throws(() => bearingDefectFrequencies(0, BEARING_6205), /shaftHz/);
    assert.throws(() => bearingDefectFrequencies(25, { ...BEARING_6205, ballCount: 8.5 }), /ballCount/);
    assert.throws(() => bearingDefectFrequencies(25, { ...BEARING_6205, ballDiameterMm: 40 }), /ballDiameterMm/);
    assert.throws(() => bearingDefectFrequencies(25, { ...BEARING_6205, contactAngleDeg: 90 }), /contactAngleDeg/);
  });
});
