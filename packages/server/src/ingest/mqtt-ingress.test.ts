import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EpochMs } from '@doppel/core';
import { ManualClock, silentLogger } from '@doppel/core';
import { ModelSet, parseModels } from '@doppel/dtdl';
import { MemoryLog } from '../adapters/memory-log/memory-log.js';
import type { InboundPublish } from '../broker/broker.js';
import type {
  DeadLetterFilter,
  DeadLetterPage,
  DeadLetterStore,
  StoredDeadLetter,
} from '../deadletters/dead-letter-store.js';
import type { CompiledModel } from '../graph/compiled-model.js';
import { compileModel } from '../graph/compiled-model.js';
import type { LogOffset } from '../log/event-log.js';
import { TwinStateStore } from '../state/twin-state-store.js';
import { ClientRateLimiter } from './client-rate-limiter.js';
import { decodeEntry } from './entry-codec.js';
import { IngestPipeline } from './ingest-pipeline.js';
import type { DeadLetterDraft } from './ingest-types.js';
import { createMqttIngress } from './mqtt-ingress.js';
import { TopicRouter } from './topic-router.js';

function compile(): CompiledModel {
  const result = parseModels([
    {
      '@context': 'dtmi:dtdl:context;3',
      '@id': 'dtmi:test:Sensor;1',
      '@type': 'Interface',
      contents: [{ '@type': 'Telemetry', name: 'temperature', schema: 'double' }],
    },
  ]);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  const set = new ModelSet(result.interfaces);
  const info = set.get('dtmi:test:Sensor;1');
  assert.ok(info);
  return compileModel(info, set);
}
const MODEL = compile();

/** A log whose appends resolve only when the test says so (durability under test control). */
class ControlledLog extends MemoryLog {
  held = false;
  failNext: Error | undefined;
  private readonly waiting: (() => void)[] = [];

  override async append(payloads: readonly Uint8Array[]): Promise<LogOffset> {
    if (this.failNext !== undefined) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    const offset = super.append(payloads);
    if (this.held) await new Promise<void>((resolve) => this.waiting.push(resolve));
    return offset;
  }

