import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useServices } from '../../services/services-context';
import type { TreeRow } from './tree-rows';
import { flattenTree } from './tree-rows';
import { TreeStore } from './tree-store';

/** Children fetched per page when a node is expanded. */
const TREE_PAGE_SIZE = 100;

/** The tree's store (one per panel) and its rows for the current filter. */
export function useTree(filter: string): { store: TreeStore; rows: readonly TreeRow[] } {
  const { rest } = useServices();
  const [store] = useState(() => new TreeStore(rest, { pageSize: TREE_PAGE_SIZE }));
  const version = useSyncExternalStore(store.subscribe, store.getVersion);
  useEffect(() => store.loadRoots(), [store]);
  // `version` stands for the store's mutable contents: recompute when it moves.
  const rows = useMemo(() => flattenTree(store, filter), [store, filter, version]);
  return { store, rows };
}
