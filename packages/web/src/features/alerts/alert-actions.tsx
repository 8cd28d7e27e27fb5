import { useState } from 'react';
import type { AlertView } from '@doppel/protocol';
import { useServices } from '../../services/services-context';
import { ProblemMessage } from '../../shared/problem-message';
import styles from './alerts.module.css';

/**
 * Acknowledge and Clear for one alert, and for a detector's alert Real or Expected (the labels its
 * precision and recall are measured against). The answer goes into the alert store at once (the live
 * frame follows and changes nothing); a refusal (someone else moved it first) is shown in place.
 */
export function AlertActions({ alert }: { readonly alert: AlertView }) {
  const { rest, alerts } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const detector = alert.ruleId.startsWith('detector.');
  if (alert.status === 'cleared' && !detector) return null;
  const run = (move: (id: string) => Promise<AlertView>): void => {
    setBusy(true);
    setError(undefined);
    move(alert.id).then(
      (next) => {
        alerts.apply([next]);
        setBusy(false);
      },
      (failure: unknown) => {
        setError(failure);
        setBusy(false);
      },
    );
  };
  return (
    <span className={styles.actions}>
      {detector &&
        (alert.label === undefined ? (
          <>
            <button
              type="button"
              className={styles.action}
              disabled={busy}
              onClick={() => run((id) => rest.labelAlert(id, { label: 'real' }))}
              title="A real anomaly: counts for this detector's precision"
            >
              Real
            </button>
            <button
              type="button"
              className={styles.action}
              disabled={busy}
              onClick={() => run((id) => rest.labelAlert(id, { label: 'expected' }))}
              title="Expected behaviour: a false alarm of this detector"
            >
              Expected
            </button>
          </>
        ) : (
          <span className={styles.hint}>labelled {alert.label}</span>
        ))}
      {alert.status === 'active' && (
        <button
          type="button"
          className={styles.action}
          disabled={busy}
          onClick={() => run((id) => rest.acknowledgeAlert(id, {}))}
          aria-label={`Acknowledge ${alert.ruleName} on ${alert.twinId}`}
        >
          Acknowledge
        </button>
      )}
      {alert.status !== 'cleared' && (
        <button
          type="button"
          className={styles.action}
          disabled={busy}
          onClick={() => run((id) => rest.clearAlert(id, {}))}
          aria-label={`Clear ${alert.ruleName} on ${alert.twinId}`}
        >
          Clear
        </button>
      )}
      {error !== undefined && <ProblemMessage error={error} compact />}
    </span>
  );
}
