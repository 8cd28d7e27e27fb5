/**
 * What one variant writes and asks, in two phases. Phase 1, the headline: the `live` part (every
 * asset at 1 s, one row per log entry = one MQTT message: the 10,000 / 100,000 series at
 * 1 s cadence) into an empty store; its write rate and bytes per point are the figures the targets
 * and ratios use. Phase 2, the backfill: live data at 1 s for every asset cannot span 90 days here
 * (10k series × 90 days = 78 billion points), so the long queries read an `archive` that a few
 * assets carry at 60 s and a `day` of the query asset at 1 s, uploaded in entries of 60 rows after
 * the live part, as a gateway backfills older data. Its figures are notes, not the headline.
 */
import type { Part } from './data.js';
import { FIELD_COUNT, FIELDS, assetId, partEntries, partPoints } from './data.js';
import type { Variant } from './options.js';

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const DAY_MS = 86_400 * SECOND_MS;
/**
 * Start of the live data, 2024-01-09T00:00:00Z: a multiple of the 90-day chart's 135-minute
 * bucket, so that every engine's buckets start at the same instants however it aligns them.
 */
export const LIVE_START_MS = Date.UTC(2024, 0, 9);
/** The asset every query reads (as in perf-baseline.md 1: a0005). */
export const QUERY_ASSET = 5;

/** Parts written one after the other and timed as one, each engine's clock started afresh. */
export interface Phase {
  readonly name: 'headline' | 'backfill';
  /** What the output calls it. */
  readonly label: string;
  readonly parts: readonly Part[];
  readonly points: number;
  readonly rows: number;
  /** Log entries (Doppel's records). */
  readonly entries: number;
}

export interface Dataset {
  readonly variant: Variant;
  /** Every part in write order: the headline's, then the backfill's. */
  readonly parts: readonly Part[];
  /** Phase 1: the live part into an empty store. */
  readonly headline: Phase;
  /** Phase 2: archive and day, after the live part. */
  readonly backfill: Phase;
  readonly points: number;
  readonly rows: number;
  readonly description: string;
}

export function datasetFor(variant: Variant, liveSpanS: number, historyAssets: number): Dataset {
  const assets = variant / FIELD_COUNT;
  // The queried asset is always one of the archive's assets.
  const archiveAssets = [QUERY_ASSET, ...range(100).filter((asset) => asset !== QUERY_ASSET)]
    .slice(0, historyAssets)
    .sort((a, b) => a - b);
  const live: Part = {
    name: 'live',
    assets: range(assets),
    fromMs: LIVE_START_MS,
    stepMs: SECOND_MS,
    rows: liveSpanS,
    rowsPerEntry: 1,
    seed: 3,
  };
  const archive: Part = {
    name: 'archive',
    assets: archiveAssets,
    fromMs: LIVE_START_MS - 90 * DAY_MS,
    stepMs: MINUTE_MS,
    rows: (89 * DAY_MS) / MINUTE_MS,
    rowsPerEntry: 60,
    seed: 1,
  };
  const day: Part = {
    name: 'day',
    assets: [QUERY_ASSET],
    fromMs: LIVE_START_MS - DAY_MS,
    stepMs: SECOND_MS,
    rows: DAY_MS / SECOND_MS,
    rowsPerEntry: 60,
    seed: 2,
  };
  const series = variant.toLocaleString('en');
  const headline = phase('headline', `headline: live part, ${series} series at 1 s, into an empty store`, [live]);
  const backfill = phase(
    'backfill',
    'backfill: archive + day, written after the live part (a note, not the headline)',
    [archive, day],
  );
  const points = headline.points + backfill.points;
  const description = [
    `phase 1, ${headline.label}: ${millions(headline.points)}`,
    `  live: ${assets.toLocaleString('en')} assets × 10 fields = ${series} series, ${liveSpanS} s at 1 s (${iso(live)}), 1 row per entry (an MQTT message), time-major`,
    `phase 2, ${backfill.label}: ${millions(backfill.points)}`,
    `  archive: ${archiveAssets.length} assets × 10 fields, 89 days at 60 s (${iso(archive)}), entries of 60 rows: ${millions(partPoints(archive))}`,
    `  day: ${assetId(QUERY_ASSET)} × 10 fields, 1 day at 1 s (${iso(day)}), entries of 60 rows: ${millions(partPoints(day))}`,
  ].join('\n  ');
  return {
    variant,
    parts: [...headline.parts, ...backfill.parts],
    headline,
    backfill,
    points,
    rows: points / FIELD_COUNT,
    description,
  };
}

