import type { ReactNode } from 'react';
import styles from './figures.module.css';

/** A `<dl>` grid of figures. */
export function Figures({ label, children }: { readonly label?: string; readonly children: ReactNode }) {
  return (
    <dl className={styles.figures} aria-label={label}>
      {children}
    </dl>
  );
}

/** A term and its figure; `name` marks it for tests and styles (`data-figure`). */
export function Figure({
  name,
  term,
  children,
}: {
  readonly name?: string;
  readonly term: string;
  readonly children: ReactNode;
}) {
  return (
    <div className={styles.figure} data-figure={name}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
