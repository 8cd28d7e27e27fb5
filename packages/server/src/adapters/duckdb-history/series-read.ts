import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { DoppelError } from '@doppel/core';
import type {
  Aggregation,
  SeriesFrame,
  SeriesQuery,
  SeriesResult,
  SeriesSelector,
} from '../../history/history-store.js';
import type { CatalogColumn, CatalogModel } from './catalog.js';
import { fromInteger, fromStored } from './column-types.js';
import { DAY_MS, partitionTable, quoteIdent, rollupColumn } from './sql-names.js';
import type { BucketPlan } from './series-plan.js';
import { bucketStartSql, checkAggregation, checkRange, planBuckets, resolveColumn } from './series-plan.js';
import { tierSourceManySql, tierSourceSql } from './tier-source.js';
import type { RollupTier } from './rollup-marks.js';

/**
 * Reads series from raw partitions or a rollup tier. Empty buckets are omitted (a frame lists only
 * buckets that hold samples), so a gap in a chart is a gap, not a zero.
 */

const q = quoteIdent;

async function readRows(connection: DuckDBConnection, sql: string, values: DuckDBValue[]): Promise<DuckDBValue[][]> {
  return (await connection.runAndReadAll(sql, values)).getRows();
}

/** Raw rows of one series in [loMs, hiMs) as (t, v), from the day partitions that overlap. */
function rawSource(
  model: CatalogModel,
  column: CatalogColumn,
  twinKey: number,
  loMs: number,
  hiMs: number,
): string | null {
  const selects = [...model.partitions]
    .filter((dayMs) => dayMs + DAY_MS > loMs && dayMs < hiMs)
    .sort((a, b) => a - b)
    .map(
      (dayMs) =>
        `SELECT ts AS t, ${q(column.name)} AS v FROM ${q(partitionTable(model.stem, dayMs))}
         WHERE twin_key = ${twinKey} AND ts >= ${loMs} AND ts < ${hiMs} AND ${q(column.name)} IS NOT NULL`,
    );
  return selects.length === 0 ? null : selects.join(' UNION ALL ');
}

function aggregateExpr(agg: Aggregation, fromRollup: boolean, column: CatalogColumn): string {
  if (!fromRollup) {
    if (agg === 'first') return 'arg_min(v, t)';
    if (agg === 'last') return 'arg_max(v, t)';
    return `${agg}(v)`;
  }
  const part = (name: Parameters<typeof rollupColumn>[1]): string => q(rollupColumn(column.name, name));
  switch (agg) {
    case 'avg':
      return `sum(${part('sum')}) / sum(${part('count')})`;
    case 'min':
      return `min(${part('min')})`;
    case 'max':
      return `max(${part('max')})`;
    case 'sum':
      return `sum(${part('sum')})`;
    case 'count':
      return `sum(${part('count')})`;
    case 'first':
      return `arg_min(${part('first')}, ${part('first_ts')})`;
    case 'last':
      return `arg_max(${part('last')}, ${part('last_ts')})`;
  }
}

function convert(agg: Aggregation | null, column: CatalogColumn, value: DuckDBValue): unknown {
  if (value === null) return null;
  if (agg === 'count') return Number(value);
  if (agg === 'avg') return Number(value);
  if (agg === 'sum' && typeof value === 'bigint') return fromInteger(value);
  return fromStored(column.type, value);
}

/** [lo, hi): the start of the bucket holding fromMs, and the end of the bucket holding toMs − 1. */
async function alignedRange(
  connection: DuckDBConnection,
  plan: BucketPlan,
  query: SeriesQuery,
): Promise<[number, number]> {
  const { stepMs } = plan;
  if (plan.timeZone === null) {
    return [Math.floor(query.fromMs / stepMs) * stepMs, Math.ceil(query.toMs / stepMs) * stepMs];
  }
  // A bucket is N local days ± a DST hour: from the start of toMs's bucket, N days + 3 h lands in the next one.
  const sql = `SELECT ${bucketStartSql(plan, '$1::BIGINT')}, ${bucketStartSql(plan, '$2::BIGINT')}`;
  const [first] = await readRows(connection, sql, [BigInt(query.fromMs), BigInt(query.toMs)]);
  const lo = Number(first?.[0]);
  const toBucket = Number(first?.[1]);
  if (toBucket === query.toMs) return [lo, toBucket];
  const [next] = await readRows(connection, `SELECT ${bucketStartSql(plan, '$1::BIGINT')}`, [
    BigInt(toBucket + stepMs + 3 * 3_600_000),
  ]);
  return [lo, Number(next?.[0])];
}

