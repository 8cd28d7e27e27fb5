import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { describe, it } from 'node:test';
import { silentLogger } from '@doppel/core';
import type { PathState, ServerFrame } from '@doppel/protocol';
import { LIVE_PROTOCOL_VERSION, TWINS_PER_BATCH_MAX } from '@doppel/protocol';
import type { LiveSocket } from './live-client.js';
import type { LiveHubOptions, LiveSource } from './live-hub.js';
import { LiveHub } from './live-hub.js';

class FakeSocket implements LiveSocket {
  readonly frames: ServerFrame[] = [];
  bufferedAmount = 0;
  closed: { code?: number; reason?: string } | undefined;
  send(text: string): void {
    this.frames.push(JSON.parse(text) as ServerFrame);
  }
  close(code?: number, reason?: string): void {
    this.closed = { code, reason };
  }
  take(): ServerFrame[] {
    return this.frames.splice(0);
  }
}

const PUMP = 'dtmi:test:Pump;1';
const VALVE = 'dtmi:test:Valve;1';

function pathState(value: unknown, sourceTimeMs = 1): PathState {
  return { value, sourceTimeMs, receivedMs: sourceTimeMs, source: 'dev', kind: 'telemetry' };
}

class FakeSource implements LiveSource {
  readonly models = new Map<string, string>([
    ['p1', PUMP],
    ['p2', PUMP],
    ['v1', VALVE],
  ]);
  readonly states = new Map<string, Record<string, PathState>>([
    ['p1', { speed: pathState(10), temperature: pathState(20) }],
    ['p2', { speed: pathState(11) }],
    ['v1', { open: pathState(true) }],
  ]);
  modelOf(twinId: string): string | undefined {
    return this.models.get(twinId);
  }
  stateOf(twinId: string): Record<string, PathState> | undefined {
    return this.states.get(twinId);
  }
}

const OPTIONS: LiveHubOptions = {
  coalesceMs: 100,
  subscriptionsPerClientMax: 3,
  clientsMax: 2,
  bufferedBytesMax: 1_000,
};

function setup(t: TestContext, options: Partial<LiveHubOptions> = {}) {
  t.mock.timers.enable({ apis: ['setTimeout', 'setImmediate', 'Date'], now: 1_000_000 });
  const source = new FakeSource();
  const hub = new LiveHub(source, { ...OPTIONS, ...options }, silentLogger);
  t.after(() => hub.closeAll());
  return { source, hub };
}

function connect(hub: LiveHub) {
  const socket = new FakeSocket();
  const handlers = hub.connect(socket);
  assert.ok(handlers);
  const send = (frame: unknown): void => handlers.onMessage(JSON.stringify(frame));
  return { socket, handlers, send };
}

/** Runs the timers that are due after `ms` (setImmediate callbacks run on any tick). */
function tick(t: TestContext, ms = 0): void {
  t.mock.timers.tick(ms);
}

const updates = (frames: readonly ServerFrame[]) =>
  frames
    .filter((frame) => frame.type === 'twin.updated')
    .map((frame) => frame.type === 'twin.updated' && { twinId: frame.twinId, paths: Object.keys(frame.paths).sort() });

