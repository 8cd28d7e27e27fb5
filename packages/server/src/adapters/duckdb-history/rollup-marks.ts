import type { DuckDBConnection } from '@duckdb/node-api';
import type { CatalogModel } from './catalog.js';
import { aggregateRollupsSql, aggregateRowsSql } from './rollup-sql.js';
import { DAY_MS, FIFTEEN_MINUTES_MS, ONE_MINUTE_MS, partitionTable, quoteIdent, rollupTable } from './sql-names.js';

/**
 * Rollup marks: how the tiers keep up with the data without updating rows.
 *
 * Each model has a mark per tier. Buckets that start before the mark are in the tier's table;
 * the newer ones are still open and are read from raw data (at most a bucket and the grace of
 * raw rows per twin, a small scan with twin keys). When the model's newest sample moves the mark
 * past a bucket, the write transaction that moves it aggregates that bucket once, from the raw
 * rows (1 minute) or from the 1-minute rows (15 minutes), and appends the result: an in-order
 * stream never updates a rollup row. (MERGE-ing every batch into the open buckets cost 44 s of
 * DuckDB time per minute of a 500-twin, 100-field model.)
 *
 * A sample older than a mark (late data) adds a partial row for its bucket to that tier; readers
 * aggregate the rows of a bucket (sum of sums, min of mins, first by time…), so a bucket may be
 * split across rows and still reads as one. Raw retention first moves the marks past whatever
 * it is about to drop, so no raw row leaves before it is rolled up.
 */

export type RollupTier = '1m' | '15m';
export type RollupMarks = Readonly<Record<RollupTier, number>>;

export const TIER_MS: Readonly<Record<RollupTier, number>> = { '1m': ONE_MINUTE_MS, '15m': FIFTEEN_MINUTES_MS };
/** Nothing rolled up yet: every bucket is open. */
export const NO_MARK = Number.MIN_SAFE_INTEGER;

export function markKey(model: CatalogModel, tier: RollupTier): string {
  return `rollup_${tier}:${model.modelId}`;
}

/** SQL for a model's mark in the reader's own snapshot (a mark moves in the same commit as its rows). */
export function markSql(model: CatalogModel, tier: RollupTier): string {
  return `coalesce((SELECT value FROM doppel_meta WHERE key = '${markKey(model, tier).replaceAll("'", "''")}'), ${NO_MARK})`;
}

/** The marks once every sample before `edgeMs` is in (newest sample − grace, or a retention cutoff). */
export function marksAt(edgeMs: number): RollupMarks {
  const floor = (bucketMs: number): number => Math.floor(edgeMs / bucketMs) * bucketMs;
  return { '1m': floor(ONE_MINUTE_MS), '15m': floor(FIFTEEN_MINUTES_MS) };
}

function laterMarks(a: RollupMarks, b: RollupMarks): RollupMarks {
  return { '1m': Math.max(a['1m'], b['1m']), '15m': Math.max(a['15m'], b['15m']) };
}

/**
 * The 1-minute aggregates of a model's raw rows in [loMs, hiMs) with their twin ids, from the
 * partitions that overlap. `loMs` may be NO_MARK (everything before `hiMs`).
 */
function rawMinutesSql(model: CatalogModel, partitions: Iterable<number>, loMs: number, hiMs: number): string | null {
  const selects = [...partitions]
    .filter((dayMs) => dayMs + DAY_MS > loMs && dayMs < hiMs)
    .map(
      (dayMs) => `SELECT * FROM ${quoteIdent(partitionTable(model.stem, dayMs))} WHERE ts >= ${loMs} AND ts < ${hiMs}`,
    );
  if (selects.length === 0) return null;
  const byKey = aggregateRowsSql(model, `(${selects.join(' UNION ALL ')})`, ONE_MINUTE_MS, 'twin_key');
  return `SELECT k.twin_id, a.* EXCLUDE (twin_key) FROM (${byKey}) AS a JOIN doppel_twins AS k USING (twin_key)`;
}

/**
 * Closes the buckets between the current marks and `to` (never backwards), inside the caller's
 * transaction, after the batch's raw rows are written; `partitions` are the model's day
 * partitions including those the transaction created. Returns the marks to publish on commit.
 */
export async function advanceMarks(
  connection: DuckDBConnection,
  model: CatalogModel,
  partitions: Iterable<number>,
  from: RollupMarks,
  to: RollupMarks,
): Promise<RollupMarks> {
  const next = laterMarks(from, to);
  if (next['1m'] > from['1m']) {
    const minutes = rawMinutesSql(model, partitions, from['1m'], next['1m']);
    if (minutes !== null)
      await connection.run(`INSERT INTO ${quoteIdent(rollupTable(model.stem, '1m'))} BY NAME ${minutes}`);
    await storeMark(connection, model, '1m', next['1m']);
  }
  if (next['15m'] > from['15m']) {
    // The 15-minute mark never passes the 1-minute one: its buckets' minutes are all rolled up.
    const minutes = `(SELECT * FROM ${quoteIdent(rollupTable(model.stem, '1m'))}
      WHERE bucket >= ${from['15m']} AND bucket < ${next['15m']})`;
    await connection.run(
      `INSERT INTO ${quoteIdent(rollupTable(model.stem, '15m'))} BY NAME ${aggregateRollupsSql(model, minutes, FIFTEEN_MINUTES_MS)}`,
    );
    await storeMark(connection, model, '15m', next['15m']);
  }
  return next;
}

async function storeMark(
  connection: DuckDBConnection,
  model: CatalogModel,
  tier: RollupTier,
  ms: number,
): Promise<void> {
  await storeMeta(connection, markKey(model, tier), ms);
}

/** Sets one `doppel_meta` entry (inside the caller's transaction). */
export async function storeMeta(connection: DuckDBConnection, key: string, ms: number): Promise<void> {
  await connection.run('DELETE FROM doppel_meta WHERE key = $1', [key]);
  await connection.run('INSERT INTO doppel_meta VALUES ($1, $2)', [key, BigInt(ms)]);
}

/**
 * Rows older than a tier's mark (late data) as partial rows of that tier: `relation` holds the
 * new values only (twin_id, ts, the model's columns), already free of duplicates.
 */
export async function appendLatePartials(
  connection: DuckDBConnection,
  model: CatalogModel,
  relation: string,
  marks: RollupMarks,
  minTsMs: number,
): Promise<void> {
  for (const tier of ['1m', '15m'] as const) {
    if (minTsMs >= marks[tier]) continue;
    // A row whose values were all stored already (a pure duplicate) adds nothing.
    const any = model.columns.map((column) => `${quoteIdent(column.name)} IS NOT NULL`).join(' OR ');
    const late = `(SELECT * FROM ${relation} WHERE ts < ${marks[tier]} AND (${any || 'false'}))`;
    await connection.run(
      `INSERT INTO ${quoteIdent(rollupTable(model.stem, tier))} BY NAME ${aggregateRowsSql(model, late, TIER_MS[tier])}`,
    );
  }
}

/** A model's marks as stored (NO_MARK for a tier never closed). */
export function storedMarks(meta: ReadonlyMap<string, number>, model: CatalogModel): RollupMarks {
  return {
    '1m': meta.get(markKey(model, '1m')) ?? NO_MARK,
    '15m': meta.get(markKey(model, '15m')) ?? NO_MARK,
  };
}
