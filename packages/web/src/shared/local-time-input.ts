/**
 * `<input type="datetime-local">` speaks local wall-clock text ("2026-01-05T10:00") without an
 * offset; the API speaks epoch ms and ISO 8601. These convert between them (to the minute) and
 * word a time window for a summary. Pure.
 */

const MINUTE_MS = 60_000;
const pad = (n: number): string => String(n).padStart(2, '0');

/** The local wall-clock text of a time, to the minute. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The time of a local wall-clock text (a date-time without offset is local: ECMA-262 Date.parse); null if malformed. */
export function fromLocalInput(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(text)) return null;
  const ms = new Date(text).getTime();
  return Number.isFinite(ms) ? ms : null;
}

export const floorToMinute = (ms: number): number => Math.floor(ms / MINUTE_MS) * MINUTE_MS;
export const ceilToMinute = (ms: number): number => Math.ceil(ms / MINUTE_MS) * MINUTE_MS;

/** A window as the inputs show it: the start floored and the end raised to whole minutes, so it holds the range. */
export function windowInputs(fromMs: number, toMs: number): { from: string; to: string } {
  return { from: toLocalInput(floorToMinute(fromMs)), to: toLocalInput(ceilToMinute(toMs)) };
}

const dayTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** "Jan 5, 10:00 – 14:00", or "Jan 5, 10:00 – Jan 6, 10:00" across days. */
export function formatWindow(fromMs: number, toMs: number): string {
  const from = new Date(fromMs);
  const to = new Date(toMs);
  const sameDay = from.toDateString() === to.toDateString();
  return `${dayTime.format(from)} – ${sameDay ? timeOnly.format(to) : dayTime.format(to)}`;
}

/** "Jan 5, 10:00": a moment in a summary. */
export const formatMoment = (ms: number): string => dayTime.format(new Date(ms));
