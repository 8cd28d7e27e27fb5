// The live pipeline end to end with a real MQTT client (mqtt.js) against the embedded broker:
// publish → durable → state over REST and WebSocket; bad input → dead letters → replay.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import WebSocket from 'ws';
import type { MqttClient } from 'mqtt';
import type { ServerFrame, TwinState } from '@doppel/protocol';
import { PUMP_MODEL, ROOM_MODEL, pumpTwin } from '../fixtures/models.js';
import { http, metricValue, waitFor } from '../support/http.js';
import type { TestPlatform } from '../support/in-process-platform.js';
import { startTestPlatform } from '../support/in-process-platform.js';

describe('MQTT ingest with a real client', () => {
  let test: TestPlatform;
  let client: MqttClient;

  before(async () => {
    test = await startTestPlatform();
    assert.equal((await http(test.baseUrl, 'POST', '/api/v1/models', [PUMP_MODEL, ROOM_MODEL])).status, 201);
    for (const id of ['pump-1', 'pump-2']) {
      assert.equal((await http(test.baseUrl, 'PUT', `/api/v1/digitaltwins/${id}`, pumpTwin(id))).status, 200);
    }
    client = await mqtt.connectAsync(test.mqttUrl, { clientId: 'test-device-1', protocolVersion: 4 });
  });

  after(async () => {
    await client.endAsync();
    await test.stop();
  });

  it('applies a QoS 1 publish before its PUBACK, so REST sees it at once', async () => {
    await client.publishAsync('twins/pump-1/telemetry', JSON.stringify({ flowRate: 12.5, pressure: 3.1 }), { qos: 1 });
    const { status, body } = await http<TwinState>(test.baseUrl, 'GET', '/api/v1/digitaltwins/pump-1/state');
    assert.equal(status, 200);
    assert.equal(body.paths.flowRate?.value, 12.5);
    assert.equal(body.paths.pressure?.value, 3.1);
    assert.equal(body.paths.flowRate?.source, 'test-device-1');
    assert.equal(body.paths.flowRate?.kind, 'telemetry');
  });

  it('accepts arrays with ISO and epoch-ms timestamps and keeps the newest by source time', async () => {
    const payload = [
      { ts: '2026-01-01T00:00:02Z', flowRate: 2 },
      { ts: Date.parse('2026-01-01T00:00:01Z'), flowRate: 1 },
    ];
    await client.publishAsync('twins/pump-2/telemetry', JSON.stringify(payload), { qos: 1 });
    const { body } = await http<TwinState>(test.baseUrl, 'GET', '/api/v1/digitaltwins/pump-2/state');
    assert.equal(body.paths.flowRate?.value, 2);
    assert.equal(body.paths.flowRate?.sourceTimeMs, Date.parse('2026-01-01T00:00:02Z'));
    // A late sample does not roll the live state back.
    await client.publishAsync('twins/pump-2/telemetry', JSON.stringify({ ts: '2025-12-31T00:00:00Z', flowRate: 99 }), {
      qos: 1,
    });
    const again = await http<TwinState>(test.baseUrl, 'GET', '/api/v1/digitaltwins/pump-2/state');
    assert.equal(again.body.paths.flowRate?.value, 2);
  });

  it('reports properties on properties/reported and shows them on the twin', async () => {
    await client.publishAsync('twins/pump-1/properties/reported', JSON.stringify({ firmware: '2.4.1' }), { qos: 1 });
    const { body } = await http<Record<string, unknown> & { $metadata: Record<string, { source?: string }> }>(
      test.baseUrl,
      'GET',
      '/api/v1/digitaltwins/pump-1',
    );
    assert.equal(body.firmware, '2.4.1');
    assert.equal(body.$metadata.firmware?.source, 'test-device-1');
  });

  it('pushes changes over the WebSocket without polling', async () => {
    const socket = new WebSocket(`${test.baseUrl.replace('http', 'ws')}/api/v1/live`);
    const frames: ServerFrame[] = [];
    socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString()) as ServerFrame));
    await new Promise((resolve) => socket.once('open', resolve));
    await waitFor(() => frames.find((frame) => frame.type === 'hello'), 2_000, 'hello');
    socket.send(JSON.stringify({ type: 'subscribe', twins: ['pump-1', 'nope'], coalesceMs: 0, requestId: 'r1' }));
    const subscribed = await waitFor(() => frames.find((frame) => frame.type === 'subscribed'), 2_000, 'subscribed');
    assert.deepEqual(subscribed.type === 'subscribed' && subscribed.unknownTwins, ['nope']);
    await waitFor(
      () => frames.find((frame) => frame.type === 'twin.updated' && frame.snapshot === true),
      2_000,
      'snapshot',
    );
    await client.publishAsync('twins/pump-1/telemetry', JSON.stringify({ flowRate: 42 }), { qos: 1 });
    const update = await waitFor(
      () =>
        frames.find(
          (frame) => frame.type === 'twin.updated' && frame.snapshot !== true && frame.paths.flowRate?.value === 42,
        ),
      2_000,
      'live update',
    );
    assert.equal(update.type === 'twin.updated' && update.model, 'dtmi:test:Pump;1');
    socket.send('not json');
    const error = await waitFor(() => frames.find((frame) => frame.type === 'error'), 2_000, 'error frame');
    assert.equal(error.type === 'error' && error.code, 'live.frame-invalid');
    socket.close();
  });

  it('dead-letters bad input with the reason, keeps the good samples, and counts every point', async () => {
    const bad: [string, string, string][] = [
      ['twins/pump-1/telemetry', '{not json', 'ingest.payload-malformed'],
      ['twins/ghost/telemetry', '{"flowRate": 1}', 'ingest.twin-unknown'],
      ['twins/pump-1/telemetry', '{"flowRate": "fast"}', 'ingest.value-invalid'],
      ['twins/pump-1/telemetry', '{"mode": "turbo"}', 'ingest.value-not-in-enum'],
      ['twins/pump-1/telemetry', '{"ts": "yesterday", "flowRate": 1}', 'ingest.timestamp-invalid'],
      ['twins/pump-1/telemetry', '{"ts": 1000, "flowRate": 1}', 'ingest.timestamp-out-of-range'],
    ];
    for (const [topic, payload] of bad) await client.publishAsync(topic, payload, { qos: 1 });
    // Partially valid: flowRate applies, color is dead-lettered.
    await client.publishAsync('twins/pump-1/telemetry', JSON.stringify({ flowRate: 7, color: 'red' }), { qos: 1 });
    const state = await http<TwinState>(test.baseUrl, 'GET', '/api/v1/digitaltwins/pump-1/state');
    assert.equal(state.body.paths.flowRate?.value, 7);

    const list = await http<{
      value: { reason: string; topic: string; clientId: string; payload: string; twinId: string | null }[];
    }>(test.baseUrl, 'GET', '/api/v1/deadletters?pageSize=100');
    const reasons = list.body.value.map((letter) => letter.reason);
    for (const [, , reason] of bad) assert.ok(reasons.includes(reason), `missing dead letter ${reason}`);
    assert.ok(reasons.includes('ingest.name-unknown'));
    const malformed = list.body.value.find((letter) => letter.reason === 'ingest.payload-malformed');
    assert.equal(malformed?.payload, '{not json');
    assert.equal(malformed?.clientId, 'test-device-1');
    const filtered = await http<{ value: { reason: string }[] }>(
      test.baseUrl,
      'GET',
      '/api/v1/deadletters?reason=ingest.twin-unknown',
    );
    assert.deepEqual(
      filtered.body.value.map((letter) => letter.reason),
      ['ingest.twin-unknown'],
    );

    const metrics = (await http<string>(test.baseUrl, 'GET', '/api/v1/metrics')).body;
    const received = metricValue(metrics, 'doppel_ingest_points_received_total', { source: 'mqtt' });
    const applied = metricValue(metrics, 'doppel_ingest_points_applied_total', { source: 'mqtt' });
    const dead = metricValue(metrics, 'doppel_ingest_points_deadlettered_total', { source: 'mqtt' });
    assert.ok(dead >= bad.length + 1);
    assert.equal(received, applied + dead);
  });

  it('replays a dead letter once the twin exists', async () => {
    await client.publishAsync('twins/pump-9/telemetry', JSON.stringify({ flowRate: 5.5 }), { qos: 1 });
    const list = await http<{ value: { id: string; twinId: string }[] }>(
      test.baseUrl,
      'GET',
      '/api/v1/deadletters?twinId=pump-9',
    );
    const letter = list.body.value[0];
    assert.ok(letter !== undefined);
    const early = await http<{ code: string }>(test.baseUrl, 'POST', `/api/v1/deadletters/${letter.id}/replay`);
    assert.equal(early.status, 404);
    assert.equal(early.body.code, 'ingest.twin-unknown');
    await http(test.baseUrl, 'PUT', '/api/v1/digitaltwins/pump-9', pumpTwin('pump-9'));
    const replay = await http<{ replayed: boolean }>(test.baseUrl, 'POST', `/api/v1/deadletters/${letter.id}/replay`);
    assert.equal(replay.status, 200);
    const state = await http<TwinState>(test.baseUrl, 'GET', '/api/v1/digitaltwins/pump-9/state');
    assert.equal(state.body.paths.flowRate?.value, 5.5);
    const twice = await http<{ code: string }>(test.baseUrl, 'POST', `/api/v1/deadletters/${letter.id}/replay`);
    assert.equal(twice.body.code, 'deadletter.already-replayed');
  });

  it('ingests over HTTP with the same bodies and answers problem+json for bad ones', async () => {
    const ok = await http<{ applied: number }>(test.baseUrl, 'POST', '/api/v1/digitaltwins/pump-2/telemetry', {
      pressure: 4.2,
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.applied, 1);
    const bad = await http<{ code: string; remedy: string }>(
      test.baseUrl,
      'POST',
      '/api/v1/digitaltwins/pump-2/telemetry',
      '{"pressure": ',
    );
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.equal(bad.body.code, 'ingest.payload-malformed');
    assert.ok(bad.body.remedy.length > 0);
    const unknown = await http<{ code: string }>(test.baseUrl, 'POST', '/api/v1/digitaltwins/ghost/telemetry', {
      pressure: 1,
    });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'ingest.twin-unknown');
    const metrics = (await http<string>(test.baseUrl, 'GET', '/api/v1/metrics')).body;
    assert.equal(
      metricValue(metrics, 'doppel_ingest_points_received_total', { source: 'http' }),
      metricValue(metrics, 'doppel_ingest_points_applied_total', { source: 'http' }) +
        metricValue(metrics, 'doppel_ingest_points_deadlettered_total', { source: 'http' }),
    );
  });

  it('dead-letters an oversized payload, keeping its head', async () => {
    const limit = test.platform.services.limits.payloadBytesMax;
    const big = JSON.stringify({ flowRate: 1, pad: 'x'.repeat(limit) });
    await client.publishAsync('twins/pump-1/telemetry', big, { qos: 1 });
    const list = await http<{ value: { reason: string; payload: string }[] }>(
      test.baseUrl,
      'GET',
      '/api/v1/deadletters?reason=ingest.payload-too-large',
    );
    const letter = list.body.value[0];
    assert.ok(letter !== undefined);
    assert.ok(letter.payload.startsWith('{"flowRate":1'));
    assert.ok(letter.payload.length < big.length);
  });
});

