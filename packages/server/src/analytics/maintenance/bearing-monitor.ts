import type { BearingGeometry } from '@doppel/sim';
import { BEARING_6205 } from '@doppel/sim';
import { bearingBands } from '../vibration/bearing-bands.js';
import { featureVector } from '../vibration/feature-vector.js';
import { HealthIndex } from '../vibration/health-index.js';
import { RulEstimator } from '../vibration/rul-estimator.js';
import { waveformFeatures } from '../vibration/waveform-features.js';

/** What a bearing monitor makes of one waveform: the twin's derived telemetry. */
export interface BearingReading {
  readonly vibrationRms: number;
  readonly kurtosis: number;
  readonly crestFactor: number;
  /** Energy in the outer-race defect band (BPFO), the first to grow as an outer race spalls. */
  readonly bpfoEnergy: number;
  /** 1 healthy … 0; absent while the healthy baseline is being learned (the first 30 waveforms). */
  readonly healthIndex?: number;
  /** Remaining useful life, hours, p10 / p50 / p90; absent until the trend says something. */
  readonly rulP10Hours?: number;
  readonly rulP50Hours?: number;
  readonly rulP90Hours?: number;
}

const HOUR_MS = 3_600_000;
/**
 * A reading at least this healthy right after one below WORN_HEALTH_MAX means a new bearing (it was
 * replaced or repaired): the remaining-life trend starts over rather than fit across two lives.
 * A worn bearing's readings may ease a little late in life, never back to its healthy baseline.
 */
const RENEWED_HEALTH_MIN = 0.9;
const WORN_HEALTH_MAX = 0.5;

/**
 * One rolling-element bearing watched through its vibration waveforms: features (RMS, kurtosis,
 * crest factor, defect band energies, analytics/vibration), a health index against the first
 * waveforms taken as healthy, and the remaining useful life from the health trend. Its memory is
 * bounded: the health index's baseline and the estimator's window of recent points.
 */
export class BearingMonitor {
  private readonly health = new HealthIndex();
  private rul = new RulEstimator();
  private lastHealth: number | undefined;

  constructor(
    private readonly shaftHz: number,
    private readonly geometry: BearingGeometry = BEARING_6205,
  ) {}

  observe(timestampMs: number, samples: readonly number[], sampleRateHz: number): BearingReading {
    const features = waveformFeatures(samples, sampleRateHz, bearingBands(this.shaftHz, this.geometry));
    const reading = {
      vibrationRms: features.rms,
      kurtosis: features.kurtosis,
      crestFactor: features.crestFactor,
      bpfoEnergy: features.bandEnergies.bpfo ?? 0,
    };
    const health = this.health.observe(timestampMs, featureVector(features));
    if (health === null) return reading;
    if (health >= RENEWED_HEALTH_MIN && this.lastHealth !== undefined && this.lastHealth < WORN_HEALTH_MAX) {
      this.rul = new RulEstimator();
    }
    this.lastHealth = health;
    this.rul.add(timestampMs, health);
    const estimate = this.rul.estimate();
    if (estimate.rulMs === null) return { ...reading, healthIndex: health };
    return {
      ...reading,
      healthIndex: health,
      rulP10Hours: estimate.rulMs.p10 / HOUR_MS,
      rulP50Hours: estimate.rulMs.p50 / HOUR_MS,
      rulP90Hours: estimate.rulMs.p90 / HOUR_MS,
    };
  }
}
