// A multivariate anomaly model per asset through the real platform: a pump's normal operation is
// in history; the operator trains an isolation forest on that window; live rows are scored, the
// score is written back as telemetry of the twin (state and history), a row off the pump curve
// raises an alert explaining itself; an "expected" label retrains it (on its own, then by hand)
// and moves the threshold above it; drift; a restart.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertView, TwinState } from '@doppel/protocol';
import { http, waitFor } from '../support/http.js';
import { startTestPlatform } from '../support/in-process-platform.js';

const PUMP = {
  '@context': 'dtmi:dtdl:context;3',
  '@id': 'dtmi:test:CurvePump;1',
  '@type': 'Interface',
  contents: [
    { '@type': 'Telemetry', name: 'flowRate', schema: 'double' },
    { '@type': 'Telemetry', name: 'pressure', schema: 'double' },
    { '@type': 'Telemetry', name: 'anomalyScore', schema: 'double' },
  ],
};

/** On the curve at speed s: flow ∝ s, pressure ∝ s² (the pump affinity laws), with a little noise. */
const onCurve = (s: number, k: number) => ({
  flowRate: Math.round((16 * s + 0.2 * Math.sin(k * 1.7)) * 1000) / 1000,
  pressure: Math.round((0.4 + 3.1 * s * s + 0.04 * Math.cos(k * 2.3)) * 1000) / 1000,
});

interface ModelView {
  version: number;
  threshold: number;
  trainingRows: number;
  lastScore: number | null;
  labelsUsed: { real: number; expected: number };
  labelsSinceTraining: number;
  labelledExpected: number;
  precision: number | null;
}

