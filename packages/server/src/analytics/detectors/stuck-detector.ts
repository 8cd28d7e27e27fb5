/**
 * A stuck value: the same reading (within a tolerance) for at least `minRepeats` samples and
 * `minDurationMs`, on a series that used to vary. A setpoint that never changed is not stuck, and
 * neither is a coarse sensor repeating a value about as long as it usually does: a run must also be
 * `typicalRunFactor` times longer than the series' typical run.
 */

export interface StuckDetectorOptions {
  /** Values within this absolute distance of the run's first value repeat it (0 = exact equality). */
  readonly absoluteTolerance: number;
  /** …or within this fraction of |first value|. */
  readonly relativeTolerance: number;
  readonly minRepeats: number;
  readonly minDurationMs: number;
  /** Value changes seen before a run may call it stuck (the series "previously varied"). */
  readonly minChangesBefore: number;
  /** A run must also be this many times the EW average length of the runs that ended normally. */
  readonly typicalRunFactor: number;
  /** Weight of each ended run in that average. */
  readonly typicalRunAlpha: number;
}

export const DEFAULT_STUCK_DETECTOR_OPTIONS: StuckDetectorOptions = {
  absoluteTolerance: 0,
  relativeTolerance: 0,
  minRepeats: 10,
  minDurationMs: 15 * 60_000,
  minChangesBefore: 10,
  typicalRunFactor: 10,
  typicalRunAlpha: 0.05,
};

export interface StuckTransition {
  readonly transition: 'start' | 'clear';
  /** First sample of the run. */
  readonly runStartMs: number;
  /** Samples in the run so far (start) or in total (clear). */
  readonly count: number;
  /** The sample that started (the run's last repeat so far) or cleared (the first varying one) the state. */
  readonly timestampMs: number;
  readonly value: number;
}

export class StuckDetector {
  private readonly options: StuckDetectorOptions;
  private runValue = Number.NaN;
  private runStartMs = 0;
  private runCount = 0;
  private changes = 0;
  private typicalRunLength = 1;
  private stuck = false;

  constructor(options: Partial<StuckDetectorOptions> = {}) {
    this.options = { ...DEFAULT_STUCK_DETECTOR_OPTIONS, ...options };
  }

  get isStuck(): boolean {
    return this.stuck;
  }

  /**
   * Whether the current run, on a series that varied, is already unusually long (twice the
   * typical run, at least 3 samples) though not yet stuck: its samples are suspect, not evidence.
   */
  get isRepeating(): boolean {
    const unusual = this.runCount >= 3 && this.runCount > 2 * this.typicalRunLength;
    return this.stuck || (unusual && this.changes >= this.options.minChangesBefore);
  }

  observe(timestampMs: number, value: number): StuckTransition | undefined {
    if (this.runCount > 0 && this.repeats(value)) {
      this.runCount += 1;
      if (this.stuck || !this.isLongEnough(timestampMs)) return undefined;
      this.stuck = true;
      return {
        transition: 'start',
        runStartMs: this.runStartMs,
        count: this.runCount,
        timestampMs,
        value: this.runValue,
      };
    }
    const ended = { runStartMs: this.runStartMs, count: this.runCount, value: this.runValue };
    const wasStuck = this.stuck;
    if (this.runCount > 0) this.endRun(wasStuck);
    this.runValue = value;
    this.runStartMs = timestampMs;
    this.runCount = 1;
    this.stuck = false;
    return wasStuck ? { transition: 'clear', ...ended, timestampMs } : undefined;
  }

  private repeats(value: number): boolean {
    const { absoluteTolerance, relativeTolerance } = this.options;
    const tolerance = Math.max(absoluteTolerance, relativeTolerance * Math.abs(this.runValue));
    return Math.abs(value - this.runValue) <= tolerance;
  }

  private isLongEnough(timestampMs: number): boolean {
    const { minRepeats, minDurationMs, minChangesBefore, typicalRunFactor } = this.options;
    return (
      this.changes >= minChangesBefore &&
      this.runCount >= Math.max(minRepeats, typicalRunFactor * this.typicalRunLength) &&
      timestampMs - this.runStartMs >= minDurationMs
    );
  }

  private endRun(wasStuck: boolean): void {
    // Stuck runs are anomalies: they must not teach the detector that long runs are typical.
    if (!wasStuck) {
      const weight = this.changes === 0 ? 1 : this.options.typicalRunAlpha;
      this.typicalRunLength += weight * (this.runCount - this.typicalRunLength);
    }
    // Capped: only "at least minChangesBefore" matters, and the counter must not grow without bound.
    this.changes = Math.min(this.changes + 1, this.options.minChangesBefore);
  }
}
