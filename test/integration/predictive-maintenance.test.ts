// Predictive maintenance through the real platform: a sensor model extends the built-in
// BearingMonitor; a simulated bearing (@doppel/sim's bearing-waveform.ts) sends vibration
// waveforms over ten compressed days while its outer race degrades; the platform writes features,
// the health index and the remaining useful life back as telemetry of the twin (state, history),
// and an alert rule on the RUL fires before the bearing fails.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertView, TwinState } from '@doppel/protocol';
import { defectSeverity, waveformAt } from '@doppel/sim';
import { http, waitFor } from '../support/http.js';
import { startTestPlatform } from '../support/in-process-platform.js';

const SENSOR = {
  '@context': 'dtmi:dtdl:context;3',
  '@id': 'dtmi:test:BearingSensor;1',
  '@type': 'Interface',
  extends: 'dtmi:doppel:analytics:BearingMonitor;1',
  contents: [{ '@type': 'Property', name: 'position', schema: 'string' }],
};
const SAMPLE_RATE_HZ = 12_800;
const WAVEFORMS = 100;
const LIFE_MS = 10 * 86_400_000;

describe('predictive maintenance', () => {
  it('turns waveforms into health and remaining useful life, and alerts before failure', async (t) => {
    const test = await startTestPlatform({ history: true, anomalies: false });
    try {
      await http(test.baseUrl, 'POST', '/api/v1/models', [SENSOR]);
      await http(test.baseUrl, 'PUT', '/api/v1/digitaltwins/bearing-1', {
        $metadata: { $model: 'dtmi:test:BearingSensor;1' },
        shaftSpeedHz: 25,
      });
      const rule = await http(test.baseUrl, 'PUT', '/api/v1/alert-rules/rul-low', {
        name: 'Bearing fails within 3 days',
        severity: 'major',
        models: ['dtmi:doppel:analytics:BearingMonitor;1'],
        condition: { path: 'rulP10Hours', below: 72 },
      });
      assert.equal(rule.status, 200);

      // Ten days of life in the past, a waveform every 2.4 hours; the simulator fails at life 1.
      const startMs = Date.now() - LIFE_MS;
      let failedAtMs: number | undefined;
      for (let k = 0; k < WAVEFORMS; k++) {
        const life = k / WAVEFORMS;
        const ts = startMs + life * LIFE_MS;
        if (failedAtMs === undefined && defectSeverity(life) >= 0.8) failedAtMs = ts;
        const samples = Array.from(waveformAt(life, SAMPLE_RATE_HZ, 4_096, k), (v) => Math.round(v * 1e4) / 1e4);
        const answer = await http(test.baseUrl, 'POST', '/api/v1/digitaltwins/bearing-1/telemetry', {
          ts,
          waveform: { sampleRateHz: SAMPLE_RATE_HZ, samples },
        });
        assert.equal(answer.status, 200);
      }
      assert.ok(failedAtMs !== undefined);

      const state = await waitFor(
        async () => {
          const { body } = await http<TwinState>(test.baseUrl, 'GET', '/api/v1/digitaltwins/bearing-1/state');
          return (body.paths.rulP50Hours?.sourceTimeMs ?? 0) >= startMs + ((WAVEFORMS - 1) / WAVEFORMS) * LIFE_MS
            ? body
            : undefined;
        },
        20_000,
        'the last reading',
      );
      const health = state.paths.healthIndex?.value as number;
      assert.ok(health < 0.5, `worn at the end: health ${health}`);
      assert.equal(state.paths.healthIndex?.source, 'analytics:bearing');
      const [p10, p50, p90] = ['rulP10Hours', 'rulP50Hours', 'rulP90Hours'].map(
        (path) => state.paths[path]?.value as number,
      );
      assert.ok(p10 !== undefined && p10 <= p50! && p50! <= p90!, `ordered band ${p10} ${p50} ${p90}`);

      // The health index fell over the life (history keeps the derived values, not the waveforms).
      await waitFor(
        async () => {
          const { body } = await http<{ lagRecords: number }>(test.baseUrl, 'GET', '/api/v1/history/status');
          return body.lagRecords === 0 ? true : undefined;
        },
        20_000,
        'history',
      );
      const history = await http<{ frames: { timestamps: number[]; values: number[] }[] }>(
        test.baseUrl,
        'GET',
        `/api/v1/digitaltwins/bearing-1/history?path=healthIndex&from=${startMs}&to=${Date.now()}`,
      );
      const values = history.body.frames[0]?.values ?? [];
      assert.ok(values.length >= 60, `${values.length} health readings in history`);
      assert.ok((values[0] ?? 0) > 0.9 && (values.at(-1) ?? 1) < 0.5, `from ${values[0]} down to ${values.at(-1)}`);

      // The RUL alert fired before the simulated failure.
      const alerts = (
        await http<{ value: AlertView[] }>(test.baseUrl, 'GET', '/api/v1/alerts?twinId=bearing-1&ruleId=rul-low')
      ).body.value;
      const first = alerts.at(-1);
      assert.ok(first !== undefined, 'an RUL alert');
      const raisedAtReading = Number(/rulP10Hours (\S+) < 72/.exec(first.message)?.[1]);
      assert.ok(raisedAtReading < 72, first.message);
      const readings = await http<{ frames: { timestamps: number[]; values: number[] }[] }>(
        test.baseUrl,
        'GET',
        `/api/v1/digitaltwins/bearing-1/history?path=rulP10Hours&from=${startMs}&to=${Date.now()}`,
      );
      const frame = readings.body.frames[0];
      const firstLowIndex = frame?.values.findIndex((v) => v < 72) ?? -1;
      assert.ok(firstLowIndex >= 0);
      const warnedAtMs = frame?.timestamps[firstLowIndex] as number;
      assert.ok(
        warnedAtMs < failedAtMs,
        `warned ${((failedAtMs - warnedAtMs) / 3_600_000).toFixed(0)} h before failure`,
      );
      // Failures recorded close the loop: bearing-1 failed as predicted; bearing-2 failed unannounced.
      await http(test.baseUrl, 'PUT', '/api/v1/digitaltwins/bearing-2', {
        $metadata: { $model: 'dtmi:test:BearingSensor;1' },
      });
      const recorded = await http(test.baseUrl, 'POST', '/api/v1/digitaltwins/bearing-1/maintenance', {
        kind: 'failure',
        at: new Date(failedAtMs).toISOString(),
        note: 'outer race spalled',
        by: 'ana',
      });
      assert.equal(recorded.status, 201);
      await http(test.baseUrl, 'POST', '/api/v1/digitaltwins/bearing-2/maintenance', { kind: 'failure' });
      const bad = await http<{ code: string }>(test.baseUrl, 'POST', '/api/v1/digitaltwins/bearing-2/maintenance', {
        kind: 'broke',
      });
      assert.equal(bad.status, 400);
      const outcomes = await http<{
        value: {
          ruleId: string;
          predicted: number;
          occurred: number;
          missed: number;
          precision: number;
          recall: number;
          medianLeadHours: number;
        }[];
      }>(test.baseUrl, 'GET', '/api/v1/maintenance/outcomes');
      const rul = outcomes.body.value.find((outcome) => outcome.ruleId === 'rul-low');
      assert.deepEqual(
        [rul?.predicted, rul?.occurred, rul?.missed, rul?.precision, rul?.recall],
        [1, 1, 1, 1, 0.5],
        '1 predicted, 1 occurred, 1 missed',
      );
      assert.ok((rul?.medianLeadHours ?? 0) > 24, `${rul?.medianLeadHours} h of warning`);
      t.diagnostic(
        `health ${values[0]?.toFixed(2)} → ${values.at(-1)?.toFixed(2)}; RUL alert ${((failedAtMs - warnedAtMs) / 3_600_000).toFixed(0)} h before failure; last RUL p10/p50/p90 ${[p10, p50, p90].map((v) => v?.toFixed(0)).join(' / ')} h`,
      );
    } finally {
      await test.stop();
    }
  });
});

