// User ONNX models through the real platform (onnxruntime-node): versions uploaded as files, a
// binding runs one on the telemetry of every twin of a model (batched), writes the output back as
// telemetry, runs a shadow version beside it with a comparison, promotes it, survives a restart,
// and raises an input drift alert against a reference window of history.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AlertView, TwinState } from '@doppel/protocol';
import { linearModel } from '../../packages/server/src/analytics/onnx/onnx-writer.js';
import { doppel } from '../support/doppel-cli.js';
import { http, waitFor } from '../support/http.js';
import { startTestPlatform } from '../support/in-process-platform.js';

const MOTOR = {
  '@context': 'dtmi:dtdl:context;3',
  '@id': 'dtmi:test:Motor;1',
  '@type': 'Interface',
  contents: [
    { '@type': 'Telemetry', name: 'current', schema: 'double' },
    { '@type': 'Telemetry', name: 'speed', schema: 'double' },
    { '@type': 'Telemetry', name: 'label', schema: 'string' },
    { '@type': 'Telemetry', name: 'predictedPower', schema: 'double' },
    { '@type': 'Telemetry', name: 'predictedPowerV2', schema: 'double' },
  ],
};
const TWINS = ['motor-1', 'motor-2', 'motor-3'];
const V1 = { weights: [0.4, 0.01], bias: 0 };
const V2 = { weights: [0.4, 0.02], bias: 1 };
const predict = (model: typeof V1, current: number, speed: number) =>
  model.weights[0]! * current + model.weights[1]! * speed + model.bias;

interface BindingView {
  version: string;
  shadowVersion?: string;
  status: { inferences: number; batches: number; errors: number };
  shadow: { count: number; meanAbsDiff: number | null; correlation: number | null } | null;
  drift: { input: string; state: string }[];
}

