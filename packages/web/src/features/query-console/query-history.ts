/** Queries remembered, newest first. */
export const HISTORY_ENTRIES_MAX = 10;
/** Longest query remembered: the platform refuses longer ones anyway (ADT's 8,000 characters). */
const HISTORY_TEXT_CHARS_MAX = 8_000;
export const HISTORY_STORAGE_KEY = 'doppel.query-console.history';

/** A run query joins the top of the history; running one again moves it up rather than repeating it. */
export function rememberQuery(history: readonly string[], text: string): string[] {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > HISTORY_TEXT_CHARS_MAX) return [...history];
  return [trimmed, ...history.filter((entry) => entry !== trimmed)].slice(0, HISTORY_ENTRIES_MAX);
}

/** The history as stored; anything malformed (another version, a hand edit) reads as empty or is skipped. */
export function parseHistory(raw: string | null): string[] {
  if (raw === null) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed
    .filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '')
    .slice(0, HISTORY_ENTRIES_MAX);
}

/** Reads the history; storage can be missing or refuse access (private mode, a blocked origin). */
export function loadHistory(storage: Pick<Storage, 'getItem'> | undefined): string[] {
  try {
    return parseHistory(storage?.getItem(HISTORY_STORAGE_KEY) ?? null);
  } catch {
    return [];
  }
}

/** Saves the history; a full or refusing storage only costs the history, never the query. */
export function saveHistory(storage: Pick<Storage, 'setItem'> | undefined, history: readonly string[]): void {
  try {
    storage?.setItem(HISTORY_STORAGE_KEY, JSON.stringify(history));
  } catch {
    // Quota exceeded or storage disabled: the history lives on in memory for this page.
  }
}
