import type { ReactNode } from 'react';
import styles from './ml-models.module.css';

/** A term and its figure in a `<dl>` grid (a binding's counters, its shadow comparison). */
export function Figure({ term, value }: { readonly term: string; readonly value: ReactNode }) {
  return (
    <div className={styles.figure}>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}