/** Aggregated buckets of one series, from raw partitions or a rollup tier. */
async function readOne(
  connection: DuckDBConnection,
  models: ReadonlyMap<string, CatalogModel>,
  keyOf: (twinId: string) => number | undefined,
  selector: SeriesSelector,
  query: SeriesQuery,
  plan: BucketPlan,
  range: [number, number],
): Promise<SeriesFrame> {
  const { model, column } = resolveColumn(models, selector.modelId, selector.path);
  const [loMs, hiMs] = range;
  const empty: SeriesFrame = { series: selector, timestamps: [], values: [] };
  checkAggregation(column, plan.agg);
  const twinKey = keyOf(selector.twinId);
  if (plan.tier === 'raw' && twinKey === undefined) return empty;
  const source =
    plan.tier === 'raw'
      ? rawSource(model, column, twinKey as number, loMs, hiMs)
      : tierSourceSql(model, [column], plan.tier, twinKey, loMs, hiMs, 't');
  if (source === null) return empty;
  const sql = `SELECT ${bucketStartSql(plan, 't')} AS b, ${aggregateExpr(plan.agg, plan.tier !== 'raw', column)} AS a
    FROM (${source}) GROUP BY b ORDER BY b`;
  const rows = await readRows(connection, sql, plan.tier === 'raw' ? [] : [selector.twinId]);
  if (rows.length > query.pointsMax) {
    throw new DoppelError(
      'history.too-many-points',
      `history: more than ${query.pointsMax} points for ${selector.twinId} ${selector.path} in [${query.fromMs}, ${query.toMs})`,
    );
  }
  return {
    series: selector,
    timestamps: rows.map((row) => Number(row[0])),
    values: rows.map((row) => convert(plan.agg, column, row[1] ?? null)),
  };
}

/**
 * Aggregated buckets of one path of many twins from a rollup tier, in one statement; frames in
 * the order of `selectors` (all of the same model and path).
 */
async function readManyTwins(
  connection: DuckDBConnection,
  models: ReadonlyMap<string, CatalogModel>,
  keyOf: (twinId: string) => number | undefined,
  selectors: readonly SeriesSelector[],
  query: SeriesQuery,
  plan: BucketPlan,
  range: [number, number],
): Promise<SeriesFrame[]> {
  const first = selectors[0] as SeriesSelector;
  const { model, column } = resolveColumn(models, first.modelId, first.path);
  checkAggregation(column, plan.agg);
  const twins = [...new Set(selectors.map((selector) => selector.twinId))].map((id) => ({ id, key: keyOf(id) }));
  const source = tierSourceManySql(model, [column], plan.tier as RollupTier, twins, range[0], range[1], 't');
  const sql = `SELECT twin_id, ${bucketStartSql(plan, 't')} AS b, ${aggregateExpr(plan.agg, true, column)} AS a
    FROM (${source}) GROUP BY twin_id, b ORDER BY twin_id, b`;
  const byTwin = new Map<string, { timestamps: number[]; values: unknown[] }>();
  for (const [twinId, bucket, value] of await readRows(connection, sql, [])) {
    let frame = byTwin.get(String(twinId));
    if (frame === undefined) byTwin.set(String(twinId), (frame = { timestamps: [], values: [] }));
    frame.timestamps.push(Number(bucket));
    frame.values.push(convert(plan.agg, column, value ?? null));
  }
  return selectors.map((selector) => {
    const frame = byTwin.get(selector.twinId) ?? { timestamps: [], values: [] };
    if (frame.timestamps.length > query.pointsMax) {
      throw new DoppelError(
        'history.too-many-points',
        `history: more than ${query.pointsMax} points for ${selector.twinId} ${selector.path} in [${query.fromMs}, ${query.toMs})`,
      );
    }
    return { series: selector, ...frame };
  });
}

/**
 * Raw samples of several paths of one twin in one scan: one query returns a row per time with a
 * column per path, split into one frame per path (measured: 10 fields of one asset, one query
 * instead of ten). Some series over `pointsMax` is certain once more than pointsMax × paths rows
 * come back (each row carries at least one of the paths).
 */
