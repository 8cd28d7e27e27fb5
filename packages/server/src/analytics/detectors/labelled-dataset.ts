import { between, gaussian, mulberry32, shuffle } from '../seeded-random.js';
import type { RandomSource } from '../seeded-random.js';

/**
 * A deterministic labelled series for evaluating the detectors: a room temperature (daily sinusoid
 * plus white noise) with injected anomalies of known kind and time range. Anomalies start after
 * `cleanDays` (the detectors need history) and get one slot each, in random order, with at least
 * an hour of normal data after each.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export type AnomalyKind = 'spike' | 'drift' | 'stuck' | 'level-shift';

/** Inclusive time bounds in epoch ms; a spike's bounds are its one sample. */
export interface AnomalyLabel {
  readonly kind: AnomalyKind;
  readonly fromMs: number;
  readonly toMs: number;
}

export interface LabelledDataset {
  readonly timestampsMs: Float64Array;
  readonly values: Float64Array;
  readonly labels: readonly AnomalyLabel[];
}

export interface LabelledDatasetOptions {
  readonly seed: number;
  readonly startMs: number;
  readonly days: number;
  readonly intervalMs: number;
  readonly meanValue: number;
  readonly dailyAmplitude: number;
  /** UTC hour of the daily maximum. */
  readonly peakHour: number;
  readonly noiseSigma: number;
  readonly cleanDays: number;
  readonly anomalyCounts: Readonly<Record<AnomalyKind, number>>;
}

export const DEFAULT_LABELLED_DATASET_OPTIONS: LabelledDatasetOptions = {
  seed: 42,
  startMs: Date.UTC(2024, 0, 1),
  days: 7,
  intervalMs: 60_000,
  meanValue: 21,
  dailyAmplitude: 2,
  peakHour: 15,
  noiseSigma: 0.15,
  cleanDays: 2,
  anomalyCounts: { spike: 12, drift: 4, stuck: 4, 'level-shift': 3 },
};

/** Duration range of each kind, in hours; the magnitudes are in the series' unit (°C). */
const DURATION_HOURS: Readonly<Record<AnomalyKind, readonly [number, number]>> = {
  spike: [0, 0],
  drift: [2, 3.5],
  stuck: [1, 3],
  'level-shift': [1, 3],
};
const MAGNITUDE: Readonly<Record<Exclude<AnomalyKind, 'stuck'>, readonly [number, number]>> = {
  spike: [1.5, 4],
  drift: [1.5, 3],
  'level-shift': [1.5, 3],
};
const GAP_AFTER_MS = HOUR_MS;

export function generateLabelledDataset(options: Partial<LabelledDatasetOptions> = {}): LabelledDataset {
  const settings = { ...DEFAULT_LABELLED_DATASET_OPTIONS, ...options };
  const { startMs, intervalMs, days, cleanDays } = settings;
  const random = mulberry32(settings.seed);
  const count = Math.floor((days * DAY_MS) / intervalMs);
  const timestampsMs = new Float64Array(count);
  const values = new Float64Array(count);
  for (let i = 0; i < count; i += 1) {
    const timestampMs = startMs + i * intervalMs;
    const hour = (((timestampMs % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
    const phase = (2 * Math.PI * (hour - settings.peakHour + 6)) / 24;
    timestampsMs[i] = timestampMs;
    values[i] = settings.meanValue + settings.dailyAmplitude * Math.sin(phase) + settings.noiseSigma * gaussian(random);
  }
  const kinds = shuffle(
    random,
    (Object.keys(settings.anomalyCounts) as AnomalyKind[]).flatMap((kind) =>
      Array.from({ length: settings.anomalyCounts[kind] }, () => kind),
    ),
  );
  const firstIndex = Math.ceil((cleanDays * DAY_MS) / intervalMs);
  const slotSamples = Math.floor((count - firstIndex) / Math.max(1, kinds.length));
  const gapSamples = Math.ceil(GAP_AFTER_MS / intervalMs);
  const labels: AnomalyLabel[] = [];
  kinds.forEach((kind, slot) => {
    const [minHours, maxHours] = DURATION_HOURS[kind];
    const lengthSamples = Math.round((between(random, minHours, maxHours) * HOUR_MS) / intervalMs) + 1;
    const room = slotSamples - lengthSamples - gapSamples;
    if (room < 0) throw new RangeError(`No room for a ${kind} in a slot of ${slotSamples} samples`);
    const from = firstIndex + slot * slotSamples + Math.floor(random() * (room + 1));
    inject(values, kind, from, from + lengthSamples - 1, random);
    labels.push({ kind, fromMs: timestampsMs[from] as number, toMs: timestampsMs[from + lengthSamples - 1] as number });
  });
  return { timestampsMs, values, labels };
}

/** Applies one anomaly to values[from..to] (inclusive). */
function inject(values: Float64Array, kind: AnomalyKind, from: number, to: number, random: RandomSource): void {
  if (kind === 'stuck') {
    // A frozen sensor repeats its last good reading.
    values.fill(values[from] as number, from, to + 1);
    return;
  }
  const [min, max] = MAGNITUDE[kind];
  const magnitude = (random() < 0.5 ? -1 : 1) * between(random, min, max);
  for (let i = from; i <= to; i += 1) {
    // A drift ramps up over its range, then the sensor is recalibrated (back to normal).
    const share = kind === 'drift' ? (i - from + 1) / (to - from + 1) : 1;
    values[i] = (values[i] as number) + magnitude * share;
  }
}
