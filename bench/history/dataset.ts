/**
 * What one variant writes and asks. Live data at 1 s for every asset cannot span 90 days here
 * (10k series × 90 days = 78 billion points), so the long queries read an archive that a few
 * assets carry, as a gateway's backfill would: three parts, written oldest first.
 */
import type { Part } from './data.js';
import { FIELD_COUNT, FIELDS, assetId, partPoints } from './data.js';
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

export interface Dataset {
  readonly variant: Variant;
  readonly parts: readonly Part[];
  readonly points: number;
  readonly rows: number;
  readonly description: string;
}

export function datasetFor(variant: Variant, liveSpanS: number, historyAssets: number): Dataset {
  const assets = variant / FIELD_COUNT;
  // The queried asset is always one of the archive's assets.
  const archiveAssets = [QUERY_ASSET, ...range(100).filter((asset) => asset !== QUERY_ASSET)].slice(0, historyAssets);
  const parts: Part[] = [
    {
      name: 'archive',
      assets: archiveAssets.sort((a, b) => a - b),
      fromMs: LIVE_START_MS - 90 * DAY_MS,
      stepMs: MINUTE_MS,
      rows: (89 * DAY_MS) / MINUTE_MS,
      rowsPerEntry: 60,
      seed: 1,
    },
    {
      name: 'day',
      assets: [QUERY_ASSET],
      fromMs: LIVE_START_MS - DAY_MS,
      stepMs: SECOND_MS,
      rows: DAY_MS / SECOND_MS,
      rowsPerEntry: 60,
      seed: 2,
    },
    {
      name: 'live',
      assets: range(assets),
      fromMs: LIVE_START_MS,
      stepMs: SECOND_MS,
      rows: liveSpanS,
      rowsPerEntry: 1,
      seed: 3,
    },
  ];
  const points = parts.reduce((sum, part) => sum + partPoints(part), 0);
  const description = [
    `archive: ${archiveAssets.length} assets × 10 fields, 89 days at 60 s (${iso(parts[0])}), entries of 60 rows: ${millions(partPoints(parts[0] as Part))}`,
    `day: ${assetId(QUERY_ASSET)} × 10 fields, 1 day at 1 s (${iso(parts[1])}), entries of 60 rows: ${millions(partPoints(parts[1] as Part))}`,
    `live: ${assets.toLocaleString('en')} assets × 10 fields = ${variant.toLocaleString('en')} series, ${liveSpanS} s at 1 s (${iso(parts[2])}), 1 row per entry (an MQTT message), time-major: ${millions(partPoints(parts[2] as Part))}`,
  ].join('\n  ');
  return { variant, parts, points, rows: points / FIELD_COUNT, description };
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

function iso(part: Part | undefined): string {
  if (part === undefined) return '';
  const end = part.fromMs + part.rows * part.stepMs;
  return `${new Date(part.fromMs).toISOString()} → ${new Date(end).toISOString()}`;
}

function millions(points: number): string {
  return `${(points / 1e6).toFixed(2)} M points`;
}
