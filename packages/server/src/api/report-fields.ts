import { DoppelError } from '@doppel/core';

/**
 * The fields a person sends with a report (an alert move, a label, a missed anomaly, a
 * maintenance event): who, when, and a note, read the same way by every route.
 */

/** Who: the `by` the caller gives, else its address (until authentication). */
export const requesterOf = (fields: Readonly<Record<string, unknown>>, ip: string): string =>
  typeof fields.by === 'string' && fields.by.trim() !== '' ? fields.by.trim().slice(0, 128) : `http:${ip}`;

/** When it happened: `at` (ISO 8601), else now. */
export function timeOf(fields: Readonly<Record<string, unknown>>, nowMs: number): number {
  const atMs = fields.at === undefined ? nowMs : Date.parse(String(fields.at));
  if (!Number.isFinite(atMs)) throw new DoppelError('request.invalid', '"at" must be an ISO 8601 time');
  return atMs;
}

/** The note, if any; `maxLength` bounds it where the route stores it as it is. */
export function noteOf(fields: Readonly<Record<string, unknown>>, maxLength?: number): string | undefined {
  const { note } = fields;
  if (note === undefined) return undefined;
  if (typeof note !== 'string' || (maxLength !== undefined && note.length > maxLength))
    throw new DoppelError(
      'request.invalid',
      maxLength === undefined ? '"note" must be a text' : `"note" must be a text of at most ${maxLength} characters`,
    );
  return note;
}
