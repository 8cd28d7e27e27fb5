import { useCallback } from 'react';
import { ProblemMessage } from '../../shared/problem-message';
import { useServices } from '../../services/services-context';
import { percent } from '../../shared/format-value';
import styles from './alerts.module.css';
import { useRefetchOnAlerts } from './use-refetch-on-alerts';

/**
 * Predicted vs actual per predictive rule (one on the remaining useful life or the health index):
 * its alerts, those a recorded failure followed within the horizon, the failures it missed,
 * precision, recall and the median warning time. Failures are recorded in a twin's Condition.
 */
export function PredictionOutcomes() {
  const { rest } = useServices();
  const load = useCallback((signal: AbortSignal) => rest.getMaintenanceOutcomes(signal), [rest]);
  const { value, error, reload } = useRefetchOnAlerts(load);
  if (value === undefined) return error === undefined ? null : <ProblemMessage error={error} onRetry={reload} />;
  return (
    <div className={styles.panel} role="region" aria-label="Predictive maintenance">
      {value.value.length === 0 ? (
        <p className={styles.empty}>
          No predictive rule yet: a rule on the remaining useful life or the health index is one.
        </p>
      ) : (
        <div className={styles.tableScroll}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Predicted</th>
                <th scope="col">Occurred</th>
                <th scope="col">Missed</th>
                <th scope="col">Precision</th>
                <th scope="col">Recall</th>
                <th scope="col">Median warning</th>
              </tr>
            </thead>
            <tbody>
              {value.value.map((outcome) => (
                <tr key={outcome.ruleId} data-rule={outcome.ruleId}>
                  <td>{outcome.ruleName}</td>
                  <td>{outcome.predicted}</td>
                  <td>{outcome.occurred}</td>
                  <td>{outcome.missed}</td>
                  <td>{percent(outcome.precision)}</td>
                  <td>{percent(outcome.recall)}</td>
                  <td>{outcome.medianLeadHours === null ? '—' : `${outcome.medianLeadHours.toFixed(1)} h`}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className={styles.empty}>Failures within {value.horizonDays} days of a prediction count as occurred.</p>
        </div>
      )}
    </div>
  );
}
