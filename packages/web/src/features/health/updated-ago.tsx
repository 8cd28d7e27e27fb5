import { useAge } from '../../live/use-age';
import styles from './health.module.css';

interface UpdatedAgoProps {
  /** When each part of the page was last refreshed (platform time); null: not yet. */
  readonly timesMs: readonly (number | null)[];
  /** Some part failed its last refresh. */
  readonly failing: boolean;
}

/** "Updated 3 s ago", by the part of the page refreshed longest ago: all of it is at least that fresh. */
export function UpdatedAgo({ timesMs, failing }: UpdatedAgoProps) {
  const known = timesMs.filter((time): time is number => time !== null);
  if (known.length === 0) return <span className={styles.updated}>Loading…</span>;
  return <Updated timeMs={Math.min(...known)} failing={failing} />;
}

function Updated({ timeMs, failing }: { readonly timeMs: number; readonly failing: boolean }) {
  const age = useAge(timeMs);
  return (
    <span
      className={failing ? `${styles.updated} ${styles.alertText}` : styles.updated}
      title="Refreshes every few seconds while this page is shown; paused while the tab is hidden"
      role="status"
    >
      <span className={failing ? `${styles.pulse} ${styles.pulseOff}` : styles.pulse} aria-hidden="true" />
      {failing ? `Not refreshing · last update ${age}` : `Updated ${age}`}
    </span>
  );
}
