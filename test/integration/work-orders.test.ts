// Discrepancies between sources, caught by a query rule, open maintenance work orders; the work
// orders move through their lifecycle over the API. Real MQTT device, real platform.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import WebSocket from 'ws';
import type { ServerFrame } from '@doppel/protocol';
import { PUMP_MODEL, pumpTwin } from '../fixtures/models.js';
import { http, waitFor } from '../support/http.js';
import type { TestPlatform } from '../support/in-process-platform.js';
import { startTestPlatform } from '../support/in-process-platform.js';

interface WorkOrder {
  id: string;
  twinId: string;
  title: string;
  description: string;
  status: string;
  assignee: string | null;
  rule: string | null;
  log: { status: string; by: string; note?: string }[];
}

describe('discrepancies and work orders', () => {
  let test: TestPlatform;
  const orders = async (query = '') =>
    (await http<{ value: WorkOrder[] }>(test.baseUrl, 'GET', `/api/v1/workorders${query}`)).body.value;
  const publish = async (values: Record<string, number>): Promise<void> => {
    const device = await mqtt.connectAsync(test.mqttUrl, { clientId: 'pump-device' });
    await device.publishAsync('twins/pump-d/telemetry', JSON.stringify(values), { qos: 1 });
    await device.endAsync();
  };

  before(async () => {
    test = await startTestPlatform({
      history: false,
      discrepancies: [
        {
          // The drive says it pumps, the pressure sensor says there is no pressure: one of them lies.
          name: 'flow-without-pressure',
          title: 'Flow reported without pressure: check the pressure sensor and the drive',
          query: `SELECT P.$dtId AS twinId, P.flowRate AS flowRate, P.pressure AS pressure FROM DIGITALTWINS P
                  WHERE IS_OF_MODEL(P, 'dtmi:test:Pump;1') AND P.flowRate > 1 AND P.pressure < 0.5`,
          intervalMs: 1_000,
        },
      ],
    });
    await http(test.baseUrl, 'POST', '/api/v1/models', [PUMP_MODEL]);
    await http(test.baseUrl, 'PUT', '/api/v1/digitaltwins/pump-d', pumpTwin('pump-d'));
  });

  after(async () => test.stop());

  it('opens one work order when sources contradict each other, and announces when it clears', async () => {
    const socket = new WebSocket(`${test.baseUrl.replace('http', 'ws')}/api/v1/live`);
    const frames: ServerFrame[] = [];
    socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString()) as ServerFrame));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'subscribe', twins: ['pump-d'], snapshot: false }));
    await waitFor(() => frames.find((frame) => frame.type === 'subscribed'));
    await publish({ flowRate: 5, pressure: 0.1 });
    const [order] = await waitFor(
      async () => {
        const found = await orders('?twinId=pump-d');
        return found.length > 0 ? found : undefined;
      },
      8_000,
      'a work order',
    );
    assert.ok(order !== undefined);
    assert.deepEqual(
      [order.status, order.rule, order.title],
      ['open', 'flow-without-pressure', 'Flow reported without pressure: check the pressure sensor and the drive'],
    );
    assert.match(order.description, /"flowRate":5/);
    const current = (
      await http<{ value: { rule: string; twinId: string }[] }>(test.baseUrl, 'GET', '/api/v1/discrepancies')
    ).body.value;
    assert.deepEqual(
      current.map((d) => `${d.rule}:${d.twinId}`),
      ['flow-without-pressure:pump-d'],
    );
    // Still contradicting on the next runs: no second work order.
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    assert.equal((await orders('?twinId=pump-d')).length, 1);
    // Fixed: the discrepancy clears; the work order stays for a person to close.
    await publish({ flowRate: 5, pressure: 2.5 });
    await waitFor(
      async () => {
        const { body } = await http<{ value: unknown[] }>(test.baseUrl, 'GET', '/api/v1/discrepancies');
        return body.value.length === 0 ? true : undefined;
      },
      8_000,
      'the discrepancy to clear',
    );
    assert.equal((await orders('?status=open'))[0]?.id, order.id);
    const events = frames.filter(
      (frame) => frame.type === 'discrepancy.raised' || frame.type === 'discrepancy.cleared',
    );
    assert.deepEqual(
      events.map((frame) =>
        frame.type === 'discrepancy.raised' || frame.type === 'discrepancy.cleared'
          ? `${frame.type}:${frame.twinId}`
          : '',
      ),
      ['discrepancy.raised:pump-d', 'discrepancy.cleared:pump-d'],
    );
    socket.close();
  });

  it('moves a work order open → assigned → done, logs who and why, and refuses moves its lifecycle forbids', async () => {
    const created = await http<WorkOrder>(test.baseUrl, 'POST', '/api/v1/workorders', {
      twinId: 'pump-d',
      title: 'Bearing noise',
      description: 'Heard during the round',
    });
    assert.equal(created.status, 201);
    const id = created.body.id;
    const assigned = await http<WorkOrder>(test.baseUrl, 'PATCH', `/api/v1/workorders/${id}`, { assignee: 'alex' });
    assert.deepEqual([assigned.body.status, assigned.body.assignee], ['assigned', 'alex']);
    const done = await http<WorkOrder>(test.baseUrl, 'PATCH', `/api/v1/workorders/${id}`, {
      status: 'done',
      note: 'bearing replaced',
    });
    assert.equal(done.body.status, 'done');
    assert.deepEqual(
      done.body.log.map((entry) => [entry.status, entry.note ?? null]),
      [
        ['open', null],
        ['assigned', null],
        ['done', 'bearing replaced'],
      ],
    );
    const reopen = await http<{ code: string }>(test.baseUrl, 'PATCH', `/api/v1/workorders/${id}`, { status: 'open' });
    assert.deepEqual([reopen.status, reopen.body.code], [409, 'workorder.invalid-move']);
    const noTitle = await http<{ code: string }>(test.baseUrl, 'POST', '/api/v1/workorders', { twinId: 'pump-d' });
    assert.deepEqual([noTitle.status, noTitle.body.code], [400, 'workorder.invalid']);
    const noTwin = await http<{ code: string }>(test.baseUrl, 'POST', '/api/v1/workorders', {
      twinId: 'nope',
      title: 'x',
    });
    assert.deepEqual([noTwin.status, noTwin.body.code], [404, 'twin.not-found']);
    const missing = await http<{ code: string }>(test.baseUrl, 'GET', '/api/v1/workorders/nope');
    assert.deepEqual([missing.status, missing.body.code], [404, 'workorder.not-found']);
  });

  it('refuses a discrepancy rule whose rows do not name the twin', async () => {
    await assert.rejects(
      startTestPlatform({ discrepancies: [{ name: 'x', query: 'SELECT P.$dtId FROM DIGITALTWINS P' }] }),
      /discrepancies\[0\]\.query must be a twin query whose rows carry the twin as "twinId"/,
    );
  });
});
