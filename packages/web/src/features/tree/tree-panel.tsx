import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import { useRetainTwins } from '../../live/use-retain-twins';
import { selectTwin, useSelectedTwin } from '../../routing/selection';
import { ProblemMessage } from '../../shared/problem-message';
import { handleTreeKey } from './tree-keyboard';
import { TwinRow } from './tree-row';
import { ROOT_KEY } from './tree-store';
import { ModelFilter } from './model-filter';
import { TreeStatusRow } from './tree-status-row';
import { TwinSearch } from './twin-search';
import { useTree } from './use-tree';
import styles from './tree.module.css';

/**
 * Twins of the tree subscribed live at once: the first rows shown. Bounded so that expanding a
 * floor of 5,000 sensors does not subscribe 5,000 twins; with virtualisation it becomes the rows
 * on screen.
 */
const TREE_LIVE_TWINS_MAX = 500;

/** The twin tree (site → building → floor → room → equipment) with live values, filterable. */
export function TreePanel() {
  const [filter, setFilter] = useState('');
  const [modelFilter, setModelFilter] = useState<string | null>(null);
  const deferredFilter = useDeferredValue(filter);
  const { store, rows } = useTree(deferredFilter);
  const selected = useSelectedTwin();

  const liveTwinIds = useMemo(() => {
    const ids: string[] = [];
    for (const row of rows) {
      if (ids.length >= TREE_LIVE_TWINS_MAX) break;
      if (row.kind === 'twin') ids.push(row.node.$dtId);
    }
    return ids;
  }, [rows]);
  useRetainTwins(liveTwinIds);

  const onToggle = useCallback((twinId: string) => store.toggle(twinId), [store]);
  const onLoadPage = useCallback((parentKey: string) => store.loadPage(parentKey), [store]);
  const selectedShown = selected !== null && rows.some((row) => row.kind === 'twin' && row.node.$dtId === selected);
  const roots = store.children.get(ROOT_KEY);
  // Failing to load the roots gets the full message with its remedy, not a one-line row.
  const rootsFailed = roots?.status === 'error' && roots.ids.length === 0;

  return (
    <section className={styles.panel} aria-label="Twins">
      <div className={styles.toolbar}>
        <input
          type="search"
          className={styles.filter}
          placeholder="Find twins by id or name"
          aria-label="Filter twins"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
        <ModelFilter value={modelFilter} onChange={setModelFilter} />
      </div>
      <TwinSearch text={deferredFilter} modelId={modelFilter} onSelect={selectTwin} />
      <div
        className={styles.list}
        role="tree"
        aria-label="Twin tree"
        onKeyDown={(event) =>
          handleTreeKey(event, {
            rows,
            toggle: (id, open) => (open ? store.expand(id) : store.collapse(id)),
            select: selectTwin,
          })
        }
      >
        {!rootsFailed &&
          rows.map((row, index) =>
            row.kind === 'twin' ? (
              <TwinRow
                key={row.key}
                node={row.node}
                depth={row.depth}
                expanded={row.expanded}
                selected={row.node.$dtId === selected}
                focusable={selectedShown ? row.node.$dtId === selected : index === 0}
                match={row.match}
                index={index}
                onToggle={onToggle}
                onSelect={selectTwin}
              />
            ) : (
              <TreeStatusRow key={row.key} row={row} onLoadPage={onLoadPage} />
            ),
          )}
        {rows.length === 0 && roots?.status === 'idle' && (
          <p className={styles.empty}>
            {deferredFilter === '' ? 'No twins yet.' : 'Nothing in the expanded part of the tree matches.'}
          </p>
        )}
        {rootsFailed && (
          <div className={styles.rootError}>
            <ProblemMessage error={roots.error} onRetry={() => store.loadRoots()} />
          </div>
        )}
      </div>
    </section>
  );
}
