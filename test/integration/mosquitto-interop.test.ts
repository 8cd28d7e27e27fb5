// Interoperability with Debian's mosquitto clients against the embedded broker.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import type { TwinState } from '@doppel/protocol';
import { PUMP_MODEL, pumpTwin } from '../fixtures/models.js';
import { http } from '../support/http.js';
import type { TestPlatform } from '../support/in-process-platform.js';
import { startTestPlatform } from '../support/in-process-platform.js';
import { toolAvailable } from '../support/tools.js';

/** Runs a command without blocking this process's event loop (the broker runs in it). */
function run(command: string, args: readonly string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { timeout: 10_000 });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (status) => resolve({ status, stderr }));
  });
}

/**
 * Runs `mosquitto_sub -C 1` against the broker and calls `publish` until it has received one
 * message (the subscription takes a moment to be in place); returns its exit code and output.
 */
async function subscribeOnce(
  port: string,
  args: readonly string[],
  publish: () => Promise<unknown>,
): Promise<{ code: number | null; output: string }> {
  const sub = spawn('mosquitto_sub', ['-h', '127.0.0.1', '-p', port, '-C', '1', '-W', '10', ...args]);
  let output = '';
  sub.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => sub.on('exit', resolve));
  let code: number | null | undefined;
  for (let attempt = 0; attempt < 50 && code === undefined; attempt++) {
    await publish();
    code = await Promise.race([exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 100))]);
  }
  return { code: code ?? null, output: output.trim() };
}

const hasMosquitto = toolAvailable('mosquitto_pub') && toolAvailable('mosquitto_sub');

describe(
  'mosquitto_pub / mosquitto_sub against the embedded broker',
  { skip: hasMosquitto ? false : 'mosquitto-clients not installed' },
  () => {
    let test: TestPlatform;
    let port: string;

    before(async () => {
      test = await startTestPlatform();
      port = String(test.platform.mqttPort);
      await http(test.baseUrl, 'POST', '/api/v1/models', [PUMP_MODEL]);
      await http(test.baseUrl, 'PUT', '/api/v1/digitaltwins/pump-7', pumpTwin('pump-7'));
    });

    after(async () => test.stop());

    for (const qos of ['0', '1']) {
      it(`mosquitto_pub -q ${qos} (MQTT 3.1.1) updates the twin`, async () => {
        const value = qos === '0' ? 12.5 : 13.5;
        const result = await run('mosquitto_pub', [
          '-h',
          '127.0.0.1',
          '-p',
          port,
          '-V',
          'mqttv311',
          '-q',
          qos,
          '-i',
          `mosq-pub-${qos}`,
          '-t',
          'twins/pump-7/telemetry',
          '-m',
          JSON.stringify({ flowRate: value, pressure: 3.1 }),
        ]);
        assert.equal(result.status, 0, result.stderr);
        // QoS 0 has no acknowledgement to wait for: poll briefly.
        const deadline = Date.now() + 3_000;
        let state: TwinState | undefined;
        while (Date.now() < deadline) {
          state = (await http<TwinState>(test.baseUrl, 'GET', '/api/v1/digitaltwins/pump-7/state')).body;
          if (state.paths.flowRate?.value === value) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        assert.equal(state?.paths.flowRate?.value, value);
        assert.equal(state?.paths.flowRate?.source, `mosq-pub-${qos}`);
      });
    }

    it('mosquitto_pub -V mqttv5 -q 1 updates the twin (MQTT 5)', async () => {
      const result = await run('mosquitto_pub', [
        '-h',
        '127.0.0.1',
        '-p',
        port,
        '-V',
        'mqttv5',
        '-q',
        '1',
        '-i',
        'mosq-pub-v5',
        '-t',
        'twins/pump-7/telemetry',
        '-m',
        JSON.stringify({ flowRate: 15.5 }),
      ]);
      assert.equal(result.status, 0, result.stderr);
      const state = (await http<TwinState>(test.baseUrl, 'GET', '/api/v1/digitaltwins/pump-7/state')).body;
      assert.equal(state.paths.flowRate?.value, 15.5);
      assert.equal(state.paths.flowRate?.source, 'mosq-pub-v5');
    });

    it('mosquitto_sub -V mqttv5 receives messages (MQTT 5)', async () => {
      const publisher = await mqtt.connectAsync(test.mqttUrl, { clientId: 'announcer-v5', protocolVersion: 5 });
      const received = await subscribeOnce(port, ['-V', 'mqttv5', '-q', '1', '-t', 'site/v5'], () =>
        publisher.publishAsync('site/v5', 'five', { qos: 1 }),
      );
      await publisher.endAsync();
      assert.deepEqual(received, { code: 0, output: 'five' });
    });

    it('mosquitto_sub receives what another client publishes through the broker', async () => {
      const publisher = await mqtt.connectAsync(test.mqttUrl, { clientId: 'announcer' });
      const received = await subscribeOnce(port, ['-V', 'mqttv311', '-q', '1', '-t', 'site/announcements'], () =>
        publisher.publishAsync('site/announcements', 'hello from doppel', { qos: 1 }),
      );
      await publisher.endAsync();
      assert.deepEqual(received, { code: 0, output: 'hello from doppel' });
    });

    it('mosquitto_sub sees device telemetry (ingest does not swallow it)', async () => {
      const received = await subscribeOnce(port, ['-t', 'twins/+/telemetry'], () =>
        run('mosquitto_pub', [
          '-h',
          '127.0.0.1',
          '-p',
          port,
          '-q',
          '1',
          '-t',
          'twins/pump-7/telemetry',
          '-m',
          '{"pressure": 2.2}',
        ]),
      );
      assert.deepEqual(received, { code: 0, output: '{"pressure": 2.2}' });
    });
  },
);
