import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DoppelError } from '@doppel/core';
import type {
  Aggregation,
  HistoryColumnType,
  HistoryExport,
  HistoryExportQuery,
  HistoryTier,
  SeriesQuery,
} from '../../history/history-store.js';
import type { CatalogColumn, CatalogModel } from './catalog.js';
import type { BucketPlan } from './series-plan.js';
import { bucketStartSql, checkAggregation, checkRange, planBuckets, resolveColumn } from './series-plan.js';
import { quoteIdent, quoteString, rawView, rollupColumn } from './sql-names.js';
import { tierSourceSql } from './tier-source.js';

/**
 * Parquet export: one `COPY (SELECT …) TO '<exportDir>/doppel-export-<uuid>.parquet'` per export.
 *
 * The database runs with `enable_external_access = false`; DuckDB (1.5) still lets COPY write inside
 * `allowed_directories`, which holds the export directory only. But that setting is database-wide,
 * so the guarded user-SQL connection could read (glob, read_parquet) whatever lies there. Hence
 * exports run on that same connection (the store's sql lane), and before the lane is released the
 * file is opened and unlinked: user SQL only ever runs while the export directory is empty, and the
 * open handle keeps the bytes for the stream, freed when it closes (or when the process dies).
 */

const FILE_PREFIX = 'doppel-export-';
/** A local day is 24 h ± a DST hour; 3 h covers any zone's shift when bounding a scan. */
const DST_SLACK_MS = 3 * 3_600_000;

/** Parquet type of a path's values (and of its min, max, sum, first, last): JSON as its text. */
const PARQUET_TYPE: Readonly<Record<HistoryColumnType, string>> = {
  double: 'DOUBLE',
  bigint: 'BIGINT',
  boolean: 'BOOLEAN',
  string: 'VARCHAR',
  json: 'VARCHAR',
};

const q = quoteIdent;
/** Internal aliases: `@` is in no DTDL name, so no path column can take these names. */
const T = q('@t');
const B = q('@b');

/** Creates the export directory and removes exports a crash left behind (none otherwise). */
export async function prepareExportDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const name of await readdir(dir)) {
    if (name.startsWith(FILE_PREFIX)) await rm(join(dir, name), { force: true });
  }
}

/** Writes the export and hands it over open and unlinked (see the top of this file). */
export async function exportParquet(
  connection: DuckDBConnection,
  models: ReadonlyMap<string, CatalogModel>,
  keyOf: (twinId: string) => number | undefined,
  dir: string,
  query: HistoryExportQuery,
): Promise<HistoryExport> {
  const paths = [...new Set(query.paths)];
  const seriesQuery: SeriesQuery = {
    series: paths.map((path) => ({ twinId: query.twinId, modelId: query.modelId, path })),
    fromMs: query.fromMs,
    toMs: query.toMs,
    pointsMax: query.rowsMax,
    ...(query.stepMs === undefined ? {} : { stepMs: query.stepMs }),
    ...(query.agg === undefined ? {} : { agg: query.agg }),
    ...(query.timeZone === undefined ? {} : { timeZone: query.timeZone }),
  };
  checkRange(seriesQuery);
  const plan = planBuckets(seriesQuery);
  const resolved = paths.map((path) => resolveColumn(models, query.modelId, path));
  const model = resolved[0]?.model;
  if (model === undefined) throw new DoppelError('request.invalid', 'history: name at least one path to export');
  const columns = resolved.map(({ column }) => column);
  if (plan !== null) for (const column of columns) checkAggregation(column, plan.agg);
  const select =
    plan === null ? rawSelect(model, columns, query) : bucketSelect(model, columns, query, plan, keyOf(query.twinId));
  const file = join(dir, `${FILE_PREFIX}${randomUUID()}.parquet`);
  const copy = `COPY (${select} LIMIT ${query.rowsMax + 1}) TO ${quoteString(file)} (FORMAT parquet, COMPRESSION zstd)`;
  let handle: FileHandle | undefined;
  try {
    const rows = await copyBounded(connection, copy, query, plan?.agg ?? null);
    if (rows > query.rowsMax) {
      throw new DoppelError(
        'history.too-many-points',
        `history: the export has more than ${query.rowsMax} rows; narrow the range or use a larger step`,
      );
    }
    handle = await open(file, 'r');
    const { size } = await handle.stat();
    const tier: HistoryTier = plan?.tier ?? 'raw';
    return { rows, bytes: size, tier, content: handle.createReadStream() };
  } catch (error) {
    await handle?.close();
    throw error;
  } finally {
    // Unlinked while open: the handle keeps the bytes until the stream closes.
    await rm(file, { force: true });
  }
}

