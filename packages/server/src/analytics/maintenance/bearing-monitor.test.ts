import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waveformAt } from '../vibration/degradation-sim.js';
import type { BearingReading } from './bearing-monitor.js';
import { BearingMonitor } from './bearing-monitor.js';

const SAMPLE_RATE_HZ = 12_800;
const HOUR_MS = 3_600_000;

void describe('BearingMonitor', () => {
  void it('learns a healthy baseline, then follows the health down and estimates the remaining life', () => {
    const monitor = new BearingMonitor(25);
    const readings: BearingReading[] = [];
    for (let k = 0; k < 100; k++) {
      readings.push(
        monitor.observe(k * 2.4 * HOUR_MS, Array.from(waveformAt(k / 100, SAMPLE_RATE_HZ, 4_096, k)), SAMPLE_RATE_HZ),
      );
    }
    assert.equal(readings[0]?.healthIndex, undefined, 'learning the baseline first');
    assert.ok((readings[0]?.vibrationRms ?? 0) > 0, 'features from the start');
    const health = readings.map((reading) => reading.healthIndex);
    assert.ok((health[35] ?? 0) > 0.9, `healthy early: ${health[35]}`);
    assert.ok((health[99] ?? 1) < 0.5, `worn late: ${health[99]}`);
    assert.ok((readings[99]?.kurtosis ?? 0) > (readings[0]?.kurtosis ?? Infinity), 'impacts raise the kurtosis');
    const late = readings[75];
    assert.ok(late?.rulP50Hours !== undefined, 'an estimate once the decline shows');
    assert.ok((late.rulP10Hours ?? NaN) <= late.rulP50Hours && late.rulP50Hours <= (late.rulP90Hours ?? NaN));
  });

  void it('refuses a waveform it cannot read, with a message', () => {
    assert.throws(() => new BearingMonitor(25).observe(0, [], SAMPLE_RATE_HZ), /sample/i);
  });
});
