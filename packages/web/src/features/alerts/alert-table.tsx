import type { AlertView } from '@doppel/protocol';
import { useAge } from '../../live/use-age';
import { selectTwin } from '../../routing/selection';
import { AlertActions } from './alert-actions';
import { AlertStatusText, SeverityBadge } from './severity-badge';
import styles from './alerts.module.css';

/**
 * Alerts as a table: severity, (twin,) rule and why, since when, status, and the actions. Without
 * the twin column (a twin's detail, a narrow panel) when and status go under the rule.
 */
export function AlertTable({
  alerts,
  showTwin,
}: {
  readonly alerts: readonly AlertView[];
  readonly showTwin: boolean;
}) {
  return (
    <div className={styles.tableScroll}>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            {showTwin && <th scope="col">Twin</th>}
            <th scope="col">Alert</th>
            {showTwin && <th scope="col">Raised</th>}
            {showTwin && <th scope="col">Status</th>}
            <th scope="col">
              <span className={styles.visuallyHidden}>Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((alert) => (
            <AlertRow key={alert.id} alert={alert} showTwin={showTwin} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AlertRow({ alert, showTwin }: { readonly alert: AlertView; readonly showTwin: boolean }) {
  const moved = alert.log[alert.log.length - 1];
  return (
    <tr data-alert-id={alert.id} data-status={alert.status}>
      <td>
        <SeverityBadge severity={alert.severity} />
      </td>
      {showTwin && (
        <td>
          <button type="button" className={styles.twinLink} onClick={() => selectTwin(alert.twinId)}>
            {alert.twinId}
          </button>
        </td>
      )}
      <td className={styles.alertCell}>
        <span className={styles.ruleName}>{alert.ruleName}</span>
        <span className={styles.message}>{alert.message}</span>
        {!showTwin && (
          <span className={styles.message}>
            <Raised alert={alert} /> · <Status alert={alert} moved={moved} />
          </span>
        )}
      </td>
      {showTwin && (
        <td className={styles.ageCell} title={new Date(alert.raisedMs).toISOString()}>
          <Raised alert={alert} />
        </td>
      )}
      {showTwin && (
        <td>
          <Status alert={alert} moved={moved} />
        </td>
      )}
      <td>
        <AlertActions alert={alert} />
      </td>
    </tr>
  );
}

function Raised({ alert }: { readonly alert: AlertView }) {
  return (
    <>
      <Age timeMs={alert.raisedMs} />
      {alert.occurrences > 1 && <span className={styles.hint}> · ×{alert.occurrences}</span>}
    </>
  );
}

function Status({ alert, moved }: { readonly alert: AlertView; readonly moved: AlertView['log'][number] | undefined }) {
  return (
    <>
      <AlertStatusText status={alert.status} />
      {moved !== undefined && moved.by !== 'rule' && (
        <span className={styles.hint} title={moved.note}>
          {' '}
          by {moved.by}
        </span>
      )}
    </>
  );
}

function Age({ timeMs }: { readonly timeMs: number }) {
  return <>{useAge(timeMs)}</>;
}
