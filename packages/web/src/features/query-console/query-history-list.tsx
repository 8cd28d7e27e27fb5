import styles from './query-console.module.css';

interface QueryHistoryListProps {
  readonly history: readonly string[];
  readonly onPick: (text: string) => void;
}

/** The last queries run on this browser, newest first; picking one runs it again. */
export function QueryHistoryList({ history, onPick }: QueryHistoryListProps) {
  return (
    <aside className={styles.history} aria-labelledby="query-history-title">
      <h2 id="query-history-title" className={styles.historyTitle}>
        Recent queries
      </h2>
      {history.length === 0 ? (
        <p className={styles.historyEmpty}>Queries you run appear here, on this browser only.</p>
      ) : (
        <ol className={styles.historyList}>
          {history.map((text) => (
            <li key={text}>
              <button type="button" className={styles.historyItem} onClick={() => onPick(text)} title={text}>
                <span className={styles.historyText}>{text}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
