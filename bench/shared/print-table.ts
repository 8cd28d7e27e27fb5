/** Prints an aligned text table (header, a rule, the rows) between blank lines; shared by the benches. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const cells = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...cells.map((line) => (line[column] ?? '').length)));
  console.log('');
  for (const [index, line] of cells.entries()) {
    console.log(
      line
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    );
    if (index === 0) console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  }
  console.log('');
}