// The demo plant's pumps extend BearingMonitor and its simulator sends their waveforms: the first
// waveform of each already comes back as features (the health index needs 30, i.e. half an hour,
// which sim/bearing-wear.test.ts and analytics/maintenance/demo-bearing.test.ts play out). The
// pumps' own telemetry stays historized beside the derived values; the waveforms do not. The
// demo's ONNX model predicts every pump's power.
describe('predictive maintenance in the demo plant', () => {
  it('turns the simulated pumps’ waveforms into features and historizes their own telemetry', async () => {
    const test = await startTestPlatform({ demo: true, simulator: true, history: true, anomalies: false });
    try {
      const pumps = Array.from({ length: 8 }, (_, i) => `pump-${i + 1}`);
      const states = await waitFor(
        async () => {
          const all = await Promise.all(
            pumps.map(
              async (id) => (await http<TwinState>(test.baseUrl, 'GET', `/api/v1/digitaltwins/${id}/state`)).body,
            ),
          );
          return all.every(
            (state) => state.paths.vibrationRms !== undefined && state.paths.predictedPower !== undefined,
          )
            ? all
            : undefined;
        },
        15_000,
        'features and the demo model’s predictions of every pump',
      );
      for (const state of states) {
        assert.equal(state.paths.vibrationRms?.source, 'analytics:bearing');
        assert.ok((state.paths.vibrationRms?.value as number) > 0);
        assert.equal(typeof state.paths.flowRate?.value, 'number');
        // The demo's ONNX model (analytics/onnx/example-model.ts) runs on every pump.
        assert.equal(state.paths.predictedPower?.source, 'analytics:onnx');
        assert.ok((state.paths.predictedPower?.value as number) > 0);
      }
      const binding = await http<{ version: string; status: { errors: number } }>(
        test.baseUrl,
        'GET',
        '/api/v1/ml-bindings/pump-power',
      );
      assert.deepEqual([binding.body.version, binding.body.status.errors], ['1', 0]);
      const rule = await http<{ condition: unknown }>(test.baseUrl, 'GET', '/api/v1/alert-rules/pump-bearing-failing');
      assert.equal(rule.status, 200);
      const deadLetters = await http<{ total: number }>(test.baseUrl, 'GET', '/api/v1/deadletters');
      assert.equal(deadLetters.body.total, 0, 'the simulator sends nothing the models refuse');

      await waitFor(
        async () => {
          const { body } = await http<{ lagRecords: number }>(test.baseUrl, 'GET', '/api/v1/history/status');
          return body.lagRecords === 0 ? true : undefined;
        },
        20_000,
        'history',
      );
      const history = async (
        path: string,
      ): Promise<{ status: number; body: { frames?: { values: unknown[] }[]; code?: string } }> =>
        http(test.baseUrl, 'GET', `/api/v1/digitaltwins/pump-1/history?path=${path}&from=0&to=${Date.now() + 60_000}`);
      for (const path of ['flowRate', 'vibration', 'bearingTemperature', 'vibrationRms']) {
        const { status, body } = await history(path);
        assert.equal(status, 200, path);
        assert.ok((body.frames?.[0]?.values.length ?? 0) > 0, `${path} has history`);
      }
      const waveform = await history('waveform');
      assert.equal(waveform.status, 404);
      assert.equal(waveform.body.code, 'history.series-unknown');
    } finally {
      await test.stop();
    }
  });
});
