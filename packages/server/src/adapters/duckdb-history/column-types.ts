import { BIGINT, BOOLEAN, DOUBLE, VARCHAR } from '@duckdb/node-api';
import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { DoppelError } from '@doppel/core';
import type { HistoryColumnType } from '../../history/history-store.js';

/** SQL type of a raw column (and of a rollup's first/last). JSON keeps the exact text written. */
export const SQL_TYPE: Readonly<Record<HistoryColumnType, string>> = {
  double: 'DOUBLE',
  bigint: 'BIGINT',
  boolean: 'BOOLEAN',
  string: 'VARCHAR',
  json: 'JSON',
};

/** Staging columns are filled by the DataChunk appender; JSON is staged as its text. */
export const STAGE_TYPE: Readonly<Record<HistoryColumnType, DuckDBType>> = {
  double: DOUBLE,
  bigint: BIGINT,
  boolean: BOOLEAN,
  string: VARCHAR,
  json: VARCHAR,
};

/** Only numeric columns keep min, max and sum in their rollups. */
export function isNumeric(type: HistoryColumnType): boolean {
  return type === 'double' || type === 'bigint';
}

/** Rollup sum type: BIGINT sums widen to HUGEINT (DuckDB's `sum(BIGINT)`), so they stay exact. */
export function sumSqlType(type: HistoryColumnType): string {
  return type === 'bigint' ? 'HUGEINT' : 'DOUBLE';
}

function refuse(path: string, type: HistoryColumnType, value: unknown): never {
  throw new DoppelError(
    'internal.error',
    `history: ${path} is ${type}, got ${typeof value} ${String(value).slice(0, 40)}`,
  );
}

/**
 * A sample value as the staging column takes it. `undefined` and `null` mean "not carried".
 * Values were validated against the model by ingest; a mismatch here is a bug, so it throws and
 * the whole batch (with its checkpoint) is not written.
 */
export function toStaged(path: string, type: HistoryColumnType, value: unknown): DuckDBValue {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'double':
      if (typeof value === 'number') return value;
      return refuse(path, type, value);
    case 'bigint':
      if (typeof value === 'bigint') return value;
      if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
      return refuse(path, type, value);
    case 'boolean':
      if (typeof value === 'boolean') return value;
      return refuse(path, type, value);
    case 'string':
      if (typeof value === 'string') return value;
      return refuse(path, type, value);
    case 'json':
      return JSON.stringify(value);
  }
}

/** An integer as JavaScript reads it back: a number while exact, else a bigint. */
export function fromInteger(value: bigint): number | bigint {
  const asNumber = Number(value);
  return Number.isSafeInteger(asNumber) ? asNumber : value;
}

/** A stored value (raw, first or last) back to what was written. */
export function fromStored(type: HistoryColumnType, value: DuckDBValue): unknown {
  if (value === null) return null;
  switch (type) {
    case 'bigint':
      return typeof value === 'bigint' ? fromInteger(value) : value;
    case 'json':
      return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
    case 'double':
    case 'boolean':
    case 'string':
      return value;
  }
}
