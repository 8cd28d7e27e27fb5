import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { columnWidthsCh } from './column-widths';

void describe('columnWidthsCh', () => {
  test('fits the widest of header and values, within bounds', () => {
    const rows = [{ $dtId: 'room-1-01', n: 1, note: 'y'.repeat(300) }, { $dtId: 'room-10' }];
    assert.deepEqual(columnWidthsCh(['$dtId', 'n', 'note'], rows), [9, 4, 48]);
  });

  test('sizes empty results by their headers', () => {
    assert.deepEqual(columnWidthsCh(['temperature'], []), [11]);
  });
});
