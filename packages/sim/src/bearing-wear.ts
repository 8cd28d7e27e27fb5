import { defectSeverity, waveformAt } from './bearing-waveform.js';
import { deriveSeed } from './prng.js';

/** What a bearing monitor sends (@doppel/protocol BEARING_MONITOR_MODEL `waveform`). */
export interface WaveformSnapshot {
  readonly sampleRateHz: number;
  readonly samples: number[];
}

/** Times in simulated milliseconds. */
export interface BearingWearOptions {
  /**
   * From a new bearing to its failure: 2 hours, "10 days compressed" (a bearing's last ten days
   * played in two hours at the simulator's default speed, so that a demo session sees them).
   */
  readonly lifeMs: number;
  /** How long the failed bearing runs (vibration high) before it is replaced and its life restarts. */
  readonly failedForMs: number;
  /** One acceleration snapshot this often: 60 s, 120 per life, 30 of them for the platform's baseline. */
  readonly waveformPeriodMs: number;
  /** 2048 samples at 12.8 kHz (0.16 s, 6.25 Hz bins): about 14 KB of JSON per snapshot. */
  readonly sampleRateHz: number;
  readonly sampleCount: number;
  /** Decimals kept of each sample in m/s², 3 = 0.001 (the sensor's resolution; keeps the payload small). */
  readonly sampleDecimals: number;
}

export const BEARING_WEAR_DEFAULTS: BearingWearOptions = {
  lifeMs: 2 * 3_600_000,
  failedForMs: 5 * 60_000,
  waveformPeriodMs: 60_000,
  sampleRateHz: 12_800,
  sampleCount: 2_048,
  sampleDecimals: 3,
};

/**
 * The drive-end bearing of a pump, as an accelerometer on its housing sees it. A degrading one
 * goes through its life (bearing-waveform.ts: healthy until 30 % of it, then an outer-race spall
 * that grows), runs failed for `failedForMs`, and is replaced: its life restarts at 0. A healthy
 * one stays new. Its life starts at the first sample.
 *
 * Deterministic and apart from the twin's random stream: each snapshot's noise comes from a seed
 * of its own (the bearing's seed and the snapshot's number), so the twin's other readings draw the
 * same numbers with or without it.
 */
export class BearingWear {
  private readonly options: BearingWearOptions;
  private originMs: number | undefined;
  private lastSnapshot = -1;

  constructor(
    readonly degrading: boolean,
    private readonly seed: number,
    options: Partial<BearingWearOptions> = {},
  ) {
    this.options = { ...BEARING_WEAR_DEFAULTS, ...options };
    const { lifeMs, failedForMs, waveformPeriodMs, sampleDecimals } = this.options;
    if (!(lifeMs > 0 && failedForMs >= 0 && waveformPeriodMs > 0)) {
      throw new Error('bearing wear: need lifeMs > 0, failedForMs >= 0 and waveformPeriodMs > 0');
    }
    if (!(Number.isInteger(sampleDecimals) && sampleDecimals >= 0 && sampleDecimals <= 15)) {
      throw new Error('bearing wear: sampleDecimals must be an integer in [0, 15]');
    }
  }

  /** 0 new … 1 failed, at `simMs` (the first call starts the life). */
  lifeAt(simMs: number): number {
    const elapsedMs = this.elapsedMs(simMs);
    if (!this.degrading) return 0;
    const { lifeMs, failedForMs } = this.options;
    return Math.min(1, Math.max(0, (elapsedMs % (lifeMs + failedForMs)) / lifeMs));
  }

  /** Size of the defect in [0, 1]: what the pump's vibration and bearing temperature follow. */
  severityAt(simMs: number): number {
    return defectSeverity(this.lifeAt(simMs));
  }

  /**
   * The snapshot due at `simMs`, if one is: the first call, then once per `waveformPeriodMs`
   * (at most one per call: a caller slower than the period gets one per call).
   */
  waveformAt(simMs: number): WaveformSnapshot | undefined {
    const life = this.lifeAt(simMs);
    const snapshot = Math.floor(this.elapsedMs(simMs) / this.options.waveformPeriodMs);
    if (snapshot <= this.lastSnapshot) return undefined;
    this.lastSnapshot = snapshot;
    const { sampleRateHz, sampleCount, sampleDecimals } = this.options;
    const waveform = waveformAt(life, sampleRateHz, sampleCount, deriveSeed(this.seed, `waveform ${snapshot}`));
    // An integer over a power of ten prints as the shortest decimal; roundTo's toFixed is 6× slower.
    const scale = 10 ** sampleDecimals;
    return { sampleRateHz, samples: Array.from(waveform, (value) => Math.round(value * scale) / scale) };
  }

  private elapsedMs(simMs: number): number {
    this.originMs ??= simMs;
    return simMs - this.originMs;
  }
}
