import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EpochMs } from '@doppel/core';
import { ManualClock, silentLogger } from '@doppel/core';
import { ModelSet, parseModels } from '@doppel/dtdl';
import { MemoryLog } from '../adapters/memory-log/memory-log.js';
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
import { decodeEntry } from './entry-codec.js';
import type { PipelineLimits } from './ingest-pipeline.js';
import { IngestPipeline } from './ingest-pipeline.js';
import type { DeadLetterDraft, IngestInput, Transport } from './ingest-types.js';

const SENSOR = 'dtmi:test:Sensor;1';

function compile(): CompiledModel {
  const result = parseModels([
    {
      '@context': 'dtmi:dtdl:context;3',
      '@id': SENSOR,
      '@type': 'Interface',
      contents: [
        { '@type': 'Telemetry', name: 'temperature', schema: 'double' },
        { '@type': 'Telemetry', name: 'pressure', schema: 'double' },
      ],
    },
  ]);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  const set = new ModelSet(result.interfaces);
  const info = set.get(SENSOR);
  assert.ok(info);
  return compileModel(info, set);
}
const MODEL = compile();
const NOW_MS = 1_769_860_800_000;

/** A MemoryLog whose appends can be held (resolved later, in order) or made to fail. */
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

/** In-memory DeadLetterStore for the pipeline (the SQLite adapter has its own contract suite). */
class FakeDeadLetters implements DeadLetterStore {
  readonly drafts: DeadLetterDraft[] = [];
  failNext: Error | undefined;
  open(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
  insert(drafts: readonly DeadLetterDraft[]): Promise<void> {
    if (this.failNext !== undefined) {
      const error = this.failNext;
      this.failNext = undefined;
      return Promise.reject(error);
    }
    this.drafts.push(...drafts);
    return Promise.resolve();
  }
  list(_filter: DeadLetterFilter, _pageSize: number, _cursor: string | null): Promise<DeadLetterPage> {
    return Promise.resolve({ items: [], next: null });
  }
  get(_id: string): Promise<StoredDeadLetter | undefined> {
    return Promise.resolve(undefined);
  }
  markReplayed(_id: string, _replayedMs: EpochMs): Promise<void> {
    return Promise.resolve();
  }
  count(): number {
    return this.drafts.length;
  }
  countByReason(): Promise<Record<string, number>> {
    return Promise.resolve({});
  }
  evicted(): number {
    return 0;
  }
}

const LIMITS: PipelineLimits = {
  payloadBytesMax: 65_536,
  samplesPerPayloadMax: 100,
  timestampPastMaxMs: 3_600_000,
  timestampFutureMaxMs: 60_000,
  ingestQueuePointsMax: 1_000,
};

async function setup(limits: Partial<PipelineLimits> = {}) {
  const log = new ControlledLog();
  await log.open();
  const deadLetters = new FakeDeadLetters();
  const state = new TwinStateStore();
  const pipeline = new IngestPipeline({
    log,
    deadLetters,
    state,
    lookup: (twinId) => (twinId.startsWith('pump-') ? MODEL : undefined),
    limits: { ...LIMITS, ...limits },
    clock: new ManualClock(NOW_MS),
    logger: silentLogger,
  });
  return { log, deadLetters, state, pipeline };
}

function input(payload: unknown, options: { twinId?: string; transport?: Transport } = {}): IngestInput {
  const twinId = options.twinId ?? 'pump-1';
  return {
    transport: options.transport ?? 'mqtt',
    topic: `twins/${twinId}/telemetry`,
    clientId: 'client-a',
    twinId,
    kind: 'telemetry',
    payload: new TextEncoder().encode(JSON.stringify(payload)),
    receivedMs: NOW_MS as EpochMs,
  };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

void describe('IngestPipeline', () => {
  void it('applies a valid input to state and the log, and reports the outcome', async () => {
    const { log, state, pipeline } = await setup();
    const outcome = await pipeline.submit(input({ ts: NOW_MS - 10, temperature: 20, pressure: 1.5 }));
    assert.deepEqual(outcome, { points: 2, applied: 2, deadLettered: 0, errors: [] });
    assert.equal(state.get('pump-1')?.get('temperature')?.value, 20);
    assert.equal(log.nextOffset(), 1);
    assert.equal(pipeline.stateOffset, 1);
    const records = [];
    for await (const batch of log.read(0)) records.push(...batch.map((record) => decodeEntry(record.payload)));
    assert.deepEqual(records[0]?.rows, [{ ts: NOW_MS - 10, values: { temperature: 20, pressure: 1.5 } }]);
  });

  void it('keeps received = applied + dead-lettered per transport', async () => {
    const { deadLetters, pipeline } = await setup();
    await pipeline.submit(input({ temperature: 1, pressure: 2 }));
    await pipeline.submit(input([{ temperature: 1, humidity: 5 }, { temperature: 'x' }]));
    await pipeline.submit(input('not an object'));
    await pipeline.submit(input({ temperature: 1 }, { twinId: 'nobody', transport: 'http' }));
    await pipeline.submit(input({ temperature: 3 }, { transport: 'http' }));
    const counters = pipeline.counters.snapshot();
    for (const transport of ['mqtt', 'http', 'replay'] as const) {
      const c = counters[transport];
      assert.ok(c);
      assert.equal(c.receivedPoints, c.appliedPoints + c.deadLetteredPoints, transport);
      assert.equal(c.failedPoints, 0);
    }
    assert.deepEqual(
      [counters.mqtt?.receivedPoints, counters.mqtt?.appliedPoints, counters.mqtt?.deadLetteredPoints],
      [6, 3, 3],
    );
    assert.deepEqual([counters.http?.receivedPoints, counters.http?.appliedPoints], [2, 1]);
    assert.equal(counters.mqtt?.receivedMessages, 3);
    assert.equal(deadLetters.drafts.length, 4);
  });

  void it('reports dead-lettered samples of an input with code and pointer', async () => {
    const { pipeline } = await setup();
    const outcome = await pipeline.submit(input([{ temperature: 1 }, { temperature: 'x' }]));
    assert.equal(outcome.applied, 1);
    assert.equal(outcome.deadLettered, 1);
    assert.equal(outcome.errors.length, 1);
    assert.equal(outcome.errors[0]?.code, 'ingest.value-invalid');
    assert.equal(outcome.errors[0]?.pointer, '/1/temperature');
  });

  void it('applies state only after the log append resolves', async () => {
    const { log, state, pipeline } = await setup();
    log.held = true;
    let settled = false;
    const done = pipeline.submit(input({ temperature: 20 })).then(() => (settled = true));
    await turn();
    assert.equal(state.get('pump-1'), undefined, 'no state before the append is durable');
    assert.equal(settled, false, 'not acknowledged before the append is durable');
    assert.equal(pipeline.counters.of('mqtt').appliedPoints, 0);
    assert.equal(pipeline.queued, 1);
    log.release();
    await done;
    assert.equal(state.get('pump-1')?.get('temperature')?.value, 20);
    assert.equal(pipeline.queued, 0);
  });

  void it('applies the inputs of one twin in submit (log) order', async () => {
    const { log, state, pipeline } = await setup();
    log.held = true;
    const seen: unknown[] = [];
    state.onChange((_twinId, _changed, paths) => seen.push(paths.get('temperature')?.value));
    const all = [1, 2, 3, 4].map((value) => pipeline.submit(input({ ts: NOW_MS - 100 + value, temperature: value })));
    await turn();
    log.release();
    await Promise.all(all);
    assert.deepEqual(seen, [1, 2, 3, 4]);
    assert.equal(state.get('pump-1')?.get('temperature')?.value, 4);
  });

  void it('does not roll state back for a late sample and counts it', async () => {
    const { state, pipeline } = await setup();
    await pipeline.submit(input({ ts: NOW_MS, temperature: 2 }));
    await pipeline.submit(input({ ts: NOW_MS - 1_000, temperature: 1 }));
    await pipeline.submit(input({ ts: NOW_MS, temperature: 2 }));
    assert.equal(state.get('pump-1')?.get('temperature')?.value, 2);
    assert.equal(pipeline.counters.latePoints, 1);
    assert.equal(pipeline.counters.duplicatePoints, 1);
  });

  void it('is saturated while points in flight reach ingestQueuePointsMax, and whenReady resolves after', async () => {
    const { log, pipeline } = await setup({ ingestQueuePointsMax: 3 });
    log.held = true;
    assert.equal(pipeline.saturated(), false);
    await pipeline.whenReady();
    const first = pipeline.submit(input({ temperature: 1, pressure: 2 }));
    assert.equal(pipeline.saturated(), false);
    const second = pipeline.submit(input({ temperature: 3 }));
    assert.equal(pipeline.saturated(), true);
    let ready = false;
    const waiting = pipeline.whenReady().then(() => (ready = true));
    await turn();
    assert.equal(ready, false);
    log.release();
    await Promise.all([first, second, waiting]);
    assert.equal(ready, true);
    assert.equal(pipeline.saturated(), false);
    assert.equal(pipeline.queued, 0);
  });

  void it('is saturated while overloaded, and wakes waiters when the overload ends', async () => {
    const { pipeline } = await setup();
    pipeline.setOverloaded(true);
    assert.equal(pipeline.saturated(), true);
    let ready = false;
    const waiting = pipeline.whenReady().then(() => (ready = true));
    await turn();
    assert.equal(ready, false);
    pipeline.setOverloaded(false);
    await waiting;
    assert.equal(ready, true);
  });

  void it('rejects submit when the log append fails: failedPoints counted, nothing applied', async () => {
    const { log, state, pipeline } = await setup();
    log.failNext = new Error('disk full');
    await assert.rejects(pipeline.submit(input({ temperature: 1, pressure: 2 })), /disk full/);
    assert.equal(state.get('pump-1'), undefined);
    const c = pipeline.counters.of('mqtt');
    assert.deepEqual([c.receivedPoints, c.appliedPoints, c.deadLetteredPoints, c.failedPoints], [2, 0, 0, 2]);
    assert.equal(pipeline.queued, 0);
    assert.equal(pipeline.saturated(), false);
  });

  void it('counts only the unsettled part as failed when the dead-letter store fails', async () => {
    const { deadLetters, state, pipeline } = await setup();
    deadLetters.failNext = new Error('dead letters unavailable');
    await assert.rejects(pipeline.submit(input({ temperature: 1, humidity: 2 })), /dead letters unavailable/);
    const c = pipeline.counters.of('mqtt');
    assert.equal(c.receivedPoints, c.appliedPoints + c.deadLetteredPoints + c.failedPoints);
    assert.deepEqual([c.appliedPoints, c.failedPoints], [1, 1]);
    assert.equal(state.get('pump-1')?.get('temperature')?.value, 1);
  });

  void it('dryRun decodes without storing, applying or counting anything', async () => {
    const { log, deadLetters, state, pipeline } = await setup();
    const decoded = pipeline.dryRun(input([{ temperature: 1 }, { humidity: 2 }]));
    assert.equal(decoded.entry?.points, 1);
    assert.equal(decoded.deadLetters.length, 1);
    assert.equal(log.nextOffset(), 0);
    assert.equal(deadLetters.drafts.length, 0);
    assert.equal(state.size.twins, 0);
    assert.equal(pipeline.counters.of('mqtt').receivedPoints, 0);
  });

  void it('asks for a snapshot after snapshotEveryPoints applied points', async () => {
    const log = new ControlledLog();
    await log.open();
    let due = 0;
    const pipeline = new IngestPipeline({
      log,
      deadLetters: new FakeDeadLetters(),
      state: new TwinStateStore(),
      lookup: () => MODEL,
      limits: LIMITS,
      clock: new ManualClock(NOW_MS),
      logger: silentLogger,
      snapshotEveryPoints: 3,
      onSnapshotDue: () => due++,
    });
    await pipeline.submit(input({ temperature: 1, pressure: 1 }));
    assert.equal(due, 0);
    await pipeline.submit(input({ temperature: 2 }));
    assert.equal(due, 1);
  });
});
