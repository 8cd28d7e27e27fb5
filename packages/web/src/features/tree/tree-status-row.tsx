import { ProblemMessage } from '../../shared/problem-message';
import { TREE_INDENT_PX } from './tree-row';
import type { TreeRow } from './tree-rows';
import styles from './tree.module.css';

type StatusRow = Exclude<TreeRow, { kind: 'twin' }>;

/** The rows that are not twins: loading, a failed page, and "load more". */
export function TreeStatusRow({
  row,
  onLoadPage,
}: {
  readonly row: StatusRow;
  readonly onLoadPage: (parentKey: string) => void;
}) {
  const style = { paddingLeft: row.depth * TREE_INDENT_PX + 26 };
  switch (row.kind) {
    case 'loading':
      return (
        <div className={`${styles.row} ${styles.status}`} style={style} aria-busy="true">
          Loading…
        </div>
      );
    case 'error':
      return (
        <div className={`${styles.row} ${styles.status}`} style={style}>
          <ProblemMessage error={row.error} compact onRetry={() => onLoadPage(row.parentKey)} />
        </div>
      );
    case 'more':
      return (
        <div className={`${styles.row} ${styles.status}`} style={style}>
          <button type="button" className={styles.more} onClick={() => onLoadPage(row.parentKey)}>
            Load more
          </button>
        </div>
      );
  }
}
