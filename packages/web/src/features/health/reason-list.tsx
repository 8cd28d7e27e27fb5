import { formatCount } from '../../shared/format-value';
import { formatPercent } from './format-figures';
import type { ReasonShare } from './reason-shares';
import styles from './health.module.css';

interface ReasonListProps {
  readonly shares: readonly ReasonShare[];
  /** The reason the table is filtered by, if any. */
  readonly selected: string | null;
  readonly onSelect: (reason: string | null) => void;
}

/** Dead letters by reason as bars, the commonest first; picking one filters the table. */
export function ReasonList({ shares, selected, onSelect }: ReasonListProps) {
  if (shares.length === 0) return <p className={styles.empty}>No dead letters stored.</p>;
  return (
    <ul className={styles.reasons}>
      {shares.map((share) => {
        const active = share.reason === selected;
        return (
          <li key={share.reason}>
            <button
              type="button"
              className={active ? `${styles.reason} ${styles.reasonActive}` : styles.reason}
              aria-pressed={active}
              onClick={() => onSelect(active ? null : share.reason)}
              title={`${formatCount(share.count)} dead letters (${formatPercent(share.share)}); ${active ? 'show all' : 'show only these'}`}
            >
              <span className={styles.reasonName}>{share.reason}</span>
              <span className={styles.reasonCount}>{formatCount(share.count)}</span>
              <span className={styles.reasonBar} aria-hidden="true">
                <span style={{ width: `${Math.max(2, share.share * 100)}%` }} />
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
