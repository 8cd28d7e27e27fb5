// Freshness and connectivity through the platform: real MQTT clients against the embedded broker,
// the state API, the WebSocket and queries. Cadences are declared short (100 ms, stale after 3
// cadences) so that time passing is observed in real time within a test.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import WebSocket from 'ws';
import type { ServerFrame, TwinState } from '@doppel/protocol';
import { PUMP_MODEL, ROOM_MODEL, pumpTwin } from '../fixtures/models.js';
import { http, waitFor } from '../support/http.js';
import type { TestPlatform } from '../support/in-process-platform.js';
import { startTestPlatform } from '../support/in-process-platform.js';

interface SourceInfo {
  id: string;
  status: string;
  reason: string | null;
}

describe('freshness and source connectivity', () => {
  let test: TestPlatform;
  const stateOf = async (id: string) =>
    (await http<TwinState>(test.baseUrl, 'GET', `/api/v1/digitaltwins/${id}/state`)).body;
  const sources = async () => (await http<{ value: SourceInfo[] }>(test.baseUrl, 'GET', '/api/v1/sources')).body.value;
  const query = async (text: string) =>
    (await http<{ value: Record<string, unknown>[] }>(test.baseUrl, 'POST', '/api/v1/query', { query: text })).body
      .value;

  before(async () => {
    test = await startTestPlatform({
      history: false,
      freshness: {
        staleFactor: 3,
        minStaleMs: 0,
        tickMs: 20,
        cadences: [{ model: 'dtmi:test:Pump;1', path: 'flowRate', cadenceMs: 100 }],
      },
    });
    await http(test.baseUrl, 'POST', '/api/v1/models', [PUMP_MODEL, ROOM_MODEL]);
    for (const id of ['pump-1', 'pump-2', 'pump-3', 'pump-4']) {
      await http(test.baseUrl, 'PUT', `/api/v1/digitaltwins/${id}`, pumpTwin(id));
    }
    // A room that contains pump-1: it rolls pump-1's freshness up.
    await http(test.baseUrl, 'PUT', '/api/v1/digitaltwins/room-1', { $metadata: { $model: ROOM_MODEL['@id'] } });
    await http(test.baseUrl, 'PUT', '/api/v1/digitaltwins/room-1/relationships/c1', {
      $targetId: 'pump-1',
      $relationshipName: 'contains',
    });
  });

  after(async () => test.stop());

  it('turns a silent series stale by time alone, tells WebSocket subscribers, and back to fresh on the next update', async () => {
    const socket = new WebSocket(`${test.baseUrl.replace('http', 'ws')}/api/v1/live`);
    const frames: ServerFrame[] = [];
    socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString()) as ServerFrame));
    await new Promise((resolve) => socket.once('open', resolve));
    const device = await mqtt.connectAsync(test.mqttUrl, { clientId: 'dev-a' });
    try {
      socket.send(JSON.stringify({ type: 'subscribe', twins: ['pump-1', 'room-1'], coalesceMs: 0, snapshot: false }));
      await waitFor(() => frames.find((frame) => frame.type === 'subscribed'), 5_000, 'subscribed');
      await device.publishAsync('twins/pump-1/telemetry', JSON.stringify({ flowRate: 4.2, pressure: 2 }), { qos: 1 });
      const fresh = await waitFor(async () => {
        const state = await stateOf('pump-1');
        return state.paths.flowRate?.freshness === 'fresh' ? state : undefined;
      });
      assert.equal(fresh.paths.flowRate?.cadenceMs, 100);
      assert.ok((fresh.paths.flowRate?.staleAtMs ?? 0) > Date.now() - 1_000);
      // pressure has no declared cadence and one update: not judged yet.
      assert.equal(fresh.paths.pressure?.freshness, 'unknown');

      // No more updates: stale 3 × 100 ms after the last one, with no message arriving.
      const stale = await waitFor(
        async () => {
          const state = await stateOf('pump-1');
          return state.paths.flowRate?.freshness === 'stale' ? state : undefined;
        },
        5_000,
        'flowRate to go stale',
      );
      assert.equal(stale.paths.flowRate?.staleReason, 'no-update');
      assert.equal(stale.paths.flowRate?.value, 4.2, 'the last value is kept, marked stale');
      const staleFrame = await waitFor(
        () => frames.find((frame) => frame.type === 'twin.updated' && frame.paths.flowRate?.freshness === 'stale'),
        5_000,
        'a stale frame',
      );
      assert.ok(staleFrame.type === 'twin.updated' && staleFrame.twinId === 'pump-1');

      const rollup = (
        await http<{ status: string; staleCritical: { twinId: string; path: string }[] }>(
          test.baseUrl,
          'GET',
          '/api/v1/digitaltwins/room-1/freshness',
        )
      ).body;
      assert.equal(rollup.status, 'degraded', 'the room holds a stale pump');
      assert.deepEqual(
        rollup.staleCritical.map((series) => `${series.twinId}.${series.path}`),
        ['pump-1.flowRate'],
      );
      // The roll-up is pushed too: the room's subscribers hear it turn degraded, with the cause.
      const degradedFrame = await waitFor(
        () => frames.find((frame) => frame.type === 'twin.freshness' && frame.twinId === 'room-1'),
        5_000,
        'a roll-up frame for the room',
      );
      assert.ok(degradedFrame.type === 'twin.freshness');
      assert.equal(degradedFrame.status, 'degraded');
      assert.deepEqual(degradedFrame.cause, { twinId: 'pump-1', path: 'flowRate' });
      const degraded = (await http<{ value: { twinId: string }[] }>(test.baseUrl, 'GET', '/api/v1/freshness/degraded'))
        .body.value;
      assert.deepEqual(degraded.map((twin) => twin.twinId).sort(), ['pump-1', 'room-1']);

      const staleList = (
        await http<{ staleSeries: number; stale: { twinId: string; path: string; reason: string }[] }>(
          test.baseUrl,
          'GET',
          '/api/v1/freshness',
        )
      ).body;
      assert.ok(staleList.stale.some((series) => series.twinId === 'pump-1' && series.path === 'flowRate'));

      await device.publishAsync('twins/pump-1/telemetry', JSON.stringify({ flowRate: 4.3 }), { qos: 1 });
      await waitFor(async () => ((await stateOf('pump-1')).paths.flowRate?.freshness === 'fresh' ? true : undefined));
      const recovered = (await http<{ status: string }>(test.baseUrl, 'GET', '/api/v1/digitaltwins/room-1/freshness'))
        .body;
      assert.equal(recovered.status, 'fresh');
      const freshFrame = await waitFor(
        () =>
          frames.find(
            (frame) => frame.type === 'twin.freshness' && frame.twinId === 'room-1' && frame.status === 'fresh',
          ),
        5_000,
        'the room fresh again',
      );
      assert.ok(freshFrame.type === 'twin.freshness' && freshFrame.staleCriticalCount === 0);
    } finally {
      socket.close();
      await device.endAsync();
    }
  });

  it('lists declared paths that never reported as missing, and finds stale or missing values with IS_STALE', async () => {
    const state = await stateOf('pump-2');
    assert.deepEqual(state.missing, { flowRate: { cadenceMs: 100 } });
    const device = await mqtt.connectAsync(test.mqttUrl, { clientId: 'dev-b' });
    await device.publishAsync('twins/pump-4/telemetry', JSON.stringify({ flowRate: 1 }), { qos: 1 });
    await device.endAsync();
    const stale = await waitFor(
      async () => {
        const ids = (await query('SELECT P.$dtId AS id FROM DIGITALTWINS P WHERE IS_STALE(P.flowRate)')).map(
          (row) => row.id,
        );
        return ids.includes('pump-4') ? ids : undefined;
      },
      5_000,
      'pump-4 to go stale',
    );
    // pump-1 is fresh or stale depending on timing; pump-2 and pump-3 never reported (missing).
    assert.ok(stale.includes('pump-2') && stale.includes('pump-3'), JSON.stringify(stale));
  });

  it('marks what a source fed stale at once when its connection drops, but not on a clean disconnect', async () => {
    const polite = await mqtt.connectAsync(test.mqttUrl, { clientId: 'dev-polite' });
    await polite.publishAsync('twins/pump-3/telemetry', JSON.stringify({ pressure: 1.5 }), { qos: 1 });
    await polite.endAsync();
    const disconnected = await waitFor(async () =>
      (await sources()).find((source) => source.id === 'dev-polite' && source.status === 'disconnected'),
    );
    assert.equal(disconnected.reason, null);
    assert.equal((await stateOf('pump-3')).paths.pressure?.freshness, 'unknown', 'a goodbye is not a failure');

    const gateway = await mqtt.connectAsync(test.mqttUrl, { clientId: 'gw-1', reconnectPeriod: 0 });
    await gateway.publishAsync('twins/pump-3/telemetry', JSON.stringify({ pressure: 1.6 }), { qos: 1 });
    await waitFor(async () => ((await stateOf('pump-3')).paths.pressure?.value === 1.6 ? true : undefined));
    // The connection drops without DISCONNECT (a dead gateway).
    gateway.stream.destroy();
    const state = await waitFor(
      async () => {
        const current = await stateOf('pump-3');
        return current.paths.pressure?.freshness === 'stale' ? current : undefined;
      },
      5_000,
      'pressure to go stale',
    );
    assert.equal(state.paths.pressure?.staleReason, 'source-offline');
    const offline = (await sources()).find((source) => source.id === 'gw-1');
    assert.deepEqual([offline?.status, offline?.reason], ['offline', 'connection-lost']);
    gateway.end(true);
  });

  it('takes a source offline when it announces it on sources/{id}/status; a last will there is no dead letter', async () => {
    const gateway = await mqtt.connectAsync(test.mqttUrl, {
      clientId: 'gw-2',
      reconnectPeriod: 0,
      will: { topic: 'sources/gw-2/status', payload: Buffer.from('offline'), qos: 1, retain: false },
    });
    await gateway.publishAsync('sources/gw-2/status', 'online', { qos: 1 });
    await gateway.publishAsync('twins/pump-2/telemetry', JSON.stringify({ pressure: 3 }), { qos: 1 });
    await waitFor(async () => ((await stateOf('pump-2')).paths.pressure?.value === 3 ? true : undefined));
    // The will is published by the broker for the dropped session: both the session and the will say offline.
    gateway.stream.destroy();
    await waitFor(async () => ((await stateOf('pump-2')).paths.pressure?.freshness === 'stale' ? true : undefined));
    const announcer = await mqtt.connectAsync(test.mqttUrl, { clientId: 'ops' });
    await announcer.publishAsync('sources/gw-9/status', JSON.stringify({ status: 'offline' }), { qos: 1 });
    await announcer.endAsync();
    const gw9 = await waitFor(async () => (await sources()).find((source) => source.id === 'gw-9'));
    assert.deepEqual([gw9.status, gw9.reason], ['offline', 'announced']);
    const letters = (await http<{ value: unknown[] }>(test.baseUrl, 'GET', '/api/v1/deadletters')).body.value;
    assert.equal(letters.length, 0, 'status messages are not ingest input');
    gateway.end(true);
  });
});

