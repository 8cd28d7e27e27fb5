import type { CatalogColumn, CatalogModel } from './catalog.js';
import { isNumeric } from './column-types.js';
import { quoteIdent, rollupColumn, rollupTable } from './sql-names.js';
import type { RollupPart } from './sql-names.js';

/**
 * Incremental rollups (per twin, bucket and path: min, max, sum, count, first, last): the batch's
 * own aggregates are merged into the stored buckets. first/last carry their sample time, so late
 * data corrects them by source time, not by arrival.
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

function mergeAssignments(column: CatalogColumn): string[] {
  const t = (name: RollupPart): string => `t.${part(column, name)}`;
  const s = (name: RollupPart): string => `s.${part(column, name)}`;
  const numeric = isNumeric(column.type)
    ? [
        // least/greatest skip NULLs in DuckDB: an empty side leaves the other unchanged.
        `${part(column, 'min')} = least(${t('min')}, ${s('min')})`,
        `${part(column, 'max')} = greatest(${t('max')}, ${s('max')})`,
        `${part(column, 'sum')} = CASE WHEN ${s('sum')} IS NULL THEN ${t('sum')} WHEN ${t('sum')} IS NULL THEN ${s('sum')} ELSE ${t('sum')} + ${s('sum')} END`,
      ]
    : [];
  return [
    ...numeric,
    `${part(column, 'count')} = coalesce(${t('count')}, 0) + coalesce(${s('count')}, 0)`,
    `${part(column, 'first')} = CASE WHEN ${s('first_ts')} < ${t('first_ts')} OR ${t('first_ts')} IS NULL THEN ${s('first')} ELSE ${t('first')} END`,
    `${part(column, 'first_ts')} = least(${t('first_ts')}, ${s('first_ts')})`,
    `${part(column, 'last')} = CASE WHEN ${s('last_ts')} > ${t('last_ts')} OR ${t('last_ts')} IS NULL THEN ${s('last')} ELSE ${t('last')} END`,
    `${part(column, 'last_ts')} = greatest(${t('last_ts')}, ${s('last_ts')})`,
  ];
}

/**
 * Upserts the aggregates in `source` (one row per twin and bucket) into a tier. The bucket range
 * predicate lets zone maps skip every row group outside the batch's buckets (no index needed).
 */
export function mergeRollupSql(
  model: CatalogModel,
  tier: '1m' | '15m',
  source: string,
  bucketLoMs: number,
  bucketHiMs: number,
): string {
  const target = q(rollupTable(model.stem, tier));
  const assignments = model.columns.flatMap(mergeAssignments);
  const update = assignments.length === 0 ? 'DO NOTHING' : `UPDATE SET ${assignments.join(', ')}`;
  return `MERGE INTO ${target} AS t USING ${source} AS s
  ON t.bucket >= ${bucketLoMs} AND t.bucket <= ${bucketHiMs} AND t.twin_id = s.twin_id AND t.bucket = s.bucket
  WHEN MATCHED THEN ${update}
  WHEN NOT MATCHED THEN INSERT BY NAME`;
}
