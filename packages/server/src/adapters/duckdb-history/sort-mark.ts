import type { DuckDBConnection } from '@duckdb/node-api';
import type { CatalogModel } from './catalog.js';
import { NO_MARK, storeMeta } from './rollup-marks.js';
import { DAY_MS, ONE_MINUTE_MS, partitionTable, quoteIdent } from './sql-names.js';

/**
 * The sort mark: how raw rows end up ordered by twin without an index.
 *
 * A stream is appended about a second at a time, one row per twin per batch, so every row group
 * holds every twin and a one-twin read scans the whole range. Each model has a sort mark: raw
 * rows before it were rewritten ordered by twin key and time, so that each row group covers a
 * narrow range of keys that DuckDB's zone maps skip. The mark follows the model's newest sample
 * a few seconds behind (SORT_SLACK_MS), minute by minute, so only the current minute of a stream
 * is still in arrival order (at 10,000 twins at 1 Hz that is what a one-twin read of the last
 * hour scans in full). It is independent of the rollup marks, which wait two minutes for late
 * data: a late row after its minute was sorted is appended where it lands, which costs nothing
 * but a little order.
 *
 * When the mark completes an hour, the whole hour is rewritten ordered by twin: that is what
 * compresses. DuckDB compresses each vector of values with one frame of reference and bit width
 * (ALP), so a vector that spans several twins pays for the spread between their levels, while one
 * inside a single twin's hour pays only for its own variation. Measured on the bench's 1,000
 * twins × 10 fields at 1 s: raw rows take 2.2 bytes per value ordered by minute, 1.3 ordered by
 * hour (docs/history.md, Performance). The blocks the hour held before are free afterwards and
 * DuckDB reuses them for the next hour's rows.
 */

export const SORT_SLACK_MS = 5_000;
const HOUR_MS = 3_600_000;

export function sortMarkKey(model: CatalogModel): string {
  return `sorted:${model.modelId}`;
}

/** The sort mark as stored (NO_MARK before the first move). */
export function storedSortMark(meta: ReadonlyMap<string, number>, model: CatalogModel): number {
  return meta.get(sortMarkKey(model)) ?? NO_MARK;
}

/**
 * Moves the model's sort mark behind `newestMs` and rewrites what it passed, inside the caller's
 * transaction after the batch's raw rows are written. A jump of more than an hour (the first
 * batch, a backfill, data after an outage) sorts only the last hour before the new mark: older
 * rows stay as they are rather than making one write rewrite a store. Returns the mark to
 * publish on commit.
 */
export async function advanceSortMark(
  connection: DuckDBConnection,
  model: CatalogModel,
  partitions: Iterable<number>,
  fromMs: number,
  newestMs: number,
): Promise<number> {
  const toMs = Math.floor((newestMs - SORT_SLACK_MS) / ONE_MINUTE_MS) * ONE_MINUTE_MS;
  if (toMs <= fromMs) return fromMs;
  for (const [loMs, hiMs] of sortWindows(Math.max(fromMs, toMs - HOUR_MS), toMs)) {
    await sortRows(connection, model, partitions, loMs, hiMs);
  }
  await storeMeta(connection, sortMarkKey(model), toMs);
  return toMs;
}

/**
 * The windows to rewrite when the mark moves from `fromMs` to `toMs` (at most an hour apart):
 * the minutes it passed, or, when the move completes an hour, that whole hour (and the minutes
 * after it).
 */
export function sortWindows(fromMs: number, toMs: number): [number, number][] {
  const hourEnd = Math.floor(toMs / HOUR_MS) * HOUR_MS;
  if (hourEnd <= fromMs) return [[fromMs, toMs]];
  const windows: [number, number][] = [[hourEnd - HOUR_MS, hourEnd]];
  if (toMs > hourEnd) windows.push([hourEnd, toMs]);
  return windows;
}

/** Rewrites the raw rows in [loMs, hiMs) ordered by twin key and time, in every day partition it overlaps. */
async function sortRows(
  connection: DuckDBConnection,
  model: CatalogModel,
  partitions: Iterable<number>,
  loMs: number,
  hiMs: number,
): Promise<void> {
  const sorted = quoteIdent(`${model.stem}_sorted`);
  for (const dayMs of partitions) {
    if (dayMs + DAY_MS <= loMs || dayMs >= hiMs) continue;
    const table = quoteIdent(partitionTable(model.stem, dayMs));
    const window = `ts >= ${loMs} AND ts < ${hiMs}`;
    await connection.run(
      `CREATE OR REPLACE TEMP TABLE ${sorted} AS SELECT * FROM ${table} WHERE ${window} ORDER BY twin_key, ts`,
    );
    await connection.run(`DELETE FROM ${table} WHERE ${window}`);
    await connection.run(`INSERT INTO ${table} SELECT * FROM temp.main.${sorted}`);
  }
  await connection.run(`DROP TABLE IF EXISTS temp.main.${sorted}`);
}
