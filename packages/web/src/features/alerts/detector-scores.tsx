import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { DetectorsOverview } from '../../api/rest-client';
import { useServices } from '../../services/services-context';
import styles from './alerts.module.css';

/** The scores are refetched at most this often. */
const REFRESH_MS = 5_000;

const percent = (value: number | null): string => (value === null ? '—' : `${Math.round(value * 100)} %`);

/**
 * How the streaming anomaly detectors do against the operators' labels (Real / Expected on their
 * alerts, and misses reported through the API): per kind, precision and recall. Refreshed after
 * alerts change (a label is a change), at most every few seconds.
 */
export function DetectorScores() {
  const { rest, alerts } = useServices();
  const version = useSyncExternalStore(
    (listener) => alerts.subscribe(listener),
    () => alerts.version,
  );
  const [overview, setOverview] = useState<DetectorsOverview | null>(null);
  const [off, setOff] = useState(false);
  const lastFetchMs = useRef(Number.NEGATIVE_INFINITY);
  // The scores read the server's recent alerts: a burst of alert frames refetches once, at most
  // every REFRESH_MS, not once per frame.
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(
      () => {
        lastFetchMs.current = performance.now();
        rest.getDetectors(controller.signal).then(setOverview, () => {
          if (!controller.signal.aborted) setOff(true);
        });
      },
      Math.max(0, lastFetchMs.current + REFRESH_MS - performance.now()),
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [rest, version]);
  if (off) return <p className={styles.hint}>Anomaly detection is turned off on this platform.</p>;
  if (overview === null) return null;
  return (
    <div className={styles.panel} role="region" aria-label="Anomaly detectors">
      <p className={styles.empty}>
        Streaming detectors watch {overview.series.toLocaleString()} series
        {overview.unwatchedSeries > 0 ? ` (${overview.unwatchedSeries.toLocaleString()} more not watched)` : ''}. Label
        their alerts Real or Expected: precision and recall follow.
      </p>
      <div className={styles.tableScroll}>
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Detector</th>
              <th scope="col">Raised</th>
              <th scope="col">Real</th>
              <th scope="col">Expected</th>
              <th scope="col">Missed</th>
              <th scope="col">Precision</th>
              <th scope="col">Recall</th>
            </tr>
          </thead>
          <tbody>
            {overview.kinds.map((kind) => (
              <tr key={kind.kind} data-detector={kind.kind}>
                <td>{kind.kind}</td>
                <td>{kind.raised}</td>
                <td>{kind.labelledReal}</td>
                <td>{kind.labelledExpected}</td>
                <td>{kind.missed}</td>
                <td>{percent(kind.precision)}</td>
                <td>{percent(kind.recall)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