function phase(name: Phase['name'], label: string, parts: readonly Part[]): Phase {
  const points = parts.reduce((sum, part) => sum + partPoints(part), 0);
  const entries = parts.reduce((sum, part) => sum + partEntries(part), 0);
  return { name, label, parts, points, rows: points / FIELD_COUNT, entries };
}

export type QueryName = 'day-1m' | '30d-15m' | 'last-hour-10f' | '90d-chart';

export interface QuerySpec {
  readonly name: QueryName;
  readonly label: string;
  readonly fields: readonly string[];
  readonly fromMs: number;
  readonly toMs: number;
  /** Bucket width, or undefined for raw samples. */
  readonly stepMs: number | undefined;
  readonly pointsMax: number;
  /** The answers must agree with InfluxDB's (the oracle) or the bench fails. */
  readonly checked: boolean;
}

/** The four queries of the issue, all on the query asset. */
export function queriesFor(dataset: Dataset): readonly QuerySpec[] {
  const live = dataset.parts.find((part) => part.name === 'live') as Part;
  const liveEndMs = live.fromMs + live.rows * live.stepMs;
  const chartRangeMs = 90 * DAY_MS;
  const chartStepMs = chartStep(chartRangeMs, 1_000);
  return [
    {
      name: 'day-1m',
      label: '1 day, 1 series, 1-min buckets (avg)',
      fields: ['temperature'],
      fromMs: LIVE_START_MS - DAY_MS,
      toMs: LIVE_START_MS,
      stepMs: MINUTE_MS,
      pointsMax: 1_440,
      checked: true,
    },
    {
      name: '30d-15m',
      label: '30 days, 1 series, 15-min buckets (avg)',
      fields: ['temperature'],
      fromMs: LIVE_START_MS - 30 * DAY_MS,
      toMs: LIVE_START_MS,
      stepMs: 15 * MINUTE_MS,
      pointsMax: 2_880,
      checked: true,
    },
    {
      name: 'last-hour-10f',
      label: 'last hour, 10 fields of 1 asset, raw',
      fields: FIELDS.map((field) => field.name),
      fromMs: liveEndMs - 3_600 * SECOND_MS,
      toMs: liveEndMs,
      stepMs: undefined,
      pointsMax: 3_600,
      checked: true,
    },
    {
      name: '90d-chart',
      label: `90-day chart, 1 series, maxPoints 1000 (${chartStepMs / MINUTE_MS}-min avg)`,
      fields: ['temperature'],
      fromMs: LIVE_START_MS - chartRangeMs,
      toMs: LIVE_START_MS,
      stepMs: chartStepMs,
      pointsMax: 1_000,
      // Compared and printed, but not a failure: a store may answer it from 15-minute rollups.
      checked: false,
    },
  ];
}

/** The finest multiple of 15 minutes (the coarsest rollup tier) that gives at most `pointsMax` buckets. */
function chartStep(rangeMs: number, pointsMax: number): number {
  const tierMs = 15 * MINUTE_MS;
  return Math.ceil(rangeMs / pointsMax / tierMs) * tierMs;
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

function iso(part: Part): string {
  const end = part.fromMs + part.rows * part.stepMs;
  return `${new Date(part.fromMs).toISOString()} → ${new Date(end).toISOString()}`;
}

function millions(points: number): string {
  return `${(points / 1e6).toFixed(2)} M points`;
}
