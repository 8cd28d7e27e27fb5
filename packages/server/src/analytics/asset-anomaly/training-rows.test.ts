import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alignRows, thinRows } from './training-rows.js';

describe('alignRows', () => {
  it('holds each property at its latest value and starts once all have one', () => {
    const rows = alignRows([
      { timestamps: [10, 20, 40], values: [1, 2, 4] },
      { timestamps: [15, 20, 30], values: [100, 200, 300] },
    ]);
    assert.deepEqual(
      rows.map((row) => [row.timeMs, ...Array.from(row.values)]),
      [
        [15, 1, 100],
        [20, 2, 200],
        [30, 2, 300],
        [40, 4, 300],
      ],
    );
  });

  it('treats non-numeric values as gaps that keep the last good value', () => {
    const rows = alignRows([
      { timestamps: [1, 2], values: [5, null] },
      { timestamps: [1, 2], values: [7, 8] },
    ]);
    assert.deepEqual(
      rows.map((row) => Array.from(row.values)),
      [
        [5, 7],
        [5, 8],
      ],
    );
  });

  it('gives no rows when a property has no sample', () => {
    assert.deepEqual(
      alignRows([
        { timestamps: [1], values: [1] },
        { timestamps: [], values: [] },
      ]),
      [],
    );
  });
});

describe('thinRows', () => {
  it('keeps the first row of each interval', () => {
    const rows = [0, 400, 1000, 1500, 2100].map((timeMs) => ({ timeMs, values: [timeMs] }));
    assert.deepEqual(
      thinRows(rows, 1000).map((row) => row.timeMs),
      [0, 1000, 2100],
    );
  });
});
