import { formatValue } from '../../shared/format-value';
import { heatColour } from './heat-map';
import type { MarkerStatus } from './marker-status';
import type { PaintedLegend } from './plan-painter';
import styles from './plans.module.css';

const LABELS: readonly [MarkerStatus, string][] = [
  ['ok', 'normal'],
  ['warn', 'warning'],
  ['alarm', 'alarm'],
  ['stale', 'stale'],
  ['unknown', 'no data'],
];

/** How many markers are in each state, and the heat map's scale. */
export function PlanLegend({ legend }: { readonly legend: PaintedLegend }) {
  return (
    <div className={styles.legend} aria-label="Legend" data-testid="plan-legend">
      {LABELS.map(([status, label]) => (
        <span key={status} className={styles.legendItem} data-status={status}>
          <span className={styles.legendDot} aria-hidden="true" />
          {label} <strong>{legend.counts[status]}</strong>
        </span>
      ))}
      {legend.path !== null && (
        <span className={styles.legendItem}>
          {formatValue(legend.min)}
          <span
            className={styles.heatScale}
            style={{
              background: `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map((t) => heatColour(legend.min + t * (legend.max - legend.min), legend.min, legend.max).replace('0.38)', '0.9)')).join(', ')})`,
            }}
            aria-hidden="true"
          />
          {formatValue(legend.max)}
        </span>
      )}
    </div>
  );
}
