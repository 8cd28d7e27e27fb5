/** Renders rows as an aligned text table for the terminal; values as JSON where not plain. */
export function formatTable(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const text = (value: unknown): string =>
    value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const cells = rows.map((row) => row.map(text));
  const widths = columns.map((name, i) => Math.max(name.length, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (values: readonly string[]): string =>
    values
      .map((value, i) => value.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return (
    [
      line(columns),
      line(widths.map((width) => '-'.repeat(width))),
      ...cells.map(line),
      `(${rows.length} row${rows.length === 1 ? '' : 's'})`,
    ].join('\n') + '\n'
  );
}
