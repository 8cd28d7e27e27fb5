/**
 * Doppel's history path, in process: records go into the platform's durable event log
 * (SegmentLog, fsync `always` as the platform's default), and the history consumer drains the
 * log into the DuckDB history store, as in the running server (DESIGN.md 2). Write throughput
 * is points over the time from the first append to the consumer having written everything.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@doppel/core';
import { DuckDbHistoryStore } from '../../packages/server/src/adapters/duckdb-history/duckdb-history-store.js';
import { SegmentLog } from '../../packages/server/src/adapters/segment-log/segment-log.js';
import { HistoryConsumer } from '../../packages/server/src/history/history-consumer.js';
import type {
  HistoryModelSchema,
  HistoryStore,
  SeriesQuery,
  SeriesResult,
} from '../../packages/server/src/history/history-store.js';
import { FIELDS, assetId, partPoints } from './data.js';
import type { Dataset, QuerySpec } from './dataset.js';
import { QUERY_ASSET } from './dataset.js';
import { sizeBreakdown } from './doppel-size.js';
import type { Answer, LoadedEngine, SizeFigures, WriteFigures } from './engine.js';
import { onAbort } from './lifecycle.js';
import { CpuWindow, sleep, treeBytes } from './measure.js';
import { renderLogRecords } from './render.js';

export const MODEL_ID = 'dtmi:doppel:bench:Machine;1';
const SCHEMA: HistoryModelSchema = {
  modelId: MODEL_ID,
  columns: FIELDS.map((field) => ({ path: field.name, type: 'double' })),
};
/**
 * Appends in flight: ingest appends one record per MQTT message and acknowledges it once durable,
 * so this is the sum of the devices' send windows (100 gateways × 20, as in bench:ingest).
 */
const APPENDS_IN_FLIGHT = 2_000;
/**
 * The store refuses rows older than the newest row of the model minus this window (default 24 h),
 * counted per write batch. A consumer batch of the 60 s archive spans days, so with the default
 * the backfill would be refused in part (depending on where batches happen to split). The bench
 * widens the window to cover its 90-day archive and says so in the output.
 */
const LATE_WINDOW_MS = 100 * 86_400_000;
/** The consumer's default batchRowsMax (history-consumer.ts). */
const CONSUMER_BATCH_ROWS = 50_000;
/** No checkpoint progress for this long fails the load. */
const STALL_MS = 60_000;

const stderrLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: (message, fields) => console.error(`doppel: ${message} ${JSON.stringify(fields ?? {})}`),
  error: (message, fields) => console.error(`doppel: ${message} ${JSON.stringify(fields ?? {})}`),
  child: () => stderrLogger,
};

export interface DoppelLoad {
  readonly write: WriteFigures;
  readonly size: SizeFigures;
  readonly engine: LoadedEngine;
}

export async function loadDoppel(dataset: Dataset, tempDir: string, deadlineMs: number): Promise<DoppelLoad> {
  const storeDir = join(tempDir, 'history');
  await mkdir(storeDir);
  const storePath = join(storeDir, 'history.duckdb');
  let store: HistoryStore = new DuckDbHistoryStore({
    path: storePath,
    logger: stderrLogger,
    lateWindowMs: LATE_WINDOW_MS,
  });
  const renderStarted = performance.now();
  const records = renderLogRecords(dataset);
  console.log(`  doppel: rendered ${records.length.toLocaleString('en')} log records in ${seconds(renderStarted)} s`);

  const log = new SegmentLog({ dir: join(tempDir, 'log'), logger: stderrLogger });
  await log.open();
  await store.open();
  const unregister = onAbort(async () => {
    await store.close().catch(() => undefined);
    await log.close().catch(() => undefined);
  });
  await store.ensureSchema(SCHEMA);
  const consumer = new HistoryConsumer({
    log,
    store,
    modelOf: () => MODEL_ID,
    schemaOf: (modelId) => (modelId === MODEL_ID ? SCHEMA : undefined),
    logger: stderrLogger,
  });
  await consumer.start();

  const cpu = await CpuWindow.start();
  const started = performance.now();
  const parts = watchParts(dataset, () => consumer.checkpoint, started);
  let next = 0;
  const appender = async (): Promise<void> => {
    while (next < records.length) {
      const record = records[next++] as Uint8Array;
      await log.append([record]);
      consumer.notify();
    }
  };
  await Promise.all(Array.from({ length: APPENDS_IN_FLIGHT }, appender));
  const appendedS = (performance.now() - started) / 1_000;
  let progressAtMs = Date.now();
  let lastCheckpoint = consumer.checkpoint;
  while (consumer.checkpoint < records.length) {
    if (consumer.checkpoint !== lastCheckpoint) [lastCheckpoint, progressAtMs] = [consumer.checkpoint, Date.now()];
    // The consumer retries a failed write for ever (as it should in a server): the bench gives up.
    if (Date.now() - progressAtMs > STALL_MS || Date.now() > deadlineMs) {
      throw new Error(`the history consumer is stuck ${consumer.lag()} records behind (see its errors above)`);
    }
    await sleep(1);
  }
  const writeS = (performance.now() - started) / 1_000;
  const { cores, otherCores } = await cpu.end();
  const perPart = parts.stop();
  await consumer.stop();

  const stats = await store.stats();
  const problems = [
    consumer.writtenRows !== dataset.rows
      ? `the consumer wrote ${consumer.writtenRows} rows, expected ${dataset.rows}`
      : '',
    consumer.droppedValues > 0 ? `the consumer dropped ${consumer.droppedValues} values` : '',
    consumer.skippedRecords > 0 ? `the consumer skipped ${consumer.skippedRecords} records` : '',
    stats.rows !== dataset.rows ? `the store holds ${stats.rows} rows, expected ${dataset.rows}` : '',
    stats.checkpoint !== records.length ? `store checkpoint ${stats.checkpoint} ≠ ${records.length} records` : '',
  ].filter((problem) => problem !== '');
  if (problems.length > 0) throw new Error(`history path lost data: ${problems.join('; ')}`);
  const logBytes = log.stats().bytes;
  records.length = 0;

  // Closing checkpoints DuckDB (WAL folded into the file); reopening also shows the data is durable.
  await store.close();
  const storeBytes = await treeBytes(storeDir);
  const walBytes = await treeBytes(storeDir, (name) => name.endsWith('.wal'));
  const breakdown = await sizeBreakdown(storePath).then(
    ({ bytes }) =>
      Object.entries(bytes)
        .map(([kind, size]) => `${kind} ${mb(size)} (${(size / dataset.points).toFixed(2)} B/pt)`)
        .join(', '),
    (error: unknown) => `unavailable (${String(error)})`,
  );
  store = new DuckDbHistoryStore({ path: storePath, logger: stderrLogger, lateWindowMs: LATE_WINDOW_MS });
  await store.open();
  const write: WriteFigures = {
    points: dataset.points,
    seconds: writeS,
    pointsPerSecond: dataset.points / writeS,
    cores,
    otherCores,
    notes: [
      `log appends done after ${appendedS.toFixed(2)} s (${(dataset.points / appendedS / 1e6).toFixed(2)} M pts/s into the log)`,
      `pts/s per part (from the previous part's last row written to this one's): ${perPart}`,
      `store lateWindowMs widened from 24 h to ${LATE_WINDOW_MS / 86_400_000} days so that the 89-day backfill is accepted`,
      `event log ${mb(logBytes)} (${(logBytes / dataset.points).toFixed(2)} B/pt, truncated once history has checkpointed)`,
    ],
  };
  const size: SizeFigures = {
    bytes: storeBytes,
    bytesPerPoint: storeBytes / dataset.points,
    dirBytes: storeBytes,
    dirBytesPerPoint: storeBytes / dataset.points,
    notes: [
      `DuckDB history store after close (checkpoint): ${mb(storeBytes)} incl. WAL ${walBytes} B; raw rows and 1 min / 15 min rollups; store.stats() said ${mb(stats.bytesOnDisk)} before close`,
      `by table class, approx. (256 KiB blocks): ${breakdown}`,
    ],
  };
  const engine: LoadedEngine = {
    run: async (query) => countPoints(await store.query(toSeriesQuery(query, 'avg'))),
    answer: (query) => answerOf(store, query),
    close: async () => {
      unregister();
      await store.close();
      await log.close();
    },
  };
  return { write, size, engine };
}

