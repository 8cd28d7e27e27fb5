import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { EpochMs } from '@doppel/core';
import type {
  Aggregation,
  HistoryModelSchema,
  HistoryRow,
  HistoryStore,
  RetentionPolicy,
  SeriesQuery,
  SeriesSelector,
} from './history-store.js';

export interface HistoryStoreFixture {
  /** An opened store over fresh storage. */
  readonly store: HistoryStore;
  /** A new, opened store over the same storage; the caller has closed the previous one. */
  reopen(): Promise<HistoryStore>;
  cleanup(): Promise<void>;
}

const MODEL = 'dtmi:doppel:test:Pump;1';
/** 2024-01-08T00:00:00Z: every fixture time is an offset from it. */
const T0 = Date.UTC(2024, 0, 8);
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const SCHEMA: HistoryModelSchema = {
  modelId: MODEL,
  columns: [
    { path: 'temperature', type: 'double' },
    { path: 'cycles', type: 'bigint' },
    { path: 'running', type: 'boolean' },
    { path: 'mode', type: 'string' },
    { path: 'config', type: 'json' },
    { path: 'motor/speed', type: 'double' },
  ],
};

const DEFAULT_POLICY: RetentionPolicy = { rawMs: DAY, oneMinuteMs: 30 * DAY, fifteenMinutesMs: null };

function row(twinId: string, tsMs: number, values: Record<string, unknown>): HistoryRow {
  return { twinId, modelId: MODEL, ts: tsMs as EpochMs, values };
}

const series = (twinId: string, path: string): SeriesSelector => ({ twinId, modelId: MODEL, path });

function rawQuery(selector: SeriesSelector, fromMs: number, toMs: number, pointsMax = 10_000): SeriesQuery {
  return { series: [selector], fromMs, toMs, pointsMax };
}

function aggQuery(
  selector: SeriesSelector,
  fromMs: number,
  toMs: number,
  stepMs: number,
  agg: Aggregation,
  tier: SeriesQuery['tier'] = 'auto',
): SeriesQuery {
  return { series: [selector], fromMs, toMs, stepMs, agg, tier, pointsMax: 10_000 };
}

/** Buckets computed in the test from the samples, the reference every tier must match. */
function expected(
  samples: readonly (readonly [number, number])[],
  stepMs: number,
  agg: Aggregation,
): [number[], number[]] {
  const buckets = new Map<number, [number, number][]>();
  for (const [tsMs, value] of samples) {
    const start = Math.floor(tsMs / stepMs) * stepMs;
    const list = buckets.get(start) ?? [];
    list.push([tsMs, value]);
    buckets.set(start, list);
  }
  const starts = [...buckets.keys()].sort((a, b) => a - b);
  const values = starts.map((start) => {
    const list = (buckets.get(start) ?? []).sort((a, b) => a[0] - b[0]);
    const vs = list.map(([, value]) => value);
    const sum = vs.reduce((total, value) => total + value, 0);
    switch (agg) {
      case 'avg':
        return sum / vs.length;
      case 'min':
        return Math.min(...vs);
      case 'max':
        return Math.max(...vs);
      case 'sum':
        return sum;
      case 'count':
        return vs.length;
      case 'first':
        return vs[0] ?? Number.NaN;
      case 'last':
        return vs[vs.length - 1] ?? Number.NaN;
    }
  });
  return [starts, values];
}

/** Samples every 10 s over 40 minutes with values exact in binary (halves), so sums are exact. */
function pumpSamples(twinId: string, startMs: number): { rows: HistoryRow[]; samples: [number, number][] } {
  const rows: HistoryRow[] = [];
  const samples: [number, number][] = [];
  for (let i = 0; i < 240; i += 1) {
    const tsMs = startMs + i * 10_000;
    const value = ((i * 37) % 101) / 2 - 10;
    rows.push(row(twinId, tsMs, { temperature: value }));
    samples.push([tsMs, value]);
  }
  return { rows, samples };
}

/**
 * The behaviour every `HistoryStore` adapter must show (STYLE.md 3). `make()` gives each test an
 * opened store over fresh storage.
 */
