import { useLivePath } from '../../live/use-live-twin';
import { HistoryChart } from '../history-chart/history-chart';
import detail from '../twin-detail/twin-detail.module.css';
import { HEALTH_PATH, RUL_PATHS } from './condition-paths';
import { HealthFigure } from './health-figure';
import { MaintenanceLog } from './maintenance-log';
import { RulFigure } from './rul-figure';
import styles from './condition.module.css';

/** The median first (its colour is the band's), the band's edges, the health index on its own axis. */
const CHART_PATHS = [RUL_PATHS.p50, RUL_PATHS.p10, RUL_PATHS.p90, HEALTH_PATH];
const UNITS = { [RUL_PATHS.p10]: 'hour', [RUL_PATHS.p50]: 'hour', [RUL_PATHS.p90]: 'hour' };
const LABELS = {
  [RUL_PATHS.p50]: 'RUL median',
  [RUL_PATHS.p10]: 'p10',
  [RUL_PATHS.p90]: 'p90',
  [HEALTH_PATH]: 'Health index',
};
const BANDS = [{ lower: RUL_PATHS.p10, upper: RUL_PATHS.p90, colorOf: RUL_PATHS.p50 }];
const RANGES = { [HEALTH_PATH]: [0, 1] as const };
/** A bearing wears over days: the chart opens on the last day. */
const CHART_SPAN_MS = 86_400_000;

/**
 * A watched bearing's condition (issue 8, predictive maintenance): its health index, its remaining
 * useful life with the p10–p90 band, live, and both over time, and its maintenance events. Only
 * for twins that have them.
 */
export function ConditionSection({ twinId }: { readonly twinId: string }) {
  const health = useLivePath(twinId, HEALTH_PATH);
  const rul = useLivePath(twinId, RUL_PATHS.p50);
  if (health === undefined && rul === undefined) return null;
  return (
    <section className={detail.section} aria-label="Condition">
      <h2 className={detail.sectionTitle}>Condition</h2>
      <div className={styles.figures}>
        <HealthFigure twinId={twinId} />
        <RulFigure twinId={twinId} />
      </div>
      <div className={detail.sectionBody}>
        <HistoryChart
          twinId={twinId}
          paths={CHART_PATHS}
          units={UNITS}
          labels={LABELS}
          bands={BANDS}
          ranges={RANGES}
          initialSpanMs={CHART_SPAN_MS}
          title={`Condition of ${twinId}`}
        />
      </div>
      <MaintenanceLog twinId={twinId} />
    </section>
  );
}
