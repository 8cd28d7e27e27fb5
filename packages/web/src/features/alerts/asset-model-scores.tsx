import { useCallback } from 'react';
import { ProblemMessage } from '../../shared/problem-message';
import { useServices } from '../../services/services-context';
import { selectTwin } from '../../routing/selection';
import styles from './alerts.module.css';
import { LabelScoreCells, LabelScoreHeaders } from './label-score-cells';
import { useRefetchOnAlerts } from './use-refetch-on-alerts';

/**
 * The asset anomaly models (an isolation forest per twin) against the operators' labels: per
 * twin, the model's version, the alerts it raised, labelled real or expected, the anomalies it
 * missed, precision and recall. Refreshed after alerts change, like the detectors' scores.
 */
export function AssetModelScores() {
  const { rest } = useServices();
  const load = useCallback((signal: AbortSignal) => rest.listAnomalyModels(signal), [rest]);
  const { value, error, reload } = useRefetchOnAlerts(load);
  if (value === undefined) return error === undefined ? null : <ProblemMessage error={error} onRetry={reload} />;
  return (
    <div className={styles.panel} role="region" aria-label="Asset anomaly models">
      {value.value.length === 0 ? (
        <p className={styles.empty}>
          No asset has an anomaly model yet: train one in a twin&apos;s detail, on a window of normal operation.
        </p>
      ) : (
        <div className={styles.tableScroll}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Twin</th>
                <th scope="col">Version</th>
                <LabelScoreHeaders />
              </tr>
            </thead>
            <tbody>
              {value.value.map((model) => (
                <tr key={model.twinId} data-twin={model.twinId}>
                  <td>
                    <button type="button" className={styles.twinLink} onClick={() => selectTwin(model.twinId)}>
                      {model.twinId}
                    </button>
                  </td>
                  <td>{model.version}</td>
                  <LabelScoreCells score={{ ...model, raised: model.alertsRaised }} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
