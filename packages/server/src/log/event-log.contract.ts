import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { EventLog, LogOffset, LogRecordView, ReadOptions } from './event-log.js';
import { isEventLogError } from './event-log-error.js';

export interface EventLogCapabilities {
  /** Data survives `close` and a new instance over the same directory (reopen). */
  readonly durable: boolean;
}

/**
 * The behaviour every `EventLog` adapter must show (STYLE.md 3). `make(dir)` returns a new,
 * not yet opened log over `dir`; calling it again with the same `dir` reopens that log.
 */
export function describeEventLogContract(
  name: string,
  make: (dir: string) => Promise<EventLog>,
  capabilities: EventLogCapabilities,
): void {
  void describe(`EventLog contract: ${name}`, () => {
    let dir = '';
    const opened: EventLog[] = [];

    async function openLog(): Promise<EventLog> {
      const log = await make(dir);
      await log.open();
      opened.push(log);
      return log;
    }

    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'doppel-event-log-'));
    });

    afterEach(async () => {
      for (const log of opened.splice(0)) await log.close().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    });

    void it('starts empty', async () => {
      const log = await openLog();
      assert.equal(log.nextOffset(), 0);
      assert.equal(log.firstOffset(), 0);
      assert.deepEqual(await readAll(log, 0), []);
    });

    void it('gives dense offsets in append order and reads the payloads back', async () => {
      const log = await openLog();
      assert.equal(await log.append(payloads(0, 3)), 0);
      assert.equal(await log.append(payloads(3, 1)), 3);
      assert.equal(await log.append(payloads(4, 6)), 4);
      assert.equal(log.nextOffset(), 10);
      assert.deepEqual(await readTexts(log, 0), texts(0, 10));
      assert.equal(log.stats().appendedRecords, 10);
    });

    void it('reads from the middle in batches of at most batchRecordsMax', async () => {
      const log = await openLog();
      await log.append(payloads(0, 250));
      const batches = await readBatches(log, 117, { batchRecordsMax: 50 });
      assert.ok(batches.every((batch) => batch.length > 0 && batch.length <= 50));
      const records = batches.flat();
      assert.deepEqual(
        records.map((record) => record.offset),
        range(117, 250),
      );
      assert.deepEqual(records.map(text), texts(117, 133));
    });

    void it('keeps the order of concurrent appends', async () => {
      const log = await openLog();
      const sizes = Array.from({ length: 200 }, (_, i) => (i * 7) % 6);
      let start = 0;
      const expectedFirst: LogOffset[] = [];
      const pending = sizes.map((size) => {
        expectedFirst.push(start);
        const appended = log.append(payloads(start, size));
        start += size;
        return appended;
      });
      assert.deepEqual(await Promise.all(pending), expectedFirst);
      assert.equal(log.nextOffset(), start);
      assert.deepEqual(await readTexts(log, 0), texts(0, start));
    });

    void it('treats an empty append as a barrier that consumes no offset', async () => {
      const log = await openLog();
      const first = log.append(payloads(0, 2));
      const barrier = log.append([]);
      assert.equal(await barrier, 2);
      assert.equal(await first, 0);
      assert.equal(await log.append([]), 2);
      assert.equal(log.nextOffset(), 2);
    });

    void it('stores empty and large payloads intact', async () => {
      const log = await openLog();
      const large = new Uint8Array(3 * 1_048_576 + 1);
      for (let i = 0; i < large.length; i += 1) large[i] = (i * 31) & 0xff;
      await log.append([new Uint8Array(0), large, encode('after')]);
      const records = (await readBatches(log, 0)).flat();
      assert.equal(records.length, 3);
      assert.equal(records[0]?.payload.byteLength, 0);
      assert.ok(Buffer.from(large).equals(records[1]?.payload ?? new Uint8Array()));
      assert.equal(text(records[2] ?? { offset: 0, payload: new Uint8Array() }), 'after');
    });

    void it('copies payloads on append, so callers may reuse their buffers', async () => {
      const log = await openLog();
      const buffer = encode('first');
      const appended = log.append([buffer]);
      buffer.fill(0);
      await appended;
      assert.deepEqual(await readTexts(log, 0), ['first']);
    });

    void it('reads only up to the end as of the call', async () => {
      const log = await openLog();
      await log.append(payloads(0, 5));
      const iterable = log.read(0);
      await log.append(payloads(5, 5));
      const seen: string[] = [];
      for await (const batch of iterable) seen.push(...batch.map(text));
      assert.deepEqual(seen, texts(0, 5));
    });

    void it('refuses to read outside the log', async () => {
      const log = await openLog();
      await log.append(payloads(0, 3));
      assert.deepEqual(await readAll(log, 3), []);
      await assert.rejects(readAll(log, 4), (error) => isEventLogError(error, 'log.offset-out-of-range'));
      await assert.rejects(readAll(log, -1), (error) => isEventLogError(error, 'log.offset-out-of-range'));
    });

    void it('truncates before an offset without changing offsets', async () => {
      const log = await openLog();
      for (let i = 0; i < 20; i += 1) await log.append(payloads(i * 50, 50));
      await log.truncateBefore(600);
      const first = log.firstOffset();
      assert.ok(first <= 600, `firstOffset ${first} must not pass the truncation point`);
      assert.equal(log.nextOffset(), 1000);
      assert.deepEqual(await readTexts(log, first), texts(first, 1000 - first));
      assert.deepEqual(await readTexts(log, 600), texts(600, 400));
      if (first > 0) {
        await assert.rejects(readAll(log, first - 1), (error) => isEventLogError(error, 'log.offset-out-of-range'));
      }
      assert.equal(await log.append(payloads(1000, 1)), 1000);
      await log.truncateBefore(5_000); // past the end: offsets go on where they were
      assert.ok(log.firstOffset() <= 1001);
      assert.equal(log.nextOffset(), 1001);
      assert.equal(await log.append(payloads(1001, 1)), 1001);
      assert.deepEqual((await readTexts(log, log.firstOffset())).at(-1), 'record-1001');
    });

    void it('rejects appends after close', async () => {
      const log = await openLog();
      await log.append(payloads(0, 1));
      await log.close();
      await assert.rejects(log.append(payloads(1, 1)), (error) => isEventLogError(error, 'log.closed'));
    });

    if (capabilities.durable) {
      void it('keeps records and offsets across reopen', async () => {
        const log = await openLog();
        await log.append(payloads(0, 100));
        await log.close();
        const reopened = await openLog();
        assert.equal(reopened.nextOffset(), 100);
        assert.equal(await reopened.append(payloads(100, 10)), 100);
        assert.deepEqual(await readTexts(reopened, 0), texts(0, 110));
      });

      void it('keeps truncation across reopen', async () => {
        const log = await openLog();
        for (let i = 0; i < 20; i += 1) await log.append(payloads(i * 50, 50));
        await log.truncateBefore(600);
        const first = log.firstOffset();
        await log.close();
        const reopened = await openLog();
        assert.equal(reopened.firstOffset(), first);
        assert.equal(reopened.nextOffset(), 1000);
        assert.deepEqual(await readTexts(reopened, first), texts(first, 1000 - first));
      });
    }
  });
}

function encode(value: string): Uint8Array {
  return new TextEncoder().encode(value);
}

function text(record: LogRecordView): string {
  return new TextDecoder().decode(record.payload);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

function texts(from: number, count: number): string[] {
  return range(from, from + count).map((i) => `record-${i}`);
}

function payloads(from: number, count: number): Uint8Array[] {
  return texts(from, count).map(encode);
}

async function readBatches(log: EventLog, from: LogOffset, options?: ReadOptions): Promise<LogRecordView[][]> {
  const batches: LogRecordView[][] = [];
  for await (const batch of log.read(from, options)) batches.push([...batch]);
  return batches;
}

async function readAll(log: EventLog, from: LogOffset): Promise<LogRecordView[]> {
  return (await readBatches(log, from)).flat();
}

async function readTexts(log: EventLog, from: LogOffset): Promise<string[]> {
  return (await readAll(log, from)).map(text);
}
