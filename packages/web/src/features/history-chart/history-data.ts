/**
 * Turns the history API's columnar answers into what the chart draws: one x array (epoch ms) and,
 * per path, the line (bucket means or raw samples) and, when the server aggregated, the min and
 * max of each bucket for a band. Pure, so that gaps and alignment are unit-tested.
 *
 * uPlot's conventions, which this module produces:
 *   - `null` at an x is a gap: the line stops there (an outage: no line drawn across it);
 *   - `undefined` at an x means "this series has no point here" (another series does): the line
 *     joins its neighbours across it.
 */
import type { HistoryResponse } from '../../api/rest-client';

export type ChartValue = number | null | undefined;

export interface ChartSeries {
  readonly path: string;
  readonly mean: ChartValue[];
  /** Bucket minima and maxima, aligned to the same x; `null` when the answer was not aggregated. */
  readonly min: ChartValue[] | null;
  readonly max: ChartValue[] | null;
  /** Points the server returned for this path. */
  readonly points: number;
}

export interface ChartData {
  readonly xs: number[];
  readonly series: readonly ChartSeries[];
  /** No path has a single point in the range. */
  readonly empty: boolean;
  /** Latest `retainedFromMs` of any frame: the data before it was removed by retention. */
  readonly retainedFromMs: number | null;
}

/** A sample's value as a number to plot; booleans as 0/1; anything else is not plottable. */
export function toPlotValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

/**
 * The distance between two consecutive points beyond which the chart shows a gap rather than a
 * line: several times the usual spacing of the series (its median), and at least 2.5 buckets when
 * aggregated (empty buckets are omitted by the server, so a missing bucket or two is not an outage).
 */
export function gapThresholdMs(timestamps: readonly number[], stepMs: number | null): number {
  const deltas: number[] = [];
  for (let i = 1; i < timestamps.length; i++) {
    const delta = timestamps[i]! - timestamps[i - 1]!;
    if (delta > 0) deltas.push(delta);
  }
  deltas.sort((a, b) => a - b);
  const median = deltas.length === 0 ? 0 : deltas[Math.floor(deltas.length / 2)]!;
  return Math.max(4 * median, stepMs === null ? 0 : 2.5 * stepMs, 1);
}

/** Runs of a series with no data: `[lastBefore, firstAfter]` pairs wider than the threshold. */
export function findGaps(timestamps: readonly number[], thresholdMs: number): [number, number][] {
  const gaps: [number, number][] = [];
  for (let i = 1; i < timestamps.length; i++) {
    const a = timestamps[i - 1]!;
    const b = timestamps[i]!;
    if (b - a > thresholdMs) gaps.push([a, b]);
  }
  return gaps;
}

interface Parsed {
  readonly path: string;
  readonly timestamps: number[];
  readonly mean: Map<number, number>;
  readonly min: Map<number, number> | null;
  readonly max: Map<number, number> | null;
  readonly gaps: [number, number][];
}

function frameMap(response: HistoryResponse | undefined, path: string): Map<number, number> | null {
  const frame = response?.frames.find((candidate) => candidate.series.path === path);
  if (frame === undefined) return null;
  const map = new Map<number, number>();
  frame.timestamps.forEach((ts, i) => {
    const value = toPlotValue(frame.values[i]);
    if (value !== undefined) map.set(ts, value);
  });
  return map;
}

/**
 * Builds the chart's data from the mean (or raw) answer and, for an aggregated answer, the min and
 * max answers of the same range and step. Paths keep the caller's order; a path missing from the
 * answer is an empty series.
 */
