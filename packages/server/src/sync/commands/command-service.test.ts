// Every lifecycle path of a command with a controllable clock: a real graph and command store
// (SQLite in a temporary folder), a broker stand-in that records what is published and whose
// subscribers the test decides.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Limits, TenantId } from '@doppel/core';
import { DoppelError, DEFAULT_LIMITS, ManualClock } from '@doppel/core';
import type { CommandView } from '@doppel/protocol';
import { SqliteCommandStore } from '../../adapters/sqlite-commands/sqlite-command-store.js';
import { SqliteRegistry } from '../../adapters/sqlite-registry/sqlite-registry.js';
import type { Broker } from '../../broker/broker.js';
import type { DeadLetterStore } from '../../deadletters/dead-letter-store.js';
import type { DeadLetterDraft } from '../../ingest/ingest-types.js';
import { ModelCatalog } from '../../graph/model-catalog.js';
import { TwinGraph } from '../../graph/twin-graph.js';
import { TwinStateStore } from '../../state/twin-state-store.js';
import { CommandService } from './command-service.js';

const VALVE = {
  '@context': ['dtmi:dtdl:context;3', 'dtmi:dtdl:extension:mqtt;1'],
  '@id': 'dtmi:test:Valve;1',
  '@type': 'Interface',
  contents: [
    {
      '@type': 'Command',
      name: 'setPosition',
      request: { name: 'position', schema: 'double' },
      response: { name: 'position', schema: 'double' },
    },
    { '@type': ['Command', 'Idempotent'], name: 'reboot' },
  ],
};
const T0 = 1_800_000_000_000;
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => silent };

/** The broker as the service sees it: who is subscribed is up to the test; publishes are recorded. */
class BrokerStandIn {
  subscribed = false;
  readonly published: { topic: string; envelope: Record<string, unknown> }[] = [];
  readonly broker = {
    subscribers: async () => (this.subscribed ? ['device'] : []),
    publish: async (topic: string, payload: Uint8Array | string) => {
      this.published.push({ topic, envelope: JSON.parse(String(payload)) as Record<string, unknown> });
    },
  } as unknown as Broker;
}

interface Rig {
  readonly service: CommandService;
  readonly clock: ManualClock;
  readonly broker: BrokerStandIn;
  readonly deadLetters: DeadLetterDraft[];
  /** A second service on the same stores, as after a restart. */
  restart(): Promise<CommandService>;
}

