import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { EpochMs } from '@doppel/core';
import type { HistoryRow } from '../../history/history-store.js';
import { DuckDbHistoryStore } from './duckdb-history-store.js';
import { sortWindows } from './rollup-marks.js';

/** DuckDB specifics of the rollup marks: what a stream leaves in the tables (the contract covers reads). */

const MODEL = 'dtmi:t:Meter;1';
const T0 = Date.UTC(2024, 0, 8);
const SECOND = 1_000;
const MINUTE = 60_000;
const LIMITS = { rowsMax: 100_000, timeoutMs: 5_000 };
const TWINS = ['m-c', 'm-a', 'm-b'];

void describe('DuckDB rollup marks', () => {
  let store: DuckDbHistoryStore | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  /** `minutes` of 3 twins at one sample per 10 s, written a batch per 10 s, as a stream is. */
  const stream = async (minutes = 40): Promise<{ s: DuckDbHistoryStore; rows: HistoryRow[] }> => {
    const s = new DuckDbHistoryStore({ path: ':memory:' });
    store = s;
    await s.open();
    await s.ensureSchema({ modelId: MODEL, columns: [{ path: 'kw', type: 'double' }] });
    const rows: HistoryRow[] = [];
    let offset = 0;
    for (let t = T0; t < T0 + minutes * MINUTE; t += 10 * SECOND) {
      const batch = TWINS.map((twinId, i) => ({
        twinId,
        modelId: MODEL,
        ts: t as EpochMs,
        values: { kw: ((t - T0) / SECOND) * 10 + i },
      }));
      rows.push(...batch);
      await s.write({ rows: batch, throughOffset: ++offset });
    }
    return { s, rows };
  };

  void it('closes buckets behind the newest sample and keeps every raw row exactly', async () => {
    const { s, rows } = await stream();
    const sql = async (text: string): Promise<unknown[][]> => (await s.sql(text, LIMITS)).rows as unknown[][];
    const marks = new Map(
      (await sql(`SELECT key, value FROM doppel_meta WHERE key LIKE 'rollup_%'`)).map(
        ([key, value]) => [String(key), Number(value)] as const,
      ),
    );
    // Newest sample T0 + 39:50, grace 2 min: minutes before 37:00 and quarters before 30:00 are closed.
    assert.equal(marks.get(`rollup_1m:${MODEL}`), T0 + 37 * MINUTE);
    assert.equal(marks.get(`rollup_15m:${MODEL}`), T0 + 30 * MINUTE);
    const [[quarters, buckets]] = (await sql(`SELECT count(*), count(DISTINCT bucket) FROM m1_15m`)) as [
      [unknown, unknown],
    ];
    assert.deepEqual([Number(quarters), Number(buckets)], [6, 2]);
    for (const twinId of TWINS) {
      const read = await s.query({
        series: [{ twinId, modelId: MODEL, path: 'kw' }],
        fromMs: T0,
        toMs: T0 + 40 * MINUTE,
        pointsMax: 1_000,
      });
      const expected = rows.filter((row) => row.twinId === twinId);
      assert.deepEqual(
        read.frames[0]?.timestamps,
        expected.map((row) => row.ts),
      );
      assert.deepEqual(
        read.frames[0]?.values,
        expected.map((row) => row.values.kw),
      );
    }
  });

  void it('stores the rows of each closed minute ordered by twin (one-twin reads decompress less)', async () => {
    const { s } = await stream();
    const sql = async (text: string): Promise<unknown[][]> => (await s.sql(text, LIMITS)).rows as unknown[][];
    const keysIn = async (loMs: number, hiMs: number): Promise<number[]> =>
      (await sql(`SELECT twin_key FROM m1_raw_20240108 WHERE ts >= ${loMs} AND ts < ${hiMs}`)).map(([key]) =>
        Number(key),
      );
    // Table order is insertion order. Minutes before the 1-minute mark (37:00) were rewritten
    // sorted when they closed (after the mark's first move, which leaves rows as they are).
    for (let minute = 5; minute < 37; minute++) {
      const keys = await keysIn(T0 + minute * MINUTE, T0 + (minute + 1) * MINUTE);
      assert.equal(keys.length, 3 * 6);
      assert.deepEqual(
        keys,
        [...keys].sort((a, b) => a - b),
        `minute ${minute}`,
      );
    }
    const open = await keysIn(T0 + 37 * MINUTE, T0 + 40 * MINUTE);
    assert.notDeepEqual(
      open,
      [...open].sort((a, b) => a - b),
      'the open minutes are still in arrival order',
    );
  });

  void it('rewrites an hour ordered by twin once its last minute closes, and keeps every row', async () => {
    const { s, rows } = await stream(70);
    const sql = async (text: string): Promise<unknown[][]> => (await s.sql(text, LIMITS)).rows as unknown[][];
    // Newest sample 69:50: the 1-minute mark is at 67:00, so the first hour is closed.
    const hour = (await sql(`SELECT twin_key, ts FROM m1_raw_20240108 WHERE ts < ${T0 + 60 * MINUTE}`)).map(
      ([key, ts]) => [Number(key), Number(ts)] as const,
    );
    assert.equal(hour.length, 3 * 6 * 60);
    const ordered = [...hour].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    assert.deepEqual(hour, ordered, 'the closed hour is one run per twin, in time order');
    const [[count]] = (await sql(`SELECT count(*) FROM m1_raw`)) as [[unknown]];
    assert.equal(Number(count), rows.length);
  });

  void it('sorts the minutes that closed, or the whole hour a move completes', () => {
    const H = 3_600_000;
    assert.deepEqual(sortWindows(10 * MINUTE, 11 * MINUTE), [[10 * MINUTE, 11 * MINUTE]]);
    assert.deepEqual(sortWindows(59 * MINUTE, H), [[0, H]]);
    assert.deepEqual(sortWindows(58 * MINUTE, H + 2 * MINUTE), [
      [0, H],
      [H, H + 2 * MINUTE],
    ]);
    assert.deepEqual(sortWindows(H, H + MINUTE), [[H, H + MINUTE]]);
  });
});
