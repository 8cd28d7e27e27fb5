import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ASSUMED_INTERVAL_MS, freshnessOf } from './freshness';
import type { LivePath } from './twin-values-store';

const path = (sourceTimeMs: number, intervalMs: number | null): LivePath => ({
  value: 1,
  sourceTimeMs,
  receivedMs: sourceTimeMs,
  source: 's',
  kind: 'telemetry',
  intervalMs,
  changeSeq: 0,
});

test('fresh within 3 observed intervals, stale after, missing when never seen', () => {
  assert.equal(freshnessOf(undefined, 0), 'missing');
  assert.equal(freshnessOf(path(0, 5_000), 15_000), 'fresh');
  assert.equal(freshnessOf(path(0, 5_000), 15_001), 'stale');
  assert.equal(freshnessOf(path(0, null), 3 * ASSUMED_INTERVAL_MS), 'fresh');
  assert.equal(freshnessOf(path(0, 100), 1_500), 'fresh', 'fast sensors get a minimum window');
});
