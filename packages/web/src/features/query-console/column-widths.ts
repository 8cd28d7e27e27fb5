import { formatCell } from './format-cell';
import { cellValue } from './result-columns';

/** Rows measured to size the columns: enough to be representative, few enough to be instant. */
const SAMPLE_ROWS_MAX = 500;
const WIDTH_CH_MIN = 4;
/** Wider values are shortened with an ellipsis; the whole is in the cell's title. */
const WIDTH_CH_MAX = 48;

/**
 * Column widths in `ch` from the header and the formatted values of the first rows. The table
 * is virtualised (only the rows on screen exist), so its columns cannot size themselves from the
 * content without jumping while scrolling: they are sized once, from this estimate.
 */
export function columnWidthsCh(columns: readonly string[], rows: readonly unknown[]): number[] {
  const sample = rows.length > SAMPLE_ROWS_MAX ? rows.slice(0, SAMPLE_ROWS_MAX) : rows;
  return columns.map((column) => {
    let widest = column.length;
    for (const row of sample) {
      widest = Math.max(widest, formatCell(cellValue(row, column)).text.length);
      if (widest >= WIDTH_CH_MAX) break;
    }
    return Math.min(WIDTH_CH_MAX, Math.max(WIDTH_CH_MIN, widest));
  });
}
