import { DoppelError } from '@doppel/core';
import type { Aggregation } from '../history/history-store.js';
import { AGGREGATIONS } from '../history/history-store.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** A time: epoch milliseconds or ISO 8601 with a zone. */
export function parseTime(value: unknown, name: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && value !== '') {
    if (/^-?\d+$/.test(value)) return Number(value);
    const ms = Date.parse(value);
    if (!Number.isNaN(ms) && /(Z|[+-]\d{2}:\d{2})$/.test(value)) return ms;
  }
  throw new DoppelError(
    'history.range-invalid',
    `"${name}" must be epoch milliseconds or ISO 8601 with a time zone, got ${JSON.stringify(value)}`,
  );
}

/** A bucket width: `90s`, `1m`, `15m`, `1h`, `1d`, ISO 8601 (`PT15M`, `P1D`) or milliseconds. */
export function parseStep(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  if (typeof value === 'string') {
    const short = /^(\d+)(ms|s|m|h|d|w)$/.exec(value);
    if (short !== null) return Number(short[1]) * (UNIT_MS[short[2] as string] as number);
    if (/^\d+$/.test(value) && Number(value) > 0) return Number(value);
    const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(value);
    if (iso !== null && value !== 'P' && value !== 'PT') {
      const [, d = '0', h = '0', m = '0', s = '0'] = iso;
      const ms = Number(d) * 86_400_000 + Number(h) * 3_600_000 + Number(m) * 60_000 + Number(s) * 1_000;
      if (ms > 0) return ms;
    }
  }
  throw new DoppelError(
    'request.invalid',
    `"step" must be a duration like 1m, 15m, 1h, 1d, PT15M or milliseconds, got ${JSON.stringify(value)}`,
  );
}

export function parseAggregation(value: unknown): Aggregation {
  if (typeof value === 'string' && (AGGREGATIONS as readonly string[]).includes(value)) return value as Aggregation;
  throw new DoppelError(
    'history.aggregation-unsupported',
    `aggregation ${JSON.stringify(value)} is not supported; use one of ${AGGREGATIONS.join(', ')}`,
  );
}

/** Steps a chart may be downsampled to: round values, each a multiple of the 1 m or 15 m tier. */
const NICE_STEPS_MS = [
  1_000, 5_000, 10_000, 30_000, 60_000, 300_000, 900_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000,
  86_400_000, 604_800_000,
];

/**
 * The smallest round step that keeps [fromMs, toMs) within `maxPoints` buckets. Buckets are
 * aligned to the step, so a range not on bucket edges touches one bucket more than its length
 * divided by the step (the last hour to now at maxPoints 360: 361 buckets of 10 s, too many); the
 * buckets are counted as the store aligns them. Day buckets align to midnight in a time zone:
 * counted with one to spare.
 */
export function stepForMaxPoints(fromMs: number, toMs: number, maxPoints: number): number {
  const buckets = (step: number): number =>
    step < 86_400_000 ? Math.ceil(toMs / step) - Math.floor(fromMs / step) : Math.ceil((toMs - fromMs) / step) + 1;
  const nice = NICE_STEPS_MS.find((step) => buckets(step) <= maxPoints);
  if (nice !== undefined) return nice;
  let days = Math.ceil((toMs - fromMs) / Math.max(1, maxPoints - 1) / 86_400_000);
  while (buckets(days * 86_400_000) > maxPoints) days++;
  return days * 86_400_000;
}
