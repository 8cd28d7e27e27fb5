// Several sources, one value: a consistency rule resolves an air-handling unit's supply
// temperature from the BMS and a direct probe, over real MQTT clients; the state API and the
// WebSocket say which input won and why; a source going offline hands over; inputs that
// disagree too long open a work order.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import WebSocket from 'ws';
import type { ServerFrame, TwinState } from '@doppel/protocol';
import { http, waitFor } from '../support/http.js';
import type { TestPlatform } from '../support/in-process-platform.js';
import { startTestPlatform } from '../support/in-process-platform.js';

const AHU_MODEL = {
  '@context': 'dtmi:dtdl:context;3',
  '@id': 'dtmi:test:Ahu;1',
  '@type': 'Interface',
  contents: [
    { '@type': 'Telemetry', name: 'supplyTemp', schema: 'double' },
    { '@type': 'Telemetry', name: 'supplyTempBms', schema: 'double' },
    { '@type': 'Telemetry', name: 'supplyTempProbe', schema: 'double' },
  ],
};

describe('consistency rules: one value from several sources', () => {
  let test: TestPlatform;
  const stateOf = async (id: string) =>
    (await http<TwinState>(test.baseUrl, 'GET', `/api/v1/digitaltwins/${id}/state`)).body;

  before(async () => {
    test = await startTestPlatform({
      history: false,
      consistency: {
        rules: [
          {
            name: 'supply',
            model: 'dtmi:test:Ahu;1',
            path: 'supplyTemp',
            policy: 'priority',
            tolerance: 0.5,
            discrepancyAfterMs: 1_000,
            inputs: [
              { path: 'supplyTempBms', role: 'status', trust: 0.9 },
              { path: 'supplyTempProbe', role: 'measurement' },
            ],
          },
        ],
        trust: { probe: 0.8 },
      },
    });
    await http(test.baseUrl, 'POST', '/api/v1/models', [AHU_MODEL]);
    await http(test.baseUrl, 'PUT', '/api/v1/digitaltwins/ahu-1', { $metadata: { $model: AHU_MODEL['@id'] } });
  });

  after(async () => test.stop());

  it('resolves by priority, records the winner and why, hands over when the source goes offline, and opens a work order on disagreement', async () => {
    const socket = new WebSocket(`${test.baseUrl.replace('http', 'ws')}/api/v1/live`);
    const frames: ServerFrame[] = [];
    socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString()) as ServerFrame));
    await new Promise((resolve) => socket.once('open', resolve));
    const bms = await mqtt.connectAsync(test.mqttUrl, { clientId: 'bms' });
    const probe = await mqtt.connectAsync(test.mqttUrl, { clientId: 'probe' });
    try {
      socket.send(JSON.stringify({ type: 'subscribe', twins: ['ahu-1'], coalesceMs: 0, snapshot: false }));
      await waitFor(() => frames.find((frame) => frame.type === 'subscribed'), 5_000, 'subscribed');
      await bms.publishAsync('twins/ahu-1/telemetry', JSON.stringify({ supplyTempBms: 16 }), { qos: 1 });
      await probe.publishAsync('twins/ahu-1/telemetry', JSON.stringify({ supplyTempProbe: 16.2 }), { qos: 1 });

      const resolved = await waitFor(
        async () => {
          const state = await stateOf('ahu-1');
          return state.paths.supplyTemp?.resolution?.inputs.every((input) => input.value !== null) === true
            ? state
            : undefined;
        },
        5_000,
        'supplyTemp resolved from both inputs',
      );
      const supply = resolved.paths.supplyTemp;
      assert.equal(supply?.value, 16, 'the BMS comes first');
      assert.equal(supply?.source, 'consistency:supply');
      assert.equal(supply?.resolution?.reason, 'highest-priority');
      assert.equal(supply?.resolution?.winner, 0);
      assert.equal(supply?.resolution?.agree, true);
      assert.deepEqual(
        supply?.resolution?.inputs.map((input) => [input.path, input.source, input.value]),
        [
          ['supplyTempBms', 'bms', 16],
          ['supplyTempProbe', 'probe', 16.2],
        ],
      );
      // Confidence: the input's trust (0.9), fresh, good; the probe's comes from consistency.trust.
      assert.equal(supply?.confidence, 0.9);
      assert.equal(resolved.paths.supplyTempProbe?.confidence, 0.8);
      const trusted = (
        await http<{ value: { id: string; c: number }[] }>(test.baseUrl, 'POST', '/api/v1/query', {
          query:
            'SELECT T.$dtId AS id, CONFIDENCE(T.supplyTemp) AS c FROM DIGITALTWINS T WHERE CONFIDENCE(T.supplyTempProbe) >= 0.8',
        })
      ).body.value;
      assert.deepEqual(trusted, [{ id: 'ahu-1', c: 0.9 }]);
      const frame = await waitFor(
        () => frames.find((one) => one.type === 'twin.updated' && one.paths.supplyTemp?.resolution !== undefined),
        5_000,
        'a frame with the resolution',
      );
      assert.ok(frame.type === 'twin.updated');

      // The BMS gateway says it is offline: the probe takes over within the next sweep (1 s).
      await bms.publishAsync('sources/bms/status', 'offline', { qos: 1 });
      const handedOver = await waitFor(
        async () => {
          const state = await stateOf('ahu-1');
          return state.paths.supplyTemp?.value === 16.2 ? state : undefined;
        },
        5_000,
        'the probe to take over',
      );
      assert.equal(handedOver.paths.supplyTemp?.resolution?.reason, 'fallback');
      assert.equal(handedOver.paths.supplyTemp?.resolution?.inputs[0]?.unusable, 'source-offline');
      assert.match(handedOver.paths.supplyTemp?.resolution?.message ?? '', /bms\) is source-offline/);

      // Back online and 4 °C apart from the probe: after 1 s of disagreement, a work order.
      await bms.publishAsync('twins/ahu-1/telemetry', JSON.stringify({ supplyTempBms: 20.2 }), { qos: 1 });
      await probe.publishAsync('twins/ahu-1/telemetry', JSON.stringify({ supplyTempProbe: 16.3 }), { qos: 1 });
      const order = await waitFor(
        async () => {
          const found = (
            await http<{ value: { rule: string; title: string; twinId: string }[] }>(
              test.baseUrl,
              'GET',
              '/api/v1/workorders?twinId=ahu-1',
            )
          ).body.value;
          return found[0];
        },
        8_000,
        'a work order for the disagreement',
      );
      assert.equal(order.rule, 'consistency:supply');
      assert.equal(order.title, 'Sources disagree: supply');
      const overview = (
        await http<{ rules: { name: string; resolvedTwins: number; problem: string | null }[]; disagreeing: number }>(
          test.baseUrl,
          'GET',
          '/api/v1/consistency',
        )
      ).body;
      assert.deepEqual(
        overview.rules.map((rule) => [rule.name, rule.resolvedTwins, rule.problem]),
        [['supply', 1, null]],
      );
      assert.equal(overview.disagreeing, 1);
    } finally {
      socket.close();
      await bms.endAsync();
      await probe.endAsync();
    }
  });

  it('refuses a start with a rule it cannot use, saying which field to fix', async () => {
    await assert.rejects(
      startTestPlatform({
        history: false,
        consistency: {
          rules: [
            {
              name: 'x',
              model: 'dtmi:test:Ahu;1',
              path: 'supplyTemp',
              policy: 'priority',
              inputs: [{ path: 'supplyTemp' }, { path: 'supplyTempProbe' }],
            },
          ],
        },
      }),
      /consistency\.rules\[0\]\.inputs\[0\]\.path is the rule's own path "supplyTemp"/,
    );
  });
});
