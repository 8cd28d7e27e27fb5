import { BIGINT, BOOLEAN, DOUBLE, DuckDBDataChunk, VARCHAR } from '@duckdb/node-api';
import type { DuckDBAppender, DuckDBConnection, DuckDBType, DuckDBValue, DuckDBVector } from '@duckdb/node-api';
import type { HistoryColumnType, HistoryRow } from '../../history/history-store.js';
import type { CatalogModel } from './catalog.js';
import { isNumeric } from './column-types.js';
import { FIFTEEN_MINUTES_MS, quoteIdent } from './sql-names.js';
import { rollupColumnDefs } from './table-ddl.js';

/**
 * The batch's 1-minute aggregates computed in JS while the rows are staged (they are in memory
 * already), then appended to a small temp table that the merges read: cheaper than an aggregation
 * query over every staged row. Only valid when the batch holds no duplicates (each twin's rows are
 * strictly increasing in time, nothing stored at the same times): then the staged rows are exactly
 * the rows written, and within a (twin, bucket) the first value seen is the first by time.
 */

/** DuckDB's vector size: a DataChunk holds at most this many rows. */
const CHUNK_ROWS_MAX = 2_048;

const STAGED_TYPE: Readonly<Record<HistoryColumnType, DuckDBType>> = {
  double: DOUBLE,
  bigint: BIGINT,
  boolean: BOOLEAN,
  string: VARCHAR,
  json: VARCHAR,
};

/**
 * Per column, one slot per (twin, bucket) group. Counts, times and numbers are held (and staged)
 * as doubles, exact below 2^53: a BIGINT vector takes one BigInt per item, a DOUBLE one takes the
 * number as is. `source()` casts them back.
 */
class ColumnAggregates {
  readonly count: Float64Array;
  readonly firstTs: Float64Array;
  readonly lastTs: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly sum: Float64Array;
  /** Doubles for numeric columns, else the staged values. */
  readonly first: Float64Array | DuckDBValue[];
  readonly last: Float64Array | DuckDBValue[];

  constructor(groups: number, numeric: boolean) {
    this.count = new Float64Array(groups);
    this.firstTs = new Float64Array(groups);
    this.lastTs = new Float64Array(groups);
    this.min = new Float64Array(numeric ? groups : 0);
    this.max = new Float64Array(numeric ? groups : 0);
    this.sum = new Float64Array(numeric ? groups : 0);
    this.first = numeric ? new Float64Array(groups) : new Array<DuckDBValue>(groups).fill(null);
    this.last = numeric ? new Float64Array(groups) : new Array<DuckDBValue>(groups).fill(null);
  }
}

export class BatchRollup {
  /** Set when the JS aggregates cannot match SQL exactly (NaN ordering): the caller uses SQL. */
  usable = true;
  /** Whether some 1-minute / 15-minute group may already be stored (needs a merge)… */
  readonly stale = { '1m': false, '15m': false };
  /** …and whether some is certainly new (a plain insert). */
  readonly fresh = { '1m': false, '15m': false };
  private readonly twinIds: string[] = [];
  private readonly buckets: number[] = [];
  /** Per group, its twin's rolled-up mark: a bucket starting after it is not stored yet. */
  private readonly freshAfter: number[] = [];
  private readonly columns: ColumnAggregates[];
  /** Group index of each staged row. */
  private readonly groupOfRow: Int32Array;

  /** Only models whose columns have JS-exact sums (no BIGINT → HUGEINT) are aggregated here. */
  static supports(model: CatalogModel): boolean {
    return model.columns.every((column) => column.type !== 'bigint');
  }

  constructor(
    private readonly model: CatalogModel,
    rows: readonly HistoryRow[],
    bucketMs: number,
    rolledUpMs: ReadonlyMap<string, number>,
  ) {
    this.groupOfRow = new Int32Array(rows.length);
    // Each twin's rows increase in time, so its bucket never returns once left: one open group per twin.
    const open = new Map<string, { bucket: number; group: number }>();
    for (let index = 0; index < rows.length; index += 1) {
      const row = rows[index] as HistoryRow;
      const bucket = Math.floor(row.ts / bucketMs) * bucketMs;
      let current = open.get(row.twinId);
      if (current === undefined || current.bucket !== bucket) {
        current = { bucket, group: this.twinIds.length };
        open.set(row.twinId, current);
        this.twinIds.push(row.twinId);
        this.buckets.push(bucket);
        const mark = rolledUpMs.get(row.twinId) ?? Number.NEGATIVE_INFINITY;
        this.freshAfter.push(mark);
        const fresh15 = Math.floor(bucket / FIFTEEN_MINUTES_MS) * FIFTEEN_MINUTES_MS > mark;
        if (bucket > mark) this.fresh['1m'] = true;
        else this.stale['1m'] = true;
        if (fresh15) this.fresh['15m'] = true;
        else this.stale['15m'] = true;
      }
      this.groupOfRow[index] = current.group;
    }
    const groups = this.twinIds.length;
    this.columns = model.columns.map((column) => new ColumnAggregates(groups, isNumeric(column.type)));
  }