describe('MQTT 5 clients (mqtt.js protocolVersion 5)', () => {
  let test: TestPlatform;

  before(async () => {
    test = await startTestPlatform();
    await http(test.baseUrl, 'POST', '/api/v1/models', [PUMP_MODEL]);
    await http(test.baseUrl, 'PUT', '/api/v1/digitaltwins/pump-5', pumpTwin('pump-5'));
  });

  after(async () => test.stop());

  it('connects, publishes QoS 1 (acknowledged after durable) and subscribes', async () => {
    const device = await mqtt.connectAsync(test.mqttUrl, { clientId: 'v5-device', protocolVersion: 5 });
    const watcher = await mqtt.connectAsync(test.mqttUrl, { clientId: 'v5-watcher', protocolVersion: 5 });
    const seen: string[] = [];
    watcher.on('message', (topic, payload) => seen.push(`${topic} ${payload.toString()}`));
    const granted = await watcher.subscribeAsync('twins/+/telemetry', { qos: 1 });
    assert.equal(granted[0]?.qos, 1);
    // publishAsync resolves on the PUBACK, which Doppel sends only once the sample is durable.
    await device.publishAsync('twins/pump-5/telemetry', JSON.stringify({ pressure: 5.5 }), { qos: 1 });
    const state = await http<TwinState>(test.baseUrl, 'GET', '/api/v1/digitaltwins/pump-5/state');
    assert.equal(state.body.paths.pressure?.value, 5.5);
    await waitFor(() => (seen.length > 0 ? true : undefined), 2_000, 'the watcher to receive the telemetry');
    assert.equal(seen[0], 'twins/pump-5/telemetry {"pressure":5.5}');
    await device.endAsync();
    await watcher.endAsync();
  });
});