void describe('LiveHub', () => {
  void it('says hello on connect with the protocol version and coalescing window', (t) => {
    const { hub } = setup(t);
    const { socket } = connect(hub);
    assert.deepEqual(socket.take(), [
      { type: 'hello', protocolVersion: LIVE_PROTOCOL_VERSION, serverTimeMs: 1_000_000, coalesceMs: 100 },
    ]);
    assert.equal(hub.clientCount, 1);
  });

  void it('refuses clients beyond clientsMax by closing the socket', (t) => {
    const { hub } = setup(t);
    connect(hub);
    connect(hub);
    const third = new FakeSocket();
    assert.equal(hub.connect(third), undefined);
    assert.deepEqual(third.closed, { code: 1013, reason: 'too many live clients' });
    assert.equal(hub.clientCount, 2);
  });

  void it('acknowledges subscribe with counts, unknown twins and requestId, then sends snapshots', (t) => {
    const { hub } = setup(t);
    const { socket, send } = connect(hub);
    socket.take();
    send({ type: 'subscribe', requestId: 'r1', twins: ['p1', 'nope'] });
    const frames = socket.take();
    assert.deepEqual(frames[0], { type: 'subscribed', twins: 2, models: 0, unknownTwins: ['nope'], requestId: 'r1' });
    assert.deepEqual(frames.slice(1), [
      {
        type: 'twin.updated',
        twinId: 'p1',
        model: PUMP,
        paths: { speed: pathState(10), temperature: pathState(20) },
        snapshot: true,
      },
    ]);
  });

  void it('sends no snapshot when asked not to', (t) => {
    const { hub } = setup(t);
    const { socket, send } = connect(hub);
    socket.take();
    send({ type: 'subscribe', twins: ['p1'], snapshot: false });
    assert.deepEqual(
      socket.take().map((frame) => frame.type),
      ['subscribed'],
    );
  });

  void it('acknowledges unsubscribe and stops sending that twin', (t) => {
    const { hub } = setup(t);
    const { socket, send } = connect(hub);
    send({ type: 'subscribe', twins: ['p1', 'p2'], snapshot: false });
    socket.take();
    send({ type: 'unsubscribe', requestId: 'u1', twins: ['p1'] });
    assert.deepEqual(socket.take(), [{ type: 'subscribed', twins: 1, models: 0, unknownTwins: [], requestId: 'u1' }]);
    hub.publish('p1', PUMP, [['speed', pathState(1)]]);
    hub.publish('p2', PUMP, [['speed', pathState(2)]]);
    tick(t);
    assert.deepEqual(updates(socket.take()), [{ twinId: 'p2', paths: ['speed'] }]);
  });

  void it('answers ping with pong and the requestId', (t) => {
    const { hub } = setup(t);
    const { socket, send } = connect(hub);
    socket.take();
    send({ type: 'ping', requestId: 'p' });
    assert.deepEqual(socket.take(), [{ type: 'pong', serverTimeMs: 1_000_000, requestId: 'p' }]);
  });

  void it('answers invalid frames with live.frame-invalid and keeps the connection', (t) => {
    const { hub } = setup(t);
    const { socket, handlers, send } = connect(hub);
    socket.take();
    handlers.onMessage('{not json');
    send([1, 2]);
    send({ type: 'dance' });
    send({ type: 'subscribe', twins: 'p1' });
    send({ type: 'subscribe', coalesceMs: -1 });
    const frames = socket.take();
    assert.equal(frames.length, 5);
    for (const frame of frames) {
      assert.equal(frame.type, 'error');
      assert.equal(frame.type === 'error' && frame.code, 'live.frame-invalid');
    }
    assert.equal(socket.closed, undefined);
    send({ type: 'ping' });
    assert.equal(socket.take()[0]?.type, 'pong');
  });

  void it('refuses a subscribe beyond subscriptionsPerClientMax and subscribes nothing of it', (t) => {
    const { hub } = setup(t);
    const { socket, send } = connect(hub);
    send({ type: 'subscribe', twins: ['p1', 'p2'], snapshot: false });
    socket.take();
    send({ type: 'subscribe', requestId: 'big', twins: ['v1'], models: [VALVE] });
    const [frame] = socket.take();
    assert.equal(frame?.type, 'error');
    assert.equal(frame?.type === 'error' && frame.code, 'live.subscription-limit');
    assert.equal(frame?.type === 'error' && frame.requestId, 'big');
    hub.publish('v1', VALVE, [['open', pathState(false)]]);
    tick(t, 1_000);
    assert.deepEqual(socket.take(), []);
  });

  void it('coalesces changes of one twin in the same tick into one frame with both paths', (t) => {
    const { hub } = setup(t);
    const { socket, send } = connect(hub);
    send({ type: 'subscribe', twins: ['p1'], snapshot: false });
    socket.take();
    hub.publish('p1', PUMP, [['speed', pathState(1, 1)]]);
    hub.publish('p1', PUMP, [['temperature', pathState(2, 2)]]);
    hub.publish('p1', PUMP, [['speed', pathState(3, 3)]]);
    assert.deepEqual(socket.frames, [], 'nothing sent synchronously');
    tick(t);
    const frames = socket.take();
    assert.deepEqual(frames, [
      {
        type: 'twin.updated',
        twinId: 'p1',
        model: PUMP,
        paths: { speed: pathState(3, 3), temperature: pathState(2, 2) },
      },
    ]);
  });

  void it('sends at most one frame per twin per coalescing window', (t) => {
    const { hub } = setup(t);
    const { socket, send } = connect(hub);
    send({ type: 'subscribe', twins: ['p1'], snapshot: false });
    socket.take();
    hub.publish('p1', PUMP, [['speed', pathState(1)]]);
    tick(t);
    assert.equal(socket.take().length, 1, 'leading edge goes out at once');
    hub.publish('p1', PUMP, [['speed', pathState(2)]]);
    tick(t, 10);
    hub.publish('p1', PUMP, [['temperature', pathState(3)]]);
    tick(t, 50);
    assert.deepEqual(socket.take(), [], 'held until the window ends');
    tick(t, 40);
    assert.deepEqual(updates(socket.take()), [{ twinId: 'p1', paths: ['speed', 'temperature'] }]);
  });

  void it('with batch: true sends snapshots and each flush as twins.updated frames of many twins', (t) => {
    const { hub } = setup(t);
    const { socket, send } = connect(hub);
    socket.take(); // hello
    send({ type: 'subscribe', twins: ['p1', 'p2', 'ghost'], batch: true });
    const [subscribed, snapshot, ...rest] = socket.take();
    assert.equal(subscribed?.type, 'subscribed');
    assert.deepEqual(rest, []);
    assert.deepEqual(snapshot, {
      type: 'twins.updated',
      snapshot: true,
      twins: [
        { twinId: 'p1', model: PUMP, paths: { speed: pathState(10), temperature: pathState(20) } },
        { twinId: 'p2', model: PUMP, paths: { speed: pathState(11) } },
      ],
    });
    hub.publish('p1', PUMP, [['speed', pathState(1, 5)]]);
    hub.publish('p2', PUMP, [['speed', pathState(2, 5)]]);
    hub.publish('p1', PUMP, [['temperature', pathState(3, 5)]]);
    tick(t);
    assert.deepEqual(socket.take(), [
      {
        type: 'twins.updated',
        twins: [
          { twinId: 'p1', model: PUMP, paths: { speed: pathState(1, 5), temperature: pathState(3, 5) } },
          { twinId: 'p2', model: PUMP, paths: { speed: pathState(2, 5) } },
        ],
      },
    ]);
  });

  void it('splits a batch of more than TWINS_PER_BATCH_MAX twins into several frames', (t) => {
    const { hub } = setup(t, { subscriptionsPerClientMax: 2_000 });
    const { socket, send } = connect(hub);
    const ids = Array.from({ length: TWINS_PER_BATCH_MAX * 2 + 1 }, (_, i) => `t${i}`);
    send({ type: 'subscribe', twins: ids, batch: true, snapshot: false });
    socket.take();
    for (const id of ids) hub.publish(id, PUMP, [['speed', pathState(1)]]);
    tick(t);
    const frames = socket.take();
    assert.deepEqual(
      frames.map((frame) => frame.type === 'twins.updated' && frame.twins.length),
      [TWINS_PER_BATCH_MAX, TWINS_PER_BATCH_MAX, 1],
    );
    const sent = frames.flatMap((frame) => (frame.type === 'twins.updated' ? frame.twins.map((u) => u.twinId) : []));
    assert.deepEqual(sent, ids, 'every twin once, in order');
  });

  void it('refuses a batch that is not a boolean', (t) => {
    const { hub } = setup(t);
    const { socket, send } = connect(hub);
    socket.take();
    send({ type: 'subscribe', twins: ['p1'], batch: 'yes' });
    const [frame] = socket.take();
    assert.equal(frame?.type === 'error' && frame.code, 'live.frame-invalid');
    assert.equal(frame?.type === 'error' && frame.message, '"batch" must be a boolean');
  });

  void it('with coalesceMs 0 sends every change on the next tick', (t) => {
    const { hub } = setup(t);
    const { socket, send } = connect(hub);
    send({ type: 'subscribe', twins: ['p1'], snapshot: false, coalesceMs: 0 });
    socket.take();
    hub.publish('p1', PUMP, [['speed', pathState(1)]]);
    tick(t);
    hub.publish('p1', PUMP, [['speed', pathState(2)]]);
    tick(t);
    const frames = socket.take();
    assert.equal(frames.length, 2);
    assert.deepEqual(
      frames.map((frame) => frame.type === 'twin.updated' && frame.paths.speed?.value),
      [1, 2],
    );
  });

  void it('delivers changes of every twin of a subscribed model, once per client', (t) => {
    const { hub } = setup(t);
    const { socket, send } = connect(hub);
    send({ type: 'subscribe', models: [PUMP], twins: ['p1'], snapshot: false });
    assert.deepEqual(socket.take().at(-1), { type: 'subscribed', twins: 1, models: 1, unknownTwins: [] });
    hub.publish('p1', PUMP, [['speed', pathState(1)]]);
    hub.publish('p2', PUMP, [['speed', pathState(2)]]);
    hub.publish('v1', VALVE, [['open', pathState(false)]]);
    tick(t);
    assert.deepEqual(updates(socket.take()), [
      { twinId: 'p1', paths: ['speed'] },
      { twinId: 'p2', paths: ['speed'] },
    ]);
    send({ type: 'unsubscribe', models: [PUMP] });
    socket.take();
    hub.publish('p2', PUMP, [['speed', pathState(3)]]);
    tick(t, 1_000);
    assert.deepEqual(socket.take(), []);
  });

  void it('drops frames of a slow client, counts them, then sends lagging and resyncs the dropped twins once drained', (t) => {
    const { source, hub } = setup(t);
    const { socket, send } = connect(hub);
    send({ type: 'subscribe', twins: ['p1', 'p2'], snapshot: false });
    socket.take();
    socket.bufferedAmount = 5_000;
    hub.publish('p1', PUMP, [['speed', pathState(1)]]);
    hub.publish('p2', PUMP, [['speed', pathState(2)]]);
    tick(t);
    assert.deepEqual(socket.take(), [], 'over the buffer limit: nothing sent');
    assert.equal(hub.droppedFrames, 2);
    tick(t, 100);
    assert.deepEqual(socket.take(), [], 'still over the limit');

    source.states.set('p1', { speed: pathState(99), temperature: pathState(98) });
    socket.bufferedAmount = 0;
    tick(t, 100);
    const frames = socket.take();
    assert.deepEqual(frames[0], { type: 'lagging', droppedFrames: 2, bufferedBytes: 0 });
    assert.deepEqual(frames.slice(1), [
      { type: 'twin.updated', twinId: 'p1', model: PUMP, paths: { speed: pathState(99), temperature: pathState(98) } },
      { type: 'twin.updated', twinId: 'p2', model: PUMP, paths: { speed: pathState(11) } },
    ]);
    assert.equal(hub.droppedFrames, 2);
    tick(t, 1_000);
    assert.deepEqual(socket.take(), [], 'no further lagging notice');
  });

  void it('forgets a disconnected client: no frames to it, its dropped frames still counted', (t) => {
    const { hub } = setup(t);
    const { socket, handlers, send } = connect(hub);
    const other = connect(hub);
    send({ type: 'subscribe', twins: ['p1'], models: [VALVE], snapshot: false });
    other.send({ type: 'subscribe', twins: ['p1'], snapshot: false });
    socket.bufferedAmount = 5_000;
    hub.publish('p1', PUMP, [['speed', pathState(1)]]);
    tick(t);
    assert.equal(hub.droppedFrames, 1);
    socket.take();
    handlers.onClose();
    assert.equal(hub.clientCount, 1);
    socket.bufferedAmount = 0;
    hub.publish('p1', PUMP, [['speed', pathState(2)]]);
    hub.publish('v1', VALVE, [['open', pathState(false)]]);
    tick(t, 1_000);
    assert.deepEqual(socket.take(), []);
    assert.equal(hub.droppedFrames, 1);
    assert.deepEqual(updates(other.socket.take()), [
      { twinId: 'p1', paths: ['speed'] },
      { twinId: 'p1', paths: ['speed'] },
    ]);
  });
});

