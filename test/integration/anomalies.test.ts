// Streaming anomaly detectors through the real platform: every numeric series is watched by
// default; a spike in a room's temperature raises a detector alert on the twin; the operator
// labels it, reports an anomaly it missed, and the detectors' precision and recall follow.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertView } from '@doppel/protocol';
import { ROOM_MODEL } from '../fixtures/models.js';
import { http, waitFor } from '../support/http.js';
import { startTestPlatform } from '../support/in-process-platform.js';

describe('anomaly detection', () => {
  it('raises a detector alert on a spike, and scores the detectors against labels', async () => {
    const test = await startTestPlatform({ history: false });
    try {
      await http(test.baseUrl, 'POST', '/api/v1/models', [ROOM_MODEL]);
      await http(test.baseUrl, 'PUT', '/api/v1/digitaltwins/room-x', { $metadata: { $model: 'dtmi:test:Room;1' } });
      // Three hours at one sample a minute, ending now, with one spike of +8 °C an hour ago.
      const endMs = Date.now();
      const samples = Array.from({ length: 180 }, (_, i) => ({
        ts: endMs - (180 - i) * 60_000,
        temperature: Math.round((21 + Math.sin(i / 9) * 0.3 + (i === 120 ? 8 : 0)) * 100) / 100,
      }));
      const ingest = await http(test.baseUrl, 'POST', '/api/v1/digitaltwins/room-x/telemetry', samples);
      assert.equal(ingest.status, 200);
      const alert = await waitFor(
        async () => {
          const { body } = await http<{ value: AlertView[] }>(
            test.baseUrl,
            'GET',
            '/api/v1/alerts?twinId=room-x&status=open',
          );
          return body.value.find((candidate) => candidate.ruleId === 'detector.spike.temperature');
        },
        5_000,
        'a spike alert',
      );
      assert.equal(alert.ruleName, 'Spike: temperature');
      assert.equal(alert.sourceTimeMs, samples[122]?.ts, 'decided by the samples after the spike');
      assert.match(alert.message, /^Spike of \d+\.\dσ/);
      assert.ok(alert.message.endsWith(`At ${new Date(samples[120]?.ts ?? 0).toISOString()}.`), alert.message);
      const scores = await http<{ value: { path: string; score: number }[] }>(
        test.baseUrl,
        'GET',
        '/api/v1/digitaltwins/room-x/anomaly-scores',
      );
      assert.equal(scores.body.value[0]?.path, 'temperature');

      const labelled = await http<AlertView>(test.baseUrl, 'POST', `/api/v1/alerts/${alert.id}/label`, {
        label: 'real',
        by: 'ana',
      });
      assert.equal(labelled.body.label, 'real');
      const badLabel = await http<{ code: string }>(test.baseUrl, 'POST', `/api/v1/alerts/${alert.id}/label`, {
        label: 'maybe',
      });
      assert.equal(badLabel.status, 400);
      const missed = await http(test.baseUrl, 'POST', '/api/v1/detectors/missed', {
        twinId: 'room-x',
        path: 'temperature',
        kind: 'spike',
        at: new Date(endMs - 30 * 60_000).toISOString(),
        by: 'ana',
      });
      assert.equal(missed.status, 201);
      const detectors = await http<{
        series: number;
        kinds: {
          kind: string;
          raised: number;
          labelledReal: number;
          missed: number;
          precision: number | null;
          recall: number | null;
        }[];
      }>(test.baseUrl, 'GET', '/api/v1/detectors');
      assert.equal(detectors.body.series, 1);
      const spike = detectors.body.kinds.find((kind) => kind.kind === 'spike');
      assert.deepEqual(
        [spike?.raised, spike?.labelledReal, spike?.missed, spike?.precision, spike?.recall],
        [1, 1, 1, 1, 0.5],
      );
    } finally {
      await test.stop();
    }
  });

  it('learns from an expected label: the same spike on that series is not raised again, a stronger one is, after a restart too', async () => {
    let test = await startTestPlatform({ history: false });
    try {
      await http(test.baseUrl, 'POST', '/api/v1/models', [ROOM_MODEL]);
      await http(test.baseUrl, 'PUT', '/api/v1/digitaltwins/room-y', { $metadata: { $model: 'dtmi:test:Room;1' } });
      const startMs = Date.now() - 300 * 60_000;
      /** Minute samples from index `from`, with spikes of `spikes[i]` °C at some indexes. */
      const send = (from: number, count: number, spikes: Record<number, number>) =>
        http(
          test.baseUrl,
          'POST',
          '/api/v1/digitaltwins/room-y/telemetry',
          Array.from({ length: count }, (_, k) => {
            const i = from + k;
            return {
              ts: startMs + i * 60_000,
              temperature: Math.round((21 + Math.sin(i / 9) * 0.3 + (spikes[i] ?? 0)) * 100) / 100,
            };
          }),
        );
      const openSpike = async () => {
        const { body } = await http<{ value: AlertView[] }>(
          test.baseUrl,
          'GET',
          '/api/v1/alerts?twinId=room-y&status=open',
        );
        return body.value.find((candidate) => candidate.ruleId === 'detector.spike.temperature');
      };
      await send(0, 150, { 120: 3 });
      const first = await waitFor(openSpike, 5_000, 'the first spike alert');
      assert.ok(first.score !== undefined && first.score >= 6, `score ${first.score}`);
      await http(test.baseUrl, 'POST', `/api/v1/alerts/${first.id}/label`, { label: 'expected', by: 'ana' });
      await http(test.baseUrl, 'POST', `/api/v1/alerts/${first.id}/clear`, {
        by: 'ana',
        note: 'start-up of the heating',
      });

      // The same kind of spike an hour later: hidden by the label (and counted), after a restart too.
      await test.stop({ keepData: true });
      test = await startTestPlatform({ history: false, dataDir: test.dataDir });
      await send(150, 30, {});
      const restarted = await http<{ tunedSeries: number }>(test.baseUrl, 'GET', '/api/v1/detectors');
      assert.equal(restarted.body.tunedSeries, 1);
      await send(180, 60, { 210: 2.7 });
      const quiet = await http<{ suppressedByLabels: number }>(test.baseUrl, 'GET', '/api/v1/detectors');
      assert.equal(quiet.body.suppressedByLabels, 1);
      assert.equal(await openSpike(), undefined);
      // A much stronger one is raised.
      await send(240, 30, { 250: 9 });
      const strong = await waitFor(openSpike, 5_000, 'the strong spike alert');
      assert.ok((strong.score ?? 0) > first.score * 1.1, `${strong.score} > ${first.score} × 1.1`);
    } finally {
      await test.stop();
    }
  });

  it('can be turned off', async () => {
    const test = await startTestPlatform({ history: false, anomalies: false });
    try {
      const { status, body } = await http<{ detail: string }>(test.baseUrl, 'GET', '/api/v1/detectors');
      assert.equal(status, 400);
      assert.match(body.detail, /turned off/);
    } finally {
      await test.stop();
    }
  });
});
