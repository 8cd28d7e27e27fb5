/**
 * Doppel's history path, in process: records go into the platform's durable event log
 * (SegmentLog, fsync `always` as the platform's default), and the history consumer drains the
 * log into the DuckDB history store, as in the running server (DESIGN.md 2). Two phases on one
 * log and one store (dataset.ts): the live part into an empty store (the headline), then the
 * backfill. Each phase's write throughput is its points over the time from its first append to
 * the consumer having written its last record; after each, the store is closed (DuckDB
 * checkpoint) and sized, then reopened.
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
import type { Part } from './data.js';
import { FIELDS, assetId, partEntries, partPoints } from './data.js';
import type { Dataset, Phase, QuerySpec } from './dataset.js';
import { QUERY_ASSET } from './dataset.js';
import { sizeBreakdown } from './doppel-size.js';
import type { Answer, EngineLoad, LoadedEngine, SizeFigures, WriteFigures } from './engine.js';
import { onAbort } from './lifecycle.js';
import { CpuWindow, sleep, treeBytes } from './measure.js';
import { renderLogRecords } from './render.js';
import type { RenderedRecords } from './render.js';

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
/** The consumer's default batchRowsMax (history-consumer.ts). */
const CONSUMER_BATCH_ROWS = 50_000;
const FREE_BLOCKS_NOTE =
  'free blocks: a closed hour is rewritten ordered by twin, and the blocks it held are reused by the next hour, so the file keeps a pool of about one hour of raw rows (B/pt dir counts it)';
/** No checkpoint progress for this long fails the load. */
const STALL_MS = 60_000;

const stderrLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: (message, fields) => console.error(`doppel: ${message} ${JSON.stringify(fields ?? {})}`),
  error: (message, fields) => console.error(`doppel: ${message} ${JSON.stringify(fields ?? {})}`),
  child: () => stderrLogger,
};

/** What the bench counts of one consumer (each phase has its own). */
interface ConsumerTally {
  writtenRows: number;
  droppedValues: number;
  skippedRecords: number;
}

