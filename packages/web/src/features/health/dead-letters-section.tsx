import { useCallback, useState } from 'react';
import type { DeadLetter } from '@doppel/protocol';
import { useServices } from '../../services/services-context';
import { formatCount } from '../../shared/format-value';
import { ProblemMessage } from '../../shared/problem-message';
import { DeadLetterDetail } from './dead-letter-detail';
import { DeadLetterTable } from './dead-letter-table';
import type { PlatformMetrics } from './platform-metrics';
import { countReasons, reasonShares } from './reason-shares';
import { ReasonList } from './reason-list';
import { HEALTH_REFRESH_MS } from './refresh-interval';
import { usePoll } from './use-poll';
import styles from './health.module.css';

/** Dead letters listed: the newest, enough to see what is going wrong now. */
const NEWEST_LETTERS = 50;

interface DeadLettersSectionProps {
  /** Its `deadLettersByReason` counts every stored letter; without it the newest page is counted. */
  readonly metrics: PlatformMetrics | undefined;
}

/** Why input was refused: counts by reason, the newest letters, one in full with Replay. */
export function DeadLettersSection({ metrics }: DeadLettersSectionProps) {
  const { rest } = useServices();
  const [reason, setReason] = useState<string | null>(null);
  const [selected, setSelected] = useState<DeadLetter | null>(null);
  const load = useCallback(
    (signal: AbortSignal) => rest.getDeadLetters({ pageSize: NEWEST_LETTERS, reason: reason ?? undefined }, signal),
    [rest, reason],
  );
  const list = usePoll(load, HEALTH_REFRESH_MS);
  const letters = list.value?.value ?? [];
  const shares = reasonShares(metrics?.deadLettersByReason ?? countReasons(letters));
  // The list refreshes under the open letter: show its newest state (replayed or not).
  const open = selected === null ? null : (letters.find((letter) => letter.id === selected.id) ?? selected);
  const evicted = metrics?.deadLettersEvicted ?? 0;

  return (
    <section className={styles.section} aria-labelledby="health-dead-letters">
      <div className={styles.sectionHead}>
        <h2 id="health-dead-letters" className={styles.sectionTitle}>
          Dead letters
        </h2>
        {list.value !== undefined && (
          <span className={styles.muted}>
            {formatCount(list.value.total)} stored
            {evicted > 0 && `, ${formatCount(evicted)} oldest evicted at the store's limit`}
          </span>
        )}
        {list.error !== undefined && (
          <span className={styles.headEnd}>
            <ProblemMessage error={list.error} compact onRetry={list.refresh} />
          </span>
        )}
      </div>
      <div className={styles.letters}>
        <div className={styles.panel}>
          <h3 className={styles.panelTitle}>By reason</h3>
          <ReasonList shares={shares} selected={reason} onSelect={setReason} />
          {metrics === undefined && letters.length > 0 && (
            <p className={styles.note}>Counted over the newest {formatCount(letters.length)} only.</p>
          )}
        </div>
        <div className={`${styles.panel} ${styles.panelWide}`}>
          <div className={styles.panelTitleRow}>
            <h3 className={styles.panelTitle}>{reason === null ? 'Newest' : 'Newest with reason'}</h3>
            {reason !== null && (
              <button type="button" className={styles.chip} onClick={() => setReason(null)} title="Show every reason">
                <code>{reason}</code>
                <span aria-hidden="true">×</span>
                <span className={styles.visuallyHidden}>clear the filter</span>
              </button>
            )}
          </div>
          {list.value === undefined ? (
            <p className={styles.empty}>{list.error === undefined ? 'Loading…' : 'Dead letters unavailable.'}</p>
          ) : letters.length === 0 ? (
            <p className={styles.empty}>
              {reason === null ? 'Nothing refused: every point received was applied.' : 'None with this reason.'}
            </p>
          ) : (
            <DeadLetterTable letters={letters} selectedId={open?.id ?? null} onSelect={setSelected} />
          )}
        </div>
      </div>
      {open !== null && (
        <DeadLetterDetail key={open.id} letter={open} onClose={() => setSelected(null)} onReplayed={list.refresh} />
      )}
    </section>
  );
}
