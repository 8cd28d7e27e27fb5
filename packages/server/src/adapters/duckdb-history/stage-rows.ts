import { DuckDBDataChunk, BIGINT, INTEGER, VARCHAR } from '@duckdb/node-api';
import type { DuckDBAppender, DuckDBConnection, DuckDBType, DuckDBVector } from '@duckdb/node-api';
import { DoppelError } from '@doppel/core';
import type { HistoryRow } from '../../history/history-store.js';
import type { CatalogColumn, CatalogModel } from './catalog.js';
import { STAGE_TYPE, toStaged } from './column-types.js';
import type { HighWater } from './high-water.js';
import { dayStartMs, partitionTable } from './sql-names.js';
import { stageTable } from './table-ddl.js';

/** DuckDB's vector size: a DataChunk holds at most this many rows. */
const CHUNK_ROWS_MAX = 2_048;

/** The accepted rows of one model in a batch, and what the write must do about them. */
export interface ModelRun {
  readonly model: CatalogModel;
  readonly rows: HistoryRow[];
  readonly lateRowsRefused: number;
  /** Some row is at or before its twin's stored high-water mark: check stored rows for duplicates. */
  readonly mayOverlapStored: boolean;
  /** Some twin has two rows out of order or at the same time within the batch. */
  readonly mayRepeatInBatch: boolean;
  /** UTC day starts the rows fall in. */
  readonly days: ReadonlySet<number>;
  readonly minTsMs: number;
  readonly maxTsMs: number;
  /** Newest source time of the model once the run is written (the rollup marks follow it). */
  readonly newestMs: number;
}

/** Groups a batch by model; refuses (whole batch) unknown models and paths. */
export function groupByModel(
  rows: readonly HistoryRow[],
  models: ReadonlyMap<string, CatalogModel>,
): Map<CatalogModel, HistoryRow[]> {
  const groups = new Map<CatalogModel, HistoryRow[]>();
  for (const row of rows) {
    const model = models.get(row.modelId);
    if (model === undefined) {
      throw new DoppelError(
        'history.series-unknown',
        `history: model ${row.modelId} has no table (ensureSchema first)`,
      );
    }
    for (const path in row.values) {
      if (!model.byPath.has(path)) {
        throw new DoppelError('history.series-unknown', `history: model ${row.modelId} has no column for path ${path}`);
      }
    }
    let group = groups.get(model);
    if (group === undefined) groups.set(model, (group = []));
    group.push(row);
  }
  return groups;
}

/**
 * Drops rows older than the late-data window (counted back from the newest time of the model), and
 * notes which duplicate checks the rest need. Rows older than the raw retention horizon are kept:
 * they land in a raw partition that the next retention run drops, and in the rollup tiers, which
 * keep them. (Their duplicate check can only see raw rows that retention has not dropped yet.)
 */
export function planModelRun(
  model: CatalogModel,
  rows: readonly HistoryRow[],
  marks: HighWater,
  lateWindowMs: number,
): ModelRun {
  let newestMs = marks.modelMs;
  for (const row of rows) if (row.ts > newestMs) newestMs = row.ts;
  const oldestAcceptedMs = newestMs - lateWindowMs;
  const accepted: HistoryRow[] = [];
  const lastInBatch = new Map<string, number>();
  const days = new Set<number>();
  let mayOverlapStored = false;
  let mayRepeatInBatch = false;
  let minTsMs = Number.POSITIVE_INFINITY;
  let maxTsMs = Number.NEGATIVE_INFINITY;
  for (const row of rows) {
    if (row.ts < oldestAcceptedMs) continue;
    accepted.push(row);
    const stored = marks.twinMs.get(row.twinId);
    if (stored !== undefined && row.ts <= stored) mayOverlapStored = true;
    const previous = lastInBatch.get(row.twinId);
    if (previous !== undefined && row.ts <= previous) mayRepeatInBatch = true;
    else lastInBatch.set(row.twinId, row.ts);
    if (row.ts < minTsMs) minTsMs = row.ts;
    if (row.ts > maxTsMs) maxTsMs = row.ts;
    days.add(dayStartMs(row.ts));
  }
  return {
    model,
    rows: accepted,
    lateRowsRefused: rows.length - accepted.length,
    mayOverlapStored,
    mayRepeatInBatch,
    days,
    minTsMs,
    maxTsMs,
    newestMs,
  };
}

/**
 * Fills the model's staging table through the DataChunk appender (the fastest write path of
 * @duckdb/node-api: perf-baseline.md 2a). Sorting by twin and time happens in DuckDB afterwards.
 * Column-major: each vector is written straight from the rows (no intermediate value arrays).
 */
