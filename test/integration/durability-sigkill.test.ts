// Acknowledge after durable (DESIGN.md invariant 2): SIGKILL the platform in the middle of a
// QoS 1 publishing run, restart it, and prove every acknowledged sample is present (in the log
// and in state) and nothing is duplicated.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import mqtt from 'mqtt';
import type { TwinState } from '@doppel/protocol';
import { PUMP_MODEL, pumpTwin } from '../fixtures/models.js';
import { http } from '../support/http.js';
import { startPlatformProcess } from '../support/platform-process.js';
import { readIngestLog } from '../support/read-log.js';

const TWINS = ['pump-a', 'pump-b', 'pump-c', 'pump-d'];

describe('kill -9 during a QoS 1 run', () => {
  let dataDir = '';
  after(async () => {
    if (dataDir !== '') await rm(dataDir, { recursive: true, force: true });
  });

  it('loses nothing acknowledged and duplicates nothing', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'doppel-sigkill-'));
    const first = await startPlatformProcess(['--data', dataDir, '--no-sim', '--no-demo']);
    assert.equal((await http(first.baseUrl, 'POST', '/api/v1/models', [PUMP_MODEL])).status, 201);
    for (const id of TWINS)
      assert.equal((await http(first.baseUrl, 'PUT', `/api/v1/digitaltwins/${id}`, pumpTwin(id))).status, 200);

    // Each twin gets an increasing sequence; "acked" holds what each PUBACK confirmed.
    const acked = new Map<string, number[]>(TWINS.map((id) => [id, []]));
    const clients = await Promise.all(
      TWINS.map((id) => mqtt.connectAsync(first.mqttUrl, { clientId: `dev-${id}`, reconnectPeriod: 0 })),
    );
    const baseTs = Date.now();
    let stop = false;
    const publishers = TWINS.map(async (id, index) => {
      const client = clients[index] as mqtt.MqttClient;
      client.on('error', () => {});
      for (let seq = 1; !stop; seq++) {
        const inFlight: Promise<void>[] = [];
        // 20 in flight per client, like a gateway with a send window.
        for (let k = 0; k < 20 && !stop; k++, seq++) {
          const value = seq;
          inFlight.push(
            client
              .publishAsync(`twins/${id}/telemetry`, JSON.stringify({ ts: baseTs + value, seq: value }), { qos: 1 })
              .then(
                () => void acked.get(id)?.push(value),
                () => {},
              ),
          );
        }
        await Promise.all(inFlight);
      }
    });
    // Kill it while the run is in full swing.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await first.kill9();
    stop = true;
    await Promise.race([Promise.all(publishers), new Promise((resolve) => setTimeout(resolve, 2_000))]);
    for (const client of clients) client.end(true);
    const totalAcked = [...acked.values()].reduce((sum, list) => sum + list.length, 0);
    assert.ok(totalAcked > 100, `the run acknowledged only ${totalAcked} messages before the kill`);

    // The log, read directly: every acknowledged sample present, none twice.
    const entries = await readIngestLog(join(dataDir, 'log'));
    const seen = new Map<string, number>();
    for (const entry of entries) {
      for (const row of entry.rows) {
        const key = `${entry.twinId}@${row.ts}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
    }
    for (const [id, values] of acked) {
      for (const value of values)
        assert.equal(
          seen.get(`${id}@${baseTs + value}`),
          1,
          `acked ${id} seq ${value} missing or duplicated in the log`,
        );
    }
    for (const [key, count] of seen) assert.equal(count, 1, `${key} appears ${count} times in the log`);

    // State after restart: each twin at (at least) its last acknowledged sequence.
    const second = await startPlatformProcess(['--data', dataDir, '--no-sim', '--no-demo']);
    try {
      for (const [id, values] of acked) {
        const lastAcked = Math.max(0, ...values);
        const { body } = await http<TwinState>(second.baseUrl, 'GET', `/api/v1/digitaltwins/${id}/state`);
        const seq = body.paths.seq?.value as number | undefined;
        assert.ok(seq !== undefined && seq >= lastAcked, `${id}: state seq ${String(seq)} < last acked ${lastAcked}`);
        assert.ok(
          seen.has(`${id}@${baseTs + (seq ?? 0)}`),
          `${id}: state holds seq ${String(seq)} which is not in the log`,
        );
      }
    } finally {
      assert.equal(await second.stop(), 0);
    }
  });
});
