/**
 * How a shadow model's outputs compare with the active model's on the same rows, before promoting
 * it: streaming, constant memory. Means, variances and the covariance are updated Welford-style
 * (no sums of squares that cancel catastrophically when values are large and close).
 */
export interface ShadowComparisonView {
  count: number;
  /** Pairs skipped because a value was not finite. */
  skipped: number;
  activeMean: number | null;
  shadowMean: number | null;
  meanAbsDiff: number | null;
  rmsDiff: number | null;
  maxAbsDiff: number | null;
  /** Pearson correlation; null below two pairs or when either side is constant. */
  correlation: number | null;
  /** With a threshold: the share of pairs on the same side (both above it, or both at or below). */
  agreement: { threshold: number; rate: number | null } | null;
}

export class ShadowComparison {
  private count = 0;
  private skipped = 0;
  private meanActive = 0;
  private meanShadow = 0;
  /** Sums of squared deviations from the running means, and their co-moment. */
  private m2Active = 0;
  private m2Shadow = 0;
  private coMoment = 0;
  private meanAbs = 0;
  private meanSquare = 0;
  private maxAbs = 0;
  private agreeing = 0;

  constructor(private readonly threshold?: number) {}

  add(active: number, shadow: number): void {
    if (!Number.isFinite(active) || !Number.isFinite(shadow)) {
      this.skipped++;
      return;
    }
    const n = ++this.count;
    const dActive = active - this.meanActive;
    this.meanActive += dActive / n;
    const dShadow = shadow - this.meanShadow;
    this.meanShadow += dShadow / n;
    this.m2Active += dActive * (active - this.meanActive);
    this.m2Shadow += dShadow * (shadow - this.meanShadow);
    this.coMoment += dActive * (shadow - this.meanShadow);
    const abs = Math.abs(active - shadow);
    this.meanAbs += (abs - this.meanAbs) / n;
    this.meanSquare += (abs * abs - this.meanSquare) / n;
    if (abs > this.maxAbs) this.maxAbs = abs;
    if (this.threshold !== undefined && active > this.threshold === shadow > this.threshold) this.agreeing++;
  }

  reset(): void {
    this.count = this.skipped = this.agreeing = 0;
    this.meanActive = this.meanShadow = this.m2Active = this.m2Shadow = this.coMoment = 0;
    this.meanAbs = this.meanSquare = this.maxAbs = 0;
  }

  view(): ShadowComparisonView {
    const some = this.count > 0;
    const spread = this.m2Active * this.m2Shadow;
    return {
      count: this.count,
      skipped: this.skipped,
      activeMean: some ? this.meanActive : null,
      shadowMean: some ? this.meanShadow : null,
      meanAbsDiff: some ? this.meanAbs : null,
      rmsDiff: some ? Math.sqrt(this.meanSquare) : null,
      maxAbsDiff: some ? this.maxAbs : null,
      // Clamped: rounding can push a perfect correlation a hair past ±1.
      correlation: this.count >= 2 && spread > 0 ? Math.max(-1, Math.min(1, this.coMoment / Math.sqrt(spread))) : null,
      agreement:
        this.threshold === undefined
          ? null
          : { threshold: this.threshold, rate: some ? this.agreeing / this.count : null },
    };
  }
}