async function withRig(test: (rig: Rig) => Promise<void>, limits: Partial<Limits> = {}): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'doppel-commands-'));
  const registry = new SqliteRegistry(join(dir, 'registry.sqlite'));
  await registry.open();
  const store = new SqliteCommandStore(join(dir, 'commands.sqlite'));
  await store.open();
  const services: CommandService[] = [];
  try {
    const tenant = 'default' as TenantId;
    const clock = new ManualClock(T0);
    const models = new ModelCatalog(registry, tenant, clock);
    const graph = new TwinGraph(models, registry, tenant, clock);
    await graph.load();
    await graph.models.add([VALVE]);
    await graph.putTwin('v1', { $metadata: { $model: VALVE['@id'] } });
    const broker = new BrokerStandIn();
    const deadLetters: DeadLetterDraft[] = [];
    const make = async (): Promise<CommandService> => {
      const service = new CommandService({
        store,
        broker: broker.broker,
        graph,
        models,
        state: new TwinStateStore(),
        deadLetters: {
          insert: async (drafts: DeadLetterDraft[]) => void deadLetters.push(...drafts),
        } as unknown as DeadLetterStore,
        clock,
        logger: silent,
        limits: { ...DEFAULT_LIMITS, ...limits },
      });
      await service.start();
      services.push(service);
      return service;
    };
    await test({ service: await make(), clock, broker, deadLetters, restart: make });
  } finally {
    for (const service of services) await service.stop();
    await store.close();
    await registry.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const answer = (service: CommandService, view: CommandView, body: Record<string, unknown>): boolean =>
  service.handleMessage(
    `twins/v1/commands/${view.name}/response`,
    Buffer.from(JSON.stringify({ correlationId: view.id, ...body })),
    'device',
  );

const statusOf = async (service: CommandService, id: string): Promise<string> => (await service.get(id)).status;

/** Lets queued transitions (saves) run. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

void describe('CommandService', () => {
  void it('keeps a command pending while no device takes it, and expires it exactly at its TTL', () =>
    withRig(async ({ service, clock, broker }) => {
      const view = await service.invoke('v1', 'setPosition', { request: 1, ttlMs: 10_000, requestedBy: 'test' });
      assert.equal(view.status, 'pending');
      assert.equal(broker.published.length, 0);
      clock.advance(9_999);
      service.advance();
      await settle();
      assert.equal(await statusOf(service, view.id), 'pending');
      clock.advance(1);
      service.advance();
      await settle();
      assert.equal(await statusOf(service, view.id), 'expired');
      // A device that comes back later does not get it.
      broker.subscribed = true;
      service.clientReady();
      await settle();
      assert.equal(broker.published.length, 0);
    }));

  void it('sends it when a device subscribes, and times it out exactly timeoutMs after sending', () =>
    withRig(async ({ service, clock, broker }) => {
      const view = await service.invoke('v1', 'setPosition', { request: 2, timeoutMs: 5_000, requestedBy: 'test' });
      clock.advance(1_000);
      broker.subscribed = true;
      service.clientReady();
      await settle();
      assert.equal(await statusOf(service, view.id), 'sent');
      assert.deepEqual(broker.published, [
        {
          topic: 'twins/v1/commands/setPosition',
          envelope: {
            correlationId: view.id,
            name: 'setPosition',
            request: 2,
            idempotent: false,
            expiresMs: view.expiresMs,
          },
        },
      ]);
      clock.advance(4_999);
      service.advance();
      await settle();
      assert.equal(await statusOf(service, view.id), 'sent');
      clock.advance(1);
      service.advance();
      await settle();
      const timedOut = await service.get(view.id);
      assert.equal(timedOut.status, 'timed-out');
      assert.deepEqual(timedOut.statusTimesMs, { pending: T0, sent: T0 + 1_000, 'timed-out': T0 + 6_000 });
    }));

  void it('goes sent → acknowledged → succeeded on the device answers, and counts an answer after that', () =>
    withRig(async ({ service, broker, deadLetters }) => {
      broker.subscribed = true;
      const view = await service.invoke('v1', 'setPosition', { request: 3, requestedBy: 'test' });
      assert.equal(view.status, 'sent');
      assert.equal(answer(service, view, { status: 'acknowledged' }), true);
      await settle();
      assert.equal(await statusOf(service, view.id), 'acknowledged');
      answer(service, view, { status: 'succeeded', response: 3 });
      answer(service, view, { status: 'succeeded', response: 3 });
      await settle();
      const done = await service.get(view.id);
      assert.deepEqual([done.status, done.response, done.duplicateResponses], ['succeeded', 3, 1]);
      assert.equal(deadLetters.length, 0);
    }));

  void it('fails on a refusal with its error, and on a response that does not match the schema (dead-lettered)', () =>
    withRig(async ({ service, broker, deadLetters }) => {
      broker.subscribed = true;
      const refused = await service.invoke('v1', 'setPosition', { request: 4, requestedBy: 'test' });
      answer(service, refused, { status: 'failed', error: 'jammed' });
      const malformed = await service.invoke('v1', 'setPosition', { request: 5, requestedBy: 'test' });
      answer(service, malformed, { status: 'succeeded', response: 'wide open' });
      await settle();
      assert.deepEqual(
        [(await service.get(refused.id)).status, (await service.get(refused.id)).error],
        ['failed', 'jammed'],
      );
      const bad = await service.get(malformed.id);
      assert.equal(bad.status, 'failed');
      assert.match(bad.error ?? '', /response schema/);
      assert.deepEqual(
        deadLetters.map((letter) => letter.reason),
        ['command.response-invalid'],
      );
    }));

  void it('dead-letters answers to unknown commands and malformed answers; ignores foreign /response topics', () =>
    withRig(async ({ service, deadLetters }) => {
      const topic = 'twins/v1/commands/setPosition/response';
      assert.equal(
        service.handleMessage(topic, Buffer.from('{"correlationId":"nope","status":"succeeded"}'), 'd'),
        true,
      );
      assert.equal(service.handleMessage(topic, Buffer.from('{"status":"succeeded"}'), 'd'), true);
      assert.equal(service.handleMessage('plant/line1/response', Buffer.from('{"x":1}'), 'd'), false);
      assert.equal(service.handleMessage('twins/v1/telemetry', Buffer.from('{}'), 'd'), false);
      await settle();
      assert.deepEqual(deadLetters.map((letter) => letter.reason).sort(), [
        'command.response-invalid',
        'command.response-unknown',
      ]);
    }));

  void it('re-sends only Idempotent commands to a device that comes back, never a non-idempotent one', () =>
    withRig(async ({ service, clock, broker }) => {
      broker.subscribed = true;
      const once = await service.invoke('v1', 'setPosition', { request: 6, requestedBy: 'test' });
      const twice = await service.invoke('v1', 'reboot', { requestedBy: 'test' });
      assert.equal(twice.idempotent, true);
      clock.advance(500);
      service.clientReady();
      await settle();
      assert.equal(broker.published.length, 2, 'not within a second of sending');
      clock.advance(1_000);
      service.clientReady();
      await settle();
      assert.deepEqual(
        broker.published.map(({ envelope }) => envelope.correlationId),
        [once.id, twice.id, twice.id],
      );
      // The timeout follows the last send.
      assert.equal((await service.get(twice.id)).statusTimesMs.sent, T0 + 1_500);
    }));

  void it('cancels only a pending command', () =>
    withRig(async ({ service, broker }) => {
      const pending = await service.invoke('v1', 'reboot', { requestedBy: 'test' });
      assert.equal((await service.cancel(pending.id)).status, 'cancelled');
      broker.subscribed = true;
      const sent = await service.invoke('v1', 'reboot', { requestedBy: 'test' });
      await assert.rejects(
        service.cancel(sent.id),
        (error: unknown) => error instanceof DoppelError && error.code === 'command.not-cancellable',
      );
      await assert.rejects(
        service.cancel('nope'),
        (error: unknown) => error instanceof DoppelError && error.code === 'command.not-found',
      );
    }));

  void it('refuses more unfinished commands than the limit, and bad requests', () =>
    withRig(
      async ({ service }) => {
        await service.invoke('v1', 'reboot', { requestedBy: 'test' });
        await service.invoke('v1', 'reboot', { requestedBy: 'test' });
        const code = async (run: () => Promise<unknown>): Promise<string> => {
          try {
            await run();
            return 'no error';
          } catch (error) {
            return error instanceof DoppelError ? error.code : String(error);
          }
        };
        assert.equal(await code(() => service.invoke('v1', 'reboot', { requestedBy: 'test' })), 'command.queue-full');
        assert.equal(
          await code(() => service.invoke('v1', 'setPosition', { request: 'x', requestedBy: 'test' })),
          'command.request-invalid',
        );
        assert.equal(await code(() => service.invoke('v1', 'nope', { requestedBy: 'test' })), 'command.unknown');
        assert.equal(await code(() => service.invoke('v9', 'reboot', { requestedBy: 'test' })), 'twin.not-found');
      },
      { commandsPendingMax: 2 },
    ));

  void it('resumes unfinished commands after a restart: a pending one is delivered, a sent one still times out', () =>
    withRig(async ({ service, clock, broker, restart }) => {
      const pending = await service.invoke('v1', 'setPosition', { request: 7, requestedBy: 'test' });
      broker.subscribed = true;
      const sent = await service.invoke('v1', 'setPosition', { request: 8, timeoutMs: 5_000, requestedBy: 'test' });
      await service.stop();
      const resumed = await restart();
      await settle();
      assert.equal(await statusOf(resumed, pending.id), 'sent');
      assert.equal(broker.published.filter(({ envelope }) => envelope.correlationId === sent.id).length, 1);
      clock.advance(5_000);
      resumed.advance();
      await settle();
      assert.equal(await statusOf(resumed, sent.id), 'timed-out');
    }));
});
