import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClientRateLimiter } from './client-rate-limiter.js';

void describe('ClientRateLimiter', () => {
  void it('lets messages through up to the per-second message budget, then asks to wait for the window end', () => {
    const limiter = new ClientRateLimiter({ messagesPerSecondMax: 3, bytesPerSecondMax: 1_000_000 });
    assert.equal(limiter.delayMs('a', 10, 10_000), 0);
    assert.equal(limiter.delayMs('a', 10, 10_100), 0);
    assert.equal(limiter.delayMs('a', 10, 10_200), 0);
    assert.equal(limiter.delayMs('a', 10, 10_400), 600);
  });

  void it('holds back a client over its byte budget', () => {
    const limiter = new ClientRateLimiter({ messagesPerSecondMax: 1_000, bytesPerSecondMax: 100 });
    assert.equal(limiter.delayMs('a', 60, 0), 0);
    assert.equal(limiter.delayMs('a', 60, 250), 750);
  });

  void it('starts a new window after one second', () => {
    const limiter = new ClientRateLimiter({ messagesPerSecondMax: 1, bytesPerSecondMax: 1_000 });
    assert.equal(limiter.delayMs('a', 1, 0), 0);
    assert.equal(limiter.delayMs('a', 1, 999), 1);
    assert.equal(limiter.delayMs('a', 1, 1_000), 0);
  });

  void it('keeps a budget per client', () => {
    const limiter = new ClientRateLimiter({ messagesPerSecondMax: 1, bytesPerSecondMax: 1_000 });
    assert.equal(limiter.delayMs('a', 1, 0), 0);
    assert.equal(limiter.delayMs('b', 1, 0), 0);
    assert.ok(limiter.delayMs('a', 1, 1) > 0);
  });

  void it('forgets idle clients when sweeping, and they start afresh', () => {
    const limiter = new ClientRateLimiter({ messagesPerSecondMax: 1, bytesPerSecondMax: 1_000 });
    assert.equal(limiter.delayMs('a', 1, 0), 0);
    assert.equal(limiter.delayMs('b', 1, 10_000), 0);
    assert.equal(limiter.delayMs('a', 1, 10_001), 0);
  });
});