async function readRawGroup(
  connection: DuckDBConnection,
  models: ReadonlyMap<string, CatalogModel>,
  keyOf: (twinId: string) => number | undefined,
  selectors: readonly SeriesSelector[],
  query: SeriesQuery,
): Promise<SeriesFrame[]> {
  const first = selectors[0] as SeriesSelector;
  const resolved = selectors.map((selector) => resolveColumn(models, selector.modelId, selector.path));
  const model = (resolved[0] as { model: CatalogModel }).model;
  const columns = resolved.map(({ column }) => column);
  const names = columns.map((column) => q(column.name));
  const twinKey = keyOf(first.twinId);
  const selects = [...model.partitions]
    .filter((dayMs) => dayMs + DAY_MS > query.fromMs && dayMs < query.toMs)
    .sort((a, b) => a - b)
    .map(
      (dayMs) =>
        `SELECT ts AS t, ${names.join(', ')} FROM ${q(partitionTable(model.stem, dayMs))}
         WHERE twin_key = ${twinKey} AND ts >= ${query.fromMs} AND ts < ${query.toMs}
           AND (${names.map((name) => `${name} IS NOT NULL`).join(' OR ')})`,
    );
  const frames = selectors.map((selector) => ({
    series: selector,
    timestamps: [] as number[],
    values: [] as unknown[],
  }));
  if (selects.length === 0 || twinKey === undefined) return frames;
  const rowsMax = query.pointsMax * selectors.length;
  // Column-major, time as DOUBLE (exact for epoch ms): no row arrays, no BigInt per timestamp.
  const reader = await connection.runAndReadAll(
    `SELECT t::DOUBLE, * EXCLUDE (t) FROM (${selects.join(' UNION ALL ')}) ORDER BY t LIMIT ${rowsMax + 1}`,
  );
  const [times = [], ...values] = reader.getColumns();
  columns.forEach((column, i) => {
    const frame = frames[i] as { timestamps: number[]; values: unknown[] };
    const columnValues = values[i] ?? [];
    const plain = column.type === 'double' || column.type === 'boolean' || column.type === 'string';
    for (let row = 0; row < times.length; row++) {
      const value = columnValues[row] ?? null;
      if (value === null) continue;
      frame.timestamps.push(times[row] as number);
      frame.values.push(plain ? value : convert(null, column, value));
    }
  });
  const rowCount = times.length;
  const over = frames.find((frame) => frame.timestamps.length > query.pointsMax);
  if (rowCount > rowsMax || over !== undefined) {
    throw new DoppelError(
      'history.too-many-points',
      `history: more than ${query.pointsMax} points for ${first.twinId} ${(over ?? frames[0])?.series.path} in [${query.fromMs}, ${query.toMs})`,
    );
  }
  return frames;
}

export async function readSeries(
  connection: DuckDBConnection,
  models: ReadonlyMap<string, CatalogModel>,
  keyOf: (twinId: string) => number | undefined,
  query: SeriesQuery,
): Promise<SeriesResult> {
  checkRange(query);
  const plan = planBuckets(query);
  for (const selector of query.series) resolveColumn(models, selector.modelId, selector.path);
  let range: [number, number] = [query.fromMs, query.toMs];
  if (plan !== null && query.toMs > query.fromMs) {
    range = await alignedRange(connection, plan, query);
    const bucketsMax = Math.ceil((range[1] - range[0]) / plan.stepMs);
    if (bucketsMax > query.pointsMax) {
      throw new DoppelError(
        'history.too-many-points',
        `history: ${bucketsMax} buckets of ${plan.stepMs} ms exceed pointsMax ${query.pointsMax}`,
      );
    }
  }
  if (plan === null && query.toMs > query.fromMs) {
    // Raw reads of the same twin share one scan.
    const frames = await readGrouped(
      query.series,
      (selector) => `${selector.modelId}\u0000${selector.twinId}`,
      (selectors) => readRawGroup(connection, models, keyOf, selectors, query),
    );
    return { frames, tier: 'raw', stepMs: null, agg: null };
  }
  if (plan !== null && plan.tier !== 'raw' && query.toMs > query.fromMs) {
    // One path of several twins from a rollup tier: one statement for all of them.
    const frames = await readGrouped(
      query.series,
      (selector) => `${selector.modelId}\u0000${selector.path}`,
      async (selectors) =>
        selectors.length === 1
          ? [await readOne(connection, models, keyOf, selectors[0] as SeriesSelector, query, plan, range)]
          : readManyTwins(connection, models, keyOf, selectors, query, plan, range),
    );
    return { frames, tier: plan.tier, stepMs: plan.stepMs, agg: plan.agg };
  }
  const frames: SeriesFrame[] = [];
  for (const selector of query.series) {
    frames.push(
      query.toMs === query.fromMs
        ? { series: selector, timestamps: [], values: [] }
        : await readOne(connection, models, keyOf, selector, query, plan as BucketPlan, range),
    );
  }
  return { frames, tier: plan?.tier ?? 'raw', stepMs: plan?.stepMs ?? null, agg: plan?.agg ?? null };
}

/** Reads the series in groups (one read per group), returning the frames in the series' order. */
async function readGrouped(
  series: readonly SeriesSelector[],
  groupOf: (selector: SeriesSelector) => string,
  read: (selectors: readonly SeriesSelector[]) => Promise<readonly SeriesFrame[]>,
): Promise<SeriesFrame[]> {
  const groups = new Map<string, SeriesSelector[]>();
  for (const selector of series) {
    const key = groupOf(selector);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [selector]);
    else group.push(selector);
  }
  const byGroup = new Map<SeriesSelector, SeriesFrame>();
  for (const selectors of groups.values()) {
    const frames = await read(selectors);
    selectors.forEach((selector, i) => byGroup.set(selector, frames[i] as SeriesFrame));
  }
  return series.map((selector) => byGroup.get(selector) as SeriesFrame);
}
