import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Logger, LogFields } from '@doppel/core';
import { SegmentLog } from './segment-log.js';
import { segmentFileName } from './segment-file-name.js';

interface Line {
  readonly level: string;
  readonly message: string;
  readonly fields: LogFields | undefined;
}

function recordingLogger(lines: Line[]): Logger {
  const at =
    (level: string) =>
    (message: string, fields?: LogFields): void => {
      lines.push({ level, message, fields });
    };
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}

const record = (i: number): Uint8Array => new TextEncoder().encode(`record-${i}-${'x'.repeat(i % 50)}`);

void describe('SegmentLog recovery', () => {
  let dir = '';
  let lines: Line[] = [];
  const logs: SegmentLog[] = [];

  async function openLog(options: { segmentBytesMax?: number } = {}): Promise<SegmentLog> {
    const log = new SegmentLog({ dir, logger: recordingLogger(lines), ...options });
    await log.open();
    logs.push(log);
    return log;
  }

  async function writeRecords(count: number, options: { segmentBytesMax?: number } = {}): Promise<void> {
    const log = await openLog(options);
    for (let i = 0; i < count; i += 10) await log.append(Array.from({ length: 10 }, (_, j) => record(i + j)));
    await log.close();
  }

  async function readAll(log: SegmentLog): Promise<string[]> {
    const seen: string[] = [];
    for await (const batch of log.read(log.firstOffset())) {
      for (const view of batch) seen.push(new TextDecoder().decode(view.payload));
    }
    return seen;
  }

  async function readAllFrom(log: SegmentLog, from: number, count: number): Promise<string[]> {
    const seen: string[] = [];
    for await (const batch of log.read(from, { batchRecordsMax: 1 })) {
      for (const view of batch) if (seen.length < count) seen.push(new TextDecoder().decode(view.payload));
      if (seen.length >= count) break;
    }
    return seen;
  }

  const expected = (count: number): string[] =>
    Array.from({ length: count }, (_, i) => new TextDecoder().decode(record(i)));
  const lastSegment = (): string =>
    join(
      dir,
      readdirSync(dir)
        .filter((name) => name.endsWith('.log'))
        .sort()
        .at(-1) ?? '',
    );

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'doppel-segment-log-'));
    lines = [];
  });

  afterEach(async () => {
    for (const log of logs.splice(0)) await log.close().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  });

  void it('truncates half a record at the end of the last segment', async () => {
    await writeRecords(100);
    const path = lastSegment();
    const sizeBytes = statSync(path).size;
    const header = Buffer.alloc(8);
    header.writeUInt32LE(100, 0);
    appendFileSync(path, Buffer.concat([header, Buffer.alloc(40, 7)])); // claims 100 bytes, has 40
    const log = await openLog();
    assert.equal(log.nextOffset(), 100);
    assert.equal(statSync(path).size, sizeBytes);
    const warning = lines.find((line) => line.message === 'event log: torn tail truncated');
    assert.equal(warning?.level, 'warn');
    assert.equal(warning?.fields?.['bytesDropped'], 48);
    assert.equal(await log.append([record(100)]), 100);
    assert.deepEqual(await readAll(log), expected(101));
  });

  void it('truncates a torn header and random garbage', async () => {
    await writeRecords(30);
    appendFileSync(lastSegment(), Buffer.from([1, 2, 3]));
    let log = await openLog();
    assert.equal(log.nextOffset(), 30);
    await log.close();
    appendFileSync(lastSegment(), Buffer.from('garbage that is long enough to hold a header'));
    log = await openLog();
    assert.equal(log.nextOffset(), 30);
    assert.deepEqual(await readAll(log), expected(30));
  });

  void it('truncates a zero-filled tail (file extended, data never written)', async () => {
    await writeRecords(20);
    appendFileSync(lastSegment(), Buffer.alloc(4_096));
    const log = await openLog();
    assert.equal(log.nextOffset(), 20);
    assert.deepEqual(await readAll(log), expected(20));
  });

  void it('drops the records from the first CRC mismatch on', async () => {
    await writeRecords(50);
    const path = lastSegment();
    const bytes = readFileSync(path);
    // Find record 40 by walking the frames, then flip one payload byte.
    let position = 0;
    for (let i = 0; i < 40; i += 1) position += 8 + bytes.readUInt32LE(position);
    bytes[position + 8] = (bytes[position + 8] ?? 0) ^ 0xff;
    writeFileSync(path, bytes);
    rmSync(join(dir, 'clean-shutdown.json')); // as after a crash: no clean-shutdown marker
    const log = await openLog();
    assert.equal(log.nextOffset(), 40);
    assert.equal(lines.find((line) => line.level === 'warn')?.fields?.['reason'], 'crc-mismatch');
    assert.deepEqual(await readAll(log), expected(40));
    assert.equal(await log.append([record(40)]), 40);
  });

  void it('after a clean shutdown, checks CRCs on read instead of on open', async () => {
    await writeRecords(50);
    const path = lastSegment();
    const bytes = readFileSync(path);
    bytes[bytes.byteLength - 1] = (bytes[bytes.byteLength - 1] ?? 0) ^ 0xff;
    writeFileSync(path, bytes);
    const log = await openLog();
    assert.equal(log.nextOffset(), 50);
    assert.deepEqual((await readAllFrom(log, 0, 49)).length, 49);
    await assert.rejects(readAll(log), { reason: 'log.corrupt' });
  });

  void it('quarantines the segments after a damaged earlier segment', async () => {
    await writeRecords(200, { segmentBytesMax: 1_024 });
    const names = readdirSync(dir)
      .filter((name) => name.endsWith('.log'))
      .sort();
    assert.ok(names.length >= 4, `expected several segments, got ${names.length}`);
    const second = join(dir, names[1] ?? '');
    truncateSync(second, statSync(second).size - 3);
    const log = await openLog({ segmentBytesMax: 1_024 });
    const secondBase = Number(names[1]?.slice(0, 20));
    assert.ok(log.nextOffset() > secondBase && log.nextOffset() < 200);
    assert.deepEqual(await readAll(log), expected(log.nextOffset()));
    const quarantined = readdirSync(dir).filter((name) => name.endsWith('.quarantined'));
    assert.equal(quarantined.length, names.length - 2);
    assert.ok(lines.some((line) => line.level === 'error' && line.message.includes('quarantined')));
    const end = log.nextOffset();
    assert.equal(await log.append([record(end)]), end);
    assert.deepEqual(await readAll(log), expected(end + 1));
  });

  void it('creates the directory and the first segment when missing', async () => {
    const root = dir;
    dir = join(root, 'nested', 'log');
    const log = await openLog();
    assert.deepEqual(readdirSync(dir), [segmentFileName(0)]);
    dir = root;
    assert.equal(log.nextOffset(), 0);
  });
});
