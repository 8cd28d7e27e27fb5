export interface RowRange {
  /** First row rendered (inclusive). */
  readonly start: number;
  /** Row after the last one rendered (exclusive). */
  readonly end: number;
}

/**
 * The rows to render for a scroll position: those in the viewport plus `overscan` on each side,
 * so that a fast scroll does not show blank space before React catches up.
 */
export function visibleRows(
  scrollTopPx: number,
  viewportHeightPx: number,
  rowHeightPx: number,
  rowCount: number,
  overscan: number,
): RowRange {
  if (rowCount === 0 || rowHeightPx <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTopPx) / rowHeightPx);
  const shown = Math.ceil(Math.max(0, viewportHeightPx) / rowHeightPx) + 1;
  const start = Math.min(rowCount, Math.max(0, first - overscan));
  const end = Math.min(rowCount, first + shown + overscan);
  return { start, end };
}
