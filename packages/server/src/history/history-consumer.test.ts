import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EpochMs, TwinId } from '@doppel/core';
import { silentLogger } from '@doppel/core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryLog } from '../adapters/memory-log/memory-log.js';
import { SegmentLog } from '../adapters/segment-log/segment-log.js';
import { encodeEntry } from '../ingest/entry-codec.js';
import type { IngestEntry } from '../ingest/ingest-types.js';
import { HistoryConsumer } from './history-consumer.js';
import type { HistoryBatch, HistoryModelSchema, HistoryRow, HistoryStore } from './history-store.js';

/** An in-memory store that records batches; `failNext` makes the next write throw. */
class RecordingStore {
  batches: HistoryBatch[] = [];
  schemas: string[] = [];
  failNext = false;
  stored = 0;
  async checkpoint(): Promise<number> {
    return this.stored;
  }
  async ensureSchema(schema: HistoryModelSchema): Promise<void> {
    this.schemas.push(schema.modelId);
  }
  async write(batch: HistoryBatch): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('disk full');
    }
    this.batches.push(batch);
    this.stored = batch.throughOffset;
  }
  get rows(): HistoryRow[] {
    return this.batches.flatMap((batch) => [...batch.rows]);
  }
}

const SCHEMA: HistoryModelSchema = {
  modelId: 'dtmi:t:Pump;1',
  columns: [
    { path: 'flow', type: 'double' },
    { path: 'motor/temp', type: 'double' },
  ],
  // Modelled but not marked Historized while others are: left out on purpose.
  excludedPaths: new Set(['status']),
};

const entry = (twinId: string, rows: [number, Record<string, unknown>][]): IngestEntry => ({
  twinId: twinId as TwinId,
  kind: 'telemetry',
  source: 's',
  transport: 'mqtt',
  receivedMs: 10_000 as EpochMs,
  rows: rows.map(([ts, values]) => ({ ts: ts as EpochMs, values })),
  points: rows.reduce((sum, [, values]) => sum + Object.keys(values).length, 0),
});

async function setup(): Promise<{ log: MemoryLog; store: RecordingStore; consumer: HistoryConsumer }> {
  const log = new MemoryLog();
  await log.open();
  const store = new RecordingStore();
  const consumer = new HistoryConsumer({
    log,
    store: store as unknown as HistoryStore,
    modelOf: (twinId) => (twinId.startsWith('pump') ? SCHEMA.modelId : undefined),
    schemaOf: (modelId) => (modelId === SCHEMA.modelId ? SCHEMA : undefined),
    logger: silentLogger,
    batchRowsMax: 2,
  });
  return { log, store, consumer };
}

