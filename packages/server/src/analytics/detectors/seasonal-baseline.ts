import { BucketBaselines } from './bucket-baselines.js';
import { RobustBaseline } from './robust-baseline.js';
import { dayPosition } from './time-of-day.js';

/**
 * One robust baseline per time-of-day bucket plus a global one. A bucket speaks in proportion to
 * how many samples it has seen (the first day falls back on the global baseline), and the
 * expectation is interpolated between the two nearest bucket centres so that the slope of the
 * daily profile inside one bucket is not mistaken for noise.
 */

export interface SeasonalBaselineOptions {
  /** Buckets per day: 24 = hourly. */
  readonly bucketCount: number;
  /** Local time of day = UTC + this offset (minutes); the buckets follow local time. */
  readonly utcOffsetMinutes: number;
  /** Samples after which a bucket alone sets the expectation; before, it is blended with the global baseline. */
  readonly bucketWarmupSamples: number;
  /** Per-sample weight in a bucket: slow, since a bucket sees one burst of samples per day. */
  readonly bucketAlpha: number;
  /** Per-sample weight of the global baseline: fast, since it must follow the daily profile on day one. */
  readonly globalAlpha: number;
  /** Samples before any z-score is given. */
  readonly warmupSamples: number;
  readonly clipSigmas: number;
  readonly relativeSpreadFloor: number;
  readonly absoluteSpreadFloor: number;
  /** After a level shift, the next samples refine the new level (a running mean of their residuals). */
  readonly reanchorSamples: number;
}

export const DEFAULT_SEASONAL_BASELINE_OPTIONS: SeasonalBaselineOptions = {
  bucketCount: 24,
  utcOffsetMinutes: 0,
  bucketWarmupSamples: 60,
  bucketAlpha: 0.005,
  globalAlpha: 0.05,
  warmupSamples: 30,
  clipSigmas: 3,
  relativeSpreadFloor: 1e-3,
  absoluteSpreadFloor: 1e-9,
  reanchorSamples: 60,
};

export interface Expectation {
  readonly expected: number;
  readonly sigma: number;
  /** 0…1: how much the two buckets behind the expectation have learned (1 = the global baseline no longer speaks). */
  readonly maturity: number;
}

/**
 * V8 size of the objects around the bucket arrays: this, the global baseline, options, and the
 * typed arrays' headers and buffers (measured on Node 20 with 24 buckets, rounded up).
 */
const OBJECT_BYTES = 1_400;

export class SeasonalBaseline {
  private readonly options: SeasonalBaselineOptions;
  private readonly global: RobustBaseline;
  private readonly buckets: BucketBaselines;
  /** Samples behind the current level estimate while re-anchoring; 0 when not re-anchoring. */
  private anchorSamples = 0;

  constructor(options: Partial<SeasonalBaselineOptions> = {}) {
    this.options = { ...DEFAULT_SEASONAL_BASELINE_OPTIONS, ...options };
    const { bucketCount, clipSigmas, relativeSpreadFloor, absoluteSpreadFloor, warmupSamples } = this.options;
    if (!Number.isInteger(bucketCount) || bucketCount < 1) {
      throw new RangeError('bucketCount must be a positive integer');
    }
    const shared = { clipSigmas, relativeSpreadFloor, absoluteSpreadFloor, warmupSamples };
    this.global = new RobustBaseline({ ...shared, alpha: this.options.globalAlpha });
    this.buckets = new BucketBaselines(bucketCount, { ...shared, alpha: this.options.bucketAlpha });
  }

  get isWarm(): boolean {
    return this.global.isWarm;
  }

  private positionOf(timestampMs: number): number {
    return dayPosition(timestampMs, this.options.bucketCount, this.options.utcOffsetMinutes);
  }

  private wrap(index: number): number {
    const { bucketCount } = this.options;
    return ((index % bucketCount) + bucketCount) % bucketCount;
  }

  /** A bucket's expected value and σ, blended with the global baseline while the bucket is young. */
  private bucketView(index: number): { mean: number; sigma: number; weight: number } {
    const weight = Math.min(1, this.buckets.count(index) / this.options.bucketWarmupSamples);
    const blend = (own: number, global: number): number => weight * own + (1 - weight) * global;
    return {
      mean: blend(this.buckets.mean(index), this.global.mean),
      sigma: blend(this.buckets.sigma(index), this.global.sigma),
      weight,
    };
  }

  /** The expected value and σ at `timestampMs`, interpolated between the two nearest bucket centres. */
  expectationAt(timestampMs: number): Expectation {
    const fromCentre = this.positionOf(timestampMs) - 0.5;
    const lowerIndex = Math.floor(fromCentre);
    const fraction = fromCentre - lowerIndex;
    const lower = this.bucketView(this.wrap(lowerIndex));
    const upper = this.bucketView(this.wrap(lowerIndex + 1));
    return {
      expected: (1 - fraction) * lower.mean + fraction * upper.mean,
      sigma: (1 - fraction) * lower.sigma + fraction * upper.sigma,
      maturity: Math.min(lower.weight, upper.weight),
    };
  }

  /** Robust z of `value` at `timestampMs`; `undefined` until the global baseline is warm. */
  zScore(timestampMs: number, value: number): number | undefined {
    if (!this.isWarm) return undefined;
    const { expected, sigma } = this.expectationAt(timestampMs);
    return (value - expected) / sigma;
  }

  /** Learns one sample: the global baseline and the bucket the sample falls in. */
  observe(timestampMs: number, value: number): void {
    if (this.anchorSamples > 0) this.refineAnchor(timestampMs, value);
    const { expected, sigma } = this.expectationAt(timestampMs);
    const index = this.wrap(Math.floor(this.positionOf(timestampMs)));
    this.buckets.learn(index, value, expected, this.isWarm ? sigma : undefined);
    this.global.observe(value);
  }

  /**
   * Re-anchors every bucket and the global baseline after a confirmed level shift of `delta`,
   * estimated from `fromSamples` samples; the next `reanchorSamples` samples refine it.
   */
  reanchor(delta: number, fromSamples: number): void {
    this.shift(delta);
    this.anchorSamples = this.options.reanchorSamples > 0 ? Math.max(1, fromSamples) : 0;
  }

  /** One more sample into the running mean of the level (winsorised: a spike must not move it far). */
  private refineAnchor(timestampMs: number, value: number): void {
    const { expected, sigma } = this.expectationAt(timestampMs);
    const limit = this.options.clipSigmas * sigma;
    this.anchorSamples += 1;
    this.shift(Math.max(-limit, Math.min(limit, value - expected)) / this.anchorSamples);
    if (this.anchorSamples >= this.options.reanchorSamples) this.anchorSamples = 0;
  }

  private shift(delta: number): void {
    this.global.shift(delta);
    this.buckets.shiftAll(delta);
  }

  memoryBytesEstimate(): number {
    return OBJECT_BYTES + this.buckets.byteLength;
  }
}
