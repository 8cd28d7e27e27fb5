/** What the editor holds before anything was run: a query over the demo plant that shows the links. */
export const EXAMPLE_QUERY =
  "SELECT T.$dtId, T.name FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, 'dtmi:doppel:demo:Room;1')";

/** Shown in the empty editor. */
export const QUERY_PLACEHOLDER = 'SELECT … FROM DIGITALTWINS T [JOIN … RELATED …] [WHERE …]';

/** The key that runs the query with Enter, in the words of the platform the page runs on. */
export function runShortcutLabel(userAgent: string): string {
  return /Mac|iPhone|iPad/.test(userAgent) ? '⌘ Enter' : 'Ctrl Enter';
}