describe('HistoryConsumer', () => {
  it('writes every logged row with the checkpoint after it, in batches', async () => {
    const { log, store, consumer } = await setup();
    await log.append([
      encodeEntry(
        entry('pump-1', [
          [1, { flow: 1 }],
          [2, { flow: 2 }],
        ]),
      ),
    ]);
    await log.append([encodeEntry(entry('pump-2', [[3, { flow: 3, 'motor/temp': 40 }]]))]);
    assert.equal(await consumer.drainOnce(), 3);
    assert.deepEqual(
      store.rows.map((row) => [row.twinId, row.ts, row.values]),
      [
        ['pump-1', 1, { flow: 1 }],
        ['pump-1', 2, { flow: 2 }],
        ['pump-2', 3, { flow: 3, 'motor/temp': 40 }],
      ],
    );
    assert.equal(await store.checkpoint(), 2);
    assert.deepEqual(store.schemas, [SCHEMA.modelId]);
    assert.equal(consumer.lag(), 0);
  });

  it('skips records of twins that no longer exist and drops paths the model does not have', async () => {
    const { log, store, consumer } = await setup();
    await log.append([encodeEntry(entry('ghost', [[1, { flow: 1 }]]))]);
    await log.append([encodeEntry(entry('pump-1', [[2, { flow: 2, color: 'red', status: 'ok' }]]))]);
    await consumer.drainOnce();
    assert.deepEqual(
      store.rows.map((row) => row.values),
      [{ flow: 2 }],
    );
    assert.equal(consumer.skippedRecords, 1);
    assert.equal(consumer.droppedValues, 1);
    assert.equal(consumer.notHistorizedValues, 1);
    assert.equal(await store.checkpoint(), 2, 'the checkpoint passes skipped records too');
  });

  it('resumes from the store checkpoint: nothing lost, nothing written twice', async () => {
    const { log, store } = await setup();
    await log.append([encodeEntry(entry('pump-1', [[1, { flow: 1 }]]))]);
    const first = new HistoryConsumer({
      log,
      store: store as unknown as HistoryStore,
      modelOf: () => SCHEMA.modelId,
      schemaOf: () => SCHEMA,
      logger: silentLogger,
    });
    await first.start();
    await first.drainOnce();
    await first.stop();
    await log.append([encodeEntry(entry('pump-1', [[2, { flow: 2 }]]))]);
    const second = new HistoryConsumer({
      log,
      store: store as unknown as HistoryStore,
      modelOf: () => SCHEMA.modelId,
      schemaOf: () => SCHEMA,
      logger: silentLogger,
    });
    await second.start();
    await second.drainOnce();
    await second.stop();
    assert.deepEqual(
      store.rows.map((row) => row.ts),
      [1, 2],
    );
  });

  it('keeps its position when a write fails, so the retry writes the same rows', async () => {
    const { log, store, consumer } = await setup();
    await log.append([encodeEntry(entry('pump-1', [[1, { flow: 1 }]]))]);
    store.failNext = true;
    await assert.rejects(consumer.drainOnce(), /disk full/);
    assert.equal(consumer.checkpoint, 0);
    await consumer.drainOnce();
    assert.deepEqual(
      store.rows.map((row) => row.ts),
      [1],
    );
    assert.equal(consumer.checkpoint, 1);
  });

  it('runs in the background once started and catches up with new appends', async () => {
    const { log, store, consumer } = await setup();
    await consumer.start();
    await log.append([encodeEntry(entry('pump-1', [[5, { flow: 5 }]]))]);
    consumer.notify();
    const deadline = Date.now() + 2_000;
    while (store.rows.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await consumer.stop();
    assert.deepEqual(
      store.rows.map((row) => row.ts),
      [5],
    );
  });

  it('takes the entries ingest hands over instead of decoding the log again', async () => {
    const { log, store, consumer } = await setup();
    // The tapped rows differ from the logged ones only so that the test can tell which were used.
    for (const [ts, flow] of [
      [1, 1],
      [2, 2],
      [3, 3],
    ]) {
      const offset = await log.append([encodeEntry(entry('pump-1', [[ts as number, { flow }]]))]);
      consumer.offer({
        offset,
        twinId: 'pump-1',
        rows: [{ ts: ts as EpochMs, values: { flow: (flow as number) * 100 } }],
      });
    }
    while ((await consumer.drainOnce()) > 0);
    assert.deepEqual(
      store.rows.map((row) => row.values.flow),
      [100, 200, 300],
    );
    assert.equal(consumer.checkpoint, 3);
  });

  it('reads from the log what the tap does not hold, then goes on from the tap, in log order', async () => {
    const { log, store, consumer } = await setup();
    for (let ts = 0; ts < 6; ts++) {
      const offset = await log.append([encodeEntry(entry('pump-1', [[ts, { flow: ts }]]))]);
      // Offsets 0–2 never reached the tap (a restart, say); 3–5 did.
      if (ts >= 3) consumer.offer({ offset, twinId: 'pump-1', rows: [{ ts: ts as EpochMs, values: { flow: -ts } }] });
    }
    while ((await consumer.drainOnce()) > 0);
    assert.deepEqual(
      store.rows.map((row) => row.values.flow),
      [0, 1, 2, -3, -4, -5],
    );
    // Batches of at most batchRowsMax (2) rows, give or take a log read: 0–2, 3–4, 5.
    assert.deepEqual(
      store.batches.map((batch) => batch.throughOffset),
      [3, 5, 6],
    );
  });

  it('fills a gap in what the tap holds from the log (entries it dropped when the consumer fell behind)', async () => {
    const { log, store, consumer } = await setup();
    for (let ts = 0; ts < 4; ts++) {
      const offset = await log.append([encodeEntry(entry('pump-1', [[ts, { flow: ts }]]))]);
      // Offset 2 was dropped: the tap starts a new run at 3.
      if (ts !== 2) consumer.offer({ offset, twinId: 'pump-1', rows: [{ ts: ts as EpochMs, values: { flow: -ts } }] });
    }
    while ((await consumer.drainOnce()) > 0);
    // 0 and 1 were in the run the gap discarded: they come from the log, like 2.
    assert.deepEqual(
      store.rows.map((row) => row.values.flow),
      [0, 1, 2, -3],
    );
    assert.equal(consumer.checkpoint, 4);
  });

  it('returns when the log has records allocated but not yet durable (regression: it spun)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'doppel-consumer-'));
    const log = new SegmentLog({ dir, logger: silentLogger });
    await log.open();
    const store = new RecordingStore();
    const consumer = new HistoryConsumer({
      log,
      store: store as unknown as HistoryStore,
      modelOf: () => SCHEMA.modelId,
      schemaOf: () => SCHEMA,
      logger: silentLogger,
    });
    try {
      const appends = Array.from({ length: 200 }, (_, i) =>
        log.append([encodeEntry(entry('pump-1', [[i, { flow: i }]]))]),
      );
      // Allocated, still committing: the drain takes what is durable (maybe nothing) and returns.
      await consumer.drainOnce();
      await Promise.all(appends);
      while ((await consumer.drainOnce()) > 0);
      assert.equal(consumer.checkpoint, 200);
      assert.equal(store.rows.length, 200);
    } finally {
      await log.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
