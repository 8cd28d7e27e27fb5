import type { TimedRow } from '../isolation-forest/retrain.js';

/** One property's samples in time order, as history returns them. */
export interface PropertySeries {
  readonly timestamps: readonly number[];
  readonly values: readonly unknown[];
}

/**
 * The rows an asset's model sees, rebuilt from history the way the live scorer builds them: at
 * each instant at which any property has a sample, the latest value of every property
 * (sample-and-hold), once all of them have one. Samples at the same instant make one row, as one
 * message of several values does live. Non-numeric values are gaps, not zeros.
 */
export function alignRows(series: readonly PropertySeries[]): TimedRow[] {
  const width = series.length;
  const latest = new Float64Array(width).fill(Number.NaN);
  const cursor = new Array<number>(width).fill(0);
  const rows: TimedRow[] = [];
  for (;;) {
    let next = Number.POSITIVE_INFINITY;
    for (let p = 0; p < width; p++) {
      const ts = (series[p] as PropertySeries).timestamps[cursor[p] as number];
      if (ts !== undefined && ts < next) next = ts;
    }
    if (next === Number.POSITIVE_INFINITY) return rows;
    for (let p = 0; p < width; p++) {
      const { timestamps, values } = series[p] as PropertySeries;
      while (timestamps[cursor[p] as number] === next) {
        const value = values[cursor[p] as number];
        if (typeof value === 'number' && Number.isFinite(value)) latest[p] = value;
        cursor[p] = (cursor[p] as number) + 1;
      }
    }
    if (latest.every(Number.isFinite)) rows.push({ timeMs: next, values: Float64Array.from(latest) });
  }
}

/** Keeps at most one row per `everyMs` (the first of each interval), as the live scorer does. */
export function thinRows(rows: readonly TimedRow[], everyMs: number): TimedRow[] {
  const kept: TimedRow[] = [];
  let lastMs = Number.NEGATIVE_INFINITY;
  for (const row of rows) {
    if (row.timeMs - lastMs < everyMs) continue;
    kept.push(row);
    lastMs = row.timeMs;
  }
  return kept;
}
