import { DuckDBDataChunk, BIGINT, INTEGER, VARCHAR } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { DoppelError } from '@doppel/core';
import type { HistoryRow } from '../../history/history-store.js';
import type { CatalogModel } from './catalog.js';
import { STAGE_TYPE, toStaged } from './column-types.js';
import type { HighWater } from './high-water.js';
import { dayStartMs } from './sql-names.js';
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
  };
}

/**
 * Fills the model's staging table through the DataChunk appender (the fastest write path of
 * @duckdb/node-api: perf-baseline.md 2a). Sorting by twin and time happens in DuckDB afterwards.
 */
export async function stageRows(connection: DuckDBConnection, run: ModelRun): Promise<void> {
  const { model, rows } = run;
  const types = [VARCHAR, BIGINT, INTEGER, ...model.columns.map((column) => STAGE_TYPE[column.type])];
  const appender = await connection.createAppender(stageTable(model), 'main', 'temp');
  try {
    for (let start = 0; start < rows.length; start += CHUNK_ROWS_MAX) {
      const end = Math.min(rows.length, start + CHUNK_ROWS_MAX);
      const twinIds: DuckDBValue[] = [];
      const tss: DuckDBValue[] = [];
      const seqs: DuckDBValue[] = [];
      const values: DuckDBValue[][] = model.columns.map(() => []);
      for (let index = start; index < end; index += 1) {
        const row = rows[index] as HistoryRow;
        twinIds.push(row.twinId);
        tss.push(BigInt(row.ts));
        seqs.push(index);
        for (let c = 0; c < model.columns.length; c += 1) {
          const column = model.columns[c];
          if (column === undefined) continue;
          (values[c] as DuckDBValue[]).push(toStaged(column.path, column.type, row.values[column.path]));
        }
      }
      const chunk = DuckDBDataChunk.create(types, end - start);
      chunk.setColumns([twinIds, tss, seqs, ...values]);
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
