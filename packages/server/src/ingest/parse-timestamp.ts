import type { EpochMs } from '@doppel/core';

/** ISO 8601 date-time with a zone (Z or ±hh:mm), the only string form accepted for "ts". */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

export type TimestampResult =
  | { readonly ok: true; readonly ts: EpochMs }
  | {
      readonly ok: false;
      readonly code: 'ingest.timestamp-invalid' | 'ingest.timestamp-out-of-range';
      readonly message: string;
    };

export interface TimestampBounds {
  readonly pastMaxMs: number;
  readonly futureMaxMs: number;
}

/**
 * Parses a sample's "ts": epoch milliseconds (a finite number) or ISO 8601 with a zone. A missing
 * ts means the receive time. A time outside [received − pastMax, received + futureMax] is absurd
 * (a device clock at 1970, or years ahead) and refused rather than stored.
 */
export function parseTimestamp(raw: unknown, receivedMs: EpochMs, bounds: TimestampBounds): TimestampResult {
  let ts: number;
  if (raw === undefined) return { ok: true, ts: receivedMs };
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw))
      return { ok: false, code: 'ingest.timestamp-invalid', message: `"ts" ${raw} is not a finite number` };
    ts = Math.trunc(raw);
  } else if (typeof raw === 'string') {
    if (!ISO_WITH_ZONE.test(raw)) {
      return {
        ok: false,
        code: 'ingest.timestamp-invalid',
        message: `"ts" "${raw.slice(0, 64)}" is not ISO 8601 with a time zone (e.g. 2026-01-31T12:00:00Z)`,
      };
    }
    ts = Date.parse(raw);
    if (Number.isNaN(ts))
      return { ok: false, code: 'ingest.timestamp-invalid', message: `"ts" "${raw}" is not a valid date` };
  } else {
    return {
      ok: false,
      code: 'ingest.timestamp-invalid',
      message: `"ts" must be a string or a number, got ${raw === null ? 'null' : typeof raw}`,
    };
  }
  if (ts < receivedMs - bounds.pastMaxMs || ts > receivedMs + bounds.futureMaxMs) {
    return {
      ok: false,
      code: 'ingest.timestamp-out-of-range',
      message: `"ts" ${new Date(ts).toISOString()} is more than ${ts < receivedMs ? `${bounds.pastMaxMs} ms before` : `${bounds.futureMaxMs} ms after`} the receive time ${new Date(receivedMs).toISOString()}`,
    };
  }
  return { ok: true, ts: ts as EpochMs };
}
