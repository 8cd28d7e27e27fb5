/**
 * The quality part of `npm run bench:analytics`: precision and recall of each detector on
 * labelled synthetic data generated in the repo (seeded, so every run measures the same data).
 *
 * - Streaming detectors: 10 seeds of the labelled data set (a week of a room temperature at one
 *   sample a minute with injected spikes, drifts, stuck runs and level shifts), pooled.
 * - Bearing wear: 20 bearings, 10 degrading to failure over their life and 10 healthy, through
 *   the whole chain (waveform → features → health index): worn is "health below 0.5"; the lead
 *   time is how long before failure (health below 0.2 in the simulator's own truth) it came.
 * - Isolation forest, axis-parallel and extended (random hyperplane splits): 2-feature operating
 *   data (flow and pressure on a pump curve) with 1 % of rows off the curve; trained on a normal
 *   window, threshold from 1 % contamination.
 */
import { BEARING_6205, defectSeverity, waveformAt } from '@doppel/sim';
import { evaluateDetections } from '../../packages/server/src/analytics/detectors/evaluate.js';
import { generateLabelledDataset } from '../../packages/server/src/analytics/detectors/labelled-dataset.js';
import { SeriesDetector } from '../../packages/server/src/analytics/detectors/series-detector.js';
import {
  scoreRows,
  trainIsolationForest,
} from '../../packages/server/src/analytics/isolation-forest/isolation-forest.js';
import {
  metricsAt,
  thresholdFromContamination,
} from '../../packages/server/src/analytics/isolation-forest/threshold.js';
import { bearingBands } from '../../packages/server/src/analytics/vibration/bearing-bands.js';
import { featureVector } from '../../packages/server/src/analytics/vibration/feature-vector.js';
import { HealthIndex } from '../../packages/server/src/analytics/vibration/health-index.js';
import { waveformFeatures } from '../../packages/server/src/analytics/vibration/waveform-features.js';

export interface Score {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly precision: number;
  readonly recall: number;
}

const score = (tp: number, fp: number, fn: number): Score => ({
  truePositives: tp,
  falsePositives: fp,
  falseNegatives: fn,
  precision: tp + fp === 0 ? 1 : tp / (tp + fp),
  recall: tp + fn === 0 ? 1 : tp / (tp + fn),
});

export function streamingQuality(seeds: number): Record<string, Score> {
  const pooled = new Map<string, [number, number, number]>();
  for (let seed = 1; seed <= seeds; seed++) {
    const { timestampsMs, values, labels } = generateLabelledDataset({ seed });
    const detector = new SeriesDetector();
    const events = Array.from(timestampsMs).flatMap((ts, i) => detector.observe(ts, values[i] as number));
    for (const [kind, s] of Object.entries(evaluateDetections(events, labels))) {
      const sum = pooled.get(kind) ?? [0, 0, 0];
      pooled.set(kind, [sum[0] + s.truePositives, sum[1] + s.falsePositives, sum[2] + s.falseNegatives]);
    }
  }
  return Object.fromEntries([...pooled].map(([kind, [tp, fp, fn]]) => [kind, score(tp, fp, fn)]));
}

export function bearingQuality(bearings: number, snapshots: number): Score & { leadTimeLife: number[] } {
  const sampleRateHz = 25_600;
  const bands = bearingBands(25, BEARING_6205);
  let [tp, fp, fn] = [0, 0, 0];
  const leadTimeLife: number[] = [];
  for (let b = 0; b < bearings; b++) {
    const degrading = b % 2 === 0;
    const health = new HealthIndex();
    let wornAtLife: number | undefined;
    let failedAtLife: number | undefined;
    for (let k = 0; k < snapshots; k++) {
      const life = degrading ? (k / snapshots) * 1.0 : 0.1 + (k / snapshots) * 0.15;
      if (failedAtLife === undefined && defectSeverity(life) >= 0.8) failedAtLife = life;
      const waveform = waveformAt(life, sampleRateHz, 8_192, b * 10_000 + k);
      const h = health.observe(k * 3_600_000, featureVector(waveformFeatures(waveform, sampleRateHz, bands)));
      if (wornAtLife === undefined && h !== null && h < 0.5) wornAtLife = life;
    }
    if (degrading && wornAtLife !== undefined) {
      tp++;
      if (failedAtLife !== undefined) leadTimeLife.push(failedAtLife - wornAtLife);
    } else if (degrading) fn++;
    else if (wornAtLife !== undefined) fp++;
  }
  return { ...score(tp, fp, fn), leadTimeLife };
}

export function forestQuality(extension: 'none' | 'full' = 'none'): Score & { threshold: number } {
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const normalRow = (): number[] => {
    const flow = 5 + random() * 10;
    // On the pump curve: pressure falls with flow, with a little noise.
    return [flow, 4 - 0.15 * flow + (random() - 0.5) * 0.2];
  };
  const training = Array.from({ length: 2_000 }, normalRow);
  const model = trainIsolationForest(training, { seed: 1, extension });
  const threshold = thresholdFromContamination(
    scoreRows(model, training).filter((s): s is number => s !== null),
    0.01,
  );
  const test = Array.from({ length: 5_000 }, (_, i) => {
    if (i % 100 !== 0) return { row: normalRow(), real: false };
    // Off the curve: a blocked discharge (pressure up) or a worn impeller (pressure down).
    const [flow, pressure] = normalRow() as [number, number];
    return { row: [flow, pressure + (random() < 0.5 ? 1 : -1) * (0.6 + random())], real: true };
  });
  const scores = scoreRows(
    model,
    test.map((t) => t.row),
  );
  const labels = test.map((t, i) => ({ score: scores[i] as number, real: t.real }));
  const m = metricsAt(labels, threshold);
  return { ...score(m.truePositives, m.falsePositives, m.falseNegatives), threshold };
}
