import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EpochMs, TwinId } from '@doppel/core';
import type { IngestEntry } from '../../ingest/ingest-types.js';
import type { SeriesAnomaly } from './detector-hub.js';
import { DetectorHub } from './detector-hub.js';

const entry = (
  twinId: string,
  ts: number,
  values: Record<string, unknown>,
  transport: IngestEntry['transport'] = 'mqtt',
): IngestEntry => ({
  twinId: twinId as TwinId,
  kind: 'telemetry',
  source: 'dev',
  transport,
  receivedMs: ts as EpochMs,
  rows: [{ ts: ts as EpochMs, values }],
  points: Object.keys(values).length,
});

void describe('DetectorHub', () => {
  void it('watches every numeric telemetry series and reports a spike on it', () => {
    const anomalies: SeriesAnomaly[] = [];
    const hub = new DetectorHub({ seriesMax: 10, minIntervalMs: 1_000 }, (anomaly) => anomalies.push(anomaly));
    const t0 = Date.parse('2026-11-25T00:00:00Z');
    for (let i = 0; i < 200; i++) {
      const temperature = 21 + Math.sin(i / 7) * 0.3 + (i === 150 ? 8 : 0);
      hub.observe(entry('room-1', t0 + i * 60_000, { temperature, mode: 'auto' }));
    }
    assert.equal(hub.seriesCount, 1, 'the text path is not a series');
    assert.deepEqual(
      anomalies.map((a) => [a.twinId, a.path, a.event.kind, a.event.timestampMs]),
      [['room-1', 'temperature', 'spike', t0 + 150 * 60_000]],
    );
    assert.equal(hub.scoresOf('room-1')[0]?.path, 'temperature');
    assert.ok((hub.scoresOf('room-1')[0]?.score ?? NaN) < 6);
  });

  void it('looks at a series at most once per interval, skips derived values, and is bounded', () => {
    const hub = new DetectorHub({ seriesMax: 2, minIntervalMs: 1_000 }, () => undefined);
    for (let i = 0; i < 100; i++) hub.observe(entry('fast', i * 100, { vibration: 1 }));
    assert.equal(hub.samples, 10, '10 Hz data looked at once a second');
    hub.observe(entry('resolved', 0, { temperature: 1 }, 'derived'));
    hub.observe(entry('b', 0, { x: 1, y: 2, z: 3 }));
    assert.deepEqual([hub.seriesCount, hub.unwatched], [2, 2]);
    hub.forgetTwin('fast');
    assert.equal(hub.seriesCount, 1);
  });
});
