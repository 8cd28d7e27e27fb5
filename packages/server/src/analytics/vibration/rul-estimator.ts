import type { HingeFit } from './degradation-fit.js';
import { fitHinge } from './degradation-fit.js';
import type { RulEstimate, RulEstimatorOptions, RulUnfittedReason } from './rul-options.js';
import { RUL_ESTIMATOR_DEFAULTS, validateRulOptions } from './rul-options.js';
import { mulberry32 } from './seeded-random.js';

/** Lowest health kept, so that −ln(health) stays finite. */
const HEALTH_FLOOR = 1e-9;

/**
 * Remaining useful life from a health trend (see degradation-fit.ts for the model). The band
 * comes from a parametric bootstrap: synthetic windows = fitted curve + Gaussian residuals of the
 * measured spread, each refitted; p10/p50/p90 are quantiles of their failure times.
 */
export class RulEstimator {
  readonly #options: RulEstimatorOptions;
  readonly #timesMs: Float64Array;
  readonly #healths: Float64Array;
  #start = 0;
  #count = 0;

  constructor(options: Partial<RulEstimatorOptions> = {}) {
    this.#options = { ...RUL_ESTIMATOR_DEFAULTS, ...options };
    validateRulOptions(this.#options);
    const { windowPointsMax } = this.#options;
    this.#timesMs = new Float64Array(windowPointsMax);
    this.#healths = new Float64Array(windowPointsMax);
  }

  get pointCount(): number {
    return this.#count;
  }

  /** Adds a point; returns false (and ignores it) unless it is newer than the latest point. */
  add(timestampMs: number, health: number): boolean {
    if (!Number.isFinite(timestampMs) || !Number.isFinite(health)) {
      throw new Error('RUL estimator: timestampMs and health must be finite');
    }
    const capacity = this.#timesMs.length;
    const latestMs = this.#timesMs[(this.#start + this.#count - 1) % capacity] ?? 0;
    if (this.#count > 0 && timestampMs <= latestMs) return false;
    const slot = (this.#start + this.#count) % capacity;
    this.#timesMs[slot] = timestampMs;
    this.#healths[slot] = Math.min(1, Math.max(HEALTH_FLOOR, health)); // above 1 is noise around "healthy"
    if (this.#count < capacity) this.#count += 1;
    else this.#start = (this.#start + 1) % capacity;
    return true;
  }

  estimate(): RulEstimate {
    const { pointsMin, trendPointsMin, trendTMin, failureHealth, bootstrapRuns, seed, horizonSpans } = this.#options;
    const count = this.#count;
    const unfitted = (reason: RulUnfittedReason): RulEstimate => ({
      fitted: false,
      reason,
      rulMs: null,
      failureAtMs: null,
      onsetMs: null,
      pointCount: count,
    });
    if (count < pointsMin) return unfitted('too-few-points');
    // Time relative to the latest point, in window spans: keeps the sums well conditioned.
    const capacity = this.#timesMs.length;
    const lastMs = this.#timesMs[(this.#start + count - 1) % capacity] ?? 0;
    const spanMs = lastMs - (this.#timesMs[this.#start] ?? 0);
    const x = new Float64Array(count);
    const y = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const slot = (this.#start + i) % capacity;
      x[i] = ((this.#timesMs[slot] ?? 0) - lastMs) / spanMs;
      y[i] = -Math.log(this.#healths[slot] ?? 1);
    }
    const fit = fitHinge(x, y, count, trendPointsMin);
    if (fit === null || !(fit.slopeT >= trendTMin)) return unfitted('flat-or-improving');
    const failureY = -Math.log(failureHealth);
    const failures = new Float64Array(bootstrapRuns);
    const random = mulberry32(seed);
    const resampled = new Float64Array(count);
    for (let run = 0; run < bootstrapRuns; run++) {
      for (let i = 0; i < count; i++) {
        const fitted = fit.level + fit.slope * Math.max(0, (x[i] ?? 0) - fit.onset);
        resampled[i] = Math.max(0, fitted + fit.residualSd * random.normal()); // health <= 1, as observed
      }
      const refit = fitHinge(x, resampled, count, trendPointsMin);
      failures[run] = refit === null || refit.slope <= 0 ? Number.POSITIVE_INFINITY : crossing(refit, failureY);
    }
    failures.sort();
    const [p10, p50, p90] = [0.1, 0.5, 0.9].map((p) => quantile(failures, p)) as [number, number, number];
    if (p50 > horizonSpans) return unfitted('beyond-horizon');
    const toMs = (spans: number): number => lastMs + Math.min(spans, horizonSpans) * spanMs;
    const failureAtMs = { p10: toMs(p10), p50: toMs(p50), p90: toMs(p90) };
    const rul = (atMs: number): number => Math.max(0, atMs - lastMs);
    return {
      fitted: true,
      rulMs: { p10: rul(failureAtMs.p10), p50: rul(failureAtMs.p50), p90: rul(failureAtMs.p90) },
      failureAtMs,
      onsetMs: lastMs + declineStart(fit, x[0] ?? 0) * spanMs,
      pointCount: count,
    };
  }
}

/** x at which the fitted y reaches failureY (before the onset if the level is already past it). */
function crossing(fit: HingeFit, failureY: number): number {
  return fit.onset + (failureY - fit.level) / fit.slope;
}

/** The hinge; for a line over the whole window, the earlier x at which that line left health 1. */
function declineStart(fit: HingeFit, firstX: number): number {
  return fit.onset <= firstX && fit.level > 0 ? fit.onset - fit.level / fit.slope : fit.onset;
}

/** Linear interpolation between order statistics (type 7); infinite neighbours give Infinity. */
function quantile(sorted: Float64Array, probability: number): number {
  const position = (sorted.length - 1) * probability;
  const [below, above] = [sorted[Math.floor(position)] ?? 0, sorted[Math.ceil(position)] ?? 0];
  if (!Number.isFinite(above)) return above;
  return below + (above - below) * (position - Math.floor(position));
}