export async function loadDoppel(
  dataset: Dataset,
  tempDir: string,
  deadlineMs: number,
  source: 'tap' | 'log' = 'tap',
): Promise<EngineLoad> {
  const storeDir = join(tempDir, 'history');
  await mkdir(storeDir);
  const storePath = join(storeDir, 'history.duckdb');
  // The store as the server opens it: its defaults, so no late-data cut-off (the backfill is accepted).
  const openStore = async (): Promise<HistoryStore> => {
    const opened = new DuckDbHistoryStore({ path: storePath, logger: stderrLogger });
    await opened.open();
    return opened;
  };
  const log = new SegmentLog({ dir: join(tempDir, 'log'), logger: stderrLogger });
  let store: HistoryStore | undefined;
  let consumer: HistoryConsumer | undefined;
  const shutDown = async (): Promise<void> => {
    await consumer?.stop().catch(() => undefined);
    await store?.close().catch(() => undefined);
    await log.close().catch(() => undefined);
  };
  const unregister = onAbort(shutDown);
  try {
    await log.open();
    const tally: ConsumerTally = { writtenRows: 0, droppedValues: 0, skippedRecords: 0 };
    /** One phase: a fresh consumer on the open store, the phase written and timed, the consumer stopped. */
    const runPhase = async (phase: Phase): Promise<PhaseWrite> => {
      const active = store as HistoryStore;
      await active.ensureSchema(SCHEMA);
      consumer = new HistoryConsumer({
        log,
        store: active,
        modelOf: () => MODEL_ID,
        schemaOf: (modelId) => (modelId === MODEL_ID ? SCHEMA : undefined),
        logger: stderrLogger,
      });
      await consumer.start();
      const written = await writePhase(phase, log, consumer, deadlineMs, source);
      await consumer.stop();
      tally.writtenRows += consumer.writtenRows;
      tally.droppedValues += consumer.droppedValues;
      tally.skippedRecords += consumer.skippedRecords;
      consumer = undefined;
      return written;
    };

    // Phase 1, the headline: the live part into an empty store.
    store = await openStore();
    const live = await runPhase(dataset.headline);
    checkCounts(await store.stats(), dataset.headline.rows, dataset.headline.entries, tally);
    const liveLogBytes = log.stats().bytes;
    await store.close();
    store = undefined;
    const liveSize = await sizeStore(storeDir, storePath, dataset.headline.points);
    store = await openStore();

    // Phase 2, the backfill, on the same log (offsets go on) and the reopened store.
    const backfill = await runPhase(dataset.backfill);
    const stats = await store.stats();
    checkCounts(stats, dataset.rows, dataset.headline.entries + dataset.backfill.entries, tally);
    const logBytes = log.stats().bytes;
    // Closing checkpoints DuckDB (WAL folded into the file); reopening also shows the data is durable.
    await store.close();
    store = undefined;
    const wholeSize = await sizeStore(storeDir, storePath, dataset.points);
    store = await openStore();
    const queried = store;

    const headlineWrite: WriteFigures = {
      ...live.figures,
      notes: [
        source === 'tap'
          ? 'consumer fed as in the platform: the entries ingest decoded, once durable (the tap); the log is read for what the tap lacks'
          : 'consumer reads and decodes every record from the log (--history-source log: a catch-up after a restart)',
        `log appends done after ${live.appendedS.toFixed(2)} s (${(dataset.headline.points / live.appendedS / 1e6).toFixed(2)} M pts/s into the log)`,
        `records read back from the log, the tap having let them go while the consumer was behind: ${live.fromLog.toLocaleString('en')} of ${dataset.headline.entries.toLocaleString('en')}`,
        `store opened with its defaults, as the server does (no late-data cut-off)`,
        `event log ${mb(liveLogBytes)} (${(liveLogBytes / dataset.headline.points).toFixed(2)} B/pt, truncated once history has checkpointed)`,
      ],
    };
    const headlineSize: SizeFigures = {
      ...liveSize.figures,
      notes: [
        `DuckDB history store holding the live part, after close (checkpoint): ${mb(liveSize.figures.bytes)} of data (raw rows, 1 min / 15 min rollups; WAL ${liveSize.walBytes} B), file ${mb(liveSize.figures.dirBytes)} with ${mb(liveSize.freeBytes)} of free blocks`,
        FREE_BLOCKS_NOTE,
        `by table class, approx. (256 KiB blocks): ${liveSize.breakdown}`,
      ],
    };
    const backfillWrite: WriteFigures = {
      ...backfill.figures,
      notes: [
        `log appends done after ${backfill.appendedS.toFixed(2)} s (${(dataset.backfill.points / backfill.appendedS / 1e6).toFixed(2)} M pts/s into the log)`,
        `pts/s per part (from the previous part's last row written to this one's): ${backfill.perPart}`,
        `every backfill row is older than its twin's newest stored row (the archive's assets also sent live data), so each batch takes the store's duplicate check against stored rows`,
        `event log ${mb(logBytes)} after both phases`,
      ],
    };
    const wholeSizeFigures: SizeFigures = {
      ...wholeSize.figures,
      notes: [
        `whole store (live + backfill) after close (checkpoint): ${mb(wholeSize.figures.bytes)} of data (WAL ${wholeSize.walBytes} B), file ${mb(wholeSize.figures.dirBytes)} with ${mb(wholeSize.freeBytes)} of free blocks; store.stats() said ${mb(stats.bytesOnDisk)} before close`,
        `by table class, approx. (256 KiB blocks, B/pt over every point written): ${wholeSize.breakdown}`,
      ],
    };
    const engine: LoadedEngine = {
      run: async (query) => countPoints(await queried.query(toSeriesQuery(query, 'avg'))),
      answer: (query) => answerOf(queried, query),
      close: async () => {
        unregister();
        try {
          await queried.close();
        } finally {
          await log.close();
        }
      },
    };
    return {
      headline: { write: headlineWrite, size: headlineSize },
      backfill: { write: backfillWrite, size: wholeSizeFigures },
      engine,
    };
  } catch (error) {
    unregister();
    await shutDown();
    throw error;
  }
}

interface PhaseWrite {
  readonly figures: Omit<WriteFigures, 'notes'>;
  readonly appendedS: number;
  /** Records the consumer read back from the log because the tap had let them go (it fell behind). */
  readonly fromLog: number;
  readonly perPart: string;
}

/**
 * Renders the phase's log records, then (clock started) appends them with APPENDS_IN_FLIGHT
 * appends in flight and waits until the consumer's checkpoint has passed the last one.
 */
