import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import type { EpochMs } from '@doppel/core';
import type { HistoryRow, RetentionPolicy } from '../../history/history-store.js';
import { DuckDbHistoryStore } from './duckdb-history-store.js';

/** DuckDB specifics of per-model and per-path retention (the contract covers what queries see). */

const PUMP = 'dtmi:t:Pump;1';
const VALVE = 'dtmi:t:Valve;1';
const T0 = Date.UTC(2024, 0, 8);
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const LIMITS = { rowsMax: 1_000, timeoutMs: 5_000 };
const GLOBAL: RetentionPolicy = { rawMs: DAY, oneMinuteMs: 30 * DAY, fifteenMinutesMs: null };

const row = (modelId: string, twinId: string, tsMs: number, values: Record<string, unknown>): HistoryRow => ({
  twinId,
  modelId,
  ts: tsMs as EpochMs,
  values,
});

void describe('DuckDB retention by model and path', () => {
  let store: DuckDbHistoryStore | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  const open = async (): Promise<DuckDbHistoryStore> => {
    store = new DuckDbHistoryStore({ path: ':memory:' });
    await store.open();
    await store.ensureSchema({
      modelId: PUMP,
      columns: [
        { path: 'flow', type: 'double' },
        { path: 'mode', type: 'string' },
        { path: 'motor/temp', type: 'double' },
      ],
    });
    await store.ensureSchema({ modelId: VALVE, columns: [{ path: 'opening', type: 'double' }] });
    return store;
  };

  const values = async (text: string): Promise<unknown[][]> =>
    (await (store as DuckDbHistoryStore).sql(text, LIMITS)).rows.map((r) =>
      r.map((v) => (v === null ? null : String(v))),
    );

  void it('drops each model’s day tables at its own horizon', async () => {
    const s = await open();
    for (let day = 0; day < 4; day += 1) {
      await s.write({
        rows: [row(PUMP, 'p1', T0 + day * DAY, { flow: day }), row(VALVE, 'v1', T0 + day * DAY, { opening: day })],
        throughOffset: day + 1,
      });
    }
    await s.applyRetention(T0 + 4 * DAY, { ...GLOBAL, models: { 'dtmi:t:Valve': { rawMs: 3 * DAY } } });
    assert.deepEqual(
      await values(
        `SELECT m.stem, (p.day_ms - ${T0}) // ${DAY} FROM doppel_partitions p JOIN doppel_models m USING (model_id) ORDER BY 1, 2`,
      ),
      [
        ['m1', '3'],
        ['m2', '1'],
        ['m2', '2'],
        ['m2', '3'],
      ],
    );
    assert.deepEqual(await values('SELECT count(*) FROM m2_raw'), [['3']]);
    assert.equal((await s.stats()).rows, 4);
  });

  void it('clears the raw values of a path kept for less, deleting rows left empty', async () => {
    const s = await open();
    await s.write({
      rows: [
        row(PUMP, 'p1', T0, { flow: 1, mode: 'a' }),
        row(PUMP, 'p1', T0 + HOUR, { mode: 'b' }),
        row(PUMP, 'p1', T0 + 2 * HOUR, { 'motor/temp': 40 }),
        row(PUMP, 'p1', T0 + 20 * HOUR, { flow: 2, mode: 'c' }),
      ],
      throughOffset: 1,
    });
    // flow and motor/temp keep the day table alive for 7 days; mode goes after 12 hours.
    const policy: RetentionPolicy = {
      ...GLOBAL,
      models: { [PUMP]: { rawMs: 7 * DAY, paths: { mode: { rawMs: 12 * HOUR } } } },
    };
    await s.applyRetention(T0 + DAY, policy);
    assert.deepEqual(await values(`SELECT (ts - ${T0}) // ${HOUR}, flow, mode, "motor/temp" FROM m1_raw ORDER BY ts`), [
      ['0', '1', null, null],
      ['2', null, null, '40'],
      ['20', '2', 'c', null],
    ]);
    assert.equal((await s.stats()).rows, 3);
  });

  void it('clears the rollups of a path kept for less, and a late sample merges into the cleared bucket', async () => {
    const s = await open();
    await s.write({
      rows: [row(PUMP, 'p1', T0, { flow: 1, mode: 'a' }), row(PUMP, 'p1', T0 + MINUTE, { mode: 'b' })],
      throughOffset: 1,
    });
    await s.write({ rows: [row(PUMP, 'p1', T0 + 5 * DAY, { flow: 5 })], throughOffset: 2 });
    const policy: RetentionPolicy = { ...GLOBAL, models: { [PUMP]: { paths: { mode: { oneMinuteMs: DAY } } } } };
    await s.applyRetention(T0 + 5 * DAY, policy);
    // The bucket holding only mode is gone; the one with flow stays, its mode parts cleared. (The
    // bucket of T0 + 5 days is still open: its rows are in raw, not yet in the tier's table.)
    assert.deepEqual(await values(`SELECT (bucket - ${T0}) // ${MINUTE} FROM m1_1m ORDER BY bucket`), [['0']]);
    assert.deepEqual(
      await values(`SELECT "flow.count", "mode.count", "mode.first", "mode.last_ts" FROM m1_1m WHERE bucket = ${T0}`),
      [['1', null, null, null]],
    );
    assert.deepEqual(await values(`SELECT "mode.count" FROM m1_15m WHERE bucket = ${T0}`), [['2']]);
    await s.write({ rows: [row(PUMP, 'p1', T0 + 1_000, { mode: 'late' })], throughOffset: 3 });
    // The late sample adds a partial row to the bucket; its rows read as one.
    assert.deepEqual(
      await values(
        `SELECT sum("mode.count")::BIGINT, arg_min("mode.first", "mode.first_ts") FROM m1_1m WHERE bucket = ${T0}`,
      ),
      [['1', 'late']],
    );
  });

  void it('keeps the day tables of a model one of whose paths is kept forever', async () => {
    const s = await open();
    await s.write({ rows: [row(PUMP, 'p1', T0, { flow: 1, mode: 'a' })], throughOffset: 1 });
    const policy: RetentionPolicy = { ...GLOBAL, models: { [PUMP]: { paths: { flow: { rawMs: null } } } } };
    await s.applyRetention(T0 + 100 * DAY, policy);
    assert.deepEqual(await values('SELECT flow, mode FROM m1_raw'), [['1', null]]);
  });

  void it('archives a day to Parquet before it drops it, when asked to', async () => {
    const archiveDir = await mkdtemp(join(tmpdir(), 'doppel-archive-'));
    try {
      store = new DuckDbHistoryStore({ path: ':memory:', archiveDir });
      await store.open();
      await store.ensureSchema({ modelId: PUMP, columns: [{ path: 'flow', type: 'double' }] });
      await store.write({
        rows: [row(PUMP, 'p2', T0 + HOUR, { flow: 2.5 }), row(PUMP, 'p1', T0, { flow: 1.25 })],
        throughOffset: 1,
      });
      await store.write({ rows: [row(PUMP, 'p1', T0 + 3 * DAY, { flow: 9 })], throughOffset: 2 });
      await store.applyRetention(T0 + 3 * DAY, GLOBAL);
      const file = join(archiveDir, 'dtmi_t_Pump_1', '2024-01-08.parquet');
      const reader = await DuckDBInstance.create(':memory:');
      try {
        const connection = await reader.connect();
        const rows = (
          await connection.runAndReadAll(`SELECT twin_id, ts, flow FROM read_parquet('${file}')`)
        ).getRows();
        assert.deepEqual(rows, [
          ['p1', BigInt(T0), 1.25],
          ['p2', BigInt(T0 + HOUR), 2.5],
        ]);
        connection.closeSync();
      } finally {
        reader.closeSync();
      }
      // The day is gone from the store; the newer one stays and is not archived.
      assert.deepEqual(await values('SELECT count(*) FROM m1_raw'), [['1']]);
      assert.deepEqual(await readdir(join(archiveDir, 'dtmi_t_Pump_1')), ['2024-01-08.parquet']);
    } finally {
      await store?.close();
      store = undefined;
      await rm(archiveDir, { recursive: true, force: true });
    }
  });
});
