import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DetectorEvent } from './detector-event.js';
import { evaluateDetections } from './evaluate.js';
import type { KindScore } from './evaluate.js';
import { generateLabelledDataset } from './labelled-dataset.js';
import { SeriesDetector } from './series-detector.js';

/**
 * End to end: the default detectors on the labelled data set (seven days of a room temperature,
 * one sample a minute, with injected spikes, drifts, stuck runs and level shifts).
 */

const SCORED_KINDS = ['spike', 'stuck', 'drift'] as const;

function scoresFor(seed: number): Record<DetectorEvent['kind'], KindScore> {
  const { timestampsMs, values, labels } = generateLabelledDataset({ seed });
  const detector = new SeriesDetector();
  const events = Array.from(timestampsMs).flatMap((timestampMs, i) =>
    detector.observe(timestampMs, values[i] as number),
  );
  return evaluateDetections(events, labels);
}

void describe('SeriesDetector on the labelled data set', () => {
  void it('finds spikes, stuck runs and drifts with precision and recall ≥ 0.8 on the default seed', () => {
    const scores = scoresFor(42);
    // Measured: precision 1 and recall 1 for every kind (12 spikes, 4 stuck runs, 4 drifts, 3 level shifts).
    for (const kind of SCORED_KINDS) {
      const { precision, recall } = scores[kind];
      assert.ok(precision >= 0.8, `${kind} precision ${precision}`);
      assert.ok(recall >= 0.8, `${kind} recall ${recall}`);
    }
  });

  void it('keeps them ≥ 0.8 pooled over other seeds, so the defaults are not tuned to one draw', () => {
    const pooled = new Map<string, { truePositives: number; falsePositives: number; falseNegatives: number }>();
    for (let seed = 1; seed <= 10; seed += 1) {
      const scores = scoresFor(seed);
      for (const kind of SCORED_KINDS) {
        const sum = pooled.get(kind) ?? { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
        sum.truePositives += scores[kind].truePositives;
        sum.falsePositives += scores[kind].falsePositives;
        sum.falseNegatives += scores[kind].falseNegatives;
        pooled.set(kind, sum);
      }
    }
    for (const [kind, { truePositives, falsePositives, falseNegatives }] of pooled) {
      const precision = truePositives / (truePositives + falsePositives);
      const recall = truePositives / (truePositives + falseNegatives);
      assert.ok(precision >= 0.8, `${kind} pooled precision ${precision}`);
      assert.ok(recall >= 0.8, `${kind} pooled recall ${recall}`);
    }
  });
});