describe('asset anomaly models', () => {
  it('trains on a window of normal operation, scores live rows, alerts, and retrains with labels', async () => {
    let test = await startTestPlatform({ history: true, anomalies: false });
    try {
      await http(test.baseUrl, 'POST', '/api/v1/models', [PUMP]);
      await http(test.baseUrl, 'PUT', '/api/v1/digitaltwins/pump-1', { $metadata: { $model: PUMP['@id'] } });
      const send = (ts: number, values: object) =>
        http(test.baseUrl, 'POST', '/api/v1/digitaltwins/pump-1/telemetry', { ts, ...values });

      // 400 rows of normal operation, one a second, speeds all over the range.
      const startMs = Date.now() - 3_600_000;
      for (let k = 0; k < 400; k++) {
        const answer = await send(startMs + k * 1000, onCurve(0.5 + (0.4 * ((k * 37) % 100)) / 100, k));
        assert.equal(answer.status, 200);
      }
      await waitFor(
        async () => {
          const { body } = await http<{ lagRecords: number }>(test.baseUrl, 'GET', '/api/v1/history/status');
          return body.lagRecords === 0 ? true : undefined;
        },
        20_000,
        'history caught up',
      );

      const refused = await http(test.baseUrl, 'PUT', '/api/v1/digitaltwins/pump-1/anomaly-model', {
        properties: ['flowRate', 'speed'],
        trainFrom: new Date(startMs).toISOString(),
        trainTo: new Date(startMs + 400_000).toISOString(),
      });
      assert.equal(refused.status, 400);
      assert.equal((refused.body as { code: string }).code, 'anomaly.model-invalid');
      assert.match((refused.body as { detail: string }).detail, /"speed" is not a numeric telemetry/);

      const trained = await http<ModelView>(test.baseUrl, 'PUT', '/api/v1/digitaltwins/pump-1/anomaly-model', {
        properties: ['flowRate', 'pressure'],
        trainFrom: new Date(startMs).toISOString(),
        trainTo: new Date(startMs + 400_000).toISOString(),
        retrainAfterLabels: 1,
      });
      assert.equal(trained.status, 200, JSON.stringify(trained.body));
      assert.equal(trained.body.version, 1);
      assert.equal(trained.body.trainingRows, 400);
      assert.ok(trained.body.threshold > 0.4 && trained.body.threshold < 0.9, `threshold ${trained.body.threshold}`);

      // Live: a normal row, then flow of 70 % speed at the pressure of 95 % (each value ordinary alone).
      const liveMs = Date.now();
      await send(liveMs, onCurve(0.7, 1));
      await send(liveMs + 1000, { flowRate: 11.2, pressure: 0.4 + 3.1 * 0.95 * 0.95 });
      const alert = await waitFor(
        async () => {
          const { body } = await http<{ value: AlertView[] }>(
            test.baseUrl,
            'GET',
            '/api/v1/alerts?twinId=pump-1&status=open',
          );
          return body.value.find((candidate) => candidate.ruleId === 'anomaly.forest');
        },
        20_000,
        'the anomaly alert',
      );
      assert.match(alert.message, /most unusual: (flowRate|pressure)/);
      // Editing the rule set leaves the model's alert alone: it is not one of the set's rules.
      const rule = await http(test.baseUrl, 'PUT', '/api/v1/alert-rules/hot-pump', {
        name: 'Pump pressure high',
        severity: 'minor',
        models: [PUMP['@id']],
        condition: { path: 'pressure', above: 100 },
      });
      assert.equal(rule.status, 200);
      const stillOpen = await http<AlertView>(test.baseUrl, 'GET', `/api/v1/alerts/${alert.id}`);
      assert.equal(stillOpen.body.status, 'active');
      assert.equal(alert.sourceTimeMs, liveMs + 1000);

      // The score is written through ingest, so it reaches state a moment after the alert.
      const score = await waitFor(
        async () => {
          const { body } = await http<TwinState>(test.baseUrl, 'GET', '/api/v1/digitaltwins/pump-1/state');
          return body.paths.anomalyScore?.sourceTimeMs === liveMs + 1000 ? body.paths.anomalyScore : undefined;
        },
        20_000,
        'the score of the row off the curve',
      );
      assert.equal(score.source, 'analytics:anomaly');
      assert.ok((score.value as number) >= trained.body.threshold);

      // The operator says this was expected (a valve test): with retrainAfterLabels 1, that label
      // retrains the model on its own, and the threshold moves above the row.
      await waitFor(
        async () => {
          const { body } = await http<{ lagRecords: number }>(test.baseUrl, 'GET', '/api/v1/history/status');
          return body.lagRecords === 0 ? true : undefined;
        },
        20_000,
        'history caught up',
      );
      const labelled = await http(test.baseUrl, 'POST', `/api/v1/alerts/${alert.id}/label`, { label: 'expected' });
      assert.equal(labelled.status, 200);
      const auto = await waitFor(
        async () => {
          const { body } = await http<ModelView>(test.baseUrl, 'GET', '/api/v1/digitaltwins/pump-1/anomaly-model');
          return body.version === 2 ? body : undefined;
        },
        20_000,
        'the retraining the label started',
      );
      assert.deepEqual(auto.labelsUsed, { real: 0, expected: 1 });
      assert.equal(auto.labelsSinceTraining, 0);
      // By hand, the same window and labels give the same model, one version later.
      const retrained = await http<ModelView>(
        test.baseUrl,
        'POST',
        '/api/v1/digitaltwins/pump-1/anomaly-model/retrain',
      );
      assert.equal(retrained.status, 200, JSON.stringify(retrained.body));
      assert.equal(retrained.body.version, 3);
      assert.equal(retrained.body.threshold, auto.threshold);
      assert.deepEqual(retrained.body.labelsUsed, { real: 0, expected: 1 });
      assert.equal(retrained.body.labelledExpected, 1);
      assert.equal(retrained.body.precision, 0);

      // The same row again after the retrain: below the threshold now.
      await send(liveMs + 10_000, { flowRate: 11.2, pressure: 0.4 + 3.1 * 0.95 * 0.95 });
      const after = await waitFor(
        async () => {
          const { body } = await http<TwinState>(test.baseUrl, 'GET', '/api/v1/digitaltwins/pump-1/state');
          return body.paths.anomalyScore?.sourceTimeMs === liveMs + 10_000 ? body.paths.anomalyScore : undefined;
        },
        20_000,
        'the new score',
      );
      assert.ok((after.value as number) < retrained.body.threshold, `${after.value} < ${retrained.body.threshold}`);

      // The score is a series in history.
      await waitFor(
        async () => {
          const { body } = await http<{ lagRecords: number }>(test.baseUrl, 'GET', '/api/v1/history/status');
          return body.lagRecords === 0 ? true : undefined;
        },
        20_000,
        'history caught up',
      );
      const history = await http<{ frames: { values: number[] }[] }>(
        test.baseUrl,
        'GET',
        `/api/v1/digitaltwins/pump-1/history?path=anomalyScore&from=${new Date(liveMs - 1).toISOString()}&to=${new Date(liveMs + 20_000).toISOString()}`,
      );
      assert.equal(history.status, 200, JSON.stringify(history.body));
      assert.equal(history.body.frames[0]?.values.length, 3);

      // The pump then runs flat out for five minutes: each row is on its curve, but the inputs'
      // distribution is not the training window's any more: an input drift alert.
      for (let k = 0; k < 300; k++) await send(liveMs + 20_000 + k * 1000, onCurve(0.93, k));
      const drift = await waitFor(
        async () => {
          const { body } = await http<{ value: AlertView[] }>(
            test.baseUrl,
            'GET',
            '/api/v1/alerts?twinId=pump-1&status=open',
          );
          return body.value.find((candidate) => candidate.ruleId.startsWith('drift.asset.'));
        },
        20_000,
        'the drift alert',
      );
      assert.match(drift.message, /population stability index/);
      const drifted = await http<ModelView & { drift: { input: string; state: string }[] }>(
        test.baseUrl,
        'GET',
        '/api/v1/digitaltwins/pump-1/anomaly-model',
      );
      assert.ok(drifted.body.drift.some((input) => input.state === 'drifted'));

      // A restart keeps the model, its version and threshold.
      await test.stop({ keepData: true });
      test = await startTestPlatform({ history: true, anomalies: false, dataDir: test.dataDir });
      const listed = await http<{ value: ModelView[] }>(test.baseUrl, 'GET', '/api/v1/anomaly-models');
      assert.equal(listed.body.value.length, 1);
      assert.equal(listed.body.value[0]?.version, 3);
      assert.equal(listed.body.value[0]?.labelsSinceTraining, 0, 'the label came before the last training');
      assert.equal(listed.body.value[0]?.threshold, retrained.body.threshold);
      const deleted = await http(test.baseUrl, 'DELETE', '/api/v1/digitaltwins/pump-1/anomaly-model');
      assert.equal(deleted.status, 204);
      const gone = await http(test.baseUrl, 'GET', '/api/v1/digitaltwins/pump-1/anomaly-model');
      assert.equal(gone.status, 404);
      assert.equal((gone.body as { code: string }).code, 'anomaly.model-not-found');
    } finally {
      await test.stop();
    }
  });
});
