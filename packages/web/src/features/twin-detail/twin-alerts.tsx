import { useCallback, useEffect, useState } from 'react';
import type { AlertView } from '@doppel/protocol';
import type { AlertStore } from '../../live/alert-store';
import { useServices } from '../../services/services-context';
import { ProblemMessage } from '../../shared/problem-message';
import { AlertTable } from '../alerts/alert-table';
import { useAlerts } from '../alerts/use-alerts';
import styles from './twin-detail.module.css';

/** A twin's alerts shown in its detail at most (open first, then the newest). */
const SHOWN_MAX = 10;

/** The twin's recent alerts, open first, kept current by the live frames, with their actions. */
export function TwinAlerts({ twinId }: { readonly twinId: string }) {
  const { rest, alerts } = useServices();
  const [error, setError] = useState<unknown>(undefined);
  const [attempt, setAttempt] = useState(0);
  const select = useCallback((store: AlertStore): AlertView[] => store.ofTwin(twinId).slice(0, SHOWN_MAX), [twinId]);
  const list = useAlerts(select);

  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    rest.getAlerts({ twinId, limit: SHOWN_MAX }, controller.signal).then(
      (page) => alerts.apply(page.value),
      (failure: unknown) => {
        if (!controller.signal.aborted) setError(failure);
      },
    );
    return () => controller.abort();
  }, [rest, alerts, twinId, attempt]);

  return (
    <section className={styles.section} aria-label="Alerts">
      <h2 className={styles.sectionTitle}>Alerts</h2>
      {error !== undefined && <ProblemMessage error={error} onRetry={() => setAttempt((n) => n + 1)} compact />}
      {list.length === 0 ? (
        error === undefined && <p className={styles.muted}>No alerts on this twin.</p>
      ) : (
        <AlertTable alerts={list} showTwin={false} />
      )}
    </section>
  );
}
