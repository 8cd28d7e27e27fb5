import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { routeHash } from '../../routing/route';
import { columnWidthsCh } from './column-widths';
import { formatCell } from './format-cell';
import { cellValue, isTwinIdColumn, resultColumns } from './result-columns';
import { visibleRows } from './visible-rows';
import styles from './query-console.module.css';

/** Must match `.resultTable td` height in the stylesheet: rows are positioned by it. */
const ROW_HEIGHT_PX = 28;
const OVERSCAN_ROWS = 10;
/** Horizontal padding of a cell (both sides), px; keep in step with the stylesheet. */
const CELL_PADDING_PX = 24;

/**
 * Query rows as a table with a column per key. Virtualised: only the rows in view (and a few
 * around) are in the DOM, so 100,000 rows scroll as smoothly as 10.
 */
export function ResultTable({ rows }: { readonly rows: readonly unknown[] }) {
  const columns = useMemo(() => resultColumns(rows), [rows]);
  const widths = useMemo(() => columnWidthsCh(columns, rows), [columns, rows]);
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(600);

  useEffect(() => {
    const element = scroller.current;
    if (element === null) return;
    setViewportHeight(element.clientHeight);
    const observer = new ResizeObserver(() => setViewportHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // The row-number column fits the largest number (and the "#" header).
  const numberColumnCh = Math.max(2, String(rows.length).length);
  const { start, end } = visibleRows(scrollTop, viewportHeight, ROW_HEIGHT_PX, rows.length, OVERSCAN_ROWS);
  const totalCh = numberColumnCh + widths.reduce((sum, width) => sum + width, 0);
  // At least the width of the area: a last, empty column takes what the others leave.
  const tableWidth = `max(100%, calc(${totalCh}ch + ${(columns.length + 1) * CELL_PADDING_PX}px))`;
  const shown = [];
  for (let index = start; index < end; index++) {
    shown.push(<ResultRow key={index} index={index} row={rows[index]} columns={columns} />);
  }

  return (
    <div
      ref={scroller}
      className={styles.tableScroll}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      tabIndex={0}
      role="region"
      aria-label="Query results"
    >
      <table className={styles.resultTable} style={{ width: tableWidth }} aria-rowcount={rows.length + 1}>
        <colgroup>
          <col style={{ width: `calc(${numberColumnCh}ch + ${CELL_PADDING_PX}px)` }} />
          {widths.map((width, index) => (
            <col key={columns[index]} style={{ width: `calc(${width}ch + ${CELL_PADDING_PX}px)` }} />
          ))}
          <col />
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col" className={styles.rowNumber}>
              #
            </th>
            {columns.map((column) => (
              <th key={column} scope="col" title={column}>
                {column}
              </th>
            ))}
            <th aria-hidden="true" className={styles.filler} />
          </tr>
        </thead>
        <tbody>
          {start > 0 && <SpacerRow heightPx={start * ROW_HEIGHT_PX} columnCount={columns.length + 2} />}
          {shown}
          {end < rows.length && (
            <SpacerRow heightPx={(rows.length - end) * ROW_HEIGHT_PX} columnCount={columns.length + 2} />
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Stands in for the rows above or below the ones rendered, so the scrollbar is the real size. */
function SpacerRow({ heightPx, columnCount }: { readonly heightPx: number; readonly columnCount: number }) {
  return (
    <tr aria-hidden="true">
      <td className={styles.spacerCell} colSpan={columnCount} style={{ height: heightPx }} />
    </tr>
  );
}

interface ResultRowProps {
  readonly index: number;
  readonly row: unknown;
  readonly columns: readonly string[];
}

const ResultRow = memo(function ResultRow({ index, row, columns }: ResultRowProps) {
  return (
    <tr aria-rowindex={index + 2}>
      <td className={styles.rowNumber}>{index + 1}</td>
      {columns.map((column) => (
        <ResultCell key={column} column={column} value={cellValue(row, column)} />
      ))}
      <td aria-hidden="true" className={styles.filler} />
    </tr>
  );
});

function ResultCell({ column, value }: { readonly column: string; readonly value: unknown }) {
  if (typeof value === 'string' && isTwinIdColumn(column)) {
    return (
      <td title={value}>
        <a className={styles.twinLink} href={routeHash({ view: 'twins', twinId: value })}>
          {value}
        </a>
      </td>
    );
  }
  const cell = formatCell(value);
  return (
    <td className={styles[cell.kind]} title={cell.title ?? (cell.text === '' ? undefined : cell.text)}>
      {cell.text}
    </td>
  );
}
