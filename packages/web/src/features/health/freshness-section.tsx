import type { FreshnessOverview } from '@doppel/protocol';
import { formatCount } from '../../shared/format-value';
import { ProblemMessage } from '../../shared/problem-message';
import { AgeText } from './age-text';
import { formatDuration } from './format-figures';
import type { Poll } from './use-poll';
import { TwinLink } from './twin-link';
import styles from './health.module.css';

const REASONS: Readonly<Record<string, string>> = { 'no-update': 'no update', 'source-offline': 'source offline' };

/** Series tracked and stale now, and the stale ones with the longest silence first. */
export function FreshnessSection({ freshness }: { readonly freshness: Poll<FreshnessOverview> }) {
  const overview = freshness.value;
  return (
    <section className={styles.section} aria-labelledby="health-freshness">
      <div className={styles.sectionHead}>
        <h2 id="health-freshness" className={styles.sectionTitle}>
          Freshness
        </h2>
        {overview !== undefined && (
          <>
            <span
              className={
                overview.staleSeries > 0 ? `${styles.badge} ${styles.badgeWarn}` : `${styles.badge} ${styles.badgeOk}`
              }
            >
              {formatCount(overview.staleSeries)} stale
            </span>
            <span className={styles.muted}>
              of {formatCount(overview.series)} series tracked · stale after {overview.staleFactor} missed cadences
            </span>
          </>
        )}
        {freshness.error !== undefined && (
          <span className={styles.headEnd}>
            <ProblemMessage error={freshness.error} compact onRetry={freshness.refresh} />
          </span>
        )}
      </div>
      <div className={`${styles.panel} ${styles.panelWide}`}>
        {overview === undefined ? (
          <p className={styles.empty}>{freshness.error === undefined ? 'Loading…' : 'Freshness unavailable.'}</p>
        ) : overview.stale.length === 0 ? (
          <p className={styles.empty}>Every tracked series is updating at its cadence.</p>
        ) : (
          <>
            <div className={styles.tableWrap}>
              <table className={styles.table}>
                <thead>
                  <tr>
                    <th scope="col">Twin</th>
                    <th scope="col" className={styles.wideOnly}>
                      Path
                    </th>
                    <th scope="col">Stale since</th>
                    <th scope="col">Why</th>
                    <th scope="col" className={`${styles.numeric} ${styles.wideOnly}`}>
                      Cadence
                    </th>
                    <th scope="col" className={styles.wideOnly}>
                      Last value
                    </th>
                    <th scope="col" className={styles.wideOnly}>
                      Source
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {overview.stale.map((series) => (
                    <tr key={`${series.twinId}\u0000${series.path}`}>
                      <td className={styles.ellipsis}>
                        <TwinLink twinId={series.twinId} />
                        <span className={`${styles.subline} ${styles.mono} ${styles.narrowOnly}`}>{series.path}</span>
                      </td>
                      <td className={`${styles.ellipsis} ${styles.mono} ${styles.wideOnly}`} title={series.path}>
                        {series.path}
                      </td>
                      <td>
                        <AgeText timeMs={series.staleSinceMs} />
                      </td>
                      <td className={series.reason === 'source-offline' ? styles.alertText : undefined}>
                        {REASONS[series.reason] ?? series.reason}
                      </td>
                      <td className={`${styles.numeric} ${styles.wideOnly}`}>
                        {series.cadenceMs === null ? '–' : formatDuration(series.cadenceMs)}
                      </td>
                      <td className={styles.wideOnly}>
                        <AgeText timeMs={series.lastReceivedMs} />
                      </td>
                      <td
                        className={`${styles.ellipsis} ${styles.wideOnly} ${styles.mono}`}
                        title={series.source ?? ''}
                      >
                        {series.source ?? '–'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {overview.staleSeries > overview.stale.length && (
              <p className={styles.note}>
                The {formatCount(overview.stale.length)} longest silences of {formatCount(overview.staleSeries)} stale
                series.
              </p>
            )}
          </>
        )}
      </div>
    </section>
  );
}
