/** Options and result of RulEstimator: plain data, so that an estimate can go over the wire as JSON. */
export interface RulEstimatorOptions {
  /** Health at which the machine counts as failed; 0.2 = HealthIndex's healthAtFailure. */
  readonly failureHealth: number;
  /** Only the latest points are kept (fixed memory): the window that the model is fitted to. */
  readonly windowPointsMax: number;
  readonly pointsMin: number;
  /** Points after the fitted onset needed to call it a trend (one dip is not a decline). */
  readonly trendPointsMin: number;
  /** slope / standard error needed to call it a trend. */
  readonly trendTMin: number;
  /** Parametric bootstrap replicates behind p10/p50/p90. */
  readonly bootstrapRuns: number;
  /** Seed of the bootstrap: the same points always give the same band. */
  readonly seed: number;
  /** Times beyond this many window spans ahead are not extrapolated: p90 is capped there. */
  readonly horizonSpans: number;
}

export const RUL_ESTIMATOR_DEFAULTS: RulEstimatorOptions = {
  failureHealth: 0.2,
  windowPointsMax: 200,
  pointsMin: 10,
  trendPointsMin: 5,
  trendTMin: 4,
  bootstrapRuns: 200,
  seed: 1,
  horizonSpans: 10,
};

/** Expected situations without an estimate, named rather than thrown. */
export type RulUnfittedReason = 'too-few-points' | 'flat-or-improving' | 'beyond-horizon';

export interface RulQuantiles {
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
}

export interface RulEstimate {
  readonly fitted: boolean;
  readonly reason?: RulUnfittedReason;
  /** Remaining useful life from the latest point, in milliseconds; 0 once the threshold is crossed. */
  readonly rulMs: RulQuantiles | null;
  /**
   * Epoch milliseconds at which the fitted trend reaches failureHealth. The band is the trend's
   * uncertainty; single noisy readings may dip below the threshold a little earlier.
   */
  readonly failureAtMs: RulQuantiles | null;
  /** Epoch milliseconds at which the fitted decline started. */
  readonly onsetMs: number | null;
  readonly pointCount: number;
}

/** Throws an Error naming the first option out of range. */
export function validateRulOptions(options: RulEstimatorOptions): void {
  const { failureHealth, windowPointsMax, pointsMin, trendPointsMin, bootstrapRuns, horizonSpans } = options;
  if (!(failureHealth > 0 && failureHealth < 1)) throw new Error('RUL estimator: failureHealth must be in (0, 1)');
  if (!(Number.isInteger(trendPointsMin) && trendPointsMin >= 2))
    throw new Error('RUL estimator: trendPointsMin must be an integer >= 2');
  if (!(Number.isInteger(pointsMin) && pointsMin >= Math.max(3, trendPointsMin))) {
    throw new Error('RUL estimator: pointsMin must be an integer >= max(3, trendPointsMin)');
  }
  if (!(Number.isInteger(windowPointsMax) && windowPointsMax >= pointsMin && windowPointsMax <= 100_000)) {
    throw new Error('RUL estimator: windowPointsMax must be an integer in [pointsMin, 100000]');
  }
  if (!(Number.isInteger(bootstrapRuns) && bootstrapRuns >= 10 && bootstrapRuns <= 10_000)) {
    throw new Error('RUL estimator: bootstrapRuns must be an integer in [10, 10000]');
  }
  if (!(horizonSpans > 0)) throw new Error('RUL estimator: horizonSpans must be > 0');
}
