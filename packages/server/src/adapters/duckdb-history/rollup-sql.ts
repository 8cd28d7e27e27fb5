import type { CatalogColumn, CatalogModel } from './catalog.js';
import { isNumeric } from './column-types.js';
import { quoteIdent, rollupColumn } from './sql-names.js';
import type { RollupPart } from './sql-names.js';

/**
 * Rollup aggregates (per twin, bucket and path: min, max, sum, count, first, last), from raw rows
 * or from finer rollup rows. first/last carry their sample time, so the rows of one bucket combine
 * by source time, not by arrival (rollup-marks.ts appends them; readers aggregate them).
 */

const q = quoteIdent;
const part = (column: CatalogColumn, name: RollupPart): string => q(rollupColumn(column.name, name));

/**
 * Aggregates of raw rows (`source` has the twin column, ts and the value columns) into buckets of
 * `bucketMs`. Grouping by the integer `twin_key` (then joining the ids) is much cheaper than by id.
 */
export function aggregateRowsSql(
  model: CatalogModel,
  source: string,
  bucketMs: number,
  twin: 'twin_id' | 'twin_key' = 'twin_id',
): string {
  // No FILTER clauses: they made this 16× slower (100 columns, 300,000 rows: 8.3 s → 0.53 s).
  // arg_min / arg_max skip rows whose value is NULL; the sample times of present values come
  // from a CASE instead.
  const parts = model.columns.flatMap((column) => {
    const value = q(column.name);
    const presentTs = `CASE WHEN ${value} IS NOT NULL THEN ts END`;
    const numeric = isNumeric(column.type)
      ? [
          `min(${value}) AS ${part(column, 'min')}`,
          `max(${value}) AS ${part(column, 'max')}`,
          `sum(${value}) AS ${part(column, 'sum')}`,
        ]
      : [];
    return [
      ...numeric,
      `count(${value}) AS ${part(column, 'count')}`,
      `arg_min(${value}, ts) AS ${part(column, 'first')}`,
      `min(${presentTs}) AS ${part(column, 'first_ts')}`,
      `arg_max(${value}, ts) AS ${part(column, 'last')}`,
      `max(${presentTs}) AS ${part(column, 'last_ts')}`,
    ];
  });
  return `SELECT ${twin}, (ts // ${bucketMs}) * ${bucketMs} AS bucket, ${parts.join(', ')} FROM ${source} GROUP BY ALL`;
}

/** Aggregates of finer rollup rows into coarser buckets of `bucketMs` (1 min → 15 min). */
export function aggregateRollupsSql(model: CatalogModel, source: string, bucketMs: number): string {
  // Rows without the path have NULL parts, which min, max, sum and arg_min / arg_max skip.
  const parts = model.columns.flatMap((column) => {
    const numeric = isNumeric(column.type)
      ? [
          `min(${part(column, 'min')}) AS ${part(column, 'min')}`,
          `max(${part(column, 'max')}) AS ${part(column, 'max')}`,
          `sum(${part(column, 'sum')}) AS ${part(column, 'sum')}`,
        ]
      : [];
    return [
      ...numeric,
      `sum(${part(column, 'count')})::BIGINT AS ${part(column, 'count')}`,
      `arg_min(${part(column, 'first')}, ${part(column, 'first_ts')}) AS ${part(column, 'first')}`,
      `min(${part(column, 'first_ts')}) AS ${part(column, 'first_ts')}`,
      `arg_max(${part(column, 'last')}, ${part(column, 'last_ts')}) AS ${part(column, 'last')}`,
      `max(${part(column, 'last_ts')}) AS ${part(column, 'last_ts')}`,
    ];
  });
  return `SELECT twin_id, (bucket // ${bucketMs}) * ${bucketMs} AS bucket, ${parts.join(', ')} FROM ${source} GROUP BY ALL`;
}