/** Runs the COPY, interrupted after `timeoutMs`; resolves with the rows written. */
async function copyBounded(
  connection: DuckDBConnection,
  sql: string,
  query: HistoryExportQuery,
  agg: Aggregation | null,
): Promise<number> {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    connection.interrupt();
  }, query.timeoutMs);
  try {
    const reader = await connection.runAndReadAll(sql, [query.twinId]);
    return Number(reader.getRows()[0]?.[0] ?? 0);
  } catch (error) {
    if (timedOut) {
      throw new DoppelError('history.query-timeout', `history: the export took longer than ${query.timeoutMs} ms`, {
        cause: error,
      });
    }
    // A bucket's sum of a bigint path is written as BIGINT: exact, or this error, never rounded.
    if (agg === 'sum' && error instanceof Error && /out of range/i.test(error.message)) {
      throw new DoppelError('history.aggregation-unsupported', 'history: a sum exceeds 64 bits; use a smaller step', {
        cause: error,
      });
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Raw rows of the columns in [loMs, hiMs) as (time, columns…). Read through the `<stem>_raw` view,
 * the documented SQL schema (docs/history.md): it shows twin ids however the day partitions key
 * twins, is typed even when no partition exists, and DuckDB pushes the time filter into each
 * partition's scan, so partitions outside the range cost a zone-map check.
 */
function rawSource(model: CatalogModel, columns: readonly CatalogColumn[], loMs: number, hiMs: number): string {
  const names = columns.map((column) => q(column.name));
  return `SELECT ts AS ${T}, ${names.join(', ')} FROM ${q(rawView(model.stem))}
    WHERE twin_id = $1 AND ts >= ${loMs} AND ts < ${hiMs} AND (${names.map((name) => `${name} IS NOT NULL`).join(' OR ')})`;
}

/**
 * One row per source time. A twin's samples of one time may sit in several rows (messages
 * carrying different paths); the store keeps one value per path and time, so any_value (which
 * skips NULLs) merges them exactly.
 */
function rawSelect(model: CatalogModel, columns: readonly CatalogColumn[], query: HistoryExportQuery): string {
  const values = columns.map(
    (column) => `any_value(${q(column.name)})::${PARQUET_TYPE[column.type]} AS ${q(column.name)}`,
  );
  return `SELECT make_timestamptz(${T} * 1000) AS ts, ${values.join(', ')}
    FROM (${rawSource(model, columns, query.fromMs, query.toMs)}) GROUP BY ${T} ORDER BY ${T}`;
}

/**
 * One row per bucket that holds a value of some path. As in `query`, a bucket that overlaps
 * [fromMs, toMs) is returned whole: its start is at or after the start of the bucket holding
 * fromMs, and before toMs. The scan is bounded first by a range that surely covers those buckets.
 */
function bucketSelect(
  model: CatalogModel,
  columns: readonly CatalogColumn[],
  query: HistoryExportQuery,
  plan: BucketPlan,
  twinKey: number | undefined,
): string {
  const slackMs = plan.timeZone === null ? 0 : plan.stepMs + DST_SLACK_MS;
  const loMs = Math.floor(query.fromMs / plan.stepMs) * plan.stepMs - slackMs;
  const hiMs = Math.ceil(query.toMs / plan.stepMs) * plan.stepMs + slackMs;
  const source =
    plan.tier === 'raw'
      ? rawSource(model, columns, loMs, hiMs)
      : tierSourceSql(model, columns, plan.tier, twinKey, loMs, hiMs, T);
  const values = columns.map((column) => `${aggregateSql(plan, column)} AS ${q(column.name)}`);
  const firstBucket = bucketStartSql(plan, `${query.fromMs}::BIGINT`);
  return `SELECT * FROM (
      SELECT make_timestamptz(${B} * 1000) AS ts, ${values.join(', ')}
      FROM (SELECT ${bucketStartSql(plan, T)} AS ${B}, * FROM (${source}))
      WHERE ${B} >= ${firstBucket} AND ${B} < ${query.toMs}
      GROUP BY ${B}
    ) WHERE ${columns.map((column) => `${q(column.name)} IS NOT NULL`).join(' OR ')} ORDER BY ts`;
}

/**
 * The aggregate of one path over a bucket, NULL where the path has no sample in it: from raw rows
 * (time, value), or from the rollup parts of its 1-minute or 15-minute buckets (count > 0 only).
 */
function aggregateSql(plan: BucketPlan, column: CatalogColumn): string {
  const { agg } = plan;
  const type = agg === 'avg' ? 'DOUBLE' : agg === 'count' ? 'BIGINT' : PARQUET_TYPE[column.type];
  let expression: string;
  if (plan.tier === 'raw') {
    const v = q(column.name);
    const having = `FILTER (WHERE ${v} IS NOT NULL)`;
    if (agg === 'first') expression = `arg_min(${v}, ${T}) ${having}`;
    else if (agg === 'last') expression = `arg_max(${v}, ${T}) ${having}`;
    else if (agg === 'count') expression = `nullif(count(${v}), 0)`;
    else expression = `${agg}(${v})`;
  } else {
    const part = (name: Parameters<typeof rollupColumn>[1]): string => q(rollupColumn(column.name, name));
    const having = `FILTER (WHERE ${part('count')} > 0)`;
    switch (agg) {
      case 'avg':
        expression = `sum(${part('sum')}) ${having} / sum(${part('count')}) ${having}`;
        break;
      case 'min':
      case 'max':
      case 'sum':
        expression = `${agg}(${part(agg)}) ${having}`;
        break;
      case 'count':
        expression = `sum(${part('count')}) ${having}`;
        break;
      case 'first':
        expression = `arg_min(${part('first')}, ${part('first_ts')}) ${having}`;
        break;
      case 'last':
        expression = `arg_max(${part('last')}, ${part('last_ts')}) ${having}`;
        break;
    }
  }
  return `CAST(${expression} AS ${type})`;
}
