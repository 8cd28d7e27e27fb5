import type { AlertView } from '@doppel/protocol';
import type { AlertStore } from '../../live/alert-store';
import { useAlerts } from './use-alerts';
import styles from './alerts.module.css';

const openOf = (store: AlertStore): AlertView[] => store.open();

/** The number of open alerts, beside the Alerts section's name (nothing when none). */
export function OpenAlertCount() {
  const open = useAlerts(openOf);
  if (open.length === 0) return null;
  return (
    <span className={styles.count} aria-label={`${open.length} open`}>
      {open.length}
    </span>
  );
}
