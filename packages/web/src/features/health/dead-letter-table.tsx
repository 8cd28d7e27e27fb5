import type { DeadLetter } from '@doppel/protocol';
import { AgeText } from './age-text';
import { TwinLink } from './twin-link';
import styles from './health.module.css';

interface DeadLetterTableProps {
  readonly letters: readonly DeadLetter[];
  readonly selectedId: string | null;
  readonly onSelect: (letter: DeadLetter) => void;
}

/** The newest dead letters; a row opens the letter with its payload below. */
export function DeadLetterTable({ letters, selectedId, onSelect }: DeadLetterTableProps) {
  return (
    <div className={styles.tableWrap}>
      <table className={`${styles.table} ${styles.letterTable}`}>
        <thead>
          <tr>
            <th scope="col">Received</th>
            <th scope="col">Reason</th>
            <th scope="col" className={styles.wideOnly}>
              Transport · topic
            </th>
            <th scope="col" className={styles.wideOnly}>
              Client
            </th>
            <th scope="col">Twin</th>
            <th scope="col" className={styles.wideOnly}>
              Message
            </th>
          </tr>
        </thead>
        <tbody>
          {letters.map((letter) => {
            const selected = letter.id === selectedId;
            return (
              <tr
                key={letter.id}
                className={selected ? `${styles.clickable} ${styles.selectedRow}` : styles.clickable}
                onClick={() => onSelect(letter)}
              >
                <td>
                  <button
                    type="button"
                    className={styles.rowButton}
                    aria-pressed={selected}
                    aria-label={`Dead letter ${letter.id}: ${letter.reason}`}
                    onClick={(event) => {
                      event.stopPropagation();
                      onSelect(letter);
                    }}
                  >
                    <AgeText timeMs={Date.parse(letter.receivedAt)} />
                  </button>
                  {letter.replayedAt !== null && <span className={styles.tag}>replayed</span>}
                </td>
                <td>
                  <code className={styles.code}>{letter.reason}</code>
                </td>
                <td className={`${styles.ellipsis} ${styles.wideOnly}`} title={`${letter.transport} ${letter.topic}`}>
                  <span className={styles.transport}>{letter.transport}</span> {letter.topic}
                </td>
                <td className={`${styles.ellipsis} ${styles.wideOnly}`} title={letter.clientId}>
                  {letter.clientId}
                </td>
                <td className={styles.ellipsis}>
                  {letter.twinId === null ? (
                    <span className={styles.muted}>—</span>
                  ) : (
                    <TwinLink twinId={letter.twinId} />
                  )}
                </td>
                <td className={`${styles.ellipsis} ${styles.message} ${styles.wideOnly}`} title={letter.message}>
                  {letter.message}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