  release(): void {
    this.held = false;
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

class FakeDeadLetters implements DeadLetterStore {
  readonly drafts: DeadLetterDraft[] = [];
  open = (): Promise<void> => Promise.resolve();
  close = (): Promise<void> => Promise.resolve();
  insert(drafts: readonly DeadLetterDraft[]): Promise<void> {
    this.drafts.push(...drafts);
    return Promise.resolve();
  }
  list = (_filter: DeadLetterFilter, _size: number, _cursor: string | null): Promise<DeadLetterPage> =>
    Promise.resolve({ items: [], next: null });
  get = (_id: string): Promise<StoredDeadLetter | undefined> => Promise.resolve(undefined);
  markReplayed = (_id: string, _ms: EpochMs): Promise<void> => Promise.resolve();
  count = (): number => this.drafts.length;
  countByReason = (): Promise<Record<string, number>> => Promise.resolve({});
  evicted = (): number => 0;
}

async function setup(options: { messagesPerSecondMax?: number; ingestQueuePointsMax?: number } = {}) {
  const log = new ControlledLog();
  await log.open();
  const clock = new ManualClock(1_769_860_800_000);
  const deadLetters = new FakeDeadLetters();
  const state = new TwinStateStore();
  const pipeline = new IngestPipeline({
    log,
    deadLetters,
    state,
    lookup: (twinId) => (twinId === 'pump-1' ? MODEL : undefined),
    limits: {
      payloadBytesMax: 65_536,
      samplesPerPayloadMax: 100,
      timestampPastMaxMs: 3_600_000,
      timestampFutureMaxMs: 60_000,
      ingestQueuePointsMax: options.ingestQueuePointsMax ?? 1_000,
    },
    clock,
    logger: silentLogger,
  });
  const ingress = createMqttIngress({
    pipeline,
    router: new TopicRouter(),
    rateLimiter: new ClientRateLimiter({
      messagesPerSecondMax: options.messagesPerSecondMax ?? 1_000,
      bytesPerSecondMax: 1_000_000,
    }),
    clock,
    logger: silentLogger,
  });
  return { log, clock, deadLetters, state, pipeline, ingress };
}

function publish(qos: 0 | 1, payload: unknown, topic = 'twins/pump-1/telemetry'): InboundPublish {
  return { clientId: 'dev-1', topic, qos, payload: new TextEncoder().encode(JSON.stringify(payload)) };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function track(promise: Promise<void> | undefined): { settled: () => boolean; promise: Promise<void> } {
  assert.ok(promise !== undefined, 'expected the handler to hold the publish');
  let settled = false;
  const tracked = promise.then(() => {
    settled = true;
  });
  return { settled: () => settled, promise: tracked };
}

void describe('createMqttIngress', () => {
  void it('returns undefined for topics that are not ingest topics, and ingests nothing', async () => {
    const { log, pipeline, ingress } = await setup();
    assert.equal(ingress(publish(1, { temperature: 1 }, 'twins/pump-1/commands/start')), undefined);
    assert.equal(ingress(publish(1, { temperature: 1 }, 'factory/line-1')), undefined);
    await turn();
    assert.equal(log.nextOffset(), 0);
    assert.equal(pipeline.counters.of('mqtt').receivedMessages, 0);
  });

  void it('QoS 0: resolves on admission, before the input is durable', async () => {
    const { log, state, ingress } = await setup();
    log.held = true;
    assert.equal(ingress(publish(0, { temperature: 1 })), undefined, 'nothing to hold: admitted at once');
    await turn();
    assert.equal(state.get('pump-1'), undefined);
    log.release();
    await turn();
    assert.equal(state.get('pump-1')?.get('temperature')?.value, 1);
  });

  void it('QoS 1: holds the PUBACK until the input is durable', async () => {
    const { log, state, ingress } = await setup();
    log.held = true;
    const held = track(ingress(publish(1, { temperature: 1 })));
    await turn();
    await turn();
    assert.equal(held.settled(), false, 'no PUBACK before the append is durable');
    log.release();
    await held.promise;
    assert.equal(state.get('pump-1')?.get('temperature')?.value, 1);
    assert.equal(log.nextOffset(), 1);
  });

  void it('QoS 1: rejects (no PUBACK) when the log append fails', async () => {
    const { log, ingress } = await setup();
    log.failNext = new Error('disk full');
    const result = ingress(publish(1, { temperature: 1 }));
    assert.ok(result);
    await assert.rejects(result, /disk full/);
  });

  void it('QoS 0: a failing append is counted, not thrown', async () => {
    const { log, pipeline, ingress } = await setup();
    log.failNext = new Error('disk full');
    assert.equal(ingress(publish(0, { temperature: 1 })), undefined);
    await turn();
    assert.equal(pipeline.counters.of('mqtt').failedPoints, 1);
  });

  void it('dead-letters an ingest topic with an invalid twin id as twin-unknown, and acknowledges it', async () => {
    const { deadLetters, ingress } = await setup();
    const result = ingress(publish(1, { temperature: 1 }, 'twins/bad id/telemetry'));
    assert.ok(result);
    await result;
    assert.equal(deadLetters.drafts.length, 1);
    assert.equal(deadLetters.drafts[0]?.reason, 'ingest.twin-unknown');
    assert.equal(deadLetters.drafts[0]?.twinId, 'bad id', 'the id as sent, so the dead letter can be found by it');
    assert.equal(deadLetters.drafts[0]?.topic, 'twins/bad id/telemetry');
  });

  void it('QoS 0 while saturated: holds the socket until the pipeline has room', async () => {
    const { log, pipeline, ingress } = await setup({ ingestQueuePointsMax: 1 });
    log.held = true;
    assert.equal(ingress(publish(0, { temperature: 1 })), undefined);
    assert.equal(pipeline.saturated(), true);
    const paused = track(ingress(publish(0, { temperature: 2 })));
    await turn();
    assert.equal(paused.settled(), false);
    assert.equal(log.nextOffset(), 1, 'the second input waits outside the pipeline');
    log.release();
    await paused.promise;
    assert.equal(pipeline.counters.mqttPauses, 1);
    log.release();
  });

  void it('holds a client over its message budget, then ingests with a fresh receive time', async () => {
    const { clock, log, pipeline, ingress } = await setup({ messagesPerSecondMax: 1 });
    const t0 = clock.nowMs();
    await ingress(publish(1, { temperature: 1 }));
    clock.advance(999); // 1 ms left in the window
    const delayed = ingress(publish(1, { temperature: 2 }));
    assert.ok(delayed, 'the over-budget publish is held');
    clock.advance(1);
    await delayed;
    assert.equal(pipeline.counters.mqttPauses, 1);
    const entries = [];
    for await (const batch of log.read(0)) entries.push(...batch.map((record) => decodeEntry(record.payload)));
    assert.deepEqual(
      entries.map((entry) => entry.receivedMs),
      [t0, t0 + 1_000],
    );
  });
});
