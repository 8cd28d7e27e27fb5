/** The column a row that is not an object (a bare value) is shown in. */
export const VALUE_COLUMN = '(value)';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The columns of a query result: the union of the rows' keys in the order first seen. Rows differ
 * when a property is missing on some twins (ADT leaves it out rather than sending null).
 */
export function resultColumns(rows: readonly unknown[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) {
    if (isRecord(row)) for (const key of Object.keys(row)) seen.add(key);
    else seen.add(VALUE_COLUMN);
  }
  return [...seen];
}

/** The value of a column in a row; undefined when the row does not have it. */
export function cellValue(row: unknown, column: string): unknown {
  if (isRecord(row)) return Object.hasOwn(row, column) ? row[column] : undefined;
  return column === VALUE_COLUMN ? row : undefined;
}

/**
 * Columns whose strings are twin ids, shown as links to the twin: `$dtId` (what `SELECT T.$dtId`
 * and `SELECT *` give) and the names people alias ids to, `twinId` and `id`.
 */
export function isTwinIdColumn(column: string): boolean {
  return column === '$dtId' || column === 'twinId' || column === 'id';
}
