import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClientFrame, CommandUpdatedFrame, TwinUpdatedFrame } from '@doppel/protocol';
import { LIVE_PROTOCOL_VERSION } from '@doppel/protocol';
import { createLiveClient } from './live-client';

/** Just enough of a WebSocket for the client: readyState, send, close and the handlers. */
class FakeSocket {
  readyState = 1;
  readonly sent: ClientFrame[] = [];
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  send(text: string): void {
    this.sent.push(JSON.parse(text) as ClientFrame);
  }
  close(): void {
    this.readyState = 3;
  }
  receive(frame: object): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({ code: 1006, reason: '' });
  }
}

const hello = { type: 'hello', protocolVersion: LIVE_PROTOCOL_VERSION, serverTimeMs: 0, coalesceMs: 100 };
const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test('subscribes after hello, resubscribes after a reconnect, unsubscribes on release', async () => {
  const sockets: FakeSocket[] = [];
  const updated: TwinUpdatedFrame[] = [];
  const released: string[] = [];
  const client = createLiveClient({
    url: 'ws://test/api/v1/live',
    createSocket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
    onTwinUpdated: (frame) => updated.push(frame),
    onReleased: (ids) => released.push(...ids),
    backoff: { initialMs: 1, maxMs: 1, jitterRatio: 0 },
  });
  client.start();
  const release = client.retain(['a']);
  await tick();
  assert.deepEqual(sockets[0]?.sent, [], 'nothing is sent before hello');

  sockets[0]?.receive(hello);
  assert.equal(client.status.get().state, 'live');
  assert.deepEqual(sockets[0]?.sent, [
    { type: 'subscribe', twins: ['a'], coalesceMs: 100, snapshot: true, batch: true },
  ]);

  sockets[0]?.receive({ type: 'twin.updated', twinId: 'a', model: 'm', paths: {} });
  sockets[0]?.receive({ type: 'twin.updated', twinId: 'z', model: 'm', paths: {} });
  assert.deepEqual(
    updated.map((frame) => frame.twinId),
    ['a'],
  );
  // A batch: each wanted twin is handed on as its own update; unwanted and malformed entries are not.
  sockets[0]?.receive({
    type: 'twins.updated',
    snapshot: true,
    twins: [
      { twinId: 'z', model: 'm', paths: {} },
      { twinId: 'a', model: 'm', paths: { t: { value: 1 } } },
      { twinId: 'a', model: 'm', paths: 'not an object' },
      'nonsense',
    ],
  });
  assert.deepEqual(updated.slice(1), [
    { type: 'twin.updated', twinId: 'a', model: 'm', paths: { t: { value: 1 } }, snapshot: true },
  ]);
  sockets[0]?.receive({ type: 'twins.updated', twins: 'not a list' });
  assert.equal(updated.length, 2, 'a batch without a list is ignored');

  sockets[0]?.drop();
  assert.equal(client.status.get().state, 'reconnecting');
  await tick(10);
  sockets[1]?.receive(hello);
  assert.deepEqual(sockets[1]?.sent, [
    { type: 'subscribe', twins: ['a'], coalesceMs: 100, snapshot: true, batch: true },
  ]);

  release();
  await tick();
  assert.deepEqual(sockets[1]?.sent.at(-1), { type: 'unsubscribe', twins: ['a'] });
  assert.deepEqual(released, ['a']);
  client.stop();
  assert.equal(client.status.get().state, 'stopped');
});

test('a server with another protocol version stops the client instead of retrying', () => {
  const sockets: FakeSocket[] = [];
  const client = createLiveClient({
    url: 'ws://test/api/v1/live',
    createSocket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
    onTwinUpdated: () => undefined,
  });
  client.start();
  sockets[0]?.receive({ ...hello, protocolVersion: LIVE_PROTOCOL_VERSION + 1 });
  assert.equal(client.status.get().state, 'incompatible');
  assert.equal(sockets.length, 1);
  client.stop();
});

test('delivers command.updated frames, and drops malformed ones', () => {
  const sockets: FakeSocket[] = [];
  const commands: CommandUpdatedFrame[] = [];
  const client = createLiveClient({
    url: 'ws://test/api/v1/live',
    createSocket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
    onTwinUpdated: () => undefined,
    onCommandUpdated: (frame) => commands.push(frame),
  });
  client.start();
  sockets[0]?.receive(hello);
  const command = {
    id: 'c1',
    twinId: 'pump-3',
    kind: 'command',
    name: 'setSpeed',
    request: 40,
    status: 'sent',
    requestedBy: 'http:127.0.0.1',
    idempotent: false,
    topic: 'twins/pump-3/commands/setSpeed',
    createdMs: 1,
    statusTimesMs: { pending: 1, sent: 2 },
    expiresMs: 60_001,
    timeoutMs: 30_000,
    duplicateResponses: 0,
  };
  sockets[0]?.receive({ type: 'command.updated', command });
  sockets[0]?.receive({ type: 'command.updated', command: { ...command, status: 'succeeded' }, requestId: 'r1' });
  sockets[0]?.receive({ type: 'command.updated', command: { id: 'c2' } });
  sockets[0]?.receive({ type: 'command.updated' });
  assert.deepEqual(
    commands.map((frame) => [frame.command.id, frame.command.status, frame.requestId]),
    [
      ['c1', 'sent', undefined],
      ['c1', 'succeeded', 'r1'],
    ],
  );
  client.stop();
});
