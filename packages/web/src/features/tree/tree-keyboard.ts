import type { KeyboardEvent } from 'react';
import type { TreeRow } from './tree-rows';

interface TreeKeyActions {
  readonly rows: readonly TreeRow[];
  readonly toggle: (twinId: string, open: boolean) => void;
  readonly select: (twinId: string) => void;
}

const focusRow = (container: HTMLElement, index: number): void =>
  container.querySelector<HTMLElement>(`[data-row-index="${index}"]`)?.focus();

/**
 * WAI-ARIA tree keys on the focused row: ↑/↓ move, → opens, ← closes, Enter/Space select.
 * Rows carry `data-row-index`, the index in the flattened rows.
 */
export function handleTreeKey(event: KeyboardEvent<HTMLElement>, { rows, toggle, select }: TreeKeyActions): void {
  const target = event.target as HTMLElement;
  const index = Number(target.dataset.rowIndex);
  const row = rows[index];
  if (row === undefined || row.kind !== 'twin') return;
  const container = event.currentTarget;
  const step = (from: number, delta: number): void => {
    for (let i = from + delta; i >= 0 && i < rows.length; i += delta) {
      if (rows[i]?.kind === 'twin') return focusRow(container, i);
    }
  };
  switch (event.key) {
    case 'ArrowDown':
      step(index, 1);
      break;
    case 'ArrowUp':
      step(index, -1);
      break;
    case 'ArrowRight':
      if (row.node.childCount > 0 && !row.expanded) toggle(row.node.$dtId, true);
      else step(index, 1);
      break;
    case 'ArrowLeft':
      if (row.expanded) toggle(row.node.$dtId, false);
      break;
    case 'Enter':
    case ' ':
      select(row.node.$dtId);
      break;
    default:
      return;
  }
  event.preventDefault();
}
