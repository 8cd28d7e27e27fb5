/**
 * Names of everything the DuckDB history adapter creates (the schema docs/history.md documents).
 *
 * Per model, with a short, stable stem `m<n>` from the catalog (model ids hold `:` and `;`):
 * - `<stem>_raw_<yyyymmdd>`: raw samples of one UTC day (twin_key, ts, one column per path);
 * - `<stem>_raw`: a view over all of them, with twin_id from `doppel_twins` instead of twin_key;
 * - `<stem>_1m`, `<stem>_15m`: rollups (twin_id, bucket, `<column>.min|max|sum|count|first|first_ts|last|last_ts`).
 * Column names are the paths themselves (quoted), so SQL users read `"pump/temperature"`.
 */

export const DAY_MS = 86_400_000;
export const ONE_MINUTE_MS = 60_000;
export const FIFTEEN_MINUTES_MS = 900_000;

/** DuckDB identifiers are case-insensitive even when quoted, so uniqueness is checked in lower case. */
const RESERVED_COLUMNS = new Set(['twin_id', 'twin_key', 'ts', 'bucket', 'seq', 'existed']);

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

export function modelStem(modelNo: number): string {
  return `m${modelNo}`;
}

export function dayStartMs(tsMs: number): number {
  return Math.floor(tsMs / DAY_MS) * DAY_MS;
}

export function partitionTable(stem: string, dayMs: number): string {
  return `${stem}_raw_${new Date(dayMs).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

export function rawView(stem: string): string {
  return `${stem}_raw`;
}

export function rollupTable(stem: string, tier: '1m' | '15m'): string {
  return `${stem}_${tier}`;
}

export const ROLLUP_PARTS = ['min', 'max', 'sum', 'count', 'first', 'first_ts', 'last', 'last_ts'] as const;
export type RollupPart = (typeof ROLLUP_PARTS)[number];

export function rollupColumn(column: string, part: RollupPart): string {
  return `${column}.${part}`;
}

/**
 * A column name for `path`, unique (case-insensitively) among `taken` and the fixed columns.
 * DTDL names hold no `.`, so `<column>.<part>` rollup names cannot collide with a path.
 */
export function allocateColumnName(path: string, taken: ReadonlySet<string>): string {
  const isFree = (name: string): boolean => !taken.has(name.toLowerCase()) && !RESERVED_COLUMNS.has(name.toLowerCase());
  if (isFree(path)) return path;
  for (let n = 2; ; n += 1) {
    const candidate = `${path}#${n}`;
    if (isFree(candidate)) return candidate;
  }
}
