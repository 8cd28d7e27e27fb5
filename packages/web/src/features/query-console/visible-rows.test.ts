import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { visibleRows } from './visible-rows';

void describe('visibleRows', () => {
  test('renders the rows in view plus the overscan', () => {
    assert.deepEqual(visibleRows(0, 300, 30, 10_000, 5), { start: 0, end: 16 });
    assert.deepEqual(visibleRows(3_000, 300, 30, 10_000, 5), { start: 95, end: 116 });
  });

  test('stays within the rows there are', () => {
    assert.deepEqual(visibleRows(299_990, 300, 30, 10_000, 5), { start: 9_994, end: 10_000 });
    assert.deepEqual(visibleRows(0, 300, 30, 3, 5), { start: 0, end: 3 });
    assert.deepEqual(visibleRows(100, 300, 30, 0, 5), { start: 0, end: 0 });
  });
});
