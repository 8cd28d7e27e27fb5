// The twin query API through the platform: graph written over REST, live values over MQTT, one query over both.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import WebSocket from 'ws';
import type { ServerFrame } from '@doppel/protocol';
import { PUMP_MODEL, ROOM_MODEL, pumpTwin } from '../fixtures/models.js';
import { http, waitFor } from '../support/http.js';
import type { TestPlatform } from '../support/in-process-platform.js';
import { startTestPlatform } from '../support/in-process-platform.js';

interface QueryPage {
  value: Record<string, unknown>[];
  continuationToken?: string;
  explain?: string[];
}

interface Problem {
  code: string;
  detail?: string;
  title?: string;
}

describe('twin queries through the platform', () => {
  let test: TestPlatform;
  const query = (text: string, extra: Record<string, unknown> = {}) =>
    http<QueryPage & Problem>(test.baseUrl, 'POST', '/api/v1/query', { query: text, ...extra });

  before(async () => {
    test = await startTestPlatform({ history: false });
    await http(test.baseUrl, 'POST', '/api/v1/models', [PUMP_MODEL, ROOM_MODEL]);
    await http(test.baseUrl, 'PUT', '/api/v1/digitaltwins/room-1', {
      $metadata: { $model: 'dtmi:test:Room;1' },
      name: 'Boiler room',
    });
    for (const id of ['pump-1', 'pump-2', 'pump-3']) {
      await http(test.baseUrl, 'PUT', `/api/v1/digitaltwins/${id}`, pumpTwin(id));
      await http(test.baseUrl, 'PUT', `/api/v1/digitaltwins/room-1/relationships/contains-${id}`, {
        $targetId: id,
        $relationshipName: 'contains',
      });
    }
    const client = await mqtt.connectAsync(test.mqttUrl, { clientId: 'query-device' });
    await client.publishAsync('twins/pump-1/telemetry', JSON.stringify({ flowRate: 42.5, pressure: 3.1 }), { qos: 1 });
    await client.publishAsync('twins/pump-2/telemetry', JSON.stringify({ flowRate: 7, pressure: 2.2 }), { qos: 1 });
    await client.endAsync();
    await waitFor(
      async () =>
        (await query('SELECT COUNT() FROM DIGITALTWINS WHERE IS_DEFINED(flowRate)')).body.value?.[0]?.COUNT === 2
          ? true
          : undefined,
      10_000,
      'telemetry to reach twin state',
    );
  });

  after(async () => test.stop());

  it('answers one query over the graph and the live values', async () => {
    const { status, body } = await query(
      `SELECT P.$dtId AS pump, P.flowRate AS flow FROM DIGITALTWINS R JOIN P RELATED R.contains
       WHERE R.name = 'Boiler room' AND IS_OF_MODEL(P, 'dtmi:test:Pump;1') AND P.flowRate > 10`,
    );
    assert.equal(status, 200);
    assert.deepEqual(body.value, [{ pump: 'pump-1', flow: 42.5 }]);
  });

  it('sees a write at once (no index lag)', async () => {
    await http(test.baseUrl, 'PATCH', '/api/v1/digitaltwins/pump-3', [
      { op: 'add', path: '/firmware', value: '2.0.1' },
    ]);
    const { body } = await query("SELECT T.$dtId AS id FROM DIGITALTWINS T WHERE T.firmware = '2.0.1'");
    assert.deepEqual(body.value, [{ id: 'pump-3' }]);
  });

  it('pages with continuation tokens and explains its plan', async () => {
    const first = await query('SELECT * FROM DIGITALTWINS', { pageSize: 3 });
    assert.equal(first.body.value.length, 3);
    assert.equal(typeof first.body.continuationToken, 'string');
    const second = await query('SELECT * FROM DIGITALTWINS', { continuationToken: first.body.continuationToken });
    assert.deepEqual([...first.body.value, ...second.body.value].map((twin) => twin.$dtId).sort(), [
      'pump-1',
      'pump-2',
      'pump-3',
      'room-1',
    ]);
    const explained = await query("EXPLAIN SELECT * FROM DIGITALTWINS T WHERE T.$dtId = 'pump-1'");
    assert.match(explained.body.explain?.[0] ?? '', /scan T: by id 'pump-1'/);
  });

  it('answers a bad query with a stable code, the position and what was expected', async () => {
    const syntax = await query('SELECT * FROM DIGITALTWINS T JOIN C RELATE T.contains');
    assert.equal(syntax.status, 400);
    assert.equal(syntax.body.code, 'query.syntax');
    assert.match(JSON.stringify(syntax.body), /line 1, column 37/);
    assert.match(JSON.stringify(syntax.body), /RELATED/);
    const alias = await query('SELECT * FROM DIGITALTWINS T WHERE name = 1');
    assert.equal(alias.body.code, 'query.unknown-alias');
    const missing = await http<Problem>(test.baseUrl, 'POST', '/api/v1/query', {});
    assert.equal(missing.body.code, 'request.invalid');
    const long = await query(
      `SELECT * FROM DIGITALTWINS WHERE ${Array.from({ length: 800 }, (_, i) => `x${i} = 1`).join(' OR ')}`,
    );
    assert.equal(long.status, 400);
    assert.equal(long.body.code, 'request.invalid');
  });

  it("exports the whole graph as NDJSON in Azure Digital Twins' import format", async () => {
    const response = await fetch(`${test.baseUrl}/api/v1/graph/export`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /application\/x-ndjson/);
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const sections = lines.flatMap((line, index) => (line.Section === undefined ? [] : [[line.Section, index]]));
    assert.deepEqual(
      sections.map(([name]) => name),
      ['Header', 'Models', 'Twins', 'Relationships'],
    );
    const section = (name: string): Record<string, unknown>[] => {
      const at = sections.findIndex(([section]) => section === name);
      return lines.slice(
        (sections[at]?.[1] as number) + 1,
        (sections[at + 1]?.[1] as number | undefined) ?? lines.length,
      );
    };
    assert.deepEqual(
      section('Models')
        .map((model) => model['@id'])
        .sort(),
      // With the platform's built-in interface (analytics: bearing monitors).
      ['dtmi:doppel:analytics:BearingMonitor;1', 'dtmi:test:Pump;1', 'dtmi:test:Room;1'],
    );
    assert.deepEqual(
      section('Twins')
        .map((twin) => twin.$dtId)
        .sort(),
      ['pump-1', 'pump-2', 'pump-3', 'room-1'],
    );
    assert.deepEqual(
      section('Twins').find((twin) => twin.$dtId === 'pump-3'),
      {
        $dtId: 'pump-3',
        $metadata: { $model: 'dtmi:test:Pump;1' },
        name: 'pump-3',
        firmware: '2.0.1',
      },
    );
    assert.deepEqual(
      section('Relationships')
        .map((rel) => [rel.$dtId, rel.$relationshipName, rel.$targetId])
        .sort(),
      [
        ['room-1', 'contains', 'pump-1'],
        ['room-1', 'contains', 'pump-2'],
        ['room-1', 'contains', 'pump-3'],
      ],
    );
  });

  it('keeps a live query up to date over the WebSocket as values and the graph change', async () => {
    const socket = new WebSocket(`${test.baseUrl.replace('http', 'ws')}/api/v1/live`);
    const frames: ServerFrame[] = [];
    socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString()) as ServerFrame));
    await new Promise((resolve) => socket.once('open', resolve));
    try {
      socket.send(
        JSON.stringify({
          type: 'query.subscribe',
          requestId: 'lq1',
          intervalMs: 250,
          query: 'SELECT T.$dtId AS id FROM DIGITALTWINS T WHERE T.flowRate > 10',
        }),
      );
      const result = await waitFor(() => frames.find((frame) => frame.type === 'query.result'), 5_000, 'result');
      assert.ok(result.type === 'query.result');
      assert.equal(result.requestId, 'lq1');
      assert.deepEqual(result.rows, [{ id: 'pump-1' }]);
      // pump-2 rises above 10 (ingest), pump-1 is deleted (graph): one enters, one leaves.
      const device = await mqtt.connectAsync(test.mqttUrl, { clientId: 'live-query-device' });
      await device.publishAsync('twins/pump-2/telemetry', JSON.stringify({ flowRate: 15 }), { qos: 1 });
      await device.endAsync();
      const entered = await waitFor(
        () => frames.find((frame) => frame.type === 'query.changed' && frame.added.length > 0),
        5_000,
        'pump-2 entering',
      );
      assert.ok(entered.type === 'query.changed');
      assert.deepEqual([entered.added, entered.removed], [[{ id: 'pump-2' }], []]);
      assert.equal(entered.subscriptionId, result.subscriptionId);
      await http(test.baseUrl, 'DELETE', '/api/v1/digitaltwins/room-1/relationships/contains-pump-1');
      await http(test.baseUrl, 'DELETE', '/api/v1/digitaltwins/pump-1');
      const left = await waitFor(
        () => frames.find((frame) => frame.type === 'query.changed' && frame.removed.length > 0),
        5_000,
        'pump-1 leaving',
      );
      assert.ok(left.type === 'query.changed');
      assert.deepEqual([left.added, left.removed], [[], [{ id: 'pump-1' }]]);
      // A bad live query is refused with the query API's codes.
      socket.send(JSON.stringify({ type: 'query.subscribe', requestId: 'bad', query: 'SELECT * FROM' }));
      const error = await waitFor(
        () => frames.find((frame) => frame.type === 'error' && frame.requestId === 'bad'),
        5_000,
        'error',
      );
      assert.equal(error.type === 'error' && error.code, 'query.syntax');
    } finally {
      socket.close();
    }
  });
});