export async function stageRows(
  connection: DuckDBConnection,
  run: ModelRun,
  keyOf: (twinId: string) => number,
): Promise<void> {
  const { model, rows } = run;
  const types = [VARCHAR, INTEGER, BIGINT, INTEGER, ...model.columns.map((column) => STAGE_TYPE[column.type])];
  const appender = await connection.createAppender(stageTable(model), 'main', 'temp');
  try {
    appendRows(appender, types, model, rows, 0, rows.length, { staged: true, keyOf });
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/** Whether `appendToPartitions` can write the model's rows (JSON columns go through SQL's cast). */
export function supportsDirectAppend(model: CatalogModel): boolean {
  return model.columns.every((column) => column.type !== 'json');
}

/**
 * A batch that needs no duplicate check, ordered by day, twin key and time: the order the raw
 * partitions are written in (runs of one twin compress best, and row groups then cover narrower
 * key ranges for the zone maps of one-twin reads). Each twin's rows are already in time order
 * (the run has no repeats), so grouping is enough: no comparison sort of the rows.
 */
export function orderForAppend(rows: readonly HistoryRow[], keyOf: (twinId: string) => number): HistoryRow[] {
  const byDay = new Map<number, Map<string, HistoryRow[]>>();
  for (const row of rows) {
    const dayMs = dayStartMs(row.ts);
    let twins = byDay.get(dayMs);
    if (twins === undefined) byDay.set(dayMs, (twins = new Map()));
    const list = twins.get(row.twinId);
    if (list === undefined) twins.set(row.twinId, [row]);
    else list.push(row);
  }
  const ordered: HistoryRow[] = [];
  for (const dayMs of [...byDay.keys()].sort((a, b) => a - b)) {
    const twins = byDay.get(dayMs) as Map<string, HistoryRow[]>;
    const byKey = [...twins.keys()].map((twinId) => [keyOf(twinId), twinId] as const).sort((a, b) => a[0] - b[0]);
    for (const [, twinId] of byKey) for (const row of twins.get(twinId) as HistoryRow[]) ordered.push(row);
  }
  return ordered;
}

/**
 * Appends rows ordered by `orderForAppend` straight into their day partitions (which must
 * exist), inside the caller's transaction: no staging table, no INSERT … SELECT. For runs
 * without possible duplicates only.
 */
export async function appendToPartitions(
  connection: DuckDBConnection,
  model: CatalogModel,
  rows: readonly HistoryRow[],
  keyOf: (twinId: string) => number,
): Promise<void> {
  const types = [INTEGER, BIGINT, ...model.columns.map((column) => STAGE_TYPE[column.type])];
  let start = 0;
  while (start < rows.length) {
    const dayMs = dayStartMs((rows[start] as HistoryRow).ts);
    let end = start + 1;
    while (end < rows.length && dayStartMs((rows[end] as HistoryRow).ts) === dayMs) end += 1;
    const appender = await connection.createAppender(partitionTable(model.stem, dayMs));
    try {
      appendRows(appender, types, model, rows, start, end, { staged: false, keyOf });
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    start = end;
  }
}

/**
 * Rows [from, to) in DataChunks. Staged: twin_id, twin_key, ts, seq (the row index), then the
 * model's columns; into a partition: twin_key, ts, then the columns.
 */
function appendRows(
  appender: DuckDBAppender,
  types: DuckDBType[],
  model: CatalogModel,
  rows: readonly HistoryRow[],
  from: number,
  to: number,
  layout: { readonly staged: boolean; readonly keyOf: (twinId: string) => number },
): void {
  const { staged, keyOf } = layout;
  const first = staged ? 4 : 2;
  for (let start = from; start < to; start += CHUNK_ROWS_MAX) {
    const end = Math.min(to, start + CHUNK_ROWS_MAX);
    const chunk = DuckDBDataChunk.create(types, end - start);
    const keys = chunk.getColumnVector(staged ? 1 : 0);
    const tss = chunk.getColumnVector(staged ? 2 : 1);
    // Rows come in runs of one twin: look its key up once per run.
    let twinId: string | undefined;
    let key = 0;
    for (let index = start; index < end; index += 1) {
      const row = rows[index] as HistoryRow;
      if (row.twinId !== twinId) [twinId, key] = [row.twinId, keyOf(row.twinId)];
      keys.setItem(index - start, key);
      tss.setItem(index - start, BigInt(row.ts));
    }
    keys.flush();
    tss.flush();
    if (staged) {
      const twinIds = chunk.getColumnVector(0);
      const seqs = chunk.getColumnVector(3);
      for (let index = start; index < end; index += 1) {
        twinIds.setItem(index - start, (rows[index] as HistoryRow).twinId);
        seqs.setItem(index - start, index);
      }
      twinIds.flush();
      seqs.flush();
    }
    for (let c = 0; c < model.columns.length; c += 1) {
      fillColumn(chunk.getColumnVector(first + c), model.columns[c] as CatalogColumn, rows, start, end);
    }
    appender.appendDataChunk(chunk);
  }
}

/**
 * One staging column of rows [start, end). Nulls are set after every value: once a vector has a
 * null, each later valid item costs BigInt arithmetic on its validity mask.
 */
function fillColumn(
  vector: DuckDBVector,
  column: CatalogColumn,
  rows: readonly HistoryRow[],
  start: number,
  end: number,
): void {
  const nulls: number[] = [];
  const { path, type } = column;
  for (let index = start; index < end; index += 1) {
    const row = rows[index] as HistoryRow;
    const raw = row.values[path];
    // The common case (a double) skips toStaged's checks, which it would pass.
    const value = type === 'double' && typeof raw === 'number' ? raw : toStaged(path, type, raw);
    if (value === null) {
      nulls.push(index - start);
      continue;
    }
    vector.setItem(index - start, value);
  }
  for (const item of nulls) vector.setItem(item, null);
  vector.flush();
}