async function writePhase(
  phase: Phase,
  log: SegmentLog,
  consumer: HistoryConsumer,
  deadlineMs: number,
  source: 'tap' | 'log',
): Promise<PhaseWrite> {
  const renderStarted = performance.now();
  const records: RenderedRecords = renderLogRecords(phase.parts);
  const { count } = records;
  console.log(
    `  doppel: ${phase.name}: rendered ${count.toLocaleString('en')} log records in ${seconds(renderStarted)} s`,
  );
  const firstOffset = log.nextOffset();
  const endOffset = firstOffset + count;
  if (consumer.checkpoint !== firstOffset) {
    throw new Error(`the consumer starts at ${consumer.checkpoint}, the log at ${firstOffset}`);
  }

  const cpu = await CpuWindow.start();
  const started = performance.now();
  const parts = watchParts(phase.parts, firstOffset, () => consumer.checkpoint, started);
  let next = 0;
  const appender = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      const offset = await log.append([records.record(index)]);
      // As ingest does once an entry is durable (platform.ts, onDurable).
      if (source === 'tap') consumer.offer(records.entry(index, offset));
      consumer.notify();
    }
  };
  await Promise.all(Array.from({ length: APPENDS_IN_FLIGHT }, appender));
  const appendedS = (performance.now() - started) / 1_000;
  let progressAtMs = Date.now();
  let lastCheckpoint = consumer.checkpoint;
  while (consumer.checkpoint < endOffset) {
    if (consumer.checkpoint !== lastCheckpoint) [lastCheckpoint, progressAtMs] = [consumer.checkpoint, Date.now()];
    // The consumer retries a failed write for ever (as it should in a server): the bench gives up.
    if (Date.now() - progressAtMs > STALL_MS || Date.now() > deadlineMs) {
      throw new Error(
        `${phase.name}: the history consumer is stuck ${consumer.lag()} records behind (see its errors above)`,
      );
    }
    await sleep(1);
  }
  const writeS = (performance.now() - started) / 1_000;
  const { cores, otherCores } = await cpu.end();
  const perPart = parts.stop();
  const fromLog = consumer.recordsReadFromLog;
  return {
    figures: { points: phase.points, seconds: writeS, pointsPerSecond: phase.points / writeS, cores, otherCores },
    appendedS,
    fromLog,
    perPart,
  };
}

/** The store's counts after a phase against what every phase so far wrote; throws on a loss. */
function checkCounts(
  stats: Awaited<ReturnType<HistoryStore['stats']>>,
  rows: number,
  records: number,
  tally: ConsumerTally,
): void {
  const problems = [
    tally.writtenRows !== rows ? `the consumers wrote ${tally.writtenRows} rows, expected ${rows}` : '',
    tally.droppedValues > 0 ? `the consumers dropped ${tally.droppedValues} values` : '',
    tally.skippedRecords > 0 ? `the consumers skipped ${tally.skippedRecords} records` : '',
    stats.rows !== rows ? `the store holds ${stats.rows} rows, expected ${rows}` : '',
    (stats.lateRowsRefused ?? 0) > 0 ? `the store refused ${stats.lateRowsRefused} rows as late` : '',
    stats.checkpoint !== records ? `store checkpoint ${stats.checkpoint} ≠ ${records} records` : '',
  ].filter((problem) => problem !== '');
  if (problems.length > 0) throw new Error(`history path lost data: ${problems.join('; ')}`);
}

/**
 * The closed store over `points`: the blocks holding data (the figure the target and the ratio
 * use, as InfluxDB's TSM files are), the whole directory (file with its free blocks, and WAL),
 * and the split of the data by table class.
 */
async function sizeStore(
  storeDir: string,
  storePath: string,
  points: number,
): Promise<{ figures: Omit<SizeFigures, 'notes'>; walBytes: number; freeBytes: number; breakdown: string }> {
  const dirBytes = await treeBytes(storeDir);
  const walBytes = await treeBytes(storeDir, (name) => name.endsWith('.wal'));
  const { bytes: byKind, usedBytes, freeBytes } = await sizeBreakdown(storePath);
  const breakdown = Object.entries(byKind)
    .map(([kind, size]) => `${kind} ${mb(size)} (${(size / points).toFixed(2)} B/pt)`)
    .join(', ');
  const bytes = usedBytes + walBytes;
  return {
    figures: { bytes, points, bytesPerPoint: bytes / points, dirBytes, dirBytesPerPoint: dirBytes / points },
    walBytes,
    freeBytes,
    breakdown,
  };
}

/**
 * Notes when the consumer's checkpoint passes the last record of each part of a phase, to tell
 * the parts' rates apart (the 60 s archive and the 1 s day of the backfill).
 */
function watchParts(
  parts: readonly Part[],
  firstOffset: number,
  checkpoint: () => number,
  startedMs: number,
): { stop(): string } {
  const ends: number[] = [];
  let records = firstOffset;
  for (const part of parts) ends.push((records += partEntries(part)));
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
      return parts
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
