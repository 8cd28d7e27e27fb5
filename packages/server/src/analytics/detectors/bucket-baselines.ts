import { learnRobust, robustSigma } from './robust-baseline.js';
import type { RobustBaselineOptions, RobustEstimate } from './robust-baseline.js';

/**
 * A fixed number of robust baselines (one per time-of-day bucket) in three typed arrays: the same
 * arithmetic as `RobustBaseline`, at 24 bytes per bucket instead of a few objects each.
 */
export class BucketBaselines {
  private readonly means: Float64Array;
  private readonly meanAbsDeviations: Float64Array;
  private readonly counts: Float64Array;
  /** Reused for every update: no allocation per sample. */
  private readonly scratch: RobustEstimate = { mean: 0, meanAbsDeviation: 0, count: 0 };

  constructor(
    readonly size: number,
    private readonly options: RobustBaselineOptions,
  ) {
    this.means = new Float64Array(size);
    this.meanAbsDeviations = new Float64Array(size);
    this.counts = new Float64Array(size);
  }

  mean(index: number): number {
    return this.means[index] ?? Number.NaN;
  }

  count(index: number): number {
    return this.counts[index] ?? 0;
  }

  sigma(index: number): number {
    return robustSigma(this.mean(index), this.meanAbsDeviations[index] ?? 0, this.options);
  }

  learn(index: number, value: number, expected: number, clipSigma: number | undefined): void {
    const scratch = this.scratch;
    scratch.mean = this.mean(index);
    scratch.meanAbsDeviation = this.meanAbsDeviations[index] ?? 0;
    scratch.count = this.count(index);
    learnRobust(scratch, value, expected, clipSigma, this.options);
    this.means[index] = scratch.mean;
    this.meanAbsDeviations[index] = scratch.meanAbsDeviation;
    this.counts[index] = scratch.count;
  }

  /** Moves every mean by `delta` (a confirmed level shift), keeping the spreads. */
  shiftAll(delta: number): void {
    for (let index = 0; index < this.size; index += 1) this.means[index] = this.mean(index) + delta;
  }

  get byteLength(): number {
    return this.means.byteLength + this.meanAbsDeviations.byteLength + this.counts.byteLength;
  }
}
