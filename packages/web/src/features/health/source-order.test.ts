import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SourceInfo } from '@doppel/protocol';
import { orderSources } from './source-order';

const source = (id: string, status: SourceInfo['status'], sinceMs: number): SourceInfo => ({
  id,
  status,
  sinceMs,
  lastSeenMs: sinceMs,
  session: true,
  reason: null,
  availability: 1,
});

void describe('orderSources', () => {
  test('puts offline first (longest down first), then disconnected, then online by name', () => {
    const ordered = orderSources([
      source('b', 'online', 1),
      source('gw-2', 'offline', 500),
      source('a', 'online', 9),
      source('plc', 'disconnected', 100),
      source('gw-1', 'offline', 200),
    ]);
    assert.deepEqual(
      ordered.map((each) => each.id),
      ['gw-1', 'gw-2', 'plc', 'a', 'b'],
    );
  });
});
