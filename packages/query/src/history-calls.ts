import type { Position } from './ast.js';
import { QueryError } from './query-error.js';

/**
 * Aggregates over a twin's history in a query: `AVG(P.flowRate, 'PT1H') > 10`. A condition can
 * only be decided once the values are known, and history is read asynchronously, so a query that
 * calls them runs twice: the first pass walks the graph and collects, for every row that the
 * other conditions let through, which (twin, path, function, window) it needs (a condition with
 * an unknown history value lets the row through); the source answers them all in one batch; the
 * second pass runs the query with the answers.
 */

export const HISTORY_FUNCTIONS = ['AVG', 'MIN', 'MAX', 'SUM', 'COUNT'] as const;
export type HistoryFunction = (typeof HISTORY_FUNCTIONS)[number];

export interface HistoryRequest {
  readonly twinId: string;
  readonly path: string;
  readonly fn: HistoryFunction;
  /** The window ends now and starts this long before. */
  readonly windowMs: number;
}

export function isHistoryFunction(name: string): name is HistoryFunction {
  return (HISTORY_FUNCTIONS as readonly string[]).includes(name);
}

export function requestKey(request: HistoryRequest): string {
  return `${request.fn}\u0000${request.windowMs}\u0000${request.twinId}\u0000${request.path}`;
}

/** What the history calls of one query read and wrote. */
export class HistoryAnswers {
  /** First pass: record requests; second pass: answer from `values`. */
  collecting = true;
  /** Set by a history call that had no answer yet (first pass). */
  pending = false;
  readonly requests = new Map<string, HistoryRequest>();
  readonly values = new Map<string, number | undefined>();

  read(request: HistoryRequest): number | undefined {
    const key = requestKey(request);
    if (this.collecting) {
      this.requests.set(key, request);
      this.pending = true;
      return undefined;
    }
    return this.values.get(key);
  }
}

const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** An ISO 8601 duration of days, hours, minutes and seconds (`PT1H`, `P7D`, `PT90S`) in ms. */
export function parseWindow(text: string, at: Position): number {
  const match = DURATION.exec(text);
  const [days, hours, minutes, seconds] = (match?.slice(1) ?? []).map((part) => Number(part ?? 0));
  const ms = (((days ?? 0) * 24 + (hours ?? 0)) * 60 + (minutes ?? 0)) * 60_000 + (seconds ?? 0) * 1_000;
  if (match === null || text === 'P' || text.endsWith('T') || ms <= 0) {
    throw new QueryError(
      'query.invalid-argument',
      `"${text}" is not a window; give an ISO 8601 duration of days, hours, minutes or seconds, such as 'PT1H' or 'P7D'.`,
      at,
    );
  }
  return ms;
}
