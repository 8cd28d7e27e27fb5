import type { ReactNode } from 'react';
import { formatCount } from '../../shared/format-value';
import { ingestTotals } from './ingest-totals';
import { usePlatformStats } from './use-platform-stats';
import styles from './status-footer.module.css';

/** The platform's ingest counters, refreshed every 2 s. */
export function StatusFooter() {
  const { stats, error } = usePlatformStats();
  if (stats === undefined) {
    return (
      <footer className={styles.footer}>
        <span className={styles.muted}>{error === undefined ? 'Loading figures…' : 'Figures unavailable'}</span>
      </footer>
    );
  }
  const totals = ingestTotals(stats);
  return (
    <footer className={styles.footer} aria-label="Platform figures">
      <Figure label="Twins" value={formatCount(stats.twins)} />
      <Figure label="Received" value={formatCount(totals.receivedPoints)} title="Points received from all sources" />
      <Figure label="Applied" value={formatCount(totals.appliedPoints)} title="Points applied to twin state" />
      <Figure
        label="Dead-lettered"
        value={formatCount(totals.deadLetteredPoints)}
        title="Points that could not be applied, kept with the reason"
        alert={totals.deadLetteredPoints > 0}
      />
      <Figure
        label="Rate"
        value={`${formatCount(Math.round(stats.ingest.appliedPointsPerSecond))}/s`}
        title="Points applied per second, average of the last 10 s"
      />
      <Figure label="Live clients" value={formatCount(stats.live.clients)} />
      {stats.ingest.saturated && (
        <span className={styles.saturated} title="Ingest is pushing back on sources (queue full or event loop lagging)">
          Saturated
        </span>
      )}
      {error !== undefined && (
        <span className={styles.muted} title={error instanceof Error ? error.message : undefined}>
          (figures not refreshing)
        </span>
      )}
    </footer>
  );
}

interface FigureProps {
  readonly label: string;
  readonly value: ReactNode;
  readonly title?: string;
  readonly alert?: boolean;
}

function Figure({ label, value, title, alert = false }: FigureProps) {
  return (
    <span className={styles.figure} title={title}>
      <span className={styles.label}>{label}</span>
      <span className={alert ? `${styles.value} ${styles.alert}` : styles.value}>{value}</span>
    </span>
  );
}
