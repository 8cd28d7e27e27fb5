import assert from 'node:assert/strict';
import { it } from 'node:test';
import { replayMaxPoints, valueAt } from './replay-series';

void it('gives the value at a moment, stale when the last sample is too old', () => {
  const series = { twinId: 't', path: 'temperature', timestamps: [1_000, 2_000, 10_000], values: [20, 21, 25] };
  assert.equal(valueAt(series, 500, 5_000), undefined, 'before the first sample');
  assert.deepEqual(valueAt(series, 2_500, 5_000), { value: 21, sourceTimeMs: 2_000, stale: false });
  assert.deepEqual(valueAt(series, 9_000, 5_000), { value: 21, sourceTimeMs: 2_000, stale: true });
  assert.deepEqual(valueAt(series, 10_000, 5_000), { value: 25, sourceTimeMs: 10_000, stale: false });
  assert.equal(replayMaxPoints(0, 3_600_000), 360);
  assert.equal(replayMaxPoints(0, 86_400_000), 2_000);
});
