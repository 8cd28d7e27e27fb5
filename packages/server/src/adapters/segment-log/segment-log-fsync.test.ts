import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { FsyncPolicy } from '../../log/event-log.js';
import type { SegmentLogOptions } from './segment-log-options.js';
import { SegmentLog } from './segment-log.js';

const payload = (): Uint8Array => Buffer.alloc(64, 1);

void describe('SegmentLog fsync policies and group commit', () => {
  let dir = '';
  const logs: SegmentLog[] = [];

  async function openLog(fsync: FsyncPolicy, options: Omit<SegmentLogOptions, 'dir'> = {}): Promise<SegmentLog> {
    const log = new SegmentLog({ dir, fsync, ...options });
    await log.open();
    logs.push(log);
    return log;
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'doppel-segment-log-'));
  });

  afterEach(async () => {
    for (const log of logs.splice(0)) await log.close().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  });

  void it("'always' syncs every group before acknowledging it", async () => {
    const log = await openLog('always');
    for (let i = 0; i < 5; i += 1) await log.append([payload()]);
    const { groupCommits, fsyncs } = log.stats();
    assert.equal(groupCommits, 5);
    assert.ok(fsyncs >= groupCommits, `${fsyncs} fsyncs for ${groupCommits} groups`);
  });

  void it('commits concurrent appends as one group', async () => {
    const log = await openLog('always');
    const appended = Array.from({ length: 100 }, () => log.append([payload()]));
    assert.ok(log.pendingBytes() > 0);
    await Promise.all(appended);
    assert.equal(log.pendingBytes(), 0);
    assert.equal(log.stats().groupCommits, 1);
    assert.equal(log.stats().fsyncs, 1);
  });

  void it('commits a group at once when it reaches groupCommitBytesMax, and fills the next one meanwhile', async () => {
    const log = await openLog('always', { groupCommitIntervalMs: 10_000, groupCommitBytesMax: 720 });
    // 72-byte frames: every 10 appends fill a group; the 10 s interval would otherwise hold them.
    const appended = Array.from({ length: 30 }, () => log.append([payload()]));
    await Promise.all(appended);
    assert.equal(log.stats().groupCommits, 3);
  });

  void it("'never' does not sync before close", async () => {
    const log = await openLog('never');
    for (let i = 0; i < 5; i += 1) await log.append([payload()]);
    assert.equal(log.stats().fsyncs, 0);
    assert.equal(log.stats().groupCommits, 5);
  });

  void it("'interval' acknowledges after write and syncs in the background", async () => {
    const log = await openLog('interval', { fsyncIntervalMs: 20 });
    await log.append([payload()]);
    assert.equal(log.stats().fsyncs, 0);
    await sleep(80);
    assert.ok(log.stats().fsyncs >= 1);
    const fsyncs = log.stats().fsyncs;
    await sleep(60); // nothing new written: nothing to sync
    assert.equal(log.stats().fsyncs, fsyncs);
  });
});
