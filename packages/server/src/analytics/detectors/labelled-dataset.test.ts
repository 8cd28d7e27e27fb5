import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LABELLED_DATASET_OPTIONS, generateLabelledDataset } from './labelled-dataset.js';

const MINUTE_MS = 60_000;
const DAY_MS = 1_440 * MINUTE_MS;

void describe('generateLabelledDataset', () => {
  void it('is deterministic for a seed and differs between seeds', () => {
    const a = generateLabelledDataset({ seed: 3 });
    const b = generateLabelledDataset({ seed: 3 });
    const c = generateLabelledDataset({ seed: 4 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.values, c.values);
    assert.notDeepEqual(a.labels, c.labels);
  });

  void it('samples a room temperature every minute for seven days', () => {
    const { timestampsMs, values } = generateLabelledDataset();
    assert.equal(timestampsMs.length, 7 * 1_440);
    assert.equal(values.length, timestampsMs.length);
    assert.equal(timestampsMs[1]! - timestampsMs[0]!, MINUTE_MS);
    const min = Math.min(...values);
    const max = Math.max(...values);
    assert.ok(min > 14 && max < 28, `${min}…${max}`);
  });

  void it('labels each injected anomaly, after the clean days, without overlaps', () => {
    const { timestampsMs, labels } = generateLabelledDataset();
    const counts = DEFAULT_LABELLED_DATASET_OPTIONS.anomalyCounts;
    for (const kind of ['spike', 'drift', 'stuck', 'level-shift'] as const) {
      assert.equal(labels.filter((label) => label.kind === kind).length, counts[kind]);
    }
    const sorted = [...labels].sort((p, q) => p.fromMs - q.fromMs);
    assert.ok((sorted[0]?.fromMs ?? 0) >= timestampsMs[0]! + 2 * DAY_MS);
    sorted.forEach((label, i) => {
      assert.ok(label.toMs >= label.fromMs);
      const next = sorted[i + 1];
      if (next !== undefined) assert.ok(next.fromMs - label.toMs >= 60 * MINUTE_MS, 'an hour of normal data between');
    });
  });

  void it('injects what the labels say', () => {
    const clean = generateLabelledDataset({ anomalyCounts: { spike: 0, drift: 0, stuck: 0, 'level-shift': 0 } });
    const { timestampsMs, values, labels } = generateLabelledDataset();
    const indexOf = (timestampMs: number): number => timestampsMs.indexOf(timestampMs);
    const offset = (i: number): number => values[i]! - clean.values[i]!;
    for (const label of labels) {
      const from = indexOf(label.fromMs);
      const to = indexOf(label.toMs);
      assert.equal(offset(from - 1), 0, 'normal before');
      assert.equal(offset(to + 1), 0, 'normal after');
      if (label.kind === 'spike') {
        assert.equal(from, to);
        assert.ok(Math.abs(offset(from)) >= 1.5);
      } else if (label.kind === 'stuck') {
        assert.ok(values.slice(from, to + 1).every((value) => value === values[from]));
      } else if (label.kind === 'level-shift') {
        assert.ok(Math.abs(offset(from) - offset(to)) < 1e-9 && Math.abs(offset(from)) >= 1.5);
      } else {
        assert.ok(Math.abs(offset(to)) >= 1.5 && Math.abs(offset(from)) < 0.05, 'a ramp from ~0');
      }
    }
  });
});
