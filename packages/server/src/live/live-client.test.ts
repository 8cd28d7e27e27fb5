import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { describe, it } from 'node:test';
import type { PathState, ServerFrame } from '@doppel/protocol';
import type { LiveSocket } from './live-client.js';
import { LiveClient } from './live-client.js';

class FakeSocket implements LiveSocket {
  readonly frames: ServerFrame[] = [];
  bufferedAmount = 0;
  send(text: string): void {
    this.frames.push(JSON.parse(text) as ServerFrame);
  }
  close(): void {}
  take(): ServerFrame[] {
    return this.frames.splice(0);
  }
}

const MODEL = 'dtmi:test:Pump;1';
const ps = (value: unknown): PathState => ({ value, sourceTimeMs: 1, receivedMs: 1, source: 'dev', kind: 'telemetry' });

function setup(t: TestContext, states: Record<string, Record<string, PathState>> = {}) {
  t.mock.timers.enable({ apis: ['setTimeout', 'setImmediate', 'Date'], now: 500_000 });
  const socket = new FakeSocket();
  const client = new LiveClient(7, socket, { bufferedBytesMax: 100 }, 50, (twinId) => {
    const paths = states[twinId];
    return paths === undefined ? undefined : { model: MODEL, paths };
  });
  t.after(() => client.close());
  return { socket, client };
}

void describe('LiveClient', () => {
  void it('counts twins and models as subscriptions', (t) => {
    const { client } = setup(t);
    client.twins.add('a');
    client.models.add(MODEL);
    assert.equal(client.subscriptionCount, 2);
  });

  void it('sends one frame per twin per flush and counts sent frames', (t) => {
    const { socket, client } = setup(t);
    client.enqueue('a', MODEL, [['x', ps(1)]]);
    client.enqueue('b', MODEL, [['y', ps(2)]]);
    client.enqueue('a', MODEL, [['z', ps(3)]]);
    t.mock.timers.tick(0);
    assert.deepEqual(socket.take(), [
      { type: 'twin.updated', twinId: 'a', model: MODEL, paths: { x: ps(1), z: ps(3) } },
      { type: 'twin.updated', twinId: 'b', model: MODEL, paths: { y: ps(2) } },
    ]);
    assert.equal(client.sentFrames, 2);
  });

  void it('replaces pending changes of a dropped twin by its whole state, and skips twins that are gone', (t) => {
    const { socket, client } = setup(t, { a: { x: ps(10), y: ps(11) } });
    socket.bufferedAmount = 101;
    client.enqueue('a', MODEL, [['x', ps(1)]]);
    client.enqueue('gone', MODEL, [['x', ps(1)]]);
    t.mock.timers.tick(0);
    assert.equal(client.droppedFrames, 2);
    assert.deepEqual(socket.take(), []);
    socket.bufferedAmount = 0;
    client.enqueue('a', MODEL, [['x', ps(2)]]);
    t.mock.timers.tick(50);
    assert.deepEqual(socket.take(), [
      { type: 'lagging', droppedFrames: 2, bufferedBytes: 0 },
      { type: 'twin.updated', twinId: 'a', model: MODEL, paths: { x: ps(10), y: ps(11) } },
    ]);
  });

  void it('sends nothing after close', (t) => {
    const { socket, client } = setup(t);
    client.enqueue('a', MODEL, [['x', ps(1)]]);
    client.close();
    t.mock.timers.tick(1_000);
    assert.deepEqual(socket.take(), []);
  });
});
