import { memo } from 'react';
import type { TreeNode } from '@doppel/protocol';
import { FreshnessDot } from '../../live/freshness-dot';
import { LiveValue } from '../../live/live-value';
import { useFreshness } from '../../live/use-freshness';
import { useMainTelemetry } from '../../live/use-main-telemetry';
import styles from './tree.module.css';

interface TwinRowProps {
  readonly node: TreeNode;
  readonly depth: number;
  readonly expanded: boolean;
  readonly selected: boolean;
  /** The row reached by Tab (roving tabindex): the selected one, else the first. */
  readonly focusable: boolean;
  readonly match: boolean;
  readonly index: number;
  readonly onToggle: (twinId: string) => void;
  readonly onSelect: (twinId: string) => void;
}

/** Indent per tree level, in px; rows stay one line, the label truncates. */
export const TREE_INDENT_PX = 14;

/** One twin in the tree: chevron, freshness, label and the live main value. */
export const TwinRow = memo(function TwinRow({
  node,
  depth,
  expanded,
  selected,
  focusable,
  match,
  index,
  onToggle,
  onSelect,
}: TwinRowProps) {
  const hasChildren = node.childCount > 0;
  return (
    <div
      role="treeitem"
      aria-level={depth + 1}
      aria-expanded={hasChildren ? expanded : undefined}
      aria-selected={selected}
      tabIndex={focusable ? 0 : -1}
      data-row-index={index}
      data-twin-id={node.$dtId}
      className={selected ? `${styles.row} ${styles.selected}` : styles.row}
      style={{ paddingLeft: depth * TREE_INDENT_PX + 4 }}
      onClick={() => onSelect(node.$dtId)}
      title={node.label === node.$dtId ? node.$dtId : `${node.label} (${node.$dtId})`}
    >
      <button
        type="button"
        tabIndex={-1}
        className={styles.chevron}
        aria-label={expanded ? 'Collapse' : 'Expand'}
        disabled={!hasChildren}
        onClick={(event) => {
          event.stopPropagation();
          onToggle(node.$dtId);
        }}
      >
        {hasChildren && <span className={expanded ? `${styles.caret} ${styles.open}` : styles.caret} />}
      </button>
      <span className={match ? `${styles.label} ${styles.match}` : styles.label}>{node.label}</span>
      {hasChildren && <span className={styles.count}>{node.childCount}</span>}
      <TwinLiveSummary twinId={node.$dtId} modelId={node.$model} />
    </div>
  );
});

/** The live part of a row, split out so that a frame re-renders only this, not the row. */
function TwinLiveSummary({ twinId, modelId }: { readonly twinId: string; readonly modelId: string }) {
  const { path, unit } = useMainTelemetry(twinId, modelId);
  const freshness = useFreshness(twinId, path);
  if (path === undefined) return null;
  return (
    <span className={freshness === 'fresh' ? styles.live : `${styles.live} ${styles.notFresh}`}>
      <LiveValue twinId={twinId} path={path} unit={unit} />
      <FreshnessDot twinId={twinId} path={path} />
    </span>
  );
}
