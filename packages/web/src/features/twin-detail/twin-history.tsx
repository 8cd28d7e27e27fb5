import { useMemo } from 'react';
import type { ResolvedModel } from '../../models/model-store';
import { HistoryChart } from '../history-chart/history-chart';
import type { TimeRange } from '../history-chart/history-range';
import { HISTORY_PATHS_MAX, historyPaths } from './history-paths';
import styles from './twin-detail.module.css';

/** The twin's numeric telemetry over time (issue 7: charts in the detail panel). */
export function TwinHistory({
  twinId,
  model,
  onRangeChange,
}: {
  readonly twinId: string;
  readonly model: ResolvedModel | undefined;
  /** Told the chart's range when it changes (the anomaly model's training window offers it). */
  readonly onRangeChange?: (range: TimeRange) => void;
}) {
  const { paths, units } = useMemo(() => {
    const numeric = historyPaths(model);
    return {
      paths: numeric.slice(0, HISTORY_PATHS_MAX).map((content) => content.name),
      units: Object.fromEntries(numeric.map((content) => [content.name, content.unit])),
    };
  }, [model]);
  if (paths.length === 0) return null;
  return (
    <section className={styles.section} aria-label="History">
      <h2 className={styles.sectionTitle}>History</h2>
      <div className={styles.sectionBody}>
        <HistoryChart twinId={twinId} paths={paths} units={units} onRangeChange={onRangeChange} />
      </div>
    </section>
  );
}
