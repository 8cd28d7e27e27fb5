import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatAge } from './format-age';

test('ages read as short, calm text', () => {
  assert.deepEqual([-500, 999, 2_400, 61_000, 3 * 3_600_000, 72 * 3_600_000, -10_000].map(formatAge), [
    'just now',
    'just now',
    '2 s ago',
    '1 min ago',
    '3 h ago',
    '3 d ago',
    'in 10 s',
  ]);
});
