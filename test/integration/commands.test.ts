// Commands and desired values through the platform: REST and WebSocket in, the embedded broker,
// simulated devices (packages/sim CommandDevice, real MQTT clients) answering every way a device
// can: at once, with an acknowledgement first, by refusing, twice, never, or after being offline.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import WebSocket from 'ws';
import type { CommandView, ServerFrame } from '@doppel/protocol';
import { CommandDevice } from '@doppel/sim';
import type { CommandBehaviour } from '@doppel/sim';
import { VALVE_MODEL } from '../fixtures/models.js';
import { http, waitFor } from '../support/http.js';
import type { TestPlatform } from '../support/in-process-platform.js';
import { startTestPlatform } from '../support/in-process-platform.js';

interface Problem {
  code: string;
}

describe('commands to devices', () => {
  let test: TestPlatform;
  let valve = 0;
  /** A fresh valve twin for each test, so that devices of one test never answer another's. */
  const newValve = async (): Promise<string> => {
    const id = `valve-${++valve}`;
    await http(test.baseUrl, 'PUT', `/api/v1/digitaltwins/${id}`, { $metadata: { $model: VALVE_MODEL['@id'] } });
    return id;
  };
  const invoke = (twinId: string, name: string, body: unknown, waitMs = 0) =>
    http<CommandView & Problem>(
      test.baseUrl,
      'POST',
      `/api/v1/digitaltwins/${twinId}/commands/${name}${waitMs > 0 ? `?waitMs=${waitMs}` : ''}`,
      body,
    );
  const command = async (id: string) => (await http<CommandView>(test.baseUrl, 'GET', `/api/v1/commands/${id}`)).body;
  const device = (twinId: string, behaviour: CommandBehaviour, extra: Record<string, unknown> = {}) =>
    CommandDevice.start({
      mqttUrl: test.mqttUrl,
      clientId: `dev-${twinId}-${behaviour}`,
      twinIds: [twinId],
      behaviour,
      delayMs: 50,
      respond: (_name: string, request: unknown) => request,
      ...extra,
    });

  before(async () => {
    test = await startTestPlatform({ history: false });
    const uploaded = await http(test.baseUrl, 'POST', '/api/v1/models', [VALVE_MODEL]);
    assert.equal(uploaded.status, 201);
  });

  after(async () => test.stop());

  it('delivers a command to a connected device and completes with its answer (pending → sent → succeeded)', async () => {
    const twinId = await newValve();
    const dev = await device(twinId, 'succeed');
    try {
      const { status, body, headers } = await invoke(twinId, 'setPosition', { request: 42.5 }, 5_000);
      assert.equal(status, 200, JSON.stringify(body));
      assert.equal(body.status, 'succeeded');
      assert.equal(body.response, 42.5);
      assert.equal(headers.get('location'), `/api/v1/commands/${body.id}`);
      assert.deepEqual(Object.keys(body.statusTimesMs).sort(), ['pending', 'sent', 'succeeded']);
      assert.equal(body.idempotent, false);
      assert.match(body.requestedBy, /^http:/);
      assert.equal(dev.executions(body.id), 1);
      assert.deepEqual(
        dev.received.map((received) => [received.name, received.request]),
        [['setPosition', 42.5]],
      );
      const listed = await http<{ value: CommandView[] }>(
        test.baseUrl,
        'GET',
        `/api/v1/digitaltwins/${twinId}/commands`,
      );
      assert.deepEqual(
        listed.body.value.map((view) => view.id),
        [body.id],
      );
    } finally {
      await dev.stop();
    }
  });

  it('refuses bad invocations with a code that says what to fix', async () => {
    const twinId = await newValve();
    const wrongType = await invoke(twinId, 'setPosition', { request: 'open' });
    assert.deepEqual([wrongType.status, wrongType.body.code], [400, 'command.request-invalid']);
    const extra = await invoke(twinId, 'reboot', { request: 1 });
    assert.deepEqual([extra.status, extra.body.code], [400, 'command.request-invalid']);
    const unknown = await invoke(twinId, 'explode', {});
    assert.deepEqual([unknown.status, unknown.body.code], [404, 'command.unknown']);
    const noTwin = await invoke('no-such-valve', 'reboot', {});
    assert.deepEqual([noTwin.status, noTwin.body.code], [404, 'twin.not-found']);
    const badTimeout = await invoke(twinId, 'reboot', { timeoutMs: 5 });
    assert.deepEqual([badTimeout.status, badTimeout.body.code], [400, 'command.request-invalid']);
    const notWritable = await http<Problem>(
      test.baseUrl,
      'PUT',
      `/api/v1/digitaltwins/${twinId}/properties/label/desired`,
      {
        value: 'x',
      },
    );
    assert.deepEqual([notWritable.status, notWritable.body.code], [404, 'command.unknown']);
  });

  it('records a refusal as failed with the device error, and an unanswered command as timed out', async () => {
    const rejecting = await newValve();
    const silent = await newValve();
    const devices = [await device(rejecting, 'reject'), await device(silent, 'ignore')];
    try {
      const failed = await invoke(rejecting, 'setPosition', { request: 1 }, 5_000);
      assert.equal(failed.body.status, 'failed');
      assert.ok((failed.body.error ?? '').length > 0);
      const timedOut = await invoke(silent, 'setPosition', { request: 1, timeoutMs: 300 }, 5_000);
      assert.equal(timedOut.body.status, 'timed-out');
      assert.deepEqual(Object.keys(timedOut.body.statusTimesMs).sort(), ['pending', 'sent', 'timed-out']);
    } finally {
      for (const dev of devices) await dev.stop();
    }
  });

  it('goes through an acknowledgement first, and counts a second answer without applying it', async () => {
    const acking = await newValve();
    const twice = await newValve();
    const devices = [await device(acking, 'ack-then-succeed'), await device(twice, 'twice')];
    try {
      const acked = await invoke(acking, 'setPosition', { request: 3 }, 5_000);
      assert.equal(acked.body.status, 'succeeded');
      assert.ok(acked.body.statusTimesMs.acknowledged !== undefined);
      const answered = await invoke(twice, 'setPosition', { request: 4 }, 5_000);
      assert.equal(answered.body.status, 'succeeded');
      const counted = await waitFor(async () => {
        const view = await command(answered.body.id);
        return view.duplicateResponses === 1 ? view : undefined;
      });
      assert.equal(counted.status, 'succeeded');
      assert.equal(counted.response, 4);
    } finally {
      for (const dev of devices) await dev.stop();
    }
  });

  it('keeps a command for an offline device until it connects, expires it past its TTL, and cancels one still pending', async () => {
    const twinId = await newValve();
    const waiting = await invoke(twinId, 'setPosition', { request: 7, ttlMs: 30_000 });
    assert.deepEqual([waiting.status, waiting.body.status], [202, 'pending']);
    const expiring = await invoke(twinId, 'setPosition', { request: 8, ttlMs: 200 });
    const cancelled = await invoke(twinId, 'setPosition', { request: 9, ttlMs: 30_000 });
    const cancel = await http<CommandView>(test.baseUrl, 'POST', `/api/v1/commands/${cancelled.body.id}/cancel`);
    assert.equal(cancel.body.status, 'cancelled');
    await waitFor(async () => ((await command(expiring.body.id)).status === 'expired' ? true : undefined));
    const dev = await device(twinId, 'succeed');
    try {
      const done = await waitFor(async () => {
        const view = await command(waiting.body.id);
        return view.status === 'succeeded' ? view : undefined;
      });
      assert.equal(done.response, 7);
      // Neither the expired nor the cancelled command ever reached the device.
      assert.deepEqual(
        dev.received.map((received) => received.request),
        [7],
      );
      const again = await http<Problem>(test.baseUrl, 'POST', `/api/v1/commands/${waiting.body.id}/cancel`);
      assert.deepEqual([again.status, again.body.code], [409, 'command.not-cancellable']);
    } finally {
      await dev.stop();
    }
  });

  it('delivers a non-idempotent command at most once, and sends an Idempotent one again to a device that reconnects', async () => {
    const twinId = await newValve();
    const first = await device(twinId, 'ignore', { clientId: `dev-${twinId}` });
    const once = await invoke(twinId, 'setPosition', { request: 5, timeoutMs: 10_000 });
    const again = await invoke(twinId, 'reboot', { timeoutMs: 10_000 });
    await waitFor(() => (first.received.length === 2 ? true : undefined));
    await first.drop();
    // Reconnects (a new session, subscribing again) after the re-send delay.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const second = await device(twinId, 'succeed', { clientId: `dev-${twinId}` });
    try {
      const rebooted = await waitFor(async () => {
        const view = await command(again.body.id);
        return view.status === 'succeeded' ? view : undefined;
      });
      assert.equal(rebooted.idempotent, true);
      assert.deepEqual(
        second.received.map((received) => received.name),
        ['reboot'],
      );
      assert.equal((await command(once.body.id)).status, 'sent', 'setPosition was not sent again');
    } finally {
      await second.stop();
    }
  });

  it('completes a desired value when the reported property converges within the tolerance', async () => {
    const twinId = await newValve();
    // A device that applies desired values and reports what it reached (a little off).
    const client = await mqtt.connectAsync(test.mqttUrl, { clientId: `thermostat-${twinId}` });
    await client.subscribeAsync(`twins/${twinId}/properties/desired`, { qos: 1 });
    client.on('message', (_topic, payload) => {
      const { request } = JSON.parse(payload.toString()) as { request: number };
      void client.publishAsync(`twins/${twinId}/properties/reported`, JSON.stringify({ setpoint: request - 0.04 }), {
        qos: 1,
      });
    });
    try {
      const { status, body } = await http<CommandView>(
        test.baseUrl,
        'PUT',
        `/api/v1/digitaltwins/${twinId}/properties/setpoint/desired?waitMs=5000`,
        { value: 21.5, tolerance: 0.05 },
      );
      assert.equal(status, 200, JSON.stringify(body));
      assert.deepEqual([body.kind, body.status, body.response], ['desired', 'succeeded', 21.46]);
      const tooFar = await http<CommandView>(
        test.baseUrl,
        'PUT',
        `/api/v1/digitaltwins/${twinId}/properties/setpoint/desired?waitMs=5000`,
        { value: 30, tolerance: 0.01, timeoutMs: 500 },
      );
      assert.equal(tooFar.body.status, 'timed-out', 'a report outside the tolerance does not complete it');
    } finally {
      await client.endAsync();
    }
  });

  it('invokes over the WebSocket and streams every status to the caller', async () => {
    const twinId = await newValve();
    const dev = await device(twinId, 'ack-then-succeed');
    const socket = new WebSocket(`${test.baseUrl.replace('http', 'ws')}/api/v1/live`);
    const frames: ServerFrame[] = [];
    socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString()) as ServerFrame));
    await new Promise((resolve) => socket.once('open', resolve));
    try {
      socket.send(
        JSON.stringify({ type: 'command.invoke', requestId: 'c1', twinId, name: 'setPosition', request: 11 }),
      );
      await waitFor(() =>
        frames.some((frame) => frame.type === 'command.updated' && frame.command.status === 'succeeded')
          ? true
          : undefined,
      );
      const updates = frames.filter((frame) => frame.type === 'command.updated');
      assert.ok(updates.every((frame) => frame.type === 'command.updated' && frame.requestId === 'c1'));
      const statuses = updates.map((frame) => (frame.type === 'command.updated' ? frame.command.status : ''));
      assert.equal(statuses.at(-1), 'succeeded');
      assert.ok(statuses.includes('acknowledged'), statuses.join());
      socket.send(JSON.stringify({ type: 'command.invoke', requestId: 'c2', twinId, name: 'nope' }));
      const error = await waitFor(() => frames.find((frame) => frame.type === 'error' && frame.requestId === 'c2'));
      assert.ok(error.type === 'error' && error.code === 'command.unknown');
    } finally {
      socket.close();
      await dev.stop();
    }
  });

  it('dead-letters an answer to no known command, and a malformed one', async () => {
    const twinId = await newValve();
    const client = await mqtt.connectAsync(test.mqttUrl, { clientId: `liar-${twinId}` });
    await client.publishAsync(
      `twins/${twinId}/commands/setPosition/response`,
      JSON.stringify({ correlationId: 'never-sent', status: 'succeeded' }),
      { qos: 1 },
    );
    await client.publishAsync(`twins/${twinId}/commands/setPosition/response`, 'not json', { qos: 1 });
    await client.endAsync();
    const letters = await waitFor(async () => {
      const { body } = await http<{ value: { reason: string; twinId: string | null }[] }>(
        test.baseUrl,
        'GET',
        `/api/v1/deadletters?twinId=${twinId}`,
      );
      return body.value.length === 2 ? body.value : undefined;
    });
    assert.deepEqual(letters.map((letter) => letter.reason).sort(), [
      'command.response-invalid',
      'command.response-unknown',
    ]);
  });
});

