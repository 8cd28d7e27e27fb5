import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waveformAt } from '@doppel/sim';
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

  void it('starts the remaining-life trend over when a worn bearing reads healthy again (replaced)', () => {
    const monitor = new BearingMonitor(25);
    const observe = (k: number, life: number): BearingReading =>
      monitor.observe(k * 60_000, Array.from(waveformAt(life, SAMPLE_RATE_HZ, 2_048, k)), SAMPLE_RATE_HZ);
    const readings: BearingReading[] = [];
    for (let k = 0; k < 120; k++) readings.push(observe(k, k / 100)); // worn out at k = 100, then failed
    const failed = readings.at(-1);
    assert.ok((failed?.healthIndex ?? 1) < 0.5 && failed?.rulP10Hours === 0, JSON.stringify(failed));
    // A new bearing: healthy at once, and no remaining life fitted across the old one's decline.
    for (let k = 120; k < 160; k++) {
      const reading = observe(k, (k - 120) / 100);
      assert.ok((reading.healthIndex ?? 0) > 0.9, `health ${reading.healthIndex} at ${k}`);
      assert.equal(reading.rulP10Hours, undefined, `RUL ${reading.rulP10Hours} at ${k}`);
    }
    // Its own decline gets its own estimate, well before it fails (at k = 220).
    let warnedAt: number | undefined;
    for (let k = 160; k < 220 && warnedAt === undefined; k++) {
      if ((observe(k, (k - 120) / 100).rulP10Hours ?? Infinity) < 0.5) warnedAt = k;
    }
    assert.ok(warnedAt !== undefined && warnedAt < 200, `warned at ${warnedAt}`);
  });

  void it('refuses a waveform it cannot read, with a message', () => {
    assert.throws(() => new BearingMonitor(25).observe(0, [], SAMPLE_RATE_HZ), /sample/i);
  });
});
