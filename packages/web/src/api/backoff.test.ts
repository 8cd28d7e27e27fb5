import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelayMs } from './backoff';

test('doubles from the initial delay up to the cap, jitter only shortens it', () => {
  const policy = { initialMs: 500, maxMs: 30_000, jitterRatio: 0.5 };
  assert.deepEqual(
    [0, 1, 2, 10].map((attempt) => backoffDelayMs(policy, attempt, 0)),
    [500, 1_000, 2_000, 30_000],
  );
  assert.equal(backoffDelayMs(policy, 0, 0.999), 250);
});
