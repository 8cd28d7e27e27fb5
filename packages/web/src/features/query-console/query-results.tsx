import { formatCount } from '../../shared/format-value';
import { ProblemMessage } from '../../shared/problem-message';
import { ResultTable } from './result-table';
import type { QueryResultState } from './use-query-runner';
import { RESULT_ROWS_MAX } from './use-query-runner';
import styles from './query-console.module.css';

interface QueryResultsProps {
  readonly result: QueryResultState | null;
  readonly running: boolean;
  readonly onLoadMore: () => void;
}

const plural = (count: number, one: string, many: string): string =>
  `${formatCount(count)} ${count === 1 ? one : many}`;

/** The answer to the last query: a status line (rows, time, more pages) over the rows or the plan. */
export function QueryResults({ result, running, onLoadMore }: QueryResultsProps) {
  if (result === null) {
    return (
      <section className={styles.results} aria-label="Results">
        <p className={styles.placeholder}>
          {running ? 'Running…' : 'Run a query to see its rows here. Twin ids in the result link to the twin.'}
        </p>
      </section>
    );
  }
  const full = result.rows.length >= RESULT_ROWS_MAX;
  const timing = `${Math.round(result.elapsedMs)} ms`;
  const timingTitle = `Round trip ${Math.round(result.elapsedMs)} ms; on the platform ${result.serverElapsedMs} ms, ${formatCount(result.rowsExamined)} candidate rows examined`;
  return (
    <section className={running ? `${styles.results} ${styles.stale}` : styles.results} aria-label="Results">
      <div className={styles.resultsBar} role="status">
        <span className={styles.figure}>
          {result.explain === undefined ? plural(result.rows.length, 'row', 'rows') : 'Plan'}
          {result.continuationToken !== undefined && <span className={styles.muted}> so far</span>}
        </span>
        <span className={styles.muted} title={timingTitle}>
          {timing}
        </span>
        {running && <span className={styles.muted}>Running…</span>}
        <span className={styles.barEnd}>
          {result.loadMoreError !== undefined && <ProblemMessage error={result.loadMoreError} compact />}
          {full && result.continuationToken !== undefined && (
            <span className={styles.muted}>
              Stopped at {formatCount(RESULT_ROWS_MAX)} rows: narrow the query or use TOP(n).
            </span>
          )}
          {!full && result.continuationToken !== undefined && (
            <button type="button" className={styles.secondaryButton} onClick={onLoadMore} disabled={result.loadingMore}>
              {result.loadingMore ? 'Loading…' : 'Load more'}
            </button>
          )}
        </span>
      </div>
      {result.explain !== undefined ? (
        <pre className={styles.plan}>{result.explain.join('\n')}</pre>
      ) : result.rows.length === 0 ? (
        <p className={styles.placeholder}>No rows match this query.</p>
      ) : (
        <ResultTable rows={result.rows} />
      )}
    </section>
  );
}
