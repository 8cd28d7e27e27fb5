import type { SourceInfo, SourceStatus } from '@doppel/protocol';
import { formatCount } from '../../shared/format-value';
import { ProblemMessage } from '../../shared/problem-message';
import { AgeText } from './age-text';
import { formatPercent } from './format-figures';
import { orderSources } from './source-order';
import type { Poll } from './use-poll';
import styles from './health.module.css';

/** Rows shown: a fleet of thousands is for the API; the page shows the ones to look at first. */
const SOURCES_SHOWN_MAX = 200;

const REASONS: Readonly<Record<string, string>> = {
  'connection-lost': 'connection lost',
  announced: 'said offline',
  silent: 'silent past its timeout',
};

const STATUS_CLASS: Readonly<Record<SourceStatus, string | undefined>> = {
  online: styles.statusOnline,
  disconnected: styles.statusDisconnected,
  offline: styles.statusOffline,
};

/** Devices and gateways: online, disconnected (a clean goodbye) or offline, how available, last seen. */
export function SourcesSection({ sources }: { readonly sources: Poll<{ value: SourceInfo[] }> }) {
  const all = sources.value?.value;
  const ordered = all === undefined ? [] : orderSources(all).slice(0, SOURCES_SHOWN_MAX);
  const counts: Record<SourceStatus, number> = { online: 0, disconnected: 0, offline: 0 };
  for (const source of all ?? []) counts[source.status]++;
  return (
    <section className={styles.section} aria-labelledby="health-sources">
      <div className={styles.sectionHead}>
        <h2 id="health-sources" className={styles.sectionTitle}>
          Sources
        </h2>
        {all !== undefined && (
          <span className={styles.statusCounts}>
            {(['online', 'disconnected', 'offline'] as const).map((status) => (
              <span key={status} className={styles.statusCount}>
                <span className={`${styles.statusDot} ${STATUS_CLASS[status] ?? ''}`} aria-hidden="true" />
                {formatCount(counts[status])} {status}
              </span>
            ))}
          </span>
        )}
        {sources.error !== undefined && (
          <span className={styles.headEnd}>
            <ProblemMessage error={sources.error} compact onRetry={sources.refresh} />
          </span>
        )}
      </div>
      <div className={`${styles.panel} ${styles.panelWide}`}>
        {all === undefined ? (
          <p className={styles.empty}>{sources.error === undefined ? 'Loading…' : 'Sources unavailable.'}</p>
        ) : all.length === 0 ? (
          <p className={styles.empty}>No source has sent anything since the platform started.</p>
        ) : (
          <>
            <div className={styles.tableWrap}>
              <table className={styles.table}>
                <thead>
                  <tr>
                    <th scope="col">Source</th>
                    <th scope="col" className={styles.wideOnly}>
                      Status
                    </th>
                    <th scope="col" className={styles.numeric}>
                      Availability
                    </th>
                    <th scope="col">Last seen</th>
                    <th scope="col" className={styles.wideOnly}>
                      In this state since
                    </th>
                    <th scope="col" className={styles.wideOnly}>
                      Kind
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {ordered.map((source) => (
                    <tr key={source.id}>
                      <td className={`${styles.ellipsis} ${styles.mono}`} title={`${source.id}: ${source.status}`}>
                        <span
                          className={`${styles.statusDot} ${STATUS_CLASS[source.status] ?? ''} ${styles.narrowInline}`}
                          role="img"
                          aria-label={`${source.status}: `}
                        />
                        {source.id}
                      </td>
                      <td className={styles.wideOnly}>
                        <span className={styles.status}>
                          <span
                            className={`${styles.statusDot} ${STATUS_CLASS[source.status] ?? ''}`}
                            aria-hidden="true"
                          />
                          {source.status}
                          {source.reason !== null && (
                            <span className={`${styles.muted} ${styles.wideOnly}`}>
                              · {REASONS[source.reason] ?? source.reason}
                            </span>
                          )}
                        </span>
                      </td>
                      <td
                        className={`${styles.numeric} ${source.availability < 0.99 ? styles.alertText : ''}`}
                        title="Share of the last hour or so it was not offline"
                      >
                        {formatPercent(source.availability)}
                      </td>
                      <td>
                        <AgeText timeMs={source.lastSeenMs} />
                      </td>
                      <td className={styles.wideOnly}>
                        <AgeText timeMs={source.sinceMs} />
                      </td>
                      <td className={`${styles.wideOnly} ${styles.muted}`}>
                        {source.session ? 'MQTT session' : 'HTTP'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {all.length > ordered.length && (
              <p className={styles.note}>
                The first {formatCount(ordered.length)} of {formatCount(all.length)} sources, offline first.
              </p>
            )}
          </>
        )}
      </div>
    </section>
  );
}
