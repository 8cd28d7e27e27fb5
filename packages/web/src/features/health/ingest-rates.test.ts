import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SourceCounters } from '@doppel/protocol';
import type { IngestSample } from './ingest-rates';
import { INGEST_HISTORY_MS, appendIngestSample, rateSeries, recentRate, transportsOf } from './ingest-rates';

const counters = (received: number, deadLettered = 0): SourceCounters => ({
  receivedPoints: received,
  appliedPoints: received - deadLettered,
  deadLetteredPoints: deadLettered,
  receivedMessages: received,
});

const sample = (timeMs: number, mqtt: number, http = 0, startedAt = 'run-1'): IngestSample => ({
  timeMs,
  startedAt,
  sources: { mqtt: counters(mqtt), http: counters(http, http) },
  queuedPoints: 0,
});

const history = (...items: IngestSample[]): IngestSample[] =>
  items.reduce<IngestSample[]>((kept, item) => appendIngestSample(kept, item), []);

void describe('appendIngestSample', () => {
  test('keeps two minutes of samples', () => {
    const samples = history(sample(0, 0), sample(60_000, 10), sample(INGEST_HISTORY_MS + 1_000, 20));
    assert.deepEqual(
      samples.map((each) => each.timeMs),
      [60_000, INGEST_HISTORY_MS + 1_000],
    );
  });

  test('starts again when the platform restarted (counters back to zero)', () => {
    const samples = history(sample(0, 500), sample(2_000, 600), sample(4_000, 3, 0, 'run-2'));
    assert.equal(samples.length, 1);
  });

  test('ignores a sample that is not newer', () => {
    assert.equal(history(sample(2_000, 5), sample(2_000, 9)).length, 1);
  });
});

void describe('rateSeries', () => {
  test('gives points per second between consecutive samples, per transport or summed', () => {
    const samples = history(sample(0, 0, 0), sample(2_000, 100, 4), sample(4_000, 300, 4));
    assert.deepEqual(rateSeries(samples, 'receivedPoints'), [52, 100]);
    assert.deepEqual(rateSeries(samples, 'receivedPoints', 'mqtt'), [50, 100]);
    assert.deepEqual(rateSeries(samples, 'deadLetteredPoints', 'http'), [2, 0]);
  });
});

void describe('recentRate', () => {
  test('averages over the last 10 s', () => {
    const samples = history(sample(0, 0), sample(10_000, 1_000), sample(20_000, 3_000));
    assert.equal(recentRate(samples, 'receivedPoints', 'mqtt'), 200);
  });

  test('uses the two newest samples when they are further apart than the window', () => {
    const samples = history(sample(0, 0), sample(30_000, 300));
    assert.equal(recentRate(samples, 'appliedPoints', 'mqtt'), 10);
  });

  test('is null with fewer than two samples', () => {
    assert.equal(recentRate(history(sample(0, 5)), 'receivedPoints'), null);
  });
});

void describe('transportsOf', () => {
  test('lists the busiest transports first', () => {
    assert.deepEqual(transportsOf(history(sample(0, 5, 9))), ['http', 'mqtt']);
    assert.deepEqual(transportsOf([]), []);
  });
});
