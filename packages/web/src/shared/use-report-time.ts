import { useState } from 'react';
import { fromLocalInput, toLocalInput } from './local-time-input';

/**
 * The "when" of a report (a maintenance event, a missed anomaly) in a datetime-local field: it
 * shows now, to the minute. Left untouched it sends no time and the server takes its own now, to
 * the millisecond, which keeps the report after an alert raised earlier in the same minute.
 */
export function useReportTime() {
  const [text, setText] = useState(() => toLocalInput(Date.now()));
  const [edited, setEdited] = useState(false);
  const atMs = fromLocalInput(text);
  return {
    text,
    /** Null while the text is not a time. */
    atMs,
    onChange: (next: string): void => {
      setText(next);
      setEdited(true);
    },
    /** What to send: `{ at }` once a time was chosen, else nothing. */
    field: (): { at?: string } => (edited && atMs !== null ? { at: new Date(atMs).toISOString() } : {}),
    reset: (): void => {
      setText(toLocalInput(Date.now()));
      setEdited(false);
    },
  };
}