async function upload(baseUrl: string, name: string, version: string, bytes: Uint8Array) {
  const response = await fetch(`${baseUrl}/api/v1/ml-models/${name}/versions/${version}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('ONNX models on the stream', () => {
  it('runs a bound model and its shadow, promotes, restarts, and watches input drift', async () => {
    let test = await startTestPlatform({ history: true, anomalies: false });
    const cliDir = await mkdtemp(join(tmpdir(), 'doppel-onnx-'));
    try {
      const { baseUrl } = test;
      await http(baseUrl, 'POST', '/api/v1/models', [MOTOR]);
      for (const id of TWINS)
        await http(baseUrl, 'PUT', `/api/v1/digitaltwins/${id}`, { $metadata: { $model: MOTOR['@id'] } });
      const send = (id: string, ts: number, values: object) =>
        http(test.baseUrl, 'POST', `/api/v1/digitaltwins/${id}/telemetry`, { ts, ...values });

      // Uploads: checked by loading them; versions are immutable.
      const v1 = linearModel({ inputSize: 2, ...V1 });
      const first = await upload(baseUrl, 'power', '1', v1);
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.equal(first.body.featuresPerRow, 2);
      assert.equal((await upload(baseUrl, 'power', '1', v1)).status, 200);
      const changed = await upload(baseUrl, 'power', '1', linearModel({ inputSize: 2, ...V2 }));
      assert.equal(changed.status, 400);
      assert.equal(changed.body.code, 'mlmodel.invalid');
      const garbage = await upload(baseUrl, 'power', '9', new Uint8Array([1, 2, 3, 4]));
      assert.equal(garbage.status, 400);
      assert.match(String(garbage.body.detail), /not a model onnxruntime can load/);
      // The second version through the CLI, as a user would.
      const file = join(cliDir, 'power-v2.onnx');
      await writeFile(file, linearModel({ inputSize: 2, ...V2 }));
      const cli = await doppel(['ml', 'upload', 'power', '2', file, '--url', baseUrl]);
      assert.equal(cli.code, 0, cli.stderr);
      assert.match(cli.stdout, /^power 2: \d+ bytes, 2 features per row/);
      const listed = await doppel(['ml', 'list', '--url', baseUrl]);
      assert.match(listed.stdout, /power\s+1\s+\d+\s+2\n/);
      assert.match(listed.stdout, /power\s+2\s+\d+\s+2\n/);

      // Normal operation in history: the drift reference window.
      const startMs = Date.now() - 600_000;
      for (let k = 0; k < 60; k++)
        for (const id of TWINS)
          await send(id, startMs + k * 1000, { current: 10 + (k % 7), speed: 1400 + (k % 11) * 10 });
      await waitFor(
        async () => {
          const { body } = await http<{ lagRecords: number }>(baseUrl, 'GET', '/api/v1/history/status');
          return body.lagRecords === 0 ? true : undefined;
        },
        20_000,
        'history caught up',
      );

      const binding = {
        modelId: MOTOR['@id'],
        mlModel: 'power',
        version: '1',
        shadowVersion: '2',
        inputs: ['current', 'speed'],
        outputProperty: 'predictedPower',
        shadowOutputProperty: 'predictedPowerV2',
        referenceFrom: new Date(startMs).toISOString(),
        referenceTo: new Date(startMs + 60_000).toISOString(),
      };
      const wrong = await http<{ code: string; detail: string }>(baseUrl, 'PUT', '/api/v1/ml-bindings/power', {
        ...binding,
        inputs: ['current', 'label'],
      });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.code, 'mlbinding.invalid');
      assert.match(wrong.body.detail, /"label" is not a numeric telemetry/);
      const put = await http<BindingView>(baseUrl, 'PUT', '/api/v1/ml-bindings/power', binding);
      assert.equal(put.status, 200, JSON.stringify(put.body));

      // Live rows: each twin's output is the model's, written back as telemetry; the shadow's beside it.
      const liveMs = Date.now();
      for (const [i, id] of TWINS.entries()) await send(id, liveMs, { current: 12 + i, speed: 1450 });
      for (const [i, id] of TWINS.entries()) {
        const paths = await waitFor(
          async () => {
            const { body } = await http<TwinState>(baseUrl, 'GET', `/api/v1/digitaltwins/${id}/state`);
            return body.paths.predictedPower?.sourceTimeMs === liveMs && body.paths.predictedPowerV2 !== undefined
              ? body.paths
              : undefined;
          },
          20_000,
          `the outputs of ${id}`,
        );
        assert.equal(paths.predictedPower?.source, 'analytics:onnx');
        assert.ok(Math.abs((paths.predictedPower?.value as number) - predict(V1, 12 + i, 1450)) < 1e-3);
        assert.ok(Math.abs((paths.predictedPowerV2?.value as number) - predict(V2, 12 + i, 1450)) < 1e-3);
      }
      const running = await http<BindingView>(baseUrl, 'GET', '/api/v1/ml-bindings/power');
      assert.equal(running.body.status.errors, 0);
      assert.ok(running.body.status.inferences >= TWINS.length);
      assert.ok(running.body.shadow !== null && running.body.shadow.count >= TWINS.length);
      // v2 − v1 = 0.01 × speed + 1 = 15.5 at 1450 rpm.
      assert.ok(Math.abs((running.body.shadow.meanAbsDiff ?? 0) - 15.5) < 1, String(running.body.shadow.meanAbsDiff));

      const bindings = await doppel(['ml', 'bindings', '--url', baseUrl]);
      assert.match(bindings.stdout, /power\s+power\s+1\s+2\s+\d+\s+0\s+15\.\d/);

      const inUse = await http<{ code: string }>(baseUrl, 'DELETE', '/api/v1/ml-models/power/versions/1');
      assert.equal(inUse.status, 409);
      assert.equal(inUse.body.code, 'mlmodel.in-use');

      const promoted = await http<BindingView>(baseUrl, 'POST', '/api/v1/ml-bindings/power/promote');
      assert.equal(promoted.body.version, '2');
      assert.equal(promoted.body.shadowVersion, undefined);
      assert.equal((await http(baseUrl, 'DELETE', '/api/v1/ml-models/power/versions/1')).status, 204);

      // A restart keeps the promoted binding running.
      await test.stop({ keepData: true });
      test = await startTestPlatform({ history: true, anomalies: false, dataDir: test.dataDir });
      await send('motor-1', liveMs + 5_000, { current: 15, speed: 1500 });
      const after = await waitFor(
        async () => {
          const { body } = await http<TwinState>(test.baseUrl, 'GET', '/api/v1/digitaltwins/motor-1/state');
          return body.paths.predictedPower?.sourceTimeMs === liveMs + 5_000 ? body.paths.predictedPower : undefined;
        },
        20_000,
        'the promoted output after a restart',
      );
      assert.ok(Math.abs((after.value as number) - predict(V2, 15, 1500)) < 1e-3);
      const onTwin = await http<{ bindings: { id: string; version: string; lastOutput: number | null }[] }>(
        test.baseUrl,
        'GET',
        '/api/v1/digitaltwins/motor-1/models',
      );
      assert.deepEqual(
        onTwin.body.bindings.map(({ id, version }) => ({ id, version })),
        [{ id: 'power', version: '2' }],
      );

      // The motor then runs at twice the current it had in the reference window: drift.
      for (let k = 0; k < 300; k++)
        await send('motor-1', liveMs + 10_000 + k * 1000, { current: 30 + (k % 5), speed: 1450 });
      const drift = await waitFor(
        async () => {
          const { body } = await http<{ value: AlertView[] }>(
            test.baseUrl,
            'GET',
            '/api/v1/alerts?twinId=motor-1&status=open',
          );
          return body.value.find((alert) => alert.ruleId === 'drift.power.current');
        },
        20_000,
        'the drift alert',
      );
      assert.match(drift.message, /population stability index/);
    } finally {
      await test.stop();
      await rm(cliDir, { recursive: true, force: true });
    }
  });
});
