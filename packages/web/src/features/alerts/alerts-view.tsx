import { useCallback, useEffect, useState } from 'react';
import type { AlertView } from '@doppel/protocol';
import type { AlertStore } from '../../live/alert-store';
import { useServices } from '../../services/services-context';
import { ProblemMessage } from '../../shared/problem-message';
import { TwinDetailPanel } from '../twin-detail/twin-detail-panel';
import { AlertTable } from './alert-table';
import { AssetModelScores } from './asset-model-scores';
import { DetectorScores } from './detector-scores';
import { PredictionOutcomes } from './prediction-outcomes';
import { useAlerts } from './use-alerts';
import layout from '../../shared/view-layout.module.css';
import styles from './alerts.module.css';

/** Cleared alerts listed (newest first). */
const CLEARED_SHOWN = 100;

const openOf = (store: AlertStore): AlertView[] => store.open();
const clearedOf = (store: AlertStore): AlertView[] =>
  store
    .all()
    .filter((alert) => alert.status === 'cleared')
    .sort((a, b) => (b.clearedMs ?? 0) - (a.clearedMs ?? 0))
    .slice(0, CLEARED_SHOWN);

/**
 * The alerts page (`#/alerts?twin=<id>`): open alerts, worst and newest first, live; the recently
 * cleared ones below; a twin's detail beside when one is selected.
 */
export function AlertsView({ twinId }: { readonly twinId: string | null }) {
  const { rest, alerts } = useServices();
  const [error, setError] = useState<unknown>(undefined);
  const [attempt, setAttempt] = useState(0);
  const open = useAlerts(openOf);
  const cleared = useAlerts(clearedOf);

  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    Promise.all([
      rest.getAlerts({ status: 'open', limit: 1_000 }, controller.signal),
      rest.getAlerts({ status: 'cleared', limit: CLEARED_SHOWN }, controller.signal),
    ]).then(
      (pages) => alerts.apply(pages.flatMap((page) => page.value)),
      (failure: unknown) => {
        if (!controller.signal.aborted) setError(failure);
      },
    );
    return () => controller.abort();
  }, [rest, alerts, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  return (
    <div className={layout.view}>
      <section className={`${layout.column} ${styles.page}`} aria-labelledby="alerts-title">
        <div className={styles.content}>
          <div className={styles.head}>
            <h1 id="alerts-title" className={styles.title}>
              Alerts
            </h1>
            <span className={styles.hint}>
              {open.length} open · rules: <code>GET /api/v1/alert-rules</code>
            </span>
          </div>
          {error !== undefined && <ProblemMessage error={error} onRetry={retry} />}
          <div className={styles.panel} aria-label="Open alerts" role="region">
            {open.length === 0 ? (
              <p className={styles.empty}>No open alerts.</p>
            ) : (
              <AlertTable alerts={open} showTwin />
            )}
          </div>
          <h2 className={styles.title}>Recently cleared</h2>
          <div className={styles.panel} aria-label="Cleared alerts" role="region">
            {cleared.length === 0 ? (
              <p className={styles.empty}>Nothing cleared yet.</p>
            ) : (
              <AlertTable alerts={cleared} showTwin />
            )}
          </div>
          <h2 className={styles.title}>Anomaly detectors</h2>
          <DetectorScores />
          <h2 className={styles.title}>Asset anomaly models</h2>
          <AssetModelScores />
          <h2 className={styles.title}>Predictive maintenance</h2>
          <PredictionOutcomes />
        </div>
      </section>
      <div className={twinId === null ? layout.detailHidden : layout.detail}>
        <TwinDetailPanel />
      </div>
    </div>
  );
}
