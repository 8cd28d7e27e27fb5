import type { CatalogColumn, CatalogModel } from './catalog.js';
import type { RollupTier } from './rollup-marks.js';
import { TIER_MS, markSql } from './rollup-marks.js';
import { aggregateRowsSql } from './rollup-sql.js';
import { DAY_MS, partitionTable, quoteIdent, quoteString, rollupTable } from './sql-names.js';
import { rollupColumnDefs } from './table-ddl.js';

const q = quoteIdent;

/**
 * One twin's buckets of a rollup tier in [loMs, hiMs) (`$1` is the twin id): the closed buckets
 * from the tier's table, the open ones (from the model's rollup mark on) aggregated from raw
 * rows, like a continuous aggregate's real-time part. Columns: `tName` (the bucket start) and the
 * tier's parts of `columns`; a bucket may come as several rows (rollup-marks.ts), which callers
 * aggregate. The mark is read in the query's own snapshot, so a bucket closed meanwhile is
 * counted once: either from the table or from raw.
 */
export function tierSourceSql(
  model: CatalogModel,
  columns: readonly CatalogColumn[],
  tier: RollupTier,
  twinKey: number | undefined,
  loMs: number,
  hiMs: number,
  tName: string,
): string {
  const { mark, parts, counted, days } = tierParts(model, columns, tier, loMs, hiMs);
  const closed = `SELECT bucket AS ${tName}, ${parts.join(', ')} FROM ${q(rollupTable(model.stem, tier))}
    WHERE twin_id = $1 AND bucket >= ${loMs} AND bucket < ${hiMs} AND bucket < ${mark} AND (${counted})`;
  if (twinKey === undefined || days.length === 0) return closed;
  const names = columns.map((column) => q(column.name));
  const rows = days
    .map(
      (dayMs) => `SELECT $1 AS twin_id, ts, ${names.join(', ')} FROM ${q(partitionTable(model.stem, dayMs))}
        WHERE twin_key = ${twinKey} AND ts >= greatest(${loMs}, ${mark}) AND ts < ${hiMs}`,
    )
    .join(' UNION ALL ');
  const open = `SELECT bucket AS ${tName}, ${parts.join(', ')}
    FROM (${aggregateRowsSql({ ...model, columns: [...columns] }, `(${rows})`, TIER_MS[tier])}) WHERE ${counted}`;
  return `${closed} UNION ALL BY NAME ${open}`;
}

/**
 * tierSourceSql for many twins of one model in one scan: the same rows with a `twin_id` column
 * first (a query's history calls ask for one path of dozens of twins at once; one SQL statement
 * per twin cost about 3 ms each).
 */
export function tierSourceManySql(
  model: CatalogModel,
  columns: readonly CatalogColumn[],
  tier: RollupTier,
  twins: readonly { readonly id: string; readonly key: number | undefined }[],
  loMs: number,
  hiMs: number,
  tName: string,
): string {
  const { mark, parts, counted, days } = tierParts(model, columns, tier, loMs, hiMs);
  const ids = twins.map((twin) => quoteString(twin.id)).join(', ');
  const closed = `SELECT twin_id, bucket AS ${tName}, ${parts.join(', ')} FROM ${q(rollupTable(model.stem, tier))}
    WHERE twin_id IN (${ids}) AND bucket >= ${loMs} AND bucket < ${hiMs} AND bucket < ${mark} AND (${counted})`;
  const keys = twins.flatMap((twin) => (twin.key === undefined ? [] : [twin.key]));
  if (keys.length === 0 || days.length === 0) return closed;
  const names = columns.map((column) => `p.${q(column.name)}`);
  const rows = days
    .map(
      (dayMs) => `SELECT k.twin_id, p.ts, ${names.join(', ')} FROM ${q(partitionTable(model.stem, dayMs))} AS p
        JOIN doppel_twins AS k USING (twin_key)
        WHERE p.twin_key IN (${keys.join(', ')}) AND p.ts >= greatest(${loMs}, ${mark}) AND p.ts < ${hiMs}`,
    )
    .join(' UNION ALL ');
  const open = `SELECT twin_id, bucket AS ${tName}, ${parts.join(', ')}
    FROM (${aggregateRowsSql({ ...model, columns: [...columns] }, `(${rows})`, TIER_MS[tier])}) WHERE ${counted}`;
  return `${closed} UNION ALL BY NAME ${open}`;
}

/** What both readers of a tier need: the mark, the tier's columns, the "has a value" test, the open days. */
function tierParts(
  model: CatalogModel,
  columns: readonly CatalogColumn[],
  tier: RollupTier,
  loMs: number,
  hiMs: number,
): { mark: string; parts: string[]; counted: string; days: number[] } {
  // Partitions entirely before the committed mark cannot hold open buckets (the mark only grows).
  const hintMs = model.rollupMarks[tier];
  return {
    mark: markSql(model, tier),
    parts: columns.flatMap((column) => rollupColumnDefs(column).map(([name]) => q(name))),
    counted: columns.map((column) => `${q(`${column.name}.count`)} > 0`).join(' OR '),
    days: [...model.partitions].filter((dayMs) => dayMs + DAY_MS > Math.max(loMs, hintMs) && dayMs < hiMs),
  };
}
