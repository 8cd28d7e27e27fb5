import { useCallback } from 'react';
import { useServices } from '../../services/services-context';
import styles from './alerts.module.css';
import { LabelScoreCells, LabelScoreHeaders } from './label-score-cells';
import { useRefetchOnAlerts } from './use-refetch-on-alerts';

/**
 * How the streaming anomaly detectors do against the operators' labels (Real / Expected on their
 * alerts, and misses reported through the API): per kind, precision and recall. Refreshed after
 * alerts change (a label is a change), at most every few seconds.
 */
export function DetectorScores() {
  const { rest } = useServices();
  const load = useCallback((signal: AbortSignal) => rest.getDetectors(signal), [rest]);
  const { value: overview, error } = useRefetchOnAlerts(load);
  const off = error !== undefined && overview === undefined;
  if (off) return <p className={styles.hint}>Anomaly detection is turned off on this platform.</p>;
  if (overview === undefined) return null;
  return (
    <div className={styles.panel} role="region" aria-label="Anomaly detectors">
      <p className={styles.empty}>
        Streaming detectors watch {overview.series.toLocaleString()} series
        {overview.unwatchedSeries > 0 ? ` (${overview.unwatchedSeries.toLocaleString()} more not watched)` : ''}. Label
        their alerts Real or Expected: precision and recall follow, and an Expected label tunes that series.
      </p>
      <div className={styles.tableScroll}>
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Detector</th>
              <LabelScoreHeaders />
            </tr>
          </thead>
          <tbody>
            {overview.kinds.map((kind) => (
              <tr key={kind.kind} data-detector={kind.kind}>
                <td>{kind.kind}</td>
                <LabelScoreCells score={kind} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
