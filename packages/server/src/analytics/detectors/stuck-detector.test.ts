import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gaussian, mulberry32 } from '../seeded-random.js';
import { StuckDetector } from './stuck-detector.js';
import type { StuckTransition } from './stuck-detector.js';

const MINUTE_MS = 60_000;

/** Feeds values one a minute from t = 0 and collects the transitions. */
function run(values: readonly number[], detector = new StuckDetector()): StuckTransition[] {
  return values.flatMap((value, i) => detector.observe(i * MINUTE_MS, value) ?? []);
}

const noisy = (count: number, seed = 5): number[] => {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => 20 + 0.2 * gaussian(random));
};

void describe('StuckDetector', () => {
  void it('starts after minRepeats samples and minDurationMs, reports the run start, clears on variation', () => {
    const before = noisy(100);
    const frozen = before[99] as number;
    const values = [...before, ...Array.from({ length: 39 }, () => frozen), 20.3, 19.8];
    const transitions = run(values);
    assert.equal(transitions.length, 2);
    // The run starts at the last good reading (t = 99 min); 15 min later it is stuck (16 samples).
    assert.deepEqual(transitions[0], {
      transition: 'start',
      runStartMs: 99 * MINUTE_MS,
      count: 16,
      timestampMs: 114 * MINUTE_MS,
      value: frozen,
    });
    assert.deepEqual(transitions[1], {
      transition: 'clear',
      runStartMs: 99 * MINUTE_MS,
      count: 40,
      timestampMs: 139 * MINUTE_MS,
      value: frozen,
    });
  });

  void it('flags a run as suspect once it is twice the typical length, before calling it stuck', () => {
    const detector = new StuckDetector();
    run([...noisy(50), 4, 4], detector);
    assert.ok(!detector.isRepeating);
    detector.observe(52 * MINUTE_MS, 4);
    assert.ok(detector.isRepeating && !detector.isStuck);
  });

  void it('needs both the repeat count and the duration', () => {
    const fast = new StuckDetector({ minRepeats: 10, minDurationMs: 60 * MINUTE_MS });
    const values = [...noisy(50), ...Array.from({ length: 40 }, () => 7)];
    assert.deepEqual(run(values, fast), []);
    assert.equal(
      run(
        [...noisy(50), ...Array.from({ length: 70 }, () => 7)],
        new StuckDetector({ minDurationMs: 60 * MINUTE_MS }),
      )[0]?.count,
      61,
    );
  });

  void it('never calls a setpoint stuck that never varied, nor one that changed only once', () => {
    const detector = new StuckDetector();
    assert.deepEqual(
      run(
        Array.from({ length: 2_000 }, () => 21.5),
        detector,
      ),
      [],
    );
    assert.ok(!detector.isRepeating, 'a constant series is not suspect either');
    const changedOnce = [...Array.from({ length: 500 }, () => 21.5), ...Array.from({ length: 2_000 }, () => 22)];
    assert.deepEqual(run(changedOnce), []);
  });

  void it('allows a coarse sensor its usual runs, but not ten times longer ones', () => {
    // A 0.5-resolution sensor that changes every 3 samples: runs of 12 are 4× typical, runs of 40 are stuck.
    const stepped = (runs: number, length: number): number[] =>
      Array.from({ length: runs * length }, (_, i) => 20 + 0.5 * (Math.floor(i / length) % 2));
    assert.deepEqual(run([...stepped(40, 3), ...Array.from({ length: 12 }, () => 19)]), []);
    assert.equal(run([...stepped(40, 3), ...Array.from({ length: 40 }, () => 19)])[0]?.count, 30);
  });

  void it('treats values within the tolerance as repeats', () => {
    const jitter = Array.from({ length: 30 }, (_, i) => 5 + (i % 2 === 0 ? 0.004 : -0.004));
    const exact = run([...noisy(50), ...jitter]);
    assert.deepEqual(exact, []);
    const tolerant = run([...noisy(50), ...jitter], new StuckDetector({ absoluteTolerance: 0.01 }));
    assert.equal(tolerant[0]?.transition, 'start');
    const relative = run([...noisy(50), ...jitter], new StuckDetector({ relativeTolerance: 0.002 }));
    assert.equal(relative[0]?.transition, 'start');
  });
});
