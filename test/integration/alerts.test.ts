// Alert rules through the real platform: rules and channels over the API, telemetry over MQTT,
// an alert raised with graph context and deduplicated, notifications on an MQTT topic and to a
// webhook that fails before it accepts (retries), acknowledgement and clearing, the rule set as a
// file (export, import), and a restart that neither loses nor repeats an open alert.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import mqtt from 'mqtt';
import { PUMP_MODEL, ROOM_MODEL, pumpTwin } from '../fixtures/models.js';
import { http, waitFor } from '../support/http.js';
import type { TestPlatform } from '../support/in-process-platform.js';
import { startTestPlatform } from '../support/in-process-platform.js';

interface AlertBody {
  id: string;
  ruleId: string;
  twinId: string;
  status: string;
  occurrences: number;
  message: string;
  acknowledgedBy: string | null;
  clearedBy: string | null;
}

describe('alert rules and alerts', () => {
  it('raises, notifies, deduplicates, acknowledges and clears, and survives a restart', async () => {
    // A webhook receiver that refuses twice (503) before it accepts.
    const received: unknown[] = [];
    let refusals = 2;
    const hook = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        if (refusals > 0) {
          refusals--;
          response.writeHead(503).end();
          return;
        }
        received.push(JSON.parse(body));
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alerts`;

    let test: TestPlatform = await startTestPlatform({ history: false });
    const watcher = await mqtt.connectAsync(test.mqttUrl, { clientId: 'alert-watcher' });
    const notified: { topic: string; body: { type: string; alert: AlertBody } }[] = [];
    watcher.on('message', (topic, payload) => notified.push({ topic, body: JSON.parse(payload.toString()) }));
    await watcher.subscribeAsync('ops/alerts/#', { qos: 1 });
    const device = await mqtt.connectAsync(test.mqttUrl, { clientId: 'alert-device' });
    try {
      const api = (method: string, path: string, body?: unknown) =>
        http<Record<string, unknown>>(test.baseUrl, method, path, body);
      await api('POST', '/api/v1/models', [PUMP_MODEL, ROOM_MODEL]);
      await api('PUT', '/api/v1/digitaltwins/room-a', { $metadata: { $model: 'dtmi:test:Room;1' }, name: 'A' });
      await api('PUT', '/api/v1/digitaltwins/pump-a', pumpTwin('pump-a'));
      await api('PUT', '/api/v1/digitaltwins/room-a/relationships/c1', {
        $targetId: 'pump-a',
        $relationshipName: 'contains',
      });

      // Bad input is refused with the field named.
      const bad = await api('PUT', '/api/v1/alert-rules/x', {
        name: 'x',
        severity: 'loud',
        models: [],
        condition: { path: 'p' },
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.code, 'alert.rule-invalid');
      assert.match(String(bad.body.detail), /severity/);

      assert.equal((await api('PUT', '/api/v1/alert-channels/ops', { kind: 'mqtt', topic: 'ops/alerts' })).status, 200);
      assert.equal(
        (await api('PUT', '/api/v1/alert-channels/pager', { kind: 'webhook', url: hookUrl, minSeverity: 'major' }))
          .status,
        200,
      );
      const rule = {
        name: 'Pump in a hot room',
        severity: 'major',
        models: ['dtmi:test:Pump;1'],
        condition: {
          related: 'contains',
          direction: 'in',
          match: 'any',
          condition: { path: 'temperature', above: 28, hysteresis: 1 },
        },
        channels: ['ops', 'pager'],
      };
      assert.equal((await api('PUT', '/api/v1/alert-rules/hot-room', rule)).status, 200);

      const publish = (twinId: string, values: object) =>
        device.publishAsync(`twins/${twinId}/telemetry`, JSON.stringify(values), { qos: 1 });
      const openAlerts = async () =>
        (await http<{ value: AlertBody[] }>(test.baseUrl, 'GET', '/api/v1/alerts?twinId=pump-a&status=open')).body
          .value;

      await publish('room-a', { temperature: 25 });
      await publish('room-a', { temperature: 29.5 });
      const [raised] = await waitFor(
        async () => {
          const open = await openAlerts();
          return open.length > 0 ? open : undefined;
        },
        5_000,
        'an alert on the pump',
      );
      assert.ok(raised !== undefined);
      assert.equal(raised.ruleId, 'hot-room');
      assert.equal(raised.status, 'active');
      assert.match(raised.message, /room-a: temperature 29.5 > 28/);
      const onTopic = await waitFor(
        () => notified.find((n) => n.body.type === 'alert.raised'),
        5_000,
        'an MQTT notification',
      );
      assert.equal(onTopic.topic, 'ops/alerts/major/hot-room/pump-a');
      // The webhook refused twice: the third attempt (after 1 s and 2 s) delivers it.
      await waitFor(() => received.length > 0 || undefined, 10_000, 'the webhook notification');
      assert.equal((received[0] as { alert: AlertBody }).alert.id, raised.id);
      const channels = (
        await http<{ status: { id: string; counters: { delivered: number; retried: number } }[] }>(
          test.baseUrl,
          'GET',
          '/api/v1/alert-channels',
        )
      ).body;
      const pager = channels.status.find((channel) => channel.id === 'pager')?.counters;
      assert.deepEqual([pager?.delivered, pager?.retried], [1, 2], 'delivered once, after two retries');

      // Hovering above 27 (the hysteresis) neither clears nor opens another alert.
      await publish('room-a', { temperature: 27.5 });
      await publish('room-a', { temperature: 29 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(
        (await openAlerts()).map((a) => a.id),
        [raised.id],
      );

      const acked = await api('POST', `/api/v1/alerts/${raised.id}/acknowledge`, { by: 'ana', note: 'on my way' });
      assert.equal(acked.body.status, 'acknowledged');
      assert.equal(acked.body.acknowledgedBy, 'ana');
      const again = await api('POST', `/api/v1/alerts/${raised.id}/acknowledge`, {});
      assert.equal(again.status, 409);
      assert.equal(again.body.code, 'alert.invalid-move');

      // Restart: the open alert is still there, not raised a second time (one alert, one occurrence).
      await test.stop({ keepData: true });
      test = await startTestPlatform({ history: false, dataDir: test.dataDir });
      const reopened = await openAlerts();
      assert.deepEqual(
        reopened.map((a) => [a.id, a.status, a.occurrences]),
        [[raised.id, 'acknowledged', 1]],
      );

      // The rule set as a file: export, then import (replace) into itself changes nothing.
      const exported = (await api('GET', '/api/v1/alert-rules/export')).body;
      assert.deepEqual(
        (exported.rules as { id: string }[]).map((r) => r.id),
        ['hot-room'],
      );
      const imported = await api('POST', '/api/v1/alert-rules/import?mode=replace', exported);
      assert.deepEqual(imported.body, { rules: 1, channels: 2 });

      // Back to comfortable: the condition clears the alert.
      const device2 = await mqtt.connectAsync(test.mqttUrl, { clientId: 'alert-device-2' });
      await device2.publishAsync('twins/room-a/telemetry', JSON.stringify({ temperature: 22 }), { qos: 1 });
      await device2.endAsync();
      await waitFor(async () => ((await openAlerts()).length === 0 ? true : undefined), 5_000, 'the alert to clear');
      const cleared = (await http<AlertBody>(test.baseUrl, 'GET', `/api/v1/alerts/${raised.id}`)).body;
      assert.equal(cleared.status, 'cleared');
      assert.equal(cleared.clearedBy, 'rule');
    } finally {
      await watcher.endAsync();
      await device.endAsync();
      await test.stop();
      hook.close();
    }
  });
});
