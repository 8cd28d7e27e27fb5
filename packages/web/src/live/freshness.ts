import type { LivePath } from './twin-values-store';

/** `fresh`: updated within its expected window; `stale`: not; `missing`: never seen. */
export type Freshness = 'fresh' | 'stale' | 'missing';

/** A path is fresh while its age is at most this many observed intervals. */
export const FRESH_INTERVALS = 3;
/** Interval assumed until two samples have been seen (e.g. right after the snapshot). */
export const ASSUMED_INTERVAL_MS = 30_000;
/** Lower bound of the fresh window, so that 10 Hz sensors do not flicker on network jitter. */
export const FRESH_WINDOW_MIN_MS = 2_000;

export function freshnessOf(path: LivePath | undefined, nowMs: number): Freshness {
  if (path === undefined) return 'missing';
  const windowMs = Math.max(FRESH_WINDOW_MIN_MS, FRESH_INTERVALS * (path.intervalMs ?? ASSUMED_INTERVAL_MS));
  return nowMs - path.sourceTimeMs <= windowMs ? 'fresh' : 'stale';
}
