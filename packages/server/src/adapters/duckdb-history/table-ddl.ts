import type { CatalogColumn, CatalogModel } from './catalog.js';
import { SQL_TYPE, isNumeric, sumSqlType } from './column-types.js';
import { partitionTable, quoteIdent, rawView, rollupColumn, rollupTable } from './sql-names.js';

/** SQL that creates and widens a model's tables. Nothing here ever rewrites existing data. */

export const TIERS = ['1m', '15m'] as const;

export function stageTable(model: CatalogModel): string {
  return `${model.stem}_stage`;
}

function rawColumnDefs(model: CatalogModel): string {
  const columns = model.columns.map((column) => `${quoteIdent(column.name)} ${SQL_TYPE[column.type]}`);
  return ['twin_key INTEGER NOT NULL', 'ts BIGINT NOT NULL', ...columns].join(', ');
}

export function createPartitionSql(model: CatalogModel, dayMs: number): string {
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(partitionTable(model.stem, dayMs))} (${rawColumnDefs(model)})`;
}

/**
 * The staging table the DataChunk appender fills: raw rows that need duplicate checks, with the
 * twin's id (for the rollup tiers) and key (for the raw partitions); `seq` keeps arrival order.
 */
export function createStageSql(model: CatalogModel): string {
  const columns = model.columns.map(
    (column) => `${quoteIdent(column.name)} ${column.type === 'json' ? 'VARCHAR' : SQL_TYPE[column.type]}`,
  );
  const defs = ['twin_id VARCHAR', 'twin_key INTEGER', 'ts BIGINT', 'seq INTEGER', ...columns].join(', ');
  return `CREATE OR REPLACE TEMP TABLE ${quoteIdent(stageTable(model))} (${defs})`;
}

/** Rollup columns of one path: min/max/sum for numeric columns only; count, first, last for all. */
export function rollupColumnDefs(column: CatalogColumn): [string, string][] {
  const type = SQL_TYPE[column.type];
  const defs: [string, string][] = [];
  if (isNumeric(column.type)) {
    defs.push([rollupColumn(column.name, 'min'), type]);
    defs.push([rollupColumn(column.name, 'max'), type]);
    defs.push([rollupColumn(column.name, 'sum'), sumSqlType(column.type)]);
  }
  defs.push([rollupColumn(column.name, 'count'), 'BIGINT']);
  defs.push([rollupColumn(column.name, 'first'), type]);
  defs.push([rollupColumn(column.name, 'first_ts'), 'BIGINT']);
  defs.push([rollupColumn(column.name, 'last'), type]);
  defs.push([rollupColumn(column.name, 'last_ts'), 'BIGINT']);
  return defs;
}

/**
 * No primary key: DuckDB's ART index would hold every (twin, bucket) key in memory (tens of
 * millions for the 1-minute tier) and blocks ALTER TABLE. Rows are only ever appended (rollup-marks.ts);
 * reads filter on the bucket range, which zone maps turn into a scan of the row groups concerned.
 */
export function createRollupSql(model: CatalogModel, tier: (typeof TIERS)[number]): string {
  const columns = model.columns.flatMap((column) =>
    rollupColumnDefs(column).map(([name, type]) => `${quoteIdent(name)} ${type}`),
  );
  const defs = ['twin_id VARCHAR NOT NULL', 'bucket BIGINT NOT NULL', ...columns].join(', ');
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(rollupTable(model.stem, tier))} (${defs})`;
}

/** ALTER TABLE … ADD COLUMN for a new path, on every partition and rollup table of the model. */
export function addColumnSqls(model: CatalogModel, column: CatalogColumn): string[] {
  const statements: string[] = [];
  for (const dayMs of model.partitions) {
    const table = quoteIdent(partitionTable(model.stem, dayMs));
    statements.push(`ALTER TABLE ${table} ADD COLUMN ${quoteIdent(column.name)} ${SQL_TYPE[column.type]}`);
  }
  for (const tier of TIERS) {
    const table = quoteIdent(rollupTable(model.stem, tier));
    for (const [name, type] of rollupColumnDefs(column)) {
      statements.push(`ALTER TABLE ${table} ADD COLUMN ${quoteIdent(name)} ${type}`);
    }
  }
  return statements;
}

/**
 * `<stem>_raw`: every partition of a model with twin ids instead of keys, for SQL users (and
 * empty but typed with none).
 */
export function createRawViewSql(model: CatalogModel, partitions: Iterable<number>): string {
  const days = [...partitions].sort((a, b) => a - b);
  const body =
    days.length === 0
      ? `SELECT ${['NULL::VARCHAR AS twin_id', 'NULL::BIGINT AS ts', ...model.columns.map((c) => `NULL::${SQL_TYPE[c.type]} AS ${quoteIdent(c.name)}`)].join(', ')} WHERE false`
      : days
          .map(
            (dayMs) =>
              `SELECT k.twin_id, p.* EXCLUDE (twin_key) FROM ${quoteIdent(partitionTable(model.stem, dayMs))} AS p
               JOIN doppel_twins AS k USING (twin_key)`,
          )
          .join(' UNION ALL ');
  return `CREATE OR REPLACE VIEW ${quoteIdent(rawView(model.stem))} AS ${body}`;
}
