import { DoppelError } from '@doppel/core';
import { AGGREGATIONS } from '../../history/history-store.js';
import type { Aggregation, HistoryTier, SeriesQuery } from '../../history/history-store.js';
import type { CatalogColumn, CatalogModel } from './catalog.js';
import { isNumeric } from './column-types.js';
import { DAY_MS, FIFTEEN_MINUTES_MS, ONE_MINUTE_MS, quoteString } from './sql-names.js';

/**
 * Checks a series query and picks the tier. Buckets are calendar-aligned: epoch-aligned below a
 * day; a day or more (whole days only) aligns to midnight in `timeZone` (DuckDB ICU time_bucket,
 * whose origin 2000-01-03 also fixes where multi-day buckets start). A bucket that overlaps
 * [fromMs, toMs) is returned whole, so raw and rollup tiers give the same answer.
 */

const TIER_BUCKET_MS: Readonly<Record<Exclude<HistoryTier, 'raw'>, number>> = {
  '15m': FIFTEEN_MINUTES_MS,
  '1m': ONE_MINUTE_MS,
};

export interface BucketPlan {
  readonly stepMs: number;
  readonly agg: Aggregation;
  readonly tier: HistoryTier;
  /** Set for steps of a day or more: IANA zone the buckets align to. */
  readonly timeZone: string | null;
}

export function invalid(message: string): DoppelError {
  return new DoppelError('request.invalid', `history: ${message}`);
}

export function checkRange(query: SeriesQuery): void {
  if (!Number.isFinite(query.fromMs) || !Number.isFinite(query.toMs) || query.toMs < query.fromMs) {
    throw new DoppelError(
      'history.range-invalid',
      `history: range [${query.fromMs}, ${query.toMs}) is not a valid range`,
    );
  }
  if (!Number.isInteger(query.pointsMax) || query.pointsMax < 0) throw invalid('pointsMax must be a whole number ≥ 0');
}

/** The bucket plan of an aggregated query, or null for raw samples. */
export function planBuckets(query: SeriesQuery): BucketPlan | null {
  if (query.stepMs === undefined) {
    if (query.agg !== undefined) throw invalid('"agg" needs a "step"');
    if (query.tier !== undefined && query.tier !== 'auto' && query.tier !== 'raw') {
      throw invalid(`raw samples come from the raw tier, not ${query.tier}`);
    }
    return null;
  }
  const { stepMs } = query;
  if (!Number.isInteger(stepMs) || stepMs <= 0) throw invalid(`step must be a whole number of ms > 0, got ${stepMs}`);
  if (stepMs >= DAY_MS && stepMs % DAY_MS !== 0) throw invalid('a step of a day or more must be whole days');
  const agg = query.agg;
  if (agg === undefined || !(AGGREGATIONS as readonly string[]).includes(agg)) {
    throw new DoppelError('history.aggregation-unsupported', `history: unsupported aggregation ${String(agg)}`);
  }
  let timeZone: string | null = null;
  if (stepMs >= DAY_MS) {
    timeZone = query.timeZone ?? 'UTC';
    try {
      new Intl.DateTimeFormat('en', { timeZone });
    } catch {
      throw invalid(`unknown time zone ${timeZone}`);
    }
  }
  return { stepMs, agg, tier: pickTier(stepMs, query.tier ?? 'auto'), timeZone };
}

/**
 * SQL for the start (epoch ms) of the bucket holding `t` (an epoch-ms expression), aligned as the
 * comment at the top of this file says. Queries (series-read.ts) and the Parquet export
 * (parquet-export.ts) both use it, so they agree on buckets.
 */
export function bucketStartSql(plan: BucketPlan, t: string): string {
  if (plan.timeZone === null) return `(${t} // ${plan.stepMs}) * ${plan.stepMs}`;
  return `epoch_ms(time_bucket(to_days(${plan.stepMs / DAY_MS}), make_timestamptz(${t} * 1000), ${quoteString(plan.timeZone)}))`;
}

/** The coarsest tier whose bucket divides the step (auto), or the requested one if it does. */
function pickTier(stepMs: number, requested: HistoryTier | 'auto'): HistoryTier {
  if (requested === 'raw') return 'raw';
  if (requested !== 'auto') {
    if (stepMs % TIER_BUCKET_MS[requested] !== 0) {
      throw invalid(`tier ${requested} cannot answer a step of ${stepMs} ms (not a multiple of its bucket)`);
    }
    return requested;
  }
  if (stepMs % FIFTEEN_MINUTES_MS === 0) return '15m';
  if (stepMs % ONE_MINUTE_MS === 0) return '1m';
  return 'raw';
}

export function resolveColumn(
  models: ReadonlyMap<string, CatalogModel>,
  modelId: string,
  path: string,
): {
  model: CatalogModel;
  column: CatalogColumn;
} {
  const model = models.get(modelId);
  const column = model?.byPath.get(path);
  if (model === undefined || column === undefined) {
    throw new DoppelError('history.series-unknown', `history: no series ${path} in model ${modelId}`);
  }
  return { model, column };
}

export function checkAggregation(column: CatalogColumn, agg: Aggregation): void {
  const numericOnly = agg === 'avg' || agg === 'min' || agg === 'max' || agg === 'sum';
  if (numericOnly && !isNumeric(column.type)) {
    throw new DoppelError(
      'history.aggregation-unsupported',
      `history: ${agg} needs a numeric path; ${column.path} is ${column.type} (use count, first or last)`,
    );
  }
}