export function runHistoryStoreContract(name: string, make: () => Promise<HistoryStoreFixture>): void {
  void describe(`HistoryStore contract: ${name}`, () => {
    let fixture: HistoryStoreFixture | undefined;
    const open = async (): Promise<HistoryStore> => {
      fixture = await make();
      await fixture.store.ensureSchema(SCHEMA);
      return fixture.store;
    };
    afterEach(async () => {
      await fixture?.cleanup();
      fixture = undefined;
    });

    void it('starts at checkpoint 0, writes rows and the checkpoint, reads raw samples back', async () => {
      const store = await open();
      assert.equal(await store.checkpoint(), 0);
      await store.write({
        rows: [
          row('p1', T0 + 2_000, { temperature: 21.5 }),
          row('p1', T0 + 1_000, { temperature: 20.25, mode: 'auto' }),
        ],
        throughOffset: 7,
      });
      assert.equal(await store.checkpoint(), 7);
      const result = await store.query(rawQuery(series('p1', 'temperature'), T0, T0 + MINUTE));
      assert.equal(result.tier, 'raw');
      assert.equal(result.stepMs, null);
      assert.deepEqual(result.frames[0]?.timestamps, [T0 + 1_000, T0 + 2_000]);
      assert.deepEqual(result.frames[0]?.values, [20.25, 21.5]);
      const mode = await store.query(rawQuery(series('p1', 'mode'), T0, T0 + MINUTE));
      assert.deepEqual(mode.frames[0]?.timestamps, [T0 + 1_000], 'a path a row did not carry is absent');
      assert.deepEqual(mode.frames[0]?.values, ['auto']);
      assert.equal((await store.stats()).checkpoint, 7);
      assert.equal((await store.stats()).rows, 2);
    });

    void it('reads from fromMs inclusive to toMs exclusive', async () => {
      const store = await open();
      const rows = [0, 1_000, 2_000, 3_000].map((offsetMs) => row('p1', T0 + offsetMs, { temperature: offsetMs }));
      await store.write({ rows, throughOffset: 1 });
      const result = await store.query(rawQuery(series('p1', 'temperature'), T0 + 1_000, T0 + 3_000));
      assert.deepEqual(result.frames[0]?.timestamps, [T0 + 1_000, T0 + 2_000]);
    });

    void it('reads several raw series of the same and other twins, each frame in query order', async () => {
      const store = await open();
      await store.write({
        rows: [
          row('p1', T0, { temperature: 1, cycles: 10 }),
          row('p1', T0 + 1_000, { temperature: 2 }),
          row('p2', T0, { temperature: 7 }),
          row('p1', T0 + 2_000, { cycles: 11 }),
        ],
        throughOffset: 1,
      });
      const result = await store.query({
        series: [series('p1', 'cycles'), series('p2', 'temperature'), series('p1', 'temperature')],
        fromMs: T0,
        toMs: T0 + MINUTE,
        pointsMax: 10,
      });
      assert.deepEqual(
        result.frames.map((frame) => [frame.series.twinId, frame.series.path, frame.timestamps, frame.values]),
        [
          ['p1', 'cycles', [T0, T0 + 2_000], [10, 11]],
          ['p2', 'temperature', [T0], [7]],
          ['p1', 'temperature', [T0, T0 + 1_000], [1, 2]],
        ],
      );
      await assert.rejects(
        store.query({
          series: [series('p1', 'cycles'), series('p1', 'temperature')],
          fromMs: T0,
          toMs: T0 + MINUTE,
          pointsMax: 1,
        }),
        { code: 'history.too-many-points' },
      );
    });

    void it('merges in-order batches that share a 15-minute bucket (regression: counts were lost)', async () => {
      const store = await open();
      // Three batches, minutes 0-4, 5-9 and 10-14 of one quarter hour, one sample every 30 s.
      const samples: [number, number][] = [];
      for (let batch = 0; batch < 3; batch += 1) {
        const rows: HistoryRow[] = [];
        for (let i = 0; i < 10; i += 1) {
          const tsMs = T0 + batch * 5 * MINUTE + i * 30_000;
          const value = batch * 10 + i + 0.5;
          rows.push(row('p1', tsMs, { temperature: value }));
          samples.push([tsMs, value]);
        }
        await store.write({ rows, throughOffset: batch + 1 });
      }
      for (const agg of ['count', 'sum', 'min', 'max', 'first', 'last', 'avg'] as const) {
        const result = await store.query(aggQuery(series('p1', 'temperature'), T0, T0 + 15 * MINUTE, 15 * MINUTE, agg));
        assert.equal(result.tier, '15m');
        assert.deepEqual(result.frames[0]?.values, expected(samples, 15 * MINUTE, agg)[1], agg);
      }
    });

    void it('answers empty ranges with empty frames', async () => {
      const store = await open();
      await store.write({ rows: [row('p1', T0, { temperature: 1 })], throughOffset: 1 });
      const before = await store.query(rawQuery(series('p1', 'temperature'), T0 - HOUR, T0));
      assert.deepEqual(before.frames[0], { series: series('p1', 'temperature'), timestamps: [], values: [] });
      const none = await store.query(rawQuery(series('p1', 'temperature'), T0, T0));
      assert.deepEqual(none.frames[0]?.timestamps, []);
      const otherTwin = await store.query(aggQuery(series('p9', 'temperature'), T0, T0 + HOUR, MINUTE, 'avg'));
      assert.deepEqual(otherTwin.frames[0]?.timestamps, []);
      const fresh = await store.query(aggQuery(series('p1', 'temperature'), T0 + 10 * DAY, T0 + 11 * DAY, HOUR, 'max'));
      assert.deepEqual(fresh.frames[0]?.values, []);
    });

    void it('refuses unknown series, bad ranges, aggregations a type lacks and too many points', async () => {
      const store = await open();
      await store.write({
        rows: [0, 1, 2].map((i) => row('p1', T0 + i * 1_000, { temperature: i })),
        throughOffset: 1,
      });
      await assert.rejects(store.query(rawQuery(series('p1', 'nope'), T0, T0 + HOUR)), {
        code: 'history.series-unknown',
      });
      await assert.rejects(store.query(rawQuery({ twinId: 'p1', modelId: 'dtmi:x;1', path: 'a' }, T0, T0 + 1)), {
        code: 'history.series-unknown',
      });
      await assert.rejects(store.query(rawQuery(series('p1', 'temperature'), T0 + 1, T0)), {
        code: 'history.range-invalid',
      });
      await assert.rejects(store.query(aggQuery(series('p1', 'mode'), T0, T0 + HOUR, MINUTE, 'avg')), {
        code: 'history.aggregation-unsupported',
      });
      await assert.rejects(store.query(rawQuery(series('p1', 'temperature'), T0, T0 + HOUR, 2)), {
        code: 'history.too-many-points',
      });
      const exact = await store.query(rawQuery(series('p1', 'temperature'), T0, T0 + HOUR, 3));
      assert.equal(exact.frames[0]?.timestamps.length, 3);
    });

    for (const agg of ['avg', 'min', 'max', 'sum', 'count', 'first', 'last'] as const) {
      void it(`computes ${agg} per bucket the same from every tier`, async () => {
        const store = await open();
        const { rows, samples } = pumpSamples('p1', T0 + 5 * MINUTE);
        // Written in several batches, out of order between batches, as a consumer may.
        await store.write({ rows: rows.slice(120), throughOffset: 1 });
        await store.write({ rows: rows.slice(0, 120), throughOffset: 2 });
        const selector = series('p1', 'temperature');
        for (const [stepMs, tier] of [
          [MINUTE, '1m'],
          [MINUTE, 'raw'],
          [15 * MINUTE, '15m'],
          [15 * MINUTE, '1m'],
          [15 * MINUTE, 'raw'],
          [5 * MINUTE, '1m'],
        ] as const) {
          const result = await store.query(aggQuery(selector, T0, T0 + HOUR, stepMs, agg, tier));
          const [starts, values] = expected(samples, stepMs, agg);
          assert.equal(result.tier, tier);
          assert.deepEqual(result.frames[0]?.timestamps, starts, `${agg} ${stepMs} ${tier}`);
          assert.deepEqual(result.frames[0]?.values, values, `${agg} ${stepMs} ${tier}`);
        }
      });
    }

    void it('reads one path of several twins in one query as it reads each alone (closed, open and late buckets)', async () => {
      const store = await open();
      const twins = ['p1', 'p2', 'p3'].map((twinId, i) => ({ twinId, ...pumpSamples(twinId, T0 + i * MINUTE) }));
      // In order, so that the last minutes stay open (read from raw rows), then late samples of p2.
      let offset = 0;
      for (let start = 0; start < 240; start += 30) {
        await store.write({
          rows: twins.flatMap((twin) => twin.rows.slice(start, start + 30)),
          throughOffset: ++offset,
        });
      }
      const late = row('p2', T0 + 2 * MINUTE + 5_000, { temperature: 99.5 });
      await store.write({ rows: [late], throughOffset: offset + 1 });
      const selectors = [...twins.map((twin) => series(twin.twinId, 'temperature')), series('nobody', 'temperature')];
      for (const agg of ['avg', 'max', 'count', 'first'] as const) {
        for (const [stepMs, tier] of [
          [MINUTE, '1m'],
          [15 * MINUTE, '15m'],
        ] as const) {
          const together = await store.query({
            ...aggQuery(selectors[0] as SeriesSelector, T0, T0 + HOUR, stepMs, agg, tier),
            series: selectors,
          });
          for (const [index, selector] of selectors.entries()) {
            const alone = await store.query(aggQuery(selector, T0, T0 + HOUR, stepMs, agg, tier));
            assert.deepEqual(together.frames[index], alone.frames[0], `${selector.twinId} ${agg} ${tier}`);
          }
        }
      }
      const [counted] = (
        await store.query({
          ...aggQuery(selectors[1] as SeriesSelector, T0, T0 + HOUR, HOUR, 'count', '1m'),
          series: selectors.slice(0, 2),
        })
      ).frames.slice(1);
      assert.deepEqual(counted?.values, [241], 'the late sample of p2 counts once');
    });

    void it('routes to the coarsest tier whose bucket divides the step', async () => {
      const store = await open();
      const { rows, samples } = pumpSamples('p1', T0);
      await store.write({ rows, throughOffset: 1 });
      const selector = series('p1', 'temperature');
      for (const [stepMs, tier] of [
        [15 * MINUTE, '15m'],
        [HOUR, '15m'],
        [MINUTE, '1m'],
        [5 * MINUTE, '1m'],
        [90_000, 'raw'],
        [30_000, 'raw'],
      ] as const) {
        const result = await store.query(aggQuery(selector, T0, T0 + HOUR, stepMs, 'avg'));
        assert.equal(result.tier, tier, `step ${stepMs}`);
        assert.equal(result.stepMs, stepMs);
        assert.equal(result.agg, 'avg');
        assert.deepEqual(result.frames[0]?.values, expected(samples, stepMs, 'avg')[1]);
      }
    });

    void it('aligns day buckets to midnight in the time zone', async () => {
      const store = await open();
      // 2024-01-08 23:30 UTC is 2024-01-08 in UTC but 2024-01-09 (00:30) in Paris.
      await store.write({
        rows: [
          row('p1', T0 + 12 * HOUR, { temperature: 1 }),
          row('p1', T0 + 23 * HOUR + 30 * MINUTE, { temperature: 3 }),
        ],
        throughOffset: 1,
      });
      const query = aggQuery(series('p1', 'temperature'), T0 - DAY, T0 + 2 * DAY, DAY, 'sum');
      const utc = await store.query(query);
      assert.deepEqual(utc.frames[0]?.timestamps, [T0]);
      assert.deepEqual(utc.frames[0]?.values, [4]);
      const paris = await store.query({ ...query, timeZone: 'Europe/Paris' });
      assert.deepEqual(paris.frames[0]?.timestamps, [T0 - HOUR, T0 + DAY - HOUR]);
      assert.deepEqual(paris.frames[0]?.values, [1, 3]);
    });

    void it('corrects first, min and count of a bucket when a late sample arrives', async () => {
      const store = await open();
      const selector = series('p1', 'temperature');
      await store.write({
        rows: [row('p1', T0 + 20_000, { temperature: 5 }), row('p1', T0 + 40_000, { temperature: 7 })],
        throughOffset: 1,
      });
      await store.write({ rows: [row('p1', T0 + 90_000, { temperature: 9 })], throughOffset: 2 });
      await store.write({ rows: [row('p1', T0 + 10_000, { temperature: 2 })], throughOffset: 3 });
      for (const [stepMs, tier] of [
        [MINUTE, '1m'],
        [15 * MINUTE, '15m'],
        [MINUTE, 'raw'],
      ] as const) {
        const read = async (agg: Aggregation): Promise<readonly unknown[] | undefined> =>
          (await store.query(aggQuery(selector, T0, T0 + HOUR, stepMs, agg, tier))).frames[0]?.values;
        const firstBucket = stepMs === MINUTE;
        assert.deepEqual(await read('first'), firstBucket ? [2, 9] : [2], tier);
        assert.deepEqual(await read('min'), firstBucket ? [2, 9] : [2], tier);
        assert.deepEqual(await read('count'), firstBucket ? [3, 1] : [4], tier);
        assert.deepEqual(await read('last'), firstBucket ? [7, 9] : [9], tier);
      }
    });

    void it('corrects buckets that are already rolled up: late samples count once, duplicates not at all', async () => {
      const store = await open();
      const selector = series('p1', 'temperature');
      await store.write({
        rows: [row('p1', T0 + 20_000, { temperature: 5 }), row('p1', T0 + 40_000, { temperature: 7 })],
        throughOffset: 1,
      });
      // A day later: every bucket of T0's hour is long closed in every tier the store keeps.
      await store.write({ rows: [row('p1', T0 + DAY, { temperature: 1 })], throughOffset: 2 });
      await store.write({
        rows: [
          row('p1', T0 + 10_000, { temperature: 2 }),
          row('p1', T0 + 40_000, { temperature: 7 }), // an exact duplicate
          row('p1', T0 + 50_000, { temperature: 8 }),
        ],
        throughOffset: 3,
      });
      await store.write({ rows: [row('p1', T0 + 50_000, { temperature: 8 })], throughOffset: 4 }); // again
      for (const [stepMs, tier] of [
        [MINUTE, '1m'],
        [15 * MINUTE, '15m'],
        [MINUTE, 'raw'],
      ] as const) {
        const read = async (agg: Aggregation): Promise<readonly unknown[] | undefined> =>
          (await store.query(aggQuery(selector, T0, T0 + HOUR, stepMs, agg, tier))).frames[0]?.values;
        assert.deepEqual(await read('count'), [4], tier);
        assert.deepEqual(await read('sum'), [22], tier);
        assert.deepEqual(await read('first'), [2], tier);
        assert.deepEqual(await read('last'), [8], tier);
        assert.deepEqual(await read('min'), [2], tier);
        assert.deepEqual(await read('max'), [8], tier);
      }
      // The newest bucket, still open, reads the same from every tier.
      for (const tier of ['1m', '15m', 'raw'] as const) {
        const newest = await store.query(aggQuery(selector, T0 + DAY, T0 + DAY + HOUR, 15 * MINUTE, 'sum', tier));
        assert.deepEqual(newest.frames[0]?.values, [1], tier);
      }
    });

    void it('stores an exact duplicate (twin, path, source time) once, in raw and in rollups', async () => {
      const store = await open();
      const rows = [row('p1', T0 + 1_000, { temperature: 1 }), row('p1', T0 + 2_000, { temperature: 2 })];
      await store.write({ rows, throughOffset: 1 });
      await store.write({ rows, throughOffset: 2 });
      // Within one batch too, and with a different value: the first stored value wins.
      await store.write({
        rows: [
          row('p1', T0 + 3_000, { temperature: 3 }),
          row('p1', T0 + 3_000, { temperature: 30 }),
          rows[0] as HistoryRow,
        ],
        throughOffset: 3,
      });
      const selector = series('p1', 'temperature');
      const raw = await store.query(rawQuery(selector, T0, T0 + MINUTE));
      assert.deepEqual(raw.frames[0]?.timestamps, [T0 + 1_000, T0 + 2_000, T0 + 3_000]);
      assert.deepEqual(raw.frames[0]?.values, [1, 2, 3]);
      for (const tier of ['1m', 'raw'] as const) {
        const count = await store.query(aggQuery(selector, T0, T0 + MINUTE, MINUTE, 'count', tier));
        assert.deepEqual(count.frames[0]?.values, [3], tier);
        const sum = await store.query(aggQuery(selector, T0, T0 + MINUTE, MINUTE, 'sum', tier));
        assert.deepEqual(sum.frames[0]?.values, [6], tier);
      }
      assert.equal(await store.checkpoint(), 3);
    });

    void it('adds the paths a second row at the same (twin, source time) carries', async () => {
      const store = await open();
      await store.write({ rows: [row('p1', T0, { temperature: 1 })], throughOffset: 1 });
      await store.write({ rows: [row('p1', T0, { temperature: 99, mode: 'eco' })], throughOffset: 2 });
      const temperature = await store.query(rawQuery(series('p1', 'temperature'), T0, T0 + 1));
      assert.deepEqual(temperature.frames[0]?.values, [1]);
      const mode = await store.query(rawQuery(series('p1', 'mode'), T0, T0 + 1));
      assert.deepEqual(mode.frames[0]?.values, ['eco']);
      const count = await store.query(aggQuery(series('p1', 'mode'), T0, T0 + MINUTE, MINUTE, 'count'));
      assert.deepEqual(count.frames[0]?.values, [1]);
    });

    void it('round-trips every value type exactly', async () => {
      const store = await open();
      const values = {
        temperature: -1234.5678901234567,
        cycles: 2n ** 60n + 1n,
        running: false,
        mode: 'défaut "quoted" \'single\' ✓',
        config: { nested: { list: [1, 2.5, 'x', null, true] }, map: { b: 1, a: 2 }, empty: {} },
        'motor/speed': 1e-300,
      };
      await store.write({
        rows: [
          row('p1', T0, values),
          row('p1', T0 + 1_000, { cycles: 42, config: [1, { a: 'b' }], running: true, temperature: 0.1 }),
        ],
        throughOffset: 1,
      });
      const read = async (path: string): Promise<readonly unknown[] | undefined> =>
        (await store.query(rawQuery(series('p1', path), T0, T0 + MINUTE))).frames[0]?.values;
      assert.deepEqual(await read('temperature'), [values.temperature, 0.1]);
      assert.deepEqual(await read('cycles'), [values.cycles, 42], 'bigints: numbers while safe, else bigint');
      assert.deepEqual(await read('running'), [false, true]);
      assert.deepEqual(await read('mode'), [values.mode]);
      assert.deepEqual(await read('config'), [values.config, [1, { a: 'b' }]]);
      assert.deepEqual(JSON.stringify((await read('config'))?.[0]), JSON.stringify(values.config), 'key order kept');
      assert.deepEqual(await read('motor/speed'), [1e-300]);
      const first = await store.query(aggQuery(series('p1', 'config'), T0, T0 + MINUTE, MINUTE, 'first'));
      assert.deepEqual(first.frames[0]?.values, [values.config]);
      const last = await store.query(aggQuery(series('p1', 'running'), T0, T0 + 15 * MINUTE, 15 * MINUTE, 'last'));
      assert.deepEqual(last.frames[0]?.values, [true]);
      const max = await store.query(aggQuery(series('p1', 'cycles'), T0, T0 + MINUTE, MINUTE, 'max'));
      assert.deepEqual(max.frames[0]?.values, [values.cycles]);
    });

    void it('widens a model with a new path; older rows have no value for it', async () => {
      const store = await open();
      await store.write({ rows: [row('p1', T0, { temperature: 1 })], throughOffset: 1 });
      const widened: HistoryModelSchema = {
        ...SCHEMA,
        columns: [...SCHEMA.columns, { path: 'pressure', type: 'double' }],
      };
      await store.ensureSchema(widened);
      await store.ensureSchema(widened);
      await store.write({ rows: [row('p1', T0 + 1_000, { temperature: 2, pressure: 3.5 })], throughOffset: 2 });
      const pressure = await store.query(rawQuery(series('p1', 'pressure'), T0, T0 + MINUTE));
      assert.deepEqual(pressure.frames[0]?.timestamps, [T0 + 1_000]);
      assert.deepEqual(pressure.frames[0]?.values, [3.5]);
      const temperature = await store.query(aggQuery(series('p1', 'temperature'), T0, T0 + MINUTE, MINUTE, 'sum'));
      assert.deepEqual(temperature.frames[0]?.values, [3]);
      const avg = await store.query(aggQuery(series('p1', 'pressure'), T0, T0 + MINUTE, MINUTE, 'avg'));
      assert.deepEqual(avg.frames[0]?.values, [3.5]);
    });

    void it('drops raw data past retention while the rollups still answer', async () => {
      const store = await open();
      const { rows, samples } = pumpSamples('p1', T0);
      await store.write({ rows, throughOffset: 1 });
      await store.write({ rows: [row('p1', T0 + 3 * DAY, { temperature: 1 })], throughOffset: 2 });
      await store.applyRetention(T0 + 3 * DAY + HOUR, DEFAULT_POLICY);
      const selector = series('p1', 'temperature');
      const raw = await store.query(rawQuery(selector, T0, T0 + DAY));
      assert.deepEqual(raw.frames[0]?.timestamps, []);
      const recent = await store.query(rawQuery(selector, T0 + 3 * DAY, T0 + 4 * DAY));
      assert.deepEqual(recent.frames[0]?.values, [1]);
      for (const stepMs of [MINUTE, 15 * MINUTE]) {
        const result = await store.query(aggQuery(selector, T0, T0 + HOUR, stepMs, 'avg'));
        assert.deepEqual(result.frames[0]?.values, expected(samples, stepMs, 'avg')[1]);
      }
      // 1-minute buckets go after 30 days; 15-minute ones stay.
      await store.applyRetention(T0 + 40 * DAY, DEFAULT_POLICY);
      const minutes = await store.query(aggQuery(selector, T0, T0 + HOUR, MINUTE, 'avg'));
      assert.deepEqual(minutes.frames[0]?.values, []);
      const quarters = await store.query(aggQuery(selector, T0, T0 + HOUR, 15 * MINUTE, 'avg'));
      assert.deepEqual(quarters.frames[0]?.values, expected(samples, 15 * MINUTE, 'avg')[1]);
      assert.equal(await store.checkpoint(), 2);
    });

    void it('keeps freshness transitions, reads them by twin, path and range, and drops them with the 1-minute tier', async () => {
      const store = await open();
      const event = (twinId: string, path: string, atMs: number, freshness: 'fresh' | 'stale') => ({
        twinId,
        path,
        atMs,
        freshness,
        reason: freshness === 'stale' ? ('no-update' as const) : ('update' as const),
        cadenceMs: 10_000,
        source: 'gw-1',
      });
      await store.appendFreshness([
        event('p1', 'temperature', T0 + 60_000, 'stale'),
        event('p1', 'pressure', T0 + 30_000, 'stale'),
        event('p2', 'temperature', T0 + 60_000, 'stale'),
      ]);
      await store.appendFreshness([event('p1', 'temperature', T0 + 90_000, 'fresh')]);
      await store.appendFreshness([]);
      const all = await store.readFreshness({ twinId: 'p1', fromMs: T0, toMs: T0 + DAY, limit: 100 });
      assert.deepEqual(
        all.map((e) => [e.path, e.atMs - T0, e.freshness, e.reason]),
        [
          ['pressure', 30_000, 'stale', 'no-update'],
          ['temperature', 60_000, 'stale', 'no-update'],
          ['temperature', 90_000, 'fresh', 'update'],
        ],
      );
      assert.deepEqual(all[0], event('p1', 'pressure', T0 + 30_000, 'stale'));
      const onePath = await store.readFreshness({
        twinId: 'p1',
        path: 'temperature',
        fromMs: T0 + 60_000,
        toMs: T0 + 90_000,
        limit: 100,
      });
      assert.deepEqual(
        onePath.map((e) => e.atMs - T0),
        [60_000],
        'fromMs inclusive, toMs exclusive',
      );
      assert.equal((await store.readFreshness({ twinId: 'p1', fromMs: T0, toMs: T0 + DAY, limit: 2 })).length, 2);
      await store.applyRetention(T0 + 30 * DAY + 75_000, DEFAULT_POLICY);
      const kept = await store.readFreshness({ twinId: 'p1', fromMs: T0, toMs: T0 + DAY, limit: 100 });
      assert.deepEqual(
        kept.map((e) => e.atMs - T0),
        [90_000],
        'older than 30 days: dropped',
      );
    });

    void it('says where retention cut a range: retainedFromMs on the frames it applies to', async () => {
      const store = await open();
      const { rows, samples } = pumpSamples('p1', T0);
      await store.write({ rows, throughOffset: 1 });
      const selector = series('p1', 'temperature');
      // Before any retention ran, nothing was removed: no frame is marked.
      assert.equal((await store.query(rawQuery(selector, T0, T0 + DAY))).frames[0]?.retainedFromMs, undefined);
      const nowMs = T0 + 3 * DAY;
      await store.applyRetention(nowMs, DEFAULT_POLICY);
      const raw = await store.query(rawQuery(selector, T0, nowMs));
      assert.equal(raw.frames[0]?.retainedFromMs, nowMs - DAY);
      // Within what raw keeps, or read from a tier that keeps it: not marked.
      assert.equal((await store.query(rawQuery(selector, nowMs - HOUR, nowMs))).frames[0]?.retainedFromMs, undefined);
      const minutes = await store.query(aggQuery(selector, T0, T0 + HOUR, MINUTE, 'avg'));
      assert.equal(minutes.frames[0]?.retainedFromMs, undefined);
      assert.deepEqual(minutes.frames[0]?.values, expected(samples, MINUTE, 'avg')[1]);
    });

    void it('accepts a backfill older than raw retention into the rollups (regression: it was refused)', async () => {
      const store = await open();
      await store.write({ rows: [row('p1', T0 + 10 * DAY, { temperature: 1 })], throughOffset: 1 });
      await store.applyRetention(T0 + 10 * DAY + HOUR, DEFAULT_POLICY);
      // A gateway uploads what it buffered 9 days ago, after raw retention moved past it.
      const { rows, samples } = pumpSamples('p1', T0 + DAY);
      await store.write({ rows, throughOffset: 2 });
      const quarters = await store.query(
        aggQuery(series('p1', 'temperature'), T0 + DAY, T0 + DAY + HOUR, 15 * MINUTE, 'avg'),
      );
      assert.deepEqual(quarters.frames[0]?.values, expected(samples, 15 * MINUTE, 'avg')[1]);
      assert.equal((await store.stats()).lateRowsRefused ?? 0, 0);
    });

    void it('keeps a model by its own retention, given by exact or versionless id', async () => {
      const store = await open();
      const other = 'dtmi:doppel:test:Valve;3';
      await store.ensureSchema({ modelId: other, columns: [{ path: 'opening', type: 'double' }] });
      await store.write({
        rows: [
          row('p1', T0, { temperature: 1 }),
          { twinId: 'v1', modelId: other, ts: T0 as EpochMs, values: { opening: 2 } },
        ],
        throughOffset: 1,
      });
      const nowMs = T0 + 10 * DAY;
      // The pump keeps raw 30 days (versionless id), the valve only 1 minute rollups for a day.
      const policy: RetentionPolicy = {
        ...DEFAULT_POLICY,
        models: { 'dtmi:doppel:test:Pump': { rawMs: 30 * DAY }, [other]: { oneMinuteMs: DAY } },
      };
      await store.applyRetention(nowMs, policy);
      const pump = await store.query(rawQuery(series('p1', 'temperature'), T0, T0 + DAY));
      assert.deepEqual(pump.frames[0]?.values, [1]);
      const valveSeries: SeriesSelector = { twinId: 'v1', modelId: other, path: 'opening' };
      const valve = await store.query(rawQuery(valveSeries, T0, T0 + DAY));
      assert.deepEqual(valve.frames[0]?.values, []);
      const valveMinutes = await store.query(aggQuery(valveSeries, T0, T0 + HOUR, MINUTE, 'count'));
      assert.deepEqual(valveMinutes.frames[0]?.values, []);
      const pumpMinutes = await store.query(aggQuery(series('p1', 'temperature'), T0, T0 + HOUR, MINUTE, 'count'));
      assert.deepEqual(pumpMinutes.frames[0]?.values, [1]);
      const valveQuarters = await store.query(aggQuery(valveSeries, T0, T0 + HOUR, 15 * MINUTE, 'sum'));
      assert.deepEqual(valveQuarters.frames[0]?.values, [2]);
    });

    void it('keeps each path by its own retention: longer or shorter than its model', async () => {
      const store = await open();
      const rows = [0, 1, 2].map((i) => row('p1', T0 + i * 1_000, { temperature: i, cycles: i, mode: `m${i}` }));
      await store.write({ rows, throughOffset: 1 });
      await store.write({ rows: [row('p1', T0 + 10 * DAY, { temperature: 9, cycles: 9 })], throughOffset: 2 });
      const policy: RetentionPolicy = {
        ...DEFAULT_POLICY,
        models: {
          [MODEL]: {
            rawMs: DAY,
            paths: { temperature: { rawMs: 30 * DAY }, cycles: { oneMinuteMs: DAY, fifteenMinutesMs: 2 * DAY } },
          },
        },
      };
      await store.applyRetention(T0 + 10 * DAY + HOUR, policy);
      const raw = await store.query({
        series: [series('p1', 'temperature'), series('p1', 'cycles'), series('p1', 'mode')],
        fromMs: T0,
        toMs: T0 + 11 * DAY,
        pointsMax: 100,
      });
      assert.deepEqual(
        raw.frames.map((frame) => frame.values),
        [[0, 1, 2, 9], [9], []],
      );
      for (const stepMs of [MINUTE, 15 * MINUTE]) {
        const counts = await Promise.all(
          ['temperature', 'cycles', 'mode'].map((path) =>
            store.query(aggQuery(series('p1', path), T0, T0 + HOUR, stepMs, 'count')),
          ),
        );
        assert.deepEqual(
          counts.map((result) => result.frames[0]?.values),
          [[3], [], [3]],
          `step ${stepMs}`,
        );
      }
      // Applying the same policy again changes nothing.
      await store.applyRetention(T0 + 10 * DAY + HOUR, policy);
      const again = await store.query(rawQuery(series('p1', 'temperature'), T0, T0 + DAY));
      assert.deepEqual(again.frames[0]?.values, [0, 1, 2]);
    });

    void it('keeps the checkpoint and the rows in agreement across a reopen', async () => {
      let store = await open();
      for (let batch = 0; batch < 5; batch += 1) {
        const rows = [0, 1, 2].map((i) => row(`p${i}`, T0 + batch * 1_000, { temperature: batch }));
        await store.write({ rows, throughOffset: (batch + 1) * 10 });
      }
      await store.close();
      store = await (fixture as HistoryStoreFixture).reopen();
      assert.equal(await store.checkpoint(), 50);
      // A consumer replays from the checkpoint: a replay of the last batch changes nothing.
      await store.write({ rows: [row('p0', T0 + 4_000, { temperature: 4 })], throughOffset: 50 });
      const raw = await store.query(rawQuery(series('p0', 'temperature'), T0, T0 + MINUTE));
      assert.deepEqual(raw.frames[0]?.values, [0, 1, 2, 3, 4]);
      const count = await store.query(aggQuery(series('p0', 'temperature'), T0, T0 + MINUTE, MINUTE, 'count'));
      assert.deepEqual(count.frames[0]?.values, [5]);
      await store.write({ rows: [row('p0', T0 + 5_000, { temperature: 5 })], throughOffset: 60 });
      assert.equal(await store.checkpoint(), 60);
    });

    void it('writes nothing, not even the checkpoint, when a batch fails', async () => {
      const store = await open();
      await store.write({ rows: [row('p1', T0, { temperature: 1 })], throughOffset: 1 });
      const unknownModel: HistoryRow = {
        twinId: 'x',
        modelId: 'dtmi:doppel:test:Unknown;1',
        ts: T0 as EpochMs,
        values: { a: 1 },
      };
      await assert.rejects(
        store.write({ rows: [row('p1', T0 + 1_000, { temperature: 2 }), unknownModel], throughOffset: 2 }),
      );
      await assert.rejects(store.write({ rows: [row('p1', T0 + 1_000, { nope: 2 })], throughOffset: 2 }));
      await assert.rejects(store.write({ rows: [row('p1', T0 + 1_000, { temperature: 'hot' })], throughOffset: 2 }));
      assert.equal(await store.checkpoint(), 1);
      const raw = await store.query(rawQuery(series('p1', 'temperature'), T0, T0 + MINUTE));
      assert.deepEqual(raw.frames[0]?.values, [1]);
      const count = await store.query(aggQuery(series('p1', 'temperature'), T0, T0 + MINUTE, MINUTE, 'count'));
      assert.deepEqual(count.frames[0]?.values, [1]);
      await store.write({ rows: [row('p1', T0 + 1_000, { temperature: 2 })], throughOffset: 2 });
      assert.equal(await store.checkpoint(), 2);
    });

    void it('stores the checkpoint of a batch without rows', async () => {
      const store = await open();
      await store.write({ rows: [], throughOffset: 12 });
      assert.equal(await store.checkpoint(), 12);
    });

    void it('answers one read-only SELECT and refuses anything else', async () => {
      const store = await open();
      const limits = { rowsMax: 10, timeoutMs: 5_000 };
      const result = await store.sql('SELECT 41 + 1 AS answer', limits);
      assert.deepEqual(
        result.columns.map((column) => column.name),
        ['answer'],
      );
      assert.equal(Number(result.rows[0]?.[0]), 42);
      for (const text of [
        'SELECT 1; SELECT 2',
        'CREATE TABLE evil (a INTEGER)',
        "COPY (SELECT 1) TO '/tmp/doppel-evil.csv'",
        "SELECT * FROM read_csv('/etc/passwd')",
        'not sql at all',
      ]) {
        await assert.rejects(store.sql(text, limits), { code: 'history.sql-refused' }, text);
      }
      await assert.rejects(store.sql('SELECT * FROM range(11)', limits), { code: 'history.sql-refused' });
      assert.equal((await store.sql('SELECT * FROM range(10)', limits)).rows.length, 10);
    });
  });
}
