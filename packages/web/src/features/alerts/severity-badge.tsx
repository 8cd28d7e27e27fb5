import type { AlertSeverity, AlertStatus } from '@doppel/protocol';
import styles from './alerts.module.css';

const SEVERITY_CLASS: Readonly<Record<AlertSeverity, string | undefined>> = {
  critical: styles.critical,
  major: styles.major,
  minor: styles.minor,
  warning: styles.warning,
};

/** The severity as a coloured word (colour and text: readable without colour vision). */
export function SeverityBadge({ severity }: { readonly severity: AlertSeverity }) {
  return (
    <span className={`${styles.severity} ${SEVERITY_CLASS[severity] ?? ''}`} data-severity={severity}>
      {severity}
    </span>
  );
}

const STATUS_TEXT: Readonly<Record<AlertStatus, string>> = {
  active: 'Active',
  acknowledged: 'Acknowledged',
  cleared: 'Cleared',
};

export function AlertStatusText({ status }: { readonly status: AlertStatus }) {
  return (
    <span className={status === 'active' ? styles.statusActive : styles.status} data-status={status}>
      {STATUS_TEXT[status]}
    </span>
  );
}
