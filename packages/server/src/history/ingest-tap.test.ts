import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EpochMs } from '@doppel/core';
import type { TappedEntry } from './ingest-tap.js';
import { IngestTap } from './ingest-tap.js';

const entry = (offset: number, rows = 1): TappedEntry => ({
  offset,
  twinId: 't',
  rows: Array.from({ length: rows }, (_, i) => ({ ts: (offset * 10 + i) as EpochMs, values: { x: i } })),
});

function takeAll(tap: IngestTap, from: number, end: number, rowsMax: number): { next: number; offsets: number[] } {
  const offsets: number[] = [];
  const next = tap.take(from, end, rowsMax, (taken) => offsets.push(taken.offset));
  return { next, offsets };
}

void describe('IngestTap', () => {
  void it('hands over a contiguous run, bounded by the end offset and by rows', () => {
    const tap = new IngestTap(100);
    for (let offset = 5; offset < 10; offset++) tap.offer(entry(offset, 2));
    assert.equal(tap.firstOffset(), 5);
    assert.deepEqual(takeAll(tap, 5, 100, 3), { next: 7, offsets: [5, 6] });
    assert.deepEqual(takeAll(tap, 7, 9, 100), { next: 9, offsets: [7, 8] });
    assert.equal(tap.firstOffset(), 9);
  });

  void it('takes nothing from an offset it does not start at', () => {
    const tap = new IngestTap(100);
    tap.offer(entry(5));
    assert.deepEqual(takeAll(tap, 4, 100, 100), { next: 4, offsets: [] });
  });

  void it('forgets what the log path already consumed', () => {
    const tap = new IngestTap(100);
    for (let offset = 0; offset < 5; offset++) tap.offer(entry(offset));
    tap.discardBefore(3);
    assert.equal(tap.firstOffset(), 3);
    tap.discardBefore(10);
    assert.equal(tap.firstOffset(), undefined);
  });

  void it('starts a new run at a gap, and when the consumer is too far behind', () => {
    const tap = new IngestTap(3);
    tap.offer(entry(0));
    tap.offer(entry(2));
    assert.equal(tap.firstOffset(), 2);
    tap.offer(entry(3));
    tap.offer(entry(4));
    // 4 rows held would exceed 3: the run restarts at 5, the log covers 2–4.
    tap.offer(entry(5));
    assert.equal(tap.firstOffset(), 5);
  });
});