export function buildChartData(
  paths: readonly string[],
  mean: HistoryResponse,
  band?: { readonly min: HistoryResponse; readonly max: HistoryResponse },
): ChartData {
  const parsed: Parsed[] = paths.map((path) => {
    const means = frameMap(mean, path) ?? new Map<number, number>();
    const timestamps = [...means.keys()].sort((a, b) => a - b);
    return {
      path,
      timestamps,
      mean: means,
      min: band === undefined ? null : (frameMap(band.min, path) ?? new Map()),
      max: band === undefined ? null : (frameMap(band.max, path) ?? new Map()),
      gaps: findGaps(timestamps, gapThresholdMs(timestamps, mean.stepMs)),
    };
  });

  const xSet = new Set<number>();
  for (const series of parsed) {
    for (const ts of series.timestamps) xSet.add(ts);
    // A point inside each gap, so that even a lone series has an x to put its `null` at.
    for (const [a, b] of series.gaps) xSet.add(Math.round((a + b) / 2));
  }
  const xs = [...xSet].sort((a, b) => a - b);

  const column = (series: Parsed, values: Map<number, number>): ChartValue[] => {
    let gapIndex = 0;
    return xs.map((x) => {
      const value = values.get(x);
      if (series.mean.has(x)) return value;
      while (gapIndex < series.gaps.length && series.gaps[gapIndex]![1] <= x) gapIndex++;
      const gap = series.gaps[gapIndex];
      return gap !== undefined && gap[0] < x && x < gap[1] ? null : undefined;
    });
  };

  let retainedFromMs: number | null = null;
  for (const frame of mean.frames) {
    if (frame.retainedFromMs !== undefined && frame.retainedFromMs > mean.fromMs) {
      retainedFromMs = Math.max(retainedFromMs ?? frame.retainedFromMs, frame.retainedFromMs);
    }
  }

  return {
    xs,
    series: parsed.map((series) => ({
      path: series.path,
      mean: column(series, series.mean),
      min: series.min === null ? null : column(series, series.min),
      max: series.max === null ? null : column(series, series.max),
      points: series.timestamps.length,
    })),
    empty: parsed.every((series) => series.timestamps.length === 0),
    retainedFromMs,
  };
}

/**
 * The value to show for a series at the cursor's x index: its own point there, else its nearest
 * point on either side (an x of another series), unless the cursor is inside one of its gaps
 * (`null`: no data there).
 */
export function valueNear(values: readonly ChartValue[], index: number | null): number | null {
  if (index === null || index < 0 || index >= values.length) return null;
  const here = values[index];
  if (here !== undefined) return here;
  for (let step = 1; index - step >= 0 || index + step < values.length; step++) {
    const left = index - step >= 0 ? values[index - step] : undefined;
    if (left !== undefined) return left;
    const right = index + step < values.length ? values[index + step] : undefined;
    if (right !== undefined) return right;
  }
  return null;
}

/** "5-s", "1-min", "15-min", "1-h", "1-day": a bucket width as an adjective. */
export function formatStep(stepMs: number): string {
  const units: readonly [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1_000, 's'],
  ];
  for (const [size, name] of units) {
    if (stepMs >= size && stepMs % size === 0) return `${stepMs / size}-${name}`;
  }
  return `${stepMs}-ms`;
}

const TIER_NAMES: Readonly<Record<HistoryResponse['tier'], string>> = {
  raw: 'raw samples',
  '1m': '1-min rollups',
  '15m': '15-min rollups',
};

/** What the chart shows, for its caption: "5-s mean of raw samples, min–max band", "raw samples". */
export function describeResolution(response: Pick<HistoryResponse, 'tier' | 'stepMs' | 'agg'>, band: boolean): string {
  const tier = TIER_NAMES[response.tier] ?? response.tier;
  if (response.stepMs === null) return tier;
  const agg = response.agg === null || response.agg === 'avg' ? 'mean' : response.agg;
  return `${formatStep(response.stepMs)} ${agg} of ${tier}${band ? ', min–max band' : ''}`;
}

/**
 * Which scale (and y axis) each path is drawn on: one per unit, in the order units first appear.
 * The first two units get an axis (left, right); further ones are drawn on their own scale
 * without an axis (their unit is in the legend).
 */
export function unitScales(
  paths: readonly string[],
  unitOf: (path: string) => string | undefined,
): { readonly scaleOf: readonly string[]; readonly scales: readonly { key: string; unit: string | undefined }[] } {
  const scales: { key: string; unit: string | undefined }[] = [];
  const scaleOf = paths.map((path) => {
    const unit = unitOf(path);
    const key = `y:${unit ?? ''}`;
    if (!scales.some((scale) => scale.key === key)) scales.push({ key, unit });
    return key;
  });
  return { scaleOf, scales };
}
