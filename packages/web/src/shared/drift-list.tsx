import type { DriftView } from '@doppel/protocol';
import { driftFigures } from './drift-figures';
import styles from './drift-list.module.css';

/**
 * Each input of a model with its drift against the reference: a stable / drifted badge, the
 * population stability index and the Kolmogorov–Smirnov distance, and how many samples they read.
 */
export function DriftList({ drift }: { readonly drift: readonly DriftView[] }) {
  if (drift.length === 0) return null;
  return (
    <ul className={styles.list} aria-label="Input drift">
      {drift.map((input) => (
        <li key={input.input} className={styles.item} data-input={input.input}>
          <span className={styles.name}>{input.input}</span>
          <span className={styles.badge} data-state={input.state}>
            {input.state}
          </span>
          <span
            className={styles.figures}
            title="PSI: population stability index (above 0.25: shifted). KS: Kolmogorov–Smirnov distance."
          >
            {driftFigures(input)}
          </span>
        </li>
      ))}
    </ul>
  );
}
