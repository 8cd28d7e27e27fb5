import { formatValue } from '../../shared/format-value';
import type { SeriesLook } from './chart-extras';
import type { ChartData } from './history-data';
import { valueNear } from './history-data';
import styles from './history-chart.module.css';

const cursorTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

const lastValue = (values: readonly (number | null | undefined)[]): number | null => {
  for (let i = values.length - 1; i >= 0; i--) {
    const value = values[i];
    if (typeof value === 'number') return value;
  }
  return null;
};

export interface ChartLegendProps {
  readonly paths: readonly string[];
  readonly data: ChartData | null;
  /** The x index under the cursor; null: the latest values. */
  readonly cursorIndex: number | null;
  readonly unitOf: (path: string) => string | undefined;
  readonly labelOf: (path: string) => string;
  readonly looks: readonly SeriesLook[];
}

/** Each path's value at the cursor (or its latest), with the bucket's min–max when aggregated. */
export function ChartLegend({ paths, data, cursorIndex, unitOf, labelOf, looks }: ChartLegendProps) {
  const cursorX = cursorIndex === null || data === null ? undefined : data.xs[cursorIndex];
  return (
    <ul className={styles.legend} aria-label="Legend">
      <li className={styles.legendTime}>{cursorX === undefined ? 'Latest' : cursorTime.format(cursorX)}</li>
      {paths.map((path, i) => {
        const series = data?.series[i];
        const value =
          series === undefined
            ? null
            : cursorIndex === null
              ? lastValue(series.mean)
              : valueNear(series.mean, cursorIndex);
        const min = series?.min == null || cursorIndex === null ? null : valueNear(series.min, cursorIndex);
        const max = series?.max == null || cursorIndex === null ? null : valueNear(series.max, cursorIndex);
        const unit = unitOf(path);
        const look = looks[i];
        return (
          <li key={path} className={styles.legendItem}>
            <span
              className={look?.edge === true ? `${styles.swatch} ${styles.swatchEdge}` : styles.swatch}
              data-series={(look?.colorIndex ?? i) % 5}
              aria-hidden="true"
            />
            <span className={styles.legendName} title={path}>
              {labelOf(path)}
            </span>
            <span className={styles.legendValue}>
              {value === null ? '—' : formatValue(value)}
              {value !== null && unit !== undefined && <span className={styles.unit}> {unit}</span>}
            </span>
            {min !== null && max !== null && min !== max && (
              <span className={styles.legendBand}>
                {formatValue(min)} – {formatValue(max)}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