describe('a model with a DTDL Mqtt telemetryTopic', () => {
  let test: TestPlatform;

  before(async () => {
    test = await startTestPlatform();
    const model = {
      '@context': ['dtmi:dtdl:context;3', 'dtmi:dtdl:extension:mqtt;1'],
      '@id': 'dtmi:test:Cnc;1',
      '@type': ['Interface', 'Mqtt'],
      payloadFormat: 'application/json',
      telemetryTopic: 'factory/cnc/{senderId}/telemetry',
      contents: [{ '@type': 'Telemetry', name: 'spindleSpeed', schema: 'double' }],
    };
    const created = await http(test.baseUrl, 'POST', '/api/v1/models', [model]);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await http(test.baseUrl, 'PUT', '/api/v1/digitaltwins/cnc-1', { $metadata: { $model: 'dtmi:test:Cnc;1' } });
  });

  after(async () => test.stop());

  it('ingests from the model topic, the twin id taken from {senderId}', async () => {
    const client = await mqtt.connectAsync(test.mqttUrl, { clientId: 'cnc-gateway' });
    await client.publishAsync('factory/cnc/cnc-1/telemetry', JSON.stringify({ spindleSpeed: 12_000 }), { qos: 1 });
    const state = await http<TwinState>(test.baseUrl, 'GET', '/api/v1/digitaltwins/cnc-1/state');
    assert.equal(state.body.paths.spindleSpeed?.value, 12_000);
    // An unknown twin on the model topic is dead-lettered like on the default topic.
    await client.publishAsync('factory/cnc/cnc-404/telemetry', JSON.stringify({ spindleSpeed: 1 }), { qos: 1 });
    const letters = await http<{ value: { reason: string; topic: string }[] }>(
      test.baseUrl,
      'GET',
      '/api/v1/deadletters?twinId=cnc-404',
    );
    assert.deepEqual(
      letters.body.value.map((letter) => [letter.reason, letter.topic]),
      [['ingest.twin-unknown', 'factory/cnc/cnc-404/telemetry']],
    );
    await client.endAsync();
  });
});