describe('freshness transitions in history', () => {
  it('keeps each stale and fresh-again transition, readable per twin and path', async () => {
    const test = await startTestPlatform({
      freshness: {
        staleFactor: 3,
        minStaleMs: 0,
        tickMs: 20,
        cadences: [{ model: 'dtmi:test:Pump;1', path: 'flowRate', cadenceMs: 100 }],
      },
    });
    try {
      await http(test.baseUrl, 'POST', '/api/v1/models', [PUMP_MODEL]);
      await http(test.baseUrl, 'PUT', '/api/v1/digitaltwins/pump-h', pumpTwin('pump-h'));
      const device = await mqtt.connectAsync(test.mqttUrl, { clientId: 'dev-h' });
      await device.publishAsync('twins/pump-h/telemetry', JSON.stringify({ flowRate: 1 }), { qos: 1 });
      const stateOf = async () =>
        (await http<TwinState>(test.baseUrl, 'GET', '/api/v1/digitaltwins/pump-h/state')).body.paths.flowRate
          ?.freshness;
      await waitFor(async () => ((await stateOf()) === 'stale' ? true : undefined), 5_000, 'stale');
      await device.publishAsync('twins/pump-h/telemetry', JSON.stringify({ flowRate: 2 }), { qos: 1 });
      await device.endAsync();
      const events = await waitFor(
        async () => {
          const { body } = await http<{ value: { path: string; freshness: string; reason: string; source: string }[] }>(
            test.baseUrl,
            'GET',
            '/api/v1/digitaltwins/pump-h/freshness/history?path=flowRate',
          );
          return body.value.length >= 2 ? body.value : undefined;
        },
        5_000,
        'transitions in history',
      );
      assert.deepEqual(
        events.slice(0, 2).map((event) => [event.path, event.freshness, event.reason, event.source]),
        [
          ['flowRate', 'stale', 'no-update', 'dev-h'],
          ['flowRate', 'fresh', 'update', 'dev-h'],
        ],
      );
      // The twin's roll-up turned degraded and fresh again with it: kept under the path $rollup.
      const rollups = await waitFor(
        async () => {
          const { body } = await http<{ value: { path: string; freshness: string; reason: string; source: string }[] }>(
            test.baseUrl,
            'GET',
            '/api/v1/digitaltwins/pump-h/freshness/history?path=%24rollup',
          );
          return body.value.length >= 2 ? body.value : undefined;
        },
        5_000,
        'roll-up events in history',
      );
      assert.deepEqual(
        rollups.slice(0, 2).map((event) => [event.path, event.freshness, event.reason, event.source]),
        [
          ['$rollup', 'degraded', 'rollup', 'pump-h/flowRate'],
          ['$rollup', 'fresh', 'rollup', 'pump-h/flowRate'],
        ],
      );
    } finally {
      await test.stop();
    }
  });
});

