import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DriftDetector } from './drift-detector.js';
import type { DriftAlarm } from './drift-detector.js';
import { gaussian, mulberry32 } from '../seeded-random.js';

const MINUTE_MS = 60_000;

/** Feeds z-scores one a minute and collects the alarms with their sample index. */
function run(zs: readonly number[], detector = new DriftDetector()): Array<DriftAlarm & { index: number }> {
  return zs.flatMap((z, index) => {
    const alarm = detector.observe(index * MINUTE_MS, z);
    return alarm === undefined ? [] : [{ ...alarm, index }];
  });
}

const noise = (count: number, seed = 9): number[] => {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => gaussian(random));
};

void describe('DriftDetector', () => {
  void it('never alarms on a lasting offset below the allowance k', () => {
    assert.deepEqual(run(Array.from({ length: 10_000 }, () => 0.45)), []);
  });

  void it('stays quiet on in-control noise (fixed seed)', () => {
    assert.deepEqual(run(noise(1_000)), []);
  });

  void it('detects a ramp within a bounded delay', () => {
    // z grows by 0.05 per sample from sample 200: Σ(0.05·n − 0.5) passes h = 12 after ~35 samples.
    const zs = noise(600).map((z, i) => z + Math.max(0, i - 200) * 0.05);
    const alarms = run(zs);
    const first = alarms[0];
    assert.ok(first !== undefined);
    assert.equal(first.direction, 'up');
    assert.ok(first.index > 200 && first.index <= 200 + 50, `alarm at ${first.index}`);
    assert.ok(first.sinceMs >= 190 * MINUTE_MS, `since ${first.sinceMs / MINUTE_MS}`);
  });

  void it('detects a downward step within a few samples and raises one alarm per episode', () => {
    const zs = [...noise(300), ...noise(200, 4).map((z) => z - 2.5)];
    const alarms = run(zs);
    assert.equal(alarms.length, 1);
    assert.equal(alarms[0]?.direction, 'down');
    assert.ok((alarms[0]?.index ?? 0) - 300 <= 12);
  });

  void it('rearms once the shift is over, and alarms again on the next one', () => {
    const zs = [
      ...noise(200),
      ...Array.from({ length: 100 }, () => 2.5),
      ...noise(200, 2),
      ...Array.from({ length: 50 }, () => 2.5),
    ];
    const detector = new DriftDetector();
    const alarms = run(zs, detector);
    assert.deepEqual(
      alarms.map((alarm) => alarm.direction),
      ['up', 'up'],
    );
    assert.ok((alarms[1]?.index ?? 0) >= 500);
  });

  void it('does not alarm on a single huge spike (z is clipped)', () => {
    const zs = noise(400);
    zs[200] = 80;
    assert.deepEqual(run(zs), []);
  });

  void it('resets after an alarm: the sums restart from zero', () => {
    const detector = new DriftDetector({ referenceAlpha: 0, thresholdH: 8 });
    const alarms = run([3, 3, 3, 3], detector);
    assert.equal(alarms.length, 1);
    assert.equal(alarms[0]?.score, 10);
    assert.ok(detector.isAlarmed);
    detector.reset();
    assert.ok(!detector.isAlarmed);
    assert.equal(run([3, 3, 3], detector).length, 0);
  });
});
