import type { DuckDBConnection } from '@duckdb/node-api';
import type { HistoryColumnType } from '../../history/history-store.js';
import { modelStem } from './sql-names.js';

/**
 * The catalog tables make names stable across restarts (model id → table stem, path → column) and
 * list the raw partitions; `doppel_meta` holds the log checkpoint, written in the same transaction
 * as the rows it covers.
 */
export const CATALOG_DDL = `
CREATE TABLE IF NOT EXISTS doppel_meta (key VARCHAR NOT NULL, value BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS doppel_models (model_id VARCHAR NOT NULL, model_no INTEGER NOT NULL, stem VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS doppel_columns (
  model_id VARCHAR NOT NULL, path VARCHAR NOT NULL, column_name VARCHAR NOT NULL, type VARCHAR NOT NULL, ordinal INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS doppel_partitions (model_id VARCHAR NOT NULL, day_ms BIGINT NOT NULL, table_name VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS doppel_twins (twin_key INTEGER NOT NULL, twin_id VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS doppel_freshness (
  twin_id VARCHAR NOT NULL, path VARCHAR NOT NULL, ts BIGINT NOT NULL, freshness VARCHAR NOT NULL,
  reason VARCHAR NOT NULL, cadence_ms BIGINT NOT NULL, source VARCHAR NOT NULL);
`;

export const META_CHECKPOINT = 'checkpoint';
/** Samples older than this were (or would be) removed by raw retention: they are refused. */
export const META_RAW_HORIZON = 'raw_horizon_ms';
/**
 * The layout of the store's tables. 2: raw partitions key twins by integer (`doppel_twins`).
 * A store without it that already holds partitions was written by an earlier development version.
 */
export const META_FORMAT = 'format';
const FORMAT = 2;

export interface CatalogColumn {
  readonly path: string;
  /** SQL column name (unquoted). */
  readonly name: string;
  readonly type: HistoryColumnType;
  readonly ordinal: number;
}

export interface CatalogModel {
  readonly modelId: string;
  readonly stem: string;
  readonly columns: CatalogColumn[];
  readonly byPath: Map<string, CatalogColumn>;
  /** UTC day starts (epoch ms) of the raw partitions that exist. */
  readonly partitions: Set<number>;
  /** Committed rollup marks (rollup-marks.ts): buckets before them are in the tier tables. */
  rollupMarks: { readonly '1m': number; readonly '15m': number };
  /** Committed sort mark (sort-mark.ts): raw rows before it are ordered by twin. */
  sortedMark: number;
}

export interface LoadedCatalog {
  readonly models: Map<string, CatalogModel>;
  readonly checkpoint: number;
  readonly rawHorizonMs: number;
  /** Every `doppel_meta` entry (rollup marks among them). */
  readonly meta: ReadonlyMap<string, number>;
}

async function rows(connection: DuckDBConnection, sql: string): Promise<unknown[][]> {
  return (await connection.runAndReadAll(sql)).getRows() as unknown[][];
}

export function newCatalogModel(modelId: string, modelNo: number): CatalogModel {
  return {
    modelId,
    stem: modelStem(modelNo),
    columns: [],
    byPath: new Map(),
    partitions: new Set(),
    rollupMarks: { '1m': Number.MIN_SAFE_INTEGER, '15m': Number.MIN_SAFE_INTEGER },
    sortedMark: Number.MIN_SAFE_INTEGER,
  };
}

/** Creates the catalog tables if needed and reads them into memory. */
export async function loadCatalog(connection: DuckDBConnection): Promise<LoadedCatalog> {
  await connection.run(CATALOG_DDL);
  const meta = new Map<string, number>();
  for (const [key, value] of await rows(connection, 'SELECT key, value FROM doppel_meta')) {
    meta.set(String(key), Number(value));
  }
  if (!meta.has(META_FORMAT)) {
    const [[partitions]] = (await rows(connection, 'SELECT count(*) FROM doppel_partitions')) as [[bigint]];
    if (Number(partitions) > 0) {
      throw new Error(
        'history: this history store was written by an earlier development version of Doppel (format 1); ' +
          'move it away (or delete it) and restart: history is then rebuilt from what the event log still holds',
      );
    }
    await connection.run('INSERT INTO doppel_meta VALUES ($1, $2)', [META_FORMAT, BigInt(FORMAT)]);
    meta.set(META_FORMAT, FORMAT);
  }
  if (meta.get(META_FORMAT) !== FORMAT) {
    throw new Error(`history: unknown history store format ${meta.get(META_FORMAT)} (this Doppel reads ${FORMAT})`);
  }
  for (const key of [META_CHECKPOINT, META_RAW_HORIZON]) {
    if (!meta.has(key)) {
      const initial = key === META_CHECKPOINT ? 0 : Number.MIN_SAFE_INTEGER;
      await connection.run('INSERT INTO doppel_meta VALUES ($1, $2)', [key, BigInt(initial)]);
      meta.set(key, initial);
    }
  }
  const models = new Map<string, CatalogModel>();
  for (const [modelId, modelNo] of await rows(connection, 'SELECT model_id, model_no FROM doppel_models')) {
    models.set(String(modelId), newCatalogModel(String(modelId), Number(modelNo)));
  }
  const columnRows = await rows(
    connection,
    'SELECT model_id, path, column_name, type, ordinal FROM doppel_columns ORDER BY model_id, ordinal',
  );
  for (const [modelId, path, name, type, ordinal] of columnRows) {
    const model = models.get(String(modelId));
    if (model === undefined) continue;
    const column: CatalogColumn = {
      path: String(path),
      name: String(name),
      type: String(type) as HistoryColumnType,
      ordinal: Number(ordinal),
    };
    model.columns.push(column);
    model.byPath.set(column.path, column);
  }
  for (const [modelId, dayMs] of await rows(connection, 'SELECT model_id, day_ms FROM doppel_partitions')) {
    models.get(String(modelId))?.partitions.add(Number(dayMs));
  }
  return {
    models,
    checkpoint: meta.get(META_CHECKPOINT) ?? 0,
    rawHorizonMs: meta.get(META_RAW_HORIZON) ?? Number.MIN_SAFE_INTEGER,
    meta,
  };
}
