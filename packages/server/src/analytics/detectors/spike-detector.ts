/**
 * Tells a spike (one sample far from the baseline that the next samples do not confirm) from a
 * level shift (the next samples stay at the new level). Streaming: a candidate is decided when
 * `confirmSamples` more samples have arrived; nothing is buffered but a few numbers.
 */

export interface SpikeDetectorOptions {
  /** A candidate needs at least this robust |z|. */
  readonly thresholdZ: number;
  /**
   * …and must jump at least this far in z from the recent samples (an EW mean with a memory of a
   * few samples): spikes and level shifts are abrupt, while a drift crossing the threshold, or
   * noise on top of one, is the drift detector's business.
   */
  readonly minJumpZ: number;
  /** Samples after the candidate that decide it (1–3 is sensible). */
  readonly confirmSamples: number;
}

export const DEFAULT_SPIKE_DETECTOR_OPTIONS: SpikeDetectorOptions = { thresholdZ: 6, minJumpZ: 4, confirmSamples: 2 };

export interface ScoredSample {
  readonly timestampMs: number;
  /** Robust z against the seasonal baseline. */
  readonly z: number;
  /** value − expected, in the series' unit. */
  readonly residual: number;
}

export interface SpikeDecision {
  /** 'outlier': the followers neither all returned nor all stayed (e.g. a two-sample burst). */
  readonly kind: 'spike' | 'level-shift' | 'outlier';
  /** The candidate's timestamp. */
  readonly timestampMs: number;
  readonly detectedAtMs: number;
  /** The candidate's |z|. */
  readonly score: number;
  /** Mean residual of the candidate and its followers: how far to re-anchor the baseline after a level shift. */
  readonly shift: number;
  /** Samples behind `shift`: the candidate and its followers. */
  readonly samples: number;
}

/** Weight of a sample in the recent mean of z that a jump is measured from. */
const RECENT_Z_ALPHA = 0.3;

interface Candidate {
  readonly timestampMs: number;
  readonly z: number;
  followers: number;
  stayed: number;
  residualSum: number;
}

export class SpikeDetector {
  private readonly options: SpikeDetectorOptions;
  private candidate: Candidate | undefined;
  private recentZ = 0;

  constructor(options: Partial<SpikeDetectorOptions> = {}) {
    this.options = { ...DEFAULT_SPIKE_DETECTOR_OPTIONS, ...options };
    if (!Number.isInteger(this.options.confirmSamples) || this.options.confirmSamples < 1) {
      throw new RangeError('confirmSamples must be a positive integer');
    }
  }

  /** Whether a candidate awaits its followers (its samples should not be learned). */
  get isPending(): boolean {
    return this.candidate !== undefined;
  }

  observe(sample: ScoredSample): SpikeDecision | undefined {
    const candidate = this.candidate;
    if (candidate === undefined) {
      const jump = Math.abs(sample.z - this.recentZ);
      if (Math.abs(sample.z) >= this.options.thresholdZ && jump >= this.options.minJumpZ) {
        this.candidate = {
          timestampMs: sample.timestampMs,
          z: sample.z,
          followers: 0,
          stayed: 0,
          residualSum: sample.residual,
        };
      } else {
        this.recentZ += RECENT_Z_ALPHA * (sample.z - this.recentZ);
      }
      return undefined;
    }
    this.recentZ += RECENT_Z_ALPHA * (sample.z - this.recentZ);
    candidate.followers += 1;
    candidate.residualSum += sample.residual;
    // A follower stayed if it is nearer the candidate than the baseline (the midpoint rule).
    if (Math.abs(sample.z - candidate.z) < Math.abs(sample.z)) candidate.stayed += 1;
    if (candidate.followers < this.options.confirmSamples) return undefined;
    this.candidate = undefined;
    const kind =
      candidate.stayed === 0 ? 'spike' : candidate.stayed === candidate.followers ? 'level-shift' : 'outlier';
    // The caller re-anchors the baseline at the new level, so z starts again from zero.
    if (kind === 'level-shift') this.recentZ = 0;
    return {
      kind,
      timestampMs: candidate.timestampMs,
      detectedAtMs: sample.timestampMs,
      score: Math.abs(candidate.z),
      shift: candidate.residualSum / (candidate.followers + 1),
      samples: candidate.followers + 1,
    };
  }

  /** Forgets a pending candidate and the recent z (e.g. while the series is stuck). */
  reset(): void {
    this.candidate = undefined;
    this.recentZ = 0;
  }
}
