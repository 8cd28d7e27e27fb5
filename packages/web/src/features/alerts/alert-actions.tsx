import { useState } from 'react';
import type { AlertView } from '@doppel/protocol';
import { useServices } from '../../services/services-context';
import { ProblemMessage } from '../../shared/problem-message';
import styles from './alerts.module.css';

/** Alerts of these rules take labels: the streaming detectors' and the asset models' (isolation forests). */
const LABELLED_RULES = ['detector.', 'anomaly.'];

export const takesLabels = (ruleId: string): boolean => LABELLED_RULES.some((prefix) => ruleId.startsWith(prefix));

/**
 * Acknowledge and Clear for one alert, and for an anomaly alert (a streaming detector's, an asset
 * model's) Real or Expected: the labels its precision and recall are measured against, and that
 * retraining an asset model learns from. The answer goes into the alert store at once (the live
 * frame follows and changes nothing); a refusal (someone else moved it first) is shown in place.
 */
export function AlertActions({ alert }: { readonly alert: AlertView }) {
  const { rest, alerts } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const labelled = takesLabels(alert.ruleId);
  if (alert.status === 'cleared' && !labelled) return null;
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
      {labelled &&
        (alert.label === undefined ? (
          <>
            <button
              type="button"
              className={styles.action}
              disabled={busy}
              onClick={() => run((id) => rest.labelAlert(id, { label: 'real' }))}
              title="A real anomaly: counts for this detector's or model's precision"
            >
              Real
            </button>
            <button
              type="button"
              className={styles.action}
              disabled={busy}
              onClick={() => run((id) => rest.labelAlert(id, { label: 'expected' }))}
              title="Expected behaviour: a false alarm of this detector or model"
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