describe('quality of values', () => {
  it('judges each value by the configured rules, in the state API and in queries', async () => {
    const test = await startTestPlatform({
      history: false,
      quality: { rules: [{ model: 'dtmi:test:Pump;1', path: 'pressure', min: 0, max: 16 }] },
    });
    try {
      await http(test.baseUrl, 'POST', '/api/v1/models', [PUMP_MODEL]);
      await http(test.baseUrl, 'PUT', '/api/v1/digitaltwins/pump-q', pumpTwin('pump-q'));
      const device = await mqtt.connectAsync(test.mqttUrl, { clientId: 'dev-q' });
      const pressure = async () =>
        (await http<TwinState>(test.baseUrl, 'GET', '/api/v1/digitaltwins/pump-q/state')).body.paths.pressure;
      await device.publishAsync('twins/pump-q/telemetry', JSON.stringify({ pressure: 250, flowRate: 3 }), { qos: 1 });
      const bad = await waitFor(async () => {
        const path = await pressure();
        return path?.value === 250 ? path : undefined;
      });
      assert.deepEqual([bad.quality, bad.qualityReason], ['bad', 'out-of-range']);
      const state = (await http<TwinState>(test.baseUrl, 'GET', '/api/v1/digitaltwins/pump-q/state')).body;
      assert.equal(state.paths.flowRate?.quality, 'good', 'no rule covers flowRate');
      const found = (
        await http<{ value: { id: string }[] }>(test.baseUrl, 'POST', '/api/v1/query', {
          query: "SELECT P.$dtId AS id FROM DIGITALTWINS P WHERE QUALITY(P.pressure) = 'bad'",
        })
      ).body.value;
      assert.deepEqual(found, [{ id: 'pump-q' }]);
      await device.publishAsync('twins/pump-q/telemetry', JSON.stringify({ pressure: 3 }), { qos: 1 });
      const good = await waitFor(async () => {
        const path = await pressure();
        return path?.value === 3 ? path : undefined;
      });
      assert.equal(good.quality, 'good');
      await device.endAsync();
    } finally {
      await test.stop();
    }
  });

  it('refuses a start with a rule it cannot use, saying which and why', async () => {
    await assert.rejects(
      startTestPlatform({ quality: { rules: [{ path: 'pressure', min: 5, max: 1 }] } }),
      /quality\.rules\[0\]: min is above max/,
    );
  });
});

