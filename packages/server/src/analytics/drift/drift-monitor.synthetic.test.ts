import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32 } from '../seeded-random.js';
import { DEFAULT_DRIFT_MONITOR_OPTIONS } from './drift-monitor-options.js';
import { discreteValues, normalValues, RecordingMonitor } from './drift-test-helpers.js';
import { ReferenceDistribution } from './reference-distribution.js';

/**
 * Drift on synthetic inputs with the default options (window 500, a check every 100 values from
 * 200 on, drift at PSI 0.25, recovery under 0.1). The continuous input is 20 ± 2 (a temperature,
 * say) in training.
 */
const { windowSize, checkEvery } = DEFAULT_DRIFT_MONITOR_OPTIONS;
const DETECTION_MAX = windowSize + checkEvery;
const TRAINING = ReferenceDistribution.fromSample(normalValues(mulberry32(100), 2_000, 20, 2));

/** Feeds values one by one; the index (from 0) of the value at which an event of `kind` came, if any. */
function firstEvent(recording: RecordingMonitor, values: number[], kind: 'drifted' | 'recovered'): number | undefined {
  const startMs = recording.nowMs;
  const before = recording.events.length;
  recording.feed('asset-1', 'signal', values);
  const event = recording.events.slice(before).find((candidate) => candidate.kind === kind);
  return event === undefined ? undefined : event.atMs - startMs;
}

void describe('DriftMonitor on synthetic data', () => {
  void it('raises nothing over 10,000 values of the training distribution (5 seeds)', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const recording = new RecordingMonitor();
      recording.monitor.watch('asset-1', { signal: TRAINING });
      recording.feed('asset-1', 'signal', normalValues(mulberry32(seed), 10_000, 20, 2));
      assert.deepEqual(recording.events, [], `seed ${seed}`);
      const [view] = recording.monitor.view('asset-1');
      assert.equal(view?.state, 'stable');
      // Sampling noise alone: about 0.02 on average, 0.11 the most seen over 8 seeds × 98 checks.
      assert.ok(view?.psi !== undefined && view.psi < 0.125, `seed ${seed}: PSI ${view?.psi}`);
    }
  });

  void it('drifts within a window and a check after a 1σ mean shift, and recovers when it ends', () => {
    for (const seed of [1, 2, 3]) {
      const random = mulberry32(seed);
      const recording = new RecordingMonitor();
      recording.monitor.watch('asset-1', { signal: TRAINING });
      assert.equal(firstEvent(recording, normalValues(random, 1_000, 20, 2), 'drifted'), undefined);
      const drifted = firstEvent(recording, normalValues(random, DETECTION_MAX, 22, 2), 'drifted');
      assert.ok(drifted !== undefined && drifted < DETECTION_MAX, `seed ${seed}: drifted after ${drifted}`);
      const event = recording.events[0];
      assert.ok(event !== undefined && event.psi >= 0.25 && event.ks > 0.1);
      assert.ok(Math.abs(event.referenceMean - 20) < 0.2 && event.liveMean > 21, `live mean ${event.liveMean}`);
      recording.feed('asset-1', 'signal', normalValues(random, 500, 22, 2));
      const recovered = firstEvent(recording, normalValues(random, DETECTION_MAX, 20, 2), 'recovered');
      assert.ok(recovered !== undefined && recovered < DETECTION_MAX, `seed ${seed}: recovered after ${recovered}`);
      assert.deepEqual(
        recording.events.map(({ kind }) => kind),
        ['drifted', 'recovered'],
      );
    }
  });

  void it('drifts when the spread triples at the same mean', () => {
    for (const seed of [1, 2, 3]) {
      const random = mulberry32(seed);
      const recording = new RecordingMonitor();
      recording.monitor.watch('asset-1', { signal: TRAINING });
      recording.feed('asset-1', 'signal', normalValues(random, 1_000, 20, 2));
      const drifted = firstEvent(recording, normalValues(random, DETECTION_MAX, 20, 6), 'drifted');
      assert.ok(drifted !== undefined && drifted < DETECTION_MAX, `seed ${seed}: drifted after ${drifted}`);
    }
  });

  void it('works on discrete inputs with few distinct values', () => {
    const stages = [0, 1, 2, 3];
    const usual = [0.4, 0.3, 0.2, 0.1];
    const reference = ReferenceDistribution.fromSample(discreteValues(mulberry32(100), 1_000, stages, usual));
    assert.deepEqual(reference.edges, Float64Array.of(0, 1, 2));
    for (const seed of [1, 2, 3]) {
      const random = mulberry32(seed);
      const recording = new RecordingMonitor();
      recording.monitor.watch('asset-1', { signal: reference });
      assert.equal(firstEvent(recording, discreteValues(random, 10_000, stages, usual), 'drifted'), undefined);
      const reversed = discreteValues(random, DETECTION_MAX, stages, [0.1, 0.2, 0.3, 0.4]);
      const drifted = firstEvent(recording, reversed, 'drifted');
      assert.ok(drifted !== undefined && drifted < DETECTION_MAX, `seed ${seed}: drifted after ${drifted}`);
    }
  });

  void it('drifts when a constant input of training starts to move, either way', () => {
    const reference = ReferenceDistribution.fromSample(Array<number>(100).fill(50));
    for (const moved of [49.5, 50.5]) {
      const recording = new RecordingMonitor();
      recording.monitor.watch('asset-1', { signal: reference });
      assert.equal(firstEvent(recording, Array<number>(1_000).fill(50), 'drifted'), undefined);
      const values = Array.from({ length: DETECTION_MAX }, (_, i) => (i % 2 === 0 ? moved : 50));
      assert.ok(firstEvent(recording, values, 'drifted') !== undefined, `moved to ${moved}`);
    }
  });
});