void describe('LiveHub model subscriptions and inheritance', () => {
  void it('sends twins of derived models to clients subscribed to the base model, once each', async () => {
    const hub = new LiveHub(
      { modelOf: () => 'dtmi:x:TempSensor;1', stateOf: () => ({}) },
      { coalesceMs: 0, bufferedBytesMax: 1_000_000, subscriptionsPerClientMax: 10, clientsMax: 10 },
      silentLogger,
    );
    const sent: string[] = [];
    const handlers = hub.connect({ send: (text) => void sent.push(text), bufferedAmount: 0, close: () => {} });
    handlers?.onMessage(
      JSON.stringify({ type: 'subscribe', models: ['dtmi:x:Sensor;1'], twins: ['t1'], snapshot: false }),
    );
    const state = { value: 1, sourceTimeMs: 1, receivedMs: 1, source: 's', kind: 'telemetry' as const };
    assert.equal(hub.wants('t2', 'dtmi:x:TempSensor;1', ['dtmi:x:Sensor;1']), true);
    assert.equal(hub.wants('t2', 'dtmi:x:TempSensor;1', []), false);
    hub.publish('t1', 'dtmi:x:TempSensor;1', [['temperature', state]], ['dtmi:x:Sensor;1']);
    hub.publish('t2', 'dtmi:x:Other;1', [['temperature', state]], []);
    await new Promise((resolve) => setImmediate(resolve));
    const updates = sent
      .map((text) => JSON.parse(text) as { type: string; twinId?: string })
      .filter((frame) => frame.type === 'twin.updated');
    assert.deepEqual(
      updates.map((frame) => frame.twinId),
      ['t1'],
    );
  });
});
