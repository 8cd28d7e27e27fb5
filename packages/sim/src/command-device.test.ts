import assert from 'node:assert/strict';
import type { AddressInfo, Server } from 'node:net';
import { createServer } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { Aedes } from 'aedes';
import type { MqttClient } from 'mqtt';
import { connectAsync } from 'mqtt';
import type { CommandAnswer, CommandDeviceOptions } from './command-device.js';
import { CommandDevice } from './command-device.js';

const DELAY_MS = 100;
const QUIET_MS = 200; // how long "no answer" is waited for

interface Answer {
  readonly topic: string;
  readonly answer: CommandAnswer;
  readonly atMs: number;
}

let broker: Aedes;
let server: Server;
let url: string;
let platform: MqttClient;
const answers: Answer[] = [];
/** Client id → whether its last disconnect was clean (DISCONNECT sent). */
const disconnects = new Map<string, boolean>();
const devices: CommandDevice[] = [];
let sequence = 0;

async function startDevice(options: Partial<CommandDeviceOptions> = {}): Promise<CommandDevice> {
  const device = await CommandDevice.start({
    mqttUrl: url,
    clientId: `device-${++sequence}`,
    twinIds: ['pump-1'],
    behaviour: 'succeed',
    delayMs: DELAY_MS,
    ...options,
  });
  devices.push(device);
  return device;
}

function nextCorrelationId(): string {
  return `corr-${++sequence}`;
}

/** Publishes a command as the platform would; resolves once the broker acknowledged it. */
async function sendCommand(
  twinId: string,
  name: string,
  correlationId: string,
  request?: unknown,
  envelope: Record<string, unknown> = {},
): Promise<number> {
  const payload = { correlationId, name, request, idempotent: false, expiresMs: Date.now() + 60_000, ...envelope };
  const sentMs = Date.now();
  await platform.publishAsync(`twins/${twinId}/commands/${name}`, JSON.stringify(payload), { qos: 1 });
  return sentMs;
}

function answersFor(correlationId: string): Answer[] {
  return answers.filter(({ answer }) => answer.correlationId === correlationId);
}

async function until(condition: () => boolean, what: string, timeoutMs = 300): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

