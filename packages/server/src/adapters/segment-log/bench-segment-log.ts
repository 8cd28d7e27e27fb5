/**
 * Benchmark of the embedded event log (not a test): many concurrent callers append 2 KB records
 * for 5 s with fsync 'always'; prints records/s, MB/s and append latency p50/p99, then the time
 * to reopen (recover) a log of 1 million small records.
 *
 *   node --conditions=source --import tsx packages/server/src/adapters/segment-log/bench-segment-log.ts \
 *     [--seconds 5] [--callers 256] [--record-bytes 2048] [--fsync always|interval|never] [--dir DIR]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { FsyncPolicy } from '../../log/event-log.js';
import { SegmentLog } from './segment-log.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    callers: { type: 'string', default: '256' },
    'record-bytes': { type: 'string', default: '2048' },
    fsync: { type: 'string', default: 'always' },
    'group-commit-ms': { type: 'string', default: '2' },
    dir: { type: 'string' },
  },
});
const durationMs = Number(values.seconds) * 1_000;
const callers = Number(values.callers);
const recordBytes = Number(values['record-bytes']);
const fsync = values.fsync as FsyncPolicy;
const groupCommitIntervalMs = Number(values['group-commit-ms']);
const root = values.dir ?? mkdtempSync(join(tmpdir(), 'doppel-bench-log-'));

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function percentile(sorted: Float64Array, fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? NaN;
}

async function appendThroughput(): Promise<void> {
  const log = new SegmentLog({ dir: join(root, 'throughput'), fsync, groupCommitIntervalMs });
  await log.open();
  const record = Buffer.alloc(recordBytes, 0x5a);
  const latenciesMs: number[] = [];
  const startedMs = performance.now();
  const stopMs = startedMs + durationMs;
  async function caller(): Promise<void> {
    while (performance.now() < stopMs) {
      const sentMs = performance.now();
      await log.append([record]);
      latenciesMs.push(performance.now() - sentMs);
    }
  }
  await Promise.all(Array.from({ length: callers }, caller));
  const elapsedS = (performance.now() - startedMs) / 1_000;
  const stats = log.stats();
  await log.close();
  const sorted = Float64Array.from(latenciesMs).sort();
  print(
    `append: ${callers} callers × ${recordBytes}-byte records, fsync '${fsync}', group commit ${groupCommitIntervalMs} ms, ${elapsedS.toFixed(1)} s`,
  );
  print(`  records/s   ${Math.round(stats.appendedRecords / elapsedS).toLocaleString('en')}`);
  print(`  MB/s        ${((stats.appendedRecords * recordBytes) / elapsedS / 1e6).toFixed(1)}`);
  print(`  latency ms  p50 ${percentile(sorted, 0.5).toFixed(2)}  p99 ${percentile(sorted, 0.99).toFixed(2)}`);
  print(
    `  groups      ${stats.groupCommits.toLocaleString('en')} (${(stats.appendedRecords / stats.groupCommits).toFixed(0)} records each), fsyncs ${stats.fsyncs.toLocaleString('en')}`,
  );
}

async function recovery(records: number, payloadBytes: number): Promise<void> {
  const dir = join(root, 'recovery');
  const writer = new SegmentLog({ dir, fsync: 'never' });
  await writer.open();
  const payload = Buffer.alloc(payloadBytes, 0x33);
  const batch = Array.from({ length: 10_000 }, () => payload);
  for (let written = 0; written < records; written += batch.length) await writer.append(batch);
  const { bytes, segments } = writer.stats();
  await writer.close();
  const clean = await reopen(dir);
  rmSync(join(dir, 'clean-shutdown.json'), { force: true }); // as after kill -9
  const crashed = await reopen(dir);
  print(
    `recovery: ${clean.records.toLocaleString('en')} records of ${payloadBytes} bytes (${(bytes / 1e6).toFixed(0)} MB, ${segments} segments)`,
  );
  print(`  open after clean shutdown (frame walk)   ${clean.openMs.toFixed(0)} ms`);
  print(`  open after a crash (every CRC checked)   ${crashed.openMs.toFixed(0)} ms`);
  print(`  read of the last 1,000 records           ${crashed.tailReadMs.toFixed(1)} ms`);
}

async function reopen(dir: string): Promise<{ records: number; openMs: number; tailReadMs: number }> {
  const startedMs = performance.now();
  const log = new SegmentLog({ dir });
  await log.open();
  const openMs = performance.now() - startedMs;
  const readStartedMs = performance.now();
  for await (const views of log.read(log.nextOffset() - 1_000)) void views;
  const tailReadMs = performance.now() - readStartedMs;
  const records = log.nextOffset();
  await log.close();
  return { records, openMs, tailReadMs };
}

try {
  await appendThroughput();
  await recovery(1_000_000, 100);
} finally {
  if (values.dir === undefined) rmSync(root, { recursive: true, force: true });
}
