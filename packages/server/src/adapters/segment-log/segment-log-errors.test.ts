import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { isEventLogError } from '../../log/event-log-error.js';
import type { SegmentIo } from './segment-io.js';
import { nodeSegmentIo } from './segment-io.js';
import type { SegmentLogOptions } from './segment-log-options.js';
import { SegmentLog } from './segment-log.js';

const payload = (i: number): Uint8Array => Buffer.from(`record-${String(i).padStart(4, '0')}`);

function ioError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

/** Real file operations, except that the next write stores half its data and then fails. */
function failingWrites(): SegmentIo & { failNextWrite: () => void } {
  let fail = false;
  return {
    ...nodeSegmentIo,
    failNextWrite: () => (fail = true),
    async writeAll(fd, data, position) {
      if (!fail) return nodeSegmentIo.writeAll(fd, data, position);
      fail = false;
      await nodeSegmentIo.writeAll(fd, data.subarray(0, data.byteLength >> 1), position);
      throw ioError('ENOSPC');
    },
  };
}

void describe('SegmentLog I/O errors', () => {
  let dir = '';
  const logs: SegmentLog[] = [];

  async function openLog(options: Omit<SegmentLogOptions, 'dir'> = {}): Promise<SegmentLog> {
    const log = new SegmentLog({ dir, ...options });
    await log.open();
    logs.push(log);
    return log;
  }

  async function texts(log: SegmentLog): Promise<string[]> {
    const seen: string[] = [];
    for await (const batch of log.read(log.firstOffset()))
      seen.push(...batch.map((view) => Buffer.from(view.payload).toString()));
    return seen;
  }

  const expected = (count: number): string[] =>
    Array.from({ length: count }, (_, i) => Buffer.from(payload(i)).toString());

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'doppel-segment-log-'));
  });

  afterEach(async () => {
    for (const log of logs.splice(0)) await log.close().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  });

  void it('rejects the appends of a failed write, gives their offsets back and keeps working', async () => {
    const io = failingWrites();
    const log = await openLog({ io });
    await log.append(Array.from({ length: 10 }, (_, i) => payload(i)));
    io.failNextWrite();
    const failed = [log.append([payload(10)]), log.append([payload(11), payload(12)]), log.append([])];
    for (const append of failed) {
      await assert.rejects(append, (error) => isEventLogError(error, 'log.write-failed'));
    }
    assert.equal(log.nextOffset(), 10);
    assert.equal(log.pendingBytes(), 0);
    assert.equal(await log.append([payload(10)]), 10);
    assert.deepEqual(await texts(log), expected(11));
    await log.close();
    const reopened = await openLog();
    assert.equal(reopened.nextOffset(), 11);
    assert.deepEqual(await texts(reopened), expected(11));
  });

  void it('removes a segment created by a failed write', async () => {
    const io = failingWrites();
    const log = await openLog({ io, segmentBytesMax: 100 });
    await log.append([payload(0), payload(1), payload(2), payload(3)]); // 19-byte frames: 5 fit per segment
    io.failNextWrite();
    await assert.rejects(log.append([payload(4), payload(5)]), { reason: 'log.write-failed' });
    assert.deepEqual(readdirSync(dir), ['00000000000000000000.log']);
    await log.append([payload(4), payload(5)]);
    assert.deepEqual(readdirSync(dir).sort(), ['00000000000000000000.log', '00000000000000000005.log']);
    assert.deepEqual(await texts(log), expected(6));
  });

  void it('refuses appends after a failed fdatasync, until reopened', async () => {
    let failSync = false;
    const io: SegmentIo = {
      ...nodeSegmentIo,
      fdatasync: (fd) => (failSync ? Promise.reject(ioError('EIO')) : nodeSegmentIo.fdatasync(fd)),
    };
    const log = await openLog({ io });
    await log.append([payload(0)]);
    failSync = true;
    await assert.rejects(log.append([payload(1)]), { reason: 'log.sync-failed' });
    failSync = false;
    await assert.rejects(log.append([payload(1)]), { reason: 'log.sync-failed' });
    await log.close();
    const reopened = await openLog();
    // The unsynced record may or may not survive; it was never acknowledged.
    assert.ok(reopened.nextOffset() >= 1);
    assert.equal((await texts(reopened))[0], 'record-0000');
  });

  void it('rejects appends before open and after close', async () => {
    const log = new SegmentLog({ dir });
    await assert.rejects(log.append([payload(0)]), { reason: 'log.closed' });
    await log.open();
    await log.close();
    await assert.rejects(log.append([payload(0)]), { reason: 'log.closed' });
    await log.close(); // idempotent
  });
});