void describe('CommandDevice against an in-process aedes broker', () => {
  before(async () => {
    broker = await Aedes.createBroker();
    broker.on('clientDisconnect', (client) => {
      disconnects.set(client.id, (client as unknown as { _disconnected?: boolean })._disconnected === true);
    });
    server = createServer(broker.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`;
    platform = await connectAsync(url, { clientId: 'platform', reconnectPeriod: 0 });
    platform.on('message', (topic, payload) => {
      answers.push({ topic, answer: JSON.parse(payload.toString()) as CommandAnswer, atMs: Date.now() });
    });
    await platform.subscribeAsync('twins/+/commands/+/response', { qos: 1 });
  });

  afterEach(async () => {
    await Promise.all(devices.splice(0).map((device) => device.stop()));
  });

  after(async () => {
    await platform.endAsync();
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  void it('succeed: answers succeeded at once with { ok: true } by default', async () => {
    const device = await startDevice();
    const correlationId = nextCorrelationId();
    await sendCommand('pump-1', 'start', correlationId, { speed: 3 });
    await until(() => answersFor(correlationId).length === 1, 'the answer');
    const [only] = answersFor(correlationId);
    assert.equal(only?.topic, 'twins/pump-1/commands/start/response');
    assert.deepEqual(only?.answer, { correlationId, status: 'succeeded', response: { ok: true } });
    assert.equal(device.executions(correlationId), 1);
    assert.equal(device.received.length, 1);
    const received = device.received[0];
    assert.equal(received?.twinId, 'pump-1');
    assert.equal(received?.name, 'start');
    assert.equal(received?.correlationId, correlationId);
    assert.deepEqual(received?.request, { speed: 3 });
    assert.equal(received?.idempotent, false);
    assert.equal(device.malformed, 0);
  });

  void it('succeed: the response is computed by respond(name, request); a throw fails the command', async () => {
    await startDevice({
      respond: (name, request) => {
        if (name === 'explode') throw new Error('boom');
        return { name, doubled: (request as number) * 2 };
      },
    });
    const ok = nextCorrelationId();
    const bad = nextCorrelationId();
    await sendCommand('pump-1', 'double', ok, 21);
    await sendCommand('pump-1', 'explode', bad);
    await until(() => answersFor(ok).length === 1 && answersFor(bad).length === 1, 'both answers');
    assert.deepEqual(answersFor(ok)[0]?.answer, {
      correlationId: ok,
      status: 'succeeded',
      response: { name: 'double', doubled: 42 },
    });
    assert.deepEqual(answersFor(bad)[0]?.answer, { correlationId: bad, status: 'failed', error: 'boom' });
  });

  void it('ack-then-succeed: answers acknowledged, then succeeded after delayMs', async () => {
    const device = await startDevice({ behaviour: 'ack-then-succeed' });
    const correlationId = nextCorrelationId();
    const sentMs = await sendCommand('pump-1', 'start', correlationId);
    await until(() => answersFor(correlationId).length === 2, 'two answers');
    const [ack, final] = answersFor(correlationId);
    assert.deepEqual(ack?.answer, { correlationId, status: 'acknowledged' });
    assert.deepEqual(final?.answer, { correlationId, status: 'succeeded', response: { ok: true } });
    assert.ok((ack?.atMs ?? Infinity) - sentMs < DELAY_MS, 'the acknowledgement comes at once');
    assert.ok((final?.atMs ?? 0) - sentMs >= DELAY_MS - 5, 'the final answer waits delayMs');
    assert.equal(device.executions(correlationId), 1);
  });

  void it('reject: answers failed with an error text and no response', async () => {
    const device = await startDevice({ behaviour: 'reject' });
    const correlationId = nextCorrelationId();
    await sendCommand('pump-1', 'start', correlationId);
    await until(() => answersFor(correlationId).length === 1, 'the answer');
    const answer = answersFor(correlationId)[0]?.answer;
    assert.equal(answer?.status, 'failed');
    assert.equal(typeof answer?.error, 'string');
    assert.ok((answer?.error ?? '').length > 0);
    assert.equal(answer?.response, undefined);
    assert.equal(device.executions(correlationId), 1);
  });

  void it('late: nothing before delayMs, then a single succeeded answer', async () => {
    await startDevice({ behaviour: 'late' });
    const correlationId = nextCorrelationId();
    const sentMs = await sendCommand('pump-1', 'start', correlationId);
    await sleep(DELAY_MS / 2);
    assert.equal(answersFor(correlationId).length, 0);
    await until(() => answersFor(correlationId).length === 1, 'the late answer');
    const [late] = answersFor(correlationId);
    assert.equal(late?.answer.status, 'succeeded');
    assert.ok((late?.atMs ?? 0) - sentMs >= DELAY_MS - 5, 'the answer waits delayMs');
    await sleep(50);
    assert.equal(answersFor(correlationId).length, 1);
  });

  void it('twice: sends the same succeeded answer twice but executes once', async () => {
    const device = await startDevice({ behaviour: 'twice' });
    const correlationId = nextCorrelationId();
    await sendCommand('pump-1', 'start', correlationId);
    await until(() => answersFor(correlationId).length === 2, 'two answers');
    const [first, second] = answersFor(correlationId);
    assert.deepEqual(first?.answer, { correlationId, status: 'succeeded', response: { ok: true } });
    assert.deepEqual(second?.answer, first?.answer);
    assert.equal(device.executions(correlationId), 1);
  });

  void it('ignore: receives the command but never answers nor executes', async () => {
    const device = await startDevice({ behaviour: 'ignore' });
    const correlationId = nextCorrelationId();
    await sendCommand('pump-1', 'start', correlationId);
    await until(() => device.received.length === 1, 'the command');
    await sleep(QUIET_MS);
    assert.equal(answersFor(correlationId).length, 0);
    assert.equal(device.executions(correlationId), 0);
  });

  void it('a duplicate command (same correlationId) is executed once but answered twice', async () => {
    let calls = 0;
    const device = await startDevice({
      respond: () => {
        calls++;
        return { call: calls };
      },
    });
    const correlationId = nextCorrelationId();
    await sendCommand('pump-1', 'start', correlationId);
    await until(() => answersFor(correlationId).length === 1, 'the first answer');
    await sendCommand('pump-1', 'start', correlationId);
    await until(() => answersFor(correlationId).length === 2, 'the second answer');
    const [first, second] = answersFor(correlationId);
    assert.deepEqual(first?.answer, { correlationId, status: 'succeeded', response: { call: 1 } });
    assert.deepEqual(second?.answer, first?.answer, 'the stored answer is sent again');
    assert.equal(calls, 1);
    assert.equal(device.executions(correlationId), 1);
    assert.equal(device.received.length, 2, 'both deliveries are recorded');
  });

  void it('a duplicate during ack-then-succeed gets the acknowledgement again, the final answer once', async () => {
    const device = await startDevice({ behaviour: 'ack-then-succeed' });
    const correlationId = nextCorrelationId();
    await sendCommand('pump-1', 'start', correlationId);
    await sendCommand('pump-1', 'start', correlationId);
    await until(() => answersFor(correlationId).length === 3, 'three answers');
    await sleep(50);
    assert.deepEqual(
      answersFor(correlationId).map(({ answer }) => answer.status),
      ['acknowledged', 'acknowledged', 'succeeded'],
    );
    assert.equal(device.executions(correlationId), 1);
  });

  void it('a behaviour function chooses per command; an ignored command is judged again on redelivery', async () => {
    let deliveries = 0;
    const device = await startDevice({
      twinIds: ['pump-1', 'pump-2'],
      behaviour: (twinId, name) => {
        if (name === 'flaky') return ++deliveries === 1 ? 'ignore' : 'succeed';
        return twinId === 'pump-2' ? 'reject' : 'succeed';
      },
    });
    const ok = nextCorrelationId();
    const rejected = nextCorrelationId();
    const flaky = nextCorrelationId();
    await sendCommand('pump-1', 'start', ok);
    await sendCommand('pump-2', 'start', rejected);
    await sendCommand('pump-1', 'flaky', flaky);
    await until(() => answersFor(ok).length === 1 && answersFor(rejected).length === 1, 'two answers');
    assert.equal(answersFor(ok)[0]?.answer.status, 'succeeded');
    assert.equal(answersFor(rejected)[0]?.answer.status, 'failed');
    assert.equal(answersFor(rejected)[0]?.topic, 'twins/pump-2/commands/start/response');
    assert.equal(answersFor(flaky).length, 0);
    assert.equal(device.executions(flaky), 0);
    await sendCommand('pump-1', 'flaky', flaky);
    await until(() => answersFor(flaky).length === 1, 'the answer to the redelivery');
    assert.equal(device.executions(flaky), 1);
  });

  void it("subscribes to the listed twins only, or to every twin with ['+']", async () => {
    const listed = await startDevice({ twinIds: ['pump-1'] });
    const everyone = await startDevice({ twinIds: ['+'], behaviour: 'ignore' });
    const correlationId = nextCorrelationId();
    await sendCommand('chiller-7', 'start', correlationId);
    await until(() => everyone.received.length === 1, 'the wildcard device to receive it');
    assert.equal(everyone.received[0]?.twinId, 'chiller-7');
    await sleep(50);
    assert.equal(listed.received.length, 0);
  });

  void it('counts and ignores malformed command messages', async () => {
    const device = await startDevice();
    const answersBefore = answers.length;
    await platform.publishAsync('twins/pump-1/commands/start', 'not json', { qos: 1 });
    await platform.publishAsync('twins/pump-1/commands/start', '[1, 2]', { qos: 1 });
    await sendCommand('pump-1', 'start', nextCorrelationId(), undefined, { correlationId: 7 });
    await sendCommand('pump-1', 'start', nextCorrelationId(), undefined, { idempotent: 'no' });
    await sendCommand('pump-1', 'start', nextCorrelationId(), undefined, { expiresMs: undefined });
    await sendCommand('pump-1', 'start', nextCorrelationId(), undefined, { name: 'stop' });
    await until(() => device.malformed === 6, 'six malformed messages');
    await sleep(50);
    assert.equal(device.received.length, 0);
    assert.equal(answers.length, answersBefore);
  });

  void it('stop() disconnects cleanly and cancels pending answers', async () => {
    const device = await startDevice({ clientId: 'device-stopped', behaviour: 'late' });
    const correlationId = nextCorrelationId();
    await sendCommand('pump-1', 'start', correlationId);
    await until(() => device.received.length === 1, 'the command');
    await device.stop();
    await until(() => disconnects.has('device-stopped'), 'the disconnect');
    assert.equal(disconnects.get('device-stopped'), true);
    await sleep(DELAY_MS + 50);
    assert.equal(answersFor(correlationId).length, 0);
  });

  void it('drop() dies without DISCONNECT; a kept session gets the commands sent meanwhile', async () => {
    const first = await startDevice({ clientId: 'device-persistent', cleanSession: false });
    await first.drop();
    await until(() => disconnects.has('device-persistent'), 'the disconnect');
    assert.equal(disconnects.get('device-persistent'), false);
    const correlationId = nextCorrelationId();
    await sendCommand('pump-1', 'start', correlationId);
    await sleep(50);
    assert.equal(answersFor(correlationId).length, 0);
    const second = await startDevice({ clientId: 'device-persistent', cleanSession: false });
    await until(() => answersFor(correlationId).length === 1, 'the answer after reconnecting');
    assert.equal(second.received[0]?.correlationId, correlationId);
  });
});
