/**
 * One series of a replay: its samples from the history API (columnar), and the value it had at a
 * moment. A value older than `staleAfterMs` at that moment is shown stale, as the live view would
 * have shown it then (the sensor had stopped reporting).
 */
export interface ReplaySeries {
  readonly twinId: string;
  readonly path: string;
  readonly timestamps: readonly number[];
  readonly values: readonly unknown[];
}

export interface ValueAt {
  readonly value: unknown;
  readonly sourceTimeMs: number;
  readonly stale: boolean;
}

/** The last sample at or before `atMs` (binary search), or undefined before the first. */
export function valueAt(series: ReplaySeries, atMs: number, staleAfterMs: number): ValueAt | undefined {
  const { timestamps } = series;
  let low = 0;
  let high = timestamps.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((timestamps[middle] as number) <= atMs) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  if (found < 0) return undefined;
  const sourceTimeMs = timestamps[found] as number;
  return { value: series.values[found], sourceTimeMs, stale: atMs - sourceTimeMs > staleAfterMs };
}

/** The step of a replay's samples: about `points` per series over the range, at least 1 s. */
export function replayMaxPoints(fromMs: number, toMs: number): number {
  // One point per 10 s of range up to 2,000: an hour at raw-ish detail, a day at 1-minute means.
  return Math.max(60, Math.min(2_000, Math.round((toMs - fromMs) / 10_000)));
}