describe('source timeouts and heartbeats', () => {
  it('takes a silent source offline (its series stale), kept online by heartbeats over HTTP or MQTT', async () => {
    const test = await startTestPlatform({
      history: false,
      freshness: { sourceTimeoutMs: 1_000, sourceTimeouts: [{ source: 'gw-slow', timeoutMs: 60_000 }] },
    });
    try {
      await http(test.baseUrl, 'POST', '/api/v1/models', [PUMP_MODEL]);
      await http(test.baseUrl, 'PUT', '/api/v1/digitaltwins/pump-t', pumpTwin('pump-t'));
      const gateway = await mqtt.connectAsync(test.mqttUrl, { clientId: 'gw-quiet' });
      await gateway.publishAsync('twins/pump-t/telemetry', JSON.stringify({ pressure: 2 }), { qos: 1 });
      const sourceOf = async (id: string) =>
        (await http<{ status: string; reason: string | null }>(test.baseUrl, 'GET', `/api/v1/sources/${id}`)).body;
      // A device that only sends heartbeats, over HTTP, for 2 s: it stays online.
      const started = Date.now();
      while (Date.now() - started < 2_000) {
        const beat = await http(test.baseUrl, 'POST', '/api/v1/sources/http-device/heartbeat');
        assert.equal(beat.status, 204);
        await gateway.publishAsync('sources/mqtt-device/heartbeat', '', { qos: 1 });
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      assert.equal((await sourceOf('http-device')).status, 'online');
      assert.equal((await sourceOf('mqtt-device')).status, 'online');
      // The gateway's session is open but it sent nothing for more than 1 s: offline, its values stale.
      const quiet = await sourceOf('gw-quiet');
      assert.deepEqual([quiet.status, quiet.reason], ['offline', 'silent']);
      const state = (await http<TwinState>(test.baseUrl, 'GET', '/api/v1/digitaltwins/pump-t/state')).body;
      assert.deepEqual(
        [state.paths.pressure?.freshness, state.paths.pressure?.staleReason],
        ['stale', 'source-offline'],
      );
      await gateway.endAsync();
    } finally {
      await test.stop();
    }
  });
});
