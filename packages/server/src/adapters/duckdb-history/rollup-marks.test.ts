import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { EpochMs } from '@doppel/core';
import type { HistoryRow } from '../../history/history-store.js';
import { DuckDbHistoryStore } from './duckdb-history-store.js';
import { sortWindows } from './sort-mark.js';

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

  void it('stores the rows of each minute ordered by twin a few seconds after it ends', async () => {
    const { s } = await stream();
    const sql = async (text: string): Promise<unknown[][]> => (await s.sql(text, LIMITS)).rows as unknown[][];
    const keysIn = async (loMs: number, hiMs: number): Promise<number[]> =>
      (await sql(`SELECT twin_key FROM m1_raw_20240108 WHERE ts >= ${loMs} AND ts < ${hiMs}`)).map(([key]) =>
        Number(key),
      );
    const [[mark]] = (await sql(`SELECT value FROM doppel_meta WHERE key = 'sorted:${MODEL}'`)) as [[unknown]];
    // Newest sample 39:50, 5 s of slack: the sort mark is at 39:00, ahead of the 1-minute rollup mark (37:00).
    assert.equal(Number(mark), T0 + 39 * MINUTE);
    // Table order is insertion order: every minute before the mark was rewritten ordered by twin.
    for (let minute = 0; minute < 39; minute++) {
      const keys = await keysIn(T0 + minute * MINUTE, T0 + (minute + 1) * MINUTE);
      assert.equal(keys.length, 3 * 6);
      assert.deepEqual(
        keys,
        [...keys].sort((a, b) => a - b),
        `minute ${minute}`,
      );
    }
    const open = await keysIn(T0 + 39 * MINUTE, T0 + 40 * MINUTE);
    assert.notDeepEqual(
      open,
      [...open].sort((a, b) => a - b),
      'the current minute is still in arrival order',
    );
  });

  void it('rewrites an hour ordered by twin once its last minute closes, and keeps every row', async () => {
    const { s, rows } = await stream(70);
    const sql = async (text: string): Promise<unknown[][]> => (await s.sql(text, LIMITS)).rows as unknown[][];
    // Newest sample 69:50: the sort mark passed 60:00 at the batch of 61:10, and rewrote the hour.
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
