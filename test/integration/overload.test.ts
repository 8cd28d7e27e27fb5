// Overload: flood the embedded broker at QoS 0 from many clients and HTTP from many callers.
// The process must survive, push back (paused sockets, 503 + Retry-After) instead of buffering,
// and account for every message: received = applied + dead-lettered, nothing dropped.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import { PUMP_MODEL, pumpTwin } from '../fixtures/models.js';
import { http, metricValue, waitFor } from '../support/http.js';
import type { PlatformProcess } from '../support/platform-process.js';
import { startPlatformProcess } from '../support/platform-process.js';

const CLIENTS = 20;
const FLOOD_MS = 3_000;
const TWINS = Array.from({ length: CLIENTS }, (_, i) => `pump-${i}`);

describe('overload', () => {
  let dataDir = '';
  let platform: PlatformProcess;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'doppel-overload-'));
    const configFile = join(dataDir, 'config.json');
    // Small bounds so that the flood saturates them within seconds.
    await writeFile(
      configFile,
      JSON.stringify({ limits: { ingestQueuePointsMax: 2_000, clientMessagesPerSecondMax: 5_000 } }),
    );
    platform = await startPlatformProcess([
      '--data',
      join(dataDir, 'data'),
      '--config',
      configFile,
      '--no-sim',
      '--no-demo',
    ]);
    await http(platform.baseUrl, 'POST', '/api/v1/models', [PUMP_MODEL]);
    for (const id of TWINS) await http(platform.baseUrl, 'PUT', `/api/v1/digitaltwins/${id}`, pumpTwin(id));
  });

  after(async () => {
    assert.equal(await platform.stop(), 0, 'the platform must stop cleanly after the floods');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('survives a QoS 0 flood, pauses sockets, and accounts for every message', async (t) => {
    const startedMs = Date.now();
    const clients = await Promise.all(
      TWINS.map((id) => mqtt.connectAsync(platform.mqttUrl, { clientId: `flood-${id}` })),
    );
    let sent = 0;
    const deadline = Date.now() + FLOOD_MS;
    await Promise.all(
      clients.map(async (client, index) => {
        const topic = `twins/${TWINS[index]}/telemetry`;
        for (let i = 0; Date.now() < deadline && i < 5_000; i++) {
          // Every 50th message is invalid, so the dead-letter path is under load too.
          const payload =
            i % 50 === 49 ? '{"flowRate": "broken"}' : `{"flowRate": ${i % 1000}, "pressure": 3.1, "seq": ${i}}`;
          sent++;
          // Await the write every 64 messages: the client honours TCP backpressure.
          if (i % 64 === 0) await client.publishAsync(topic, payload, { qos: 0 });
          else client.publish(topic, payload, { qos: 0 });
        }
      }),
    );
    await Promise.all(clients.map((client) => client.endAsync()));

    const metrics = await waitFor(
      async () => {
        const text = (await http<string>(platform.baseUrl, 'GET', '/api/v1/metrics')).body;
        return metricValue(text, 'doppel_ingest_messages_received_total', { source: 'mqtt' }) === sent &&
          metricValue(text, 'doppel_ingest_queued_points') === 0
          ? text
          : undefined;
      },
      30_000,
      `all ${sent} messages to be received and drained`,
    );
    const received = metricValue(metrics, 'doppel_ingest_points_received_total', { source: 'mqtt' });
    const applied = metricValue(metrics, 'doppel_ingest_points_applied_total', { source: 'mqtt' });
    const dead = metricValue(metrics, 'doppel_ingest_points_deadlettered_total', { source: 'mqtt' });
    t.diagnostic(`flood: ${sent} messages sent, all received and drained after ${Date.now() - startedMs} ms`);
    assert.equal(received, applied + dead);
    assert.ok(dead > 0);
    assert.ok(metricValue(metrics, 'doppel_ingest_mqtt_pauses_total') > 0, 'the flood never engaged backpressure');
    assert.ok(metricValue(metrics, 'process_resident_memory_bytes') < 1.5 * 1024 ** 3, 'memory grew past 1.5 GiB');
    assert.equal((await http(platform.baseUrl, 'GET', '/api/v1/healthz')).status, 200);
  });

  it('answers HTTP ingest with 503 + Retry-After when saturated, and stores every 200', async () => {
    const before = (await http<string>(platform.baseUrl, 'GET', '/api/v1/metrics')).body;
    const appliedBefore = metricValue(before, 'doppel_ingest_points_applied_total', { source: 'http' });
    const batch = Array.from({ length: 200 }, (_, i) => ({ ts: Date.now() - 100_000 + i, flowRate: i }));
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        http<{ applied?: number }>(
          platform.baseUrl,
          'POST',
          `/api/v1/digitaltwins/${TWINS[i % CLIENTS]}/telemetry`,
          batch,
        ),
      ),
    );
    const refused = responses.filter((response) => response.status === 503);
    const accepted = responses.filter((response) => response.status === 200);
    assert.equal(refused.length + accepted.length, responses.length);
    assert.ok(refused.length > 0, 'no request was refused: the pipeline never saturated');
    assert.equal(refused[0]?.headers.get('retry-after'), '1');
    const after = (await http<string>(platform.baseUrl, 'GET', '/api/v1/metrics')).body;
    assert.equal(
      metricValue(after, 'doppel_ingest_points_applied_total', { source: 'http' }) - appliedBefore,
      accepted.length * batch.length,
    );
    assert.equal(metricValue(after, 'doppel_ingest_http_rejected_total'), refused.length);
  });
});