describe('commands across a restart', () => {
  it('resumes a pending command from the store and delivers it when the device connects', async () => {
    let test = await startTestPlatform({ history: false });
    await http(test.baseUrl, 'POST', '/api/v1/models', [VALVE_MODEL]);
    await http(test.baseUrl, 'PUT', '/api/v1/digitaltwins/valve-r', { $metadata: { $model: VALVE_MODEL['@id'] } });
    const { body } = await http<CommandView>(
      test.baseUrl,
      'POST',
      '/api/v1/digitaltwins/valve-r/commands/setPosition',
      {
        request: 12,
        ttlMs: 60_000,
      },
    );
    assert.equal(body.status, 'pending');
    await test.stop({ keepData: true });
    test = await startTestPlatform({ history: false, dataDir: test.dataDir });
    const dev = await CommandDevice.start({
      mqttUrl: test.mqttUrl,
      clientId: 'dev-valve-r',
      twinIds: ['valve-r'],
      behaviour: 'succeed',
      respond: (_name, request) => request,
    });
    try {
      const done = await waitFor(async () => {
        const view = (await http<CommandView>(test.baseUrl, 'GET', `/api/v1/commands/${body.id}`)).body;
        return view.status === 'succeeded' ? view : undefined;
      });
      assert.equal(done.response, 12);
    } finally {
      await dev.stop();
      await test.stop();
    }
  });
});
