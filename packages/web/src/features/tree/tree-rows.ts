import type { TreeNode } from '@doppel/protocol';
import type { ChildList } from './tree-store';
import { ROOT_KEY } from './tree-store';

/**
 * One line of the tree as rendered: the tree is flattened to a list so that the view can later be
 * virtualised (only the rows on screen mounted) without changing this shape.
 */
export type TreeRow =
  | {
      readonly kind: 'twin';
      readonly key: string;
      readonly depth: number;
      readonly node: TreeNode;
      readonly expanded: boolean;
      /** True when a filter is active and this node itself matches it (not just a descendant). */
      readonly match: boolean;
    }
  | { readonly kind: 'loading'; readonly key: string; readonly depth: number }
  | { readonly kind: 'more'; readonly key: string; readonly depth: number; readonly parentKey: string }
  | {
      readonly kind: 'error';
      readonly key: string;
      readonly depth: number;
      readonly parentKey: string;
      readonly error: unknown;
    };

export interface TreeView {
  readonly nodes: ReadonlyMap<string, TreeNode>;
  readonly children: ReadonlyMap<string, ChildList>;
  readonly expanded: ReadonlySet<string>;
}

const matches = (node: TreeNode, needle: string): boolean =>
  node.$dtId.toLowerCase().includes(needle) || node.label.toLowerCase().includes(needle);

/**
 * Flattens the expanded part of the tree, depth first. With a filter, it shows the loaded nodes
 * that match and their ancestors, whether expanded or not, and no paging rows. A twin reachable
 * twice (`contains` is a graph) appears under each parent, but never inside itself.
 */
export function flattenTree(view: TreeView, filter: string): TreeRow[] {
  const needle = filter.trim().toLowerCase();
  const rows: TreeRow[] = [];
  const subtreeMatches = new Map<string, boolean>();

  const hasMatch = (id: string, ancestors: ReadonlySet<string>): boolean => {
    const cached = subtreeMatches.get(id);
    if (cached !== undefined) return cached;
    const node = view.nodes.get(id);
    if (node === undefined || ancestors.has(id)) return false;
    const inner = new Set(ancestors).add(id);
    const result = matches(node, needle) || (view.children.get(id)?.ids ?? []).some((child) => hasMatch(child, inner));
    subtreeMatches.set(id, result);
    return result;
  };

  const visit = (parentKey: string, depth: number, ancestors: ReadonlySet<string>, keyPrefix: string): void => {
    const list = view.children.get(parentKey);
    if (list === undefined) return;
    for (const id of list.ids) {
      const node = view.nodes.get(id);
      if (node === undefined || ancestors.has(id)) continue;
      if (needle !== '' && !hasMatch(id, ancestors)) continue;
      const key = `${keyPrefix}/${id}`;
      const inner = new Set(ancestors).add(id);
      const open =
        needle === ''
          ? view.expanded.has(id)
          : (view.children.get(id)?.ids ?? []).some((child) => hasMatch(child, inner));
      rows.push({ kind: 'twin', key, depth, node, expanded: open, match: needle !== '' && matches(node, needle) });
      if (open) visit(id, depth + 1, inner, key);
    }
    if (needle !== '') return;
    if (list.status === 'loading') rows.push({ kind: 'loading', key: `${keyPrefix}/…loading`, depth });
    else if (list.status === 'error')
      rows.push({ kind: 'error', key: `${keyPrefix}/…error`, depth, parentKey, error: list.error });
    else if (list.nextLink !== null) rows.push({ kind: 'more', key: `${keyPrefix}/…more`, depth, parentKey });
  };

  visit(ROOT_KEY, 0, new Set(), '');
  return rows;
}