  /** Folds a staged number (not null) of column `c` at row `index` into its group. */
  addNumber(c: number, index: number, ts: number, value: number): void {
    if (value !== value) this.usable = false;
    const agg = this.columns[c] as ColumnAggregates;
    const g = this.groupOfRow[index] as number;
    const first = agg.first as Float64Array;
    const last = agg.last as Float64Array;
    if (agg.count[g] === 0) {
      agg.min[g] = value;
      agg.max[g] = value;
      agg.sum[g] = value;
      first[g] = value;
      agg.firstTs[g] = ts;
    } else {
      if (value < (agg.min[g] as number)) agg.min[g] = value;
      if (value > (agg.max[g] as number)) agg.max[g] = value;
      agg.sum[g] = (agg.sum[g] as number) + value;
    }
    agg.count[g] = (agg.count[g] as number) + 1;
    last[g] = value;
    agg.lastTs[g] = ts;
  }

  /** Folds a staged non-numeric value (not null). */
  addValue(c: number, index: number, ts: number, value: DuckDBValue): void {
    const agg = this.columns[c] as ColumnAggregates;
    const g = this.groupOfRow[index] as number;
    const first = agg.first as DuckDBValue[];
    const last = agg.last as DuckDBValue[];
    if (agg.count[g] === 0) {
      first[g] = value;
      agg.firstTs[g] = ts;
    }
    agg.count[g] = (agg.count[g] as number) + 1;
    last[g] = value;
    agg.lastTs[g] = ts;
  }

  /**
   * Creates `table` (the aggregates, counts and times as doubles, plus `fresh_after`) and appends
   * the groups; returns a function giving the groups that match a condition, shaped like the SQL
   * aggregation's output (BIGINT restored, `fresh_after` dropped).
   */
  async writeTo(connection: DuckDBConnection, table: string): Promise<(where: string) => string> {
    const names: string[] = ['twin_id', 'bucket'];
    const types: DuckDBType[] = [VARCHAR, DOUBLE];
    const casts: string[] = ['bucket::BIGINT AS bucket'];
    for (const column of this.model.columns) {
      for (const [name] of rollupColumnDefs(column)) {
        const part = name.slice(name.lastIndexOf('.') + 1);
        const integral = part === 'count' || part.endsWith('_ts');
        names.push(name);
        types.push(integral ? DOUBLE : STAGED_TYPE[column.type]);
        if (integral) casts.push(`${quoteIdent(name)}::BIGINT AS ${quoteIdent(name)}`);
      }
    }
    names.push('fresh_after');
    types.push(DOUBLE);
    const defs = names.map((name, i) => `${quoteIdent(name)} ${String(types[i])}`).join(', ');
    await connection.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} (${defs})`);
    const appender = await connection.createAppender(table, 'main', 'temp');
    try {
      const groups = this.twinIds.length;
      for (let start = 0; start < groups; start += CHUNK_ROWS_MAX) {
        const end = Math.min(groups, start + CHUNK_ROWS_MAX);
        this.appendChunk(appender, types, start, end);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    const relation = `temp.main.${quoteIdent(table)}`;
    return (where) => `(SELECT * EXCLUDE (fresh_after) REPLACE (${casts.join(', ')}) FROM ${relation} WHERE ${where})`;
  }

  private appendChunk(appender: DuckDBAppender, types: DuckDBType[], start: number, end: number): void {
    const chunk = DuckDBDataChunk.create(types, end - start);
    const twinIds = chunk.getColumnVector(0);
    for (let g = start; g < end; g += 1) twinIds.setItem(g - start, this.twinIds[g] as string);
    twinIds.flush();
    let v = 1;
    const next = (): DuckDBVector => chunk.getColumnVector(v++);
    setNumbers(next(), this.buckets, undefined, start, end);
    this.model.columns.forEach((column, c) => {
      const agg = this.columns[c] as ColumnAggregates;
      if (isNumeric(column.type)) {
        setNumbers(next(), agg.min, agg.count, start, end);
        setNumbers(next(), agg.max, agg.count, start, end);
        setNumbers(next(), agg.sum, agg.count, start, end);
      }
      setNumbers(next(), agg.count, undefined, start, end);
      setNumbers(next(), agg.first, agg.count, start, end);
      setNumbers(next(), agg.firstTs, agg.count, start, end);
      setNumbers(next(), agg.last, agg.count, start, end);
      setNumbers(next(), agg.lastTs, agg.count, start, end);
    });
    setNumbers(next(), this.freshAfter, undefined, start, end);
    appender.appendDataChunk(chunk);
  }
}

/**
 * Items [start, end) of `values` into a vector; NULL where `count` is 0. Valid items go first:
 * once a vector has a null, each later valid item costs BigInt arithmetic on its validity mask.
 */
function setNumbers(
  vector: DuckDBVector,
  values: ArrayLike<DuckDBValue>,
  count: Float64Array | undefined,
  start: number,
  end: number,
): void {
  let empty = false;
  for (let g = start; g < end; g += 1) {
    if (count !== undefined && count[g] === 0) empty = true;
    else vector.setItem(g - start, values[g] as DuckDBValue);
  }
  if (empty && count !== undefined) {
    for (let g = start; g < end; g += 1) if (count[g] === 0) vector.setItem(g - start, null);
  }
  vector.flush();
}
