/** Longest text shown in a result cell; the whole value is in the cell's title. */
export const CELL_CHARS_MAX = 120;
/** Longest title: a twin's `$metadata` can be long, a tooltip should not fill the screen. */
const TITLE_CHARS_MAX = 2_000;

export type CellKind = 'missing' | 'null' | 'number' | 'boolean' | 'string' | 'json';

export interface FormattedCell {
  readonly kind: CellKind;
  readonly text: string;
  /** The untruncated text when `text` was shortened. */
  readonly title?: string;
}

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * A result value as the console shows it: exact (a query console must not round), objects and
 * arrays as compact JSON, long texts shortened with the whole in `title`.
 */
export function formatCell(value: unknown): FormattedCell {
  if (value === undefined) return { kind: 'missing', text: '' };
  if (value === null) return { kind: 'null', text: 'null' };
  if (typeof value === 'number') return { kind: 'number', text: String(value) };
  if (typeof value === 'boolean') return { kind: 'boolean', text: String(value) };
  const kind: CellKind = typeof value === 'string' ? 'string' : 'json';
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > CELL_CHARS_MAX
    ? { kind, text: clip(text, CELL_CHARS_MAX), title: clip(text, TITLE_CHARS_MAX) }
    : { kind, text };
}
