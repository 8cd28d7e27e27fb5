/**
 * An exponentially weighted baseline with a robust spread, O(1) per sample: an EW mean and an EW
 * mean absolute deviation, both fed a winsorised sample (clipped to `clipSigmas` spreads around the
 * expectation) so that one outlier moves neither much.
 */

/**
 * σ per unit of mean absolute deviation for normal noise: E|X − μ| = σ·√(2/π), so σ ≈ 1.2533·MAD.
 * (1.4826 is the factor for the median absolute deviation, which a stream cannot keep in O(1).)
 */
export const SIGMA_PER_MEAN_ABS_DEVIATION = Math.sqrt(Math.PI / 2);

export interface RobustBaselineOptions {
  /** Weight of a new sample once warm, per sample (not per unit of time): 0.02 ≈ a memory of 50 samples. */
  readonly alpha: number;
  /** Samples before `zScore` answers. Until then the weight is 1/n, i.e. plain averages. */
  readonly warmupSamples: number;
  /** Winsorising: a sample enters the baseline at most this many σ from the expectation. */
  readonly clipSigmas: number;
  /** The spread never drops below this fraction of |mean| (a constant series keeps a finite z)… */
  readonly relativeSpreadFloor: number;
  /** …plus this absolute epsilon (a constant series around zero). */
  readonly absoluteSpreadFloor: number;
}

export const DEFAULT_ROBUST_BASELINE_OPTIONS: RobustBaselineOptions = {
  alpha: 0.02,
  warmupSamples: 30,
  clipSigmas: 3,
  relativeSpreadFloor: 1e-3,
  absoluteSpreadFloor: 1e-9,
};

/** What a robust baseline knows: plain numbers, so that many can also live in typed arrays. */
export interface RobustEstimate {
  mean: number;
  meanAbsDeviation: number;
  count: number;
}

/**
 * Learns one sample into `estimate` (mutated): the deviation from `expected` is clipped to
 * `clipSigmas`·`clipSigma` first. No clipping without a `clipSigma`: during warm-up a zero spread
 * would freeze the mean. Until 1/alpha samples the weight is 1/n, i.e. plain averages.
 */
export function learnRobust(
  estimate: RobustEstimate,
  value: number,
  expected: number,
  clipSigma: number | undefined,
  options: RobustBaselineOptions,
): void {
  estimate.count += 1;
  if (estimate.count === 1) {
    estimate.mean = value;
    return;
  }
  const limit = clipSigma === undefined ? Infinity : options.clipSigmas * clipSigma;
  const deviation = Math.max(-limit, Math.min(limit, value - expected));
  estimate.mean += Math.max(options.alpha, 1 / estimate.count) * (expected + deviation - estimate.mean);
  const deviationWeight = Math.max(options.alpha, 1 / (estimate.count - 1));
  estimate.meanAbsDeviation += deviationWeight * (Math.abs(deviation) - estimate.meanAbsDeviation);
}

/** The robust σ of an estimate, never below the floor relative to |mean| plus the absolute epsilon. */
export function robustSigma(mean: number, meanAbsDeviation: number, options: RobustBaselineOptions): number {
  const floor = options.relativeSpreadFloor * Math.abs(mean) + options.absoluteSpreadFloor;
  return SIGMA_PER_MEAN_ABS_DEVIATION * Math.max(meanAbsDeviation, floor);
}

export class RobustBaseline {
  private readonly options: RobustBaselineOptions;
  private readonly estimate: RobustEstimate = { mean: 0, meanAbsDeviation: 0, count: 0 };

  constructor(options: Partial<RobustBaselineOptions> = {}) {
    this.options = { ...DEFAULT_ROBUST_BASELINE_OPTIONS, ...options };
  }

  get count(): number {
    return this.estimate.count;
  }

  get mean(): number {
    return this.estimate.mean;
  }

  get isWarm(): boolean {
    return this.estimate.count >= this.options.warmupSamples;
  }

  /** The robust σ estimate, never below the floor. */
  get sigma(): number {
    return robustSigma(this.estimate.mean, this.estimate.meanAbsDeviation, this.options);
  }

  /** Learns one sample, winsorised around `expected` (default: the mean) by `sigma` (default: its own, once warm). */
  observe(value: number, expected: number = this.estimate.mean, sigma?: number): void {
    learnRobust(this.estimate, value, expected, sigma ?? (this.isWarm ? this.sigma : undefined), this.options);
  }

  /** Robust z = (value − mean) / σ; `undefined` during warm-up. */
  zScore(value: number): number | undefined {
    return this.isWarm ? (value - this.estimate.mean) / this.sigma : undefined;
  }

  /** Moves the mean by `delta` (a confirmed level shift), keeping the spread. */
  shift(delta: number): void {
    this.estimate.mean += delta;
  }
}
