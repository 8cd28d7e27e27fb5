import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { SegmentLogOptions } from './segment-log-options.js';
import { SegmentLog } from './segment-log.js';
import { parseSegmentFileName } from './segment-file-name.js';

const payload = (i: number, bytes = 100): Uint8Array => {
  const data = Buffer.alloc(bytes, i & 0xff);
  data.writeUInt32LE(i, 0);
  return data;
};

void describe('SegmentLog segments', () => {
  let dir = '';
  const logs: SegmentLog[] = [];

  async function openLog(options: Omit<SegmentLogOptions, 'dir'> = {}): Promise<SegmentLog> {
    const log = new SegmentLog({ dir, segmentBytesMax: 1_080, indexEveryRecords: 3, readChunkBytes: 256, ...options });
    await log.open();
    logs.push(log);
    return log;
  }

  async function offsetsFrom(log: SegmentLog, from: number): Promise<number[]> {
    const offsets: number[] = [];
    for await (const batch of log.read(from, { batchRecordsMax: 7 })) {
      for (const view of batch) {
        assert.equal(Buffer.from(view.payload).readUInt32LE(0), view.offset, `payload of ${view.offset}`);
        offsets.push(view.offset);
      }
    }
    return offsets;
  }

  const segmentFiles = (): string[] =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.log'))
      .sort();

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'doppel-segment-log-'));
  });

  afterEach(async () => {
    for (const log of logs.splice(0)) await log.close().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  });

  void it('rolls over before a segment would pass segmentBytesMax, naming files by first offset', async () => {
    const log = await openLog();
    // 108-byte frames: 10 per 1,080-byte segment.
    for (let i = 0; i < 95; i += 5) await log.append([0, 1, 2, 3, 4].map((j) => payload(i + j)));
    assert.deepEqual(segmentFiles().map(parseSegmentFileName), [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    for (const name of segmentFiles().slice(0, -1)) assert.equal(statSync(join(dir, name)).size, 1_080);
    assert.equal(log.stats().segments, 10);
    assert.equal(log.stats().bytes, 95 * 108);
  });

  void it('splits one append across segments and reads from every offset', async () => {
    const log = await openLog();
    await log.append(Array.from({ length: 57 }, (_, i) => payload(i)));
    assert.equal(segmentFiles().length, 6);
    for (let from = 0; from <= 57; from += 1) {
      assert.deepEqual(
        await offsetsFrom(log, from),
        Array.from({ length: 57 - from }, (_, i) => from + i),
      );
    }
  });

  void it('gives a record larger than segmentBytesMax a segment of its own', async () => {
    const log = await openLog();
    await log.append([payload(0), payload(1, 5_000), payload(2)]);
    assert.deepEqual(segmentFiles().map(parseSegmentFileName), [0, 1, 2]);
    assert.deepEqual(await offsetsFrom(log, 0), [0, 1, 2]);
  });

  void it('rebuilds segments and the sparse index on reopen', async () => {
    let log = await openLog();
    for (let i = 0; i < 200; i += 1) await log.append([payload(i)]);
    await log.close();
    log = await openLog();
    assert.equal(log.nextOffset(), 200);
    assert.deepEqual(
      await offsetsFrom(log, 133),
      Array.from({ length: 67 }, (_, i) => 133 + i),
    );
    await log.append([payload(200)]);
    assert.deepEqual(await offsetsFrom(log, 195), [195, 196, 197, 198, 199, 200]);
  });

  void it('deletes whole segments below the truncation point, never the tail', async () => {
    const log = await openLog();
    await log.append(Array.from({ length: 45 }, (_, i) => payload(i)));
    await log.truncateBefore(25);
    assert.deepEqual(segmentFiles().map(parseSegmentFileName), [20, 30, 40]);
    assert.equal(log.firstOffset(), 20);
    await log.truncateBefore(1_000);
    assert.deepEqual(segmentFiles().map(parseSegmentFileName), [40]);
    assert.deepEqual(await offsetsFrom(log, 40), [40, 41, 42, 43, 44]);
  });

  void it('refuses records above recordBytesMax without consuming offsets', async () => {
    const log = await openLog({ recordBytesMax: 1_000 });
    await assert.rejects(log.append([payload(0), payload(1, 1_001)]), { reason: 'log.record-too-large' });
    assert.equal(log.nextOffset(), 0);
    assert.equal(await log.append([payload(0, 1_000)]), 0);
  });
});
