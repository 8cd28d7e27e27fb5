import type { CommandView } from '@doppel/protocol';
import { useAge } from '../../live/use-age';
import { ProblemMessage } from '../../shared/problem-message';
import { StatusBadge } from './command-views';
import { durationMs, outcomeText, requesterText, responseText } from './command-status';
import styles from './commands.module.css';
import detailStyles from './twin-detail.module.css';

/** The twin's commands and desired values, newest first, kept current by the live frames. */
export function RecentCommands({
  list,
  error,
  onRetry,
}: {
  readonly list: readonly CommandView[];
  readonly error: unknown;
  readonly onRetry: () => void;
}) {
  return (
    <section className={detailStyles.section} aria-label="Recent commands">
      <h2 className={detailStyles.sectionTitle}>Recent commands</h2>
      {error !== undefined && <ProblemMessage error={error} onRetry={onRetry} compact />}
      {list.length === 0 ? (
        error === undefined && <p className={detailStyles.muted}>No commands sent to this twin yet.</p>
      ) : (
        <div className={styles.tableScroll}>
          <table className={detailStyles.table}>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Status</th>
                <th scope="col">Outcome</th>
                <th scope="col" className={detailStyles.sourceColumn}>
                  Asked by
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((view) => (
                <RecentRow key={view.id} view={view} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function RecentRow({ view }: { readonly view: CommandView }) {
  const took = durationMs(view);
  const outcome = outcomeText(view);
  return (
    <tr data-command-id={view.id}>
      <td className={detailStyles.ageCell} title={new Date(view.createdMs).toISOString()}>
        <Age timeMs={view.createdMs} />
      </td>
      <td title={`Correlation id ${view.id}`}>
        <span className={styles.strong}>{view.name}</span>
        {view.kind === 'desired' && <span className={detailStyles.kind}>desired</span>}{' '}
        <span className={styles.requestText}>{responseText(view.request)}</span>
      </td>
      <td>
        <StatusBadge status={view.status} />
      </td>
      <td
        className={view.status === 'succeeded' ? styles.outcomeCell : `${styles.outcomeCell} ${styles.error}`}
        title={outcome}
      >
        {outcome}
        {took !== undefined && <span className={styles.hint}> · {took} ms</span>}
      </td>
      <td className={`${detailStyles.sourceColumn} ${detailStyles.source}`} title={view.requestedBy}>
        {requesterText(view.requestedBy)}
      </td>
    </tr>
  );
}

function Age({ timeMs }: { readonly timeMs: number }) {
  return <>{useAge(timeMs)}</>;
}