/**
 * Notes when the consumer's checkpoint passes the last record of each part, to tell the rate of
 * the live part (one row per record) from the backfill's (60 rows per record).
 */
function watchParts(dataset: Dataset, checkpoint: () => number, startedMs: number): { stop(): string } {
  const ends: number[] = [];
  let records = 0;
  for (const part of dataset.parts)
    ends.push((records += part.assets.length * Math.ceil(part.rows / part.rowsPerEntry)));
  const doneAtMs: number[] = [];
  const check = (): void => {
    while (doneAtMs.length < ends.length && checkpoint() >= (ends[doneAtMs.length] as number)) {
      doneAtMs.push(performance.now());
    }
  };
  const timer = setInterval(check, 2);
  return {
    stop: () => {
      clearInterval(timer);
      check();
      return dataset.parts
        .map((part, index) => {
          // The consumer writes batches of up to 50,000 rows that may span parts: too coarse for a small part.
          if (part.assets.length * part.rows < 4 * CONSUMER_BATCH_ROWS) return `${part.name} – (too small to time)`;
          const ms = (doneAtMs[index] ?? NaN) - (index === 0 ? startedMs : (doneAtMs[index - 1] ?? NaN));
          return `${part.name} ${(partPoints(part) / (ms / 1_000) / 1e6).toFixed(2)} M`;
        })
        .join(', ');
    },
  };
}

function toSeriesQuery(query: QuerySpec, agg: 'avg' | 'count'): SeriesQuery {
  return {
    series: query.fields.map((path) => ({ twinId: assetId(QUERY_ASSET), modelId: MODEL_ID, path })),
    fromMs: query.fromMs,
    toMs: query.toMs,
    ...(query.stepMs === undefined ? {} : { stepMs: query.stepMs, agg }),
    pointsMax: query.pointsMax,
  };
}

function countPoints(result: SeriesResult): number {
  return result.frames.reduce((sum, frame) => sum + frame.timestamps.length, 0);
}

async function answerOf(store: HistoryStore, query: QuerySpec): Promise<Answer> {
  const result = await store.query(toSeriesQuery(query, 'avg'));
  const first = result.frames[0];
  const fields: Record<string, (number | null)[]> = {};
  for (const frame of result.frames) {
    // Raw frames of one asset share timestamps; refuse to compare if they do not.
    if (frame.timestamps.length !== first?.timestamps.length) throw new Error('frames of one asset differ in length');
    fields[frame.series.path] = frame.values.map((value) => (value === null ? null : Number(value)));
  }
  const timestamps = [...(first?.timestamps ?? [])];
  if (query.stepMs === undefined) return { timestamps, fields };
  const counted = await store.query(toSeriesQuery(query, 'count'));
  const counts = (counted.frames[0]?.values ?? []).map((value) => Number(value));
  return { timestamps, fields, counts };
}

function seconds(startedMs: number): string {
  return ((performance.now() - startedMs) / 1_000).toFixed(1);
}

function mb(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MiB`;
}
