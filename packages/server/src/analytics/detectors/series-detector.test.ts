import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DetectorEvent } from './detector-event.js';
import { generateLabelledDataset } from './labelled-dataset.js';
import { SeriesDetector } from './series-detector.js';

const MINUTE_MS = 60_000;
const NO_ANOMALIES = { spike: 0, drift: 0, stuck: 0, 'level-shift': 0 };

/** Four clean days of room temperature (one sample a minute), then `edit` changes it from day 5, 10:00. */
function scenario(edit: (values: Float64Array, from: number) => void): { events: DetectorEvent[]; from: number } {
  const { timestampsMs, values } = generateLabelledDataset({ days: 5, anomalyCounts: NO_ANOMALIES });
  const from = 4 * 1_440 + 600; // day 5, 10:00 UTC
  edit(values, from);
  const detector = new SeriesDetector();
  const events = Array.from(timestampsMs).flatMap((timestampMs, i) =>
    detector.observe(timestampMs, values[i] as number),
  );
  return { events, from: timestampsMs[from] as number };
}

void describe('SeriesDetector', () => {
  void it('stays quiet on a clean series', () => {
    assert.deepEqual(scenario(() => undefined).events, []);
  });

  void it('reports a spike at its own timestamp', () => {
    const { events, from } = scenario((values, i) => (values[i] = (values[i] as number) + 2));
    assert.deepEqual(
      events.map((event) => [event.kind, event.timestampMs]),
      [['spike', from]],
    );
    assert.ok((events[0]?.score ?? 0) >= 6);
  });

  void it('reports a step that persists as a level shift (and its end as another), not as a spike', () => {
    const { events, from } = scenario((values, i) => {
      for (let j = i; j < i + 120; j += 1) values[j] = (values[j] as number) + 2;
    });
    assert.deepEqual(
      events.map((event) => [event.kind, event.timestampMs]),
      [
        ['level-shift', from],
        ['level-shift', from + 120 * MINUTE_MS],
      ],
    );
  });

  void it('reports a stuck run from its first sample, then its clear', () => {
    const { events, from } = scenario((values, i) => values.fill(values[i] as number, i, i + 90));
    assert.deepEqual(
      events.map((event) => [event.kind, event.transition, event.timestampMs]),
      [
        ['stuck', 'start', from],
        ['stuck', 'clear', from + 90 * MINUTE_MS],
      ],
    );
    assert.equal(events[0]?.detectedAtMs, from + 15 * MINUTE_MS);
  });

  void it('reports a slow ramp as a drift within a bounded delay', () => {
    const { events, from } = scenario((values, i) => {
      for (let j = 0; j < 180; j += 1) values[i + j] = (values[i + j] as number) + (1.5 * j) / 180;
    });
    assert.deepEqual(
      events.map((event) => event.kind),
      ['drift'],
    );
    const delayMs = (events[0]?.detectedAtMs ?? Infinity) - from;
    assert.ok(delayMs > 0 && delayMs <= 60 * MINUTE_MS, `drift seen after ${delayMs / MINUTE_MS} min`);
  });

  void it('reports a setpoint change as a level shift, and never calls the constant setpoint stuck', () => {
    const detector = new SeriesDetector();
    const values = [...Array.from({ length: 600 }, () => 20), ...Array.from({ length: 600 }, () => 22)];
    const events = values.flatMap((value, i) => detector.observe(i * MINUTE_MS, value));
    assert.deepEqual(
      events.map((event) => [event.kind, event.timestampMs]),
      [['level-shift', 600 * MINUTE_MS]],
    );
  });

  void it('ignores and counts non-finite and out-of-order samples', () => {
    const detector = new SeriesDetector();
    detector.observe(1_000, 1);
    assert.deepEqual(detector.observe(2_000, Number.NaN), []);
    assert.deepEqual(detector.observe(3_000, Number.POSITIVE_INFINITY), []);
    assert.deepEqual(detector.observe(500, 2), []);
    assert.deepEqual(detector.observe(1_000, 2), []);
    detector.observe(4_000, 2);
    assert.deepEqual(detector.counters, { observed: 2, ignoredNonFinite: 2, ignoredOutOfOrder: 2 });
  });

  void it('has no score during warm-up, then the latest robust |z|', () => {
    const detector = new SeriesDetector();
    detector.observe(0, 20);
    assert.equal(detector.lastScore, undefined);
    for (let i = 1; i < 100; i += 1) detector.observe(i * MINUTE_MS, 20 + (i % 5) * 0.1);
    detector.observe(100 * MINUTE_MS, 25);
    assert.ok((detector.lastScore ?? 0) > 6);
  });

  void it('keeps a constant memory footprint, whatever the series length', () => {
    const detector = new SeriesDetector();
    const before = detector.memoryBytesEstimate();
    const { timestampsMs, values } = generateLabelledDataset();
    timestampsMs.forEach((timestampMs, i) => detector.observe(timestampMs, values[i] as number));
    assert.equal(detector.memoryBytesEstimate(), before);
    assert.ok(before < 4_096, `${before} bytes`);
  });
});
