import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import type { EpochMs } from '@doppel/core';
import type {
  Aggregation,
  HistoryExport,
  HistoryExportQuery,
  HistoryModelSchema,
  HistoryRow,
} from '../../history/history-store.js';
import { DuckDbHistoryStore } from './duckdb-history-store.js';

const MODEL = 'dtmi:doppel:test:Pump;1';
/** 2024-01-08T00:00:00Z. */
const T0 = Date.UTC(2024, 0, 8);
const HOUR = 3_600_000;
const PATHS = ['temperature', 'cycles', 'running', 'mode', 'config', 'motor/speed'];
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
/** Beyond 2^53: exact only if the file keeps a 64-bit integer. */
const BIG = 9_007_199_254_740_993n;

const row = (twinId: string, tsMs: number, values: Record<string, unknown>): HistoryRow => ({
  twinId,
  modelId: MODEL,
  ts: tsMs as EpochMs,
  values,
});

interface ParquetContent {
  readonly columns: readonly [string, string][];
  /** `ts` as epoch ms, then the path columns as DuckDB reads them. */
  readonly rows: readonly unknown[][];
}

describe('DuckDbHistoryStore Parquet export', () => {
  let dir: string;
  let exportDir: string;
  let store: DuckDbHistoryStore;
  let reader: DuckDBInstance;

  /** Reads a file with a separate DuckDB (default settings), as a data scientist's tool would. */
  const readParquet = async (bytes: Buffer): Promise<ParquetContent> => {
    const file = join(dir, `download-${Math.random().toString(36).slice(2)}.parquet`);
    await writeFile(file, bytes);
    const connection = await reader.connect();
    try {
      const described = await connection.runAndReadAll(`SELECT * FROM read_parquet('${file}') LIMIT 0`);
      const columns = described
        .columnNames()
        .map((name, i): [string, string] => [name, String(described.columnTypes()[i])]);
      const result = await connection.runAndReadAll(
        `SELECT epoch_ms(ts) AS ts, * EXCLUDE (ts) FROM read_parquet('${file}')`,
      );
      return { columns, rows: result.getRows().map((values) => values.map((v, i) => (i === 0 ? Number(v) : v))) };
    } finally {
      connection.closeSync();
    }
  };

  const exportOf = (query: Partial<HistoryExportQuery>): Promise<HistoryExport> =>
    store.exportParquet({
      twinId: 'p1',
      modelId: MODEL,
      paths: PATHS,
      fromMs: T0,
      toMs: T0 + HOUR,
      rowsMax: 10_000,
      timeoutMs: 10_000,
      ...query,
    });

  const download = async (query: Partial<HistoryExportQuery>): Promise<ParquetContent & { file: HistoryExport }> => {
    const file = await exportOf(query);
    const content = await readParquet(await buffer(file.content));
    return { ...content, file };
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'doppel-parquet-'));
    exportDir = join(dir, 'exports');
    store = new DuckDbHistoryStore({ path: join(dir, 'history.duckdb'), exportDir });
    await store.open();
    await store.ensureSchema(SCHEMA);
    await store.write({
      rows: [
        row('p1', T0, {
          temperature: 20.5,
          cycles: 1,
          running: true,
          mode: 'auto',
          config: { a: 1, b: [true, null] },
          'motor/speed': 1500.25,
        }),
        row('p1', T0 + 1_000, { temperature: 21.25, cycles: BIG }),
        row('p2', T0 + 1_000, { temperature: 99 }),
        row('p1', T0 + 2_000, { config: { nested: { x: "it's" } } }),
        row('p1', T0 + HOUR, { temperature: -1 }),
      ],
      throughOffset: 1,
    });
    // Another message with the same source time, carrying other paths: one row in the file.
    await store.write({ rows: [row('p1', T0 + 1_000, { running: false, mode: 'manual' })], throughOffset: 2 });
    // 40 minutes, one sample every 10 s, from T0 + 2 h: for the aggregated exports.
    const samples = Array.from({ length: 240 }, (_, i) =>
      row('p1', T0 + 2 * HOUR + i * 10_000, { temperature: ((i * 37) % 101) / 2 - 10, cycles: i }),
    );
    await store.write({ rows: samples, throughOffset: 3 });
    reader = await DuckDBInstance.create(':memory:');
  });

  after(async () => {
    reader.closeSync();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes raw rows with their types, one row per time, values exact, and leaves no file behind', async () => {
    const { columns, rows, file } = await download({});
    assert.deepEqual(columns, [
      ['ts', 'TIMESTAMP WITH TIME ZONE'],
      ['temperature', 'DOUBLE'],
      ['cycles', 'BIGINT'],
      ['running', 'BOOLEAN'],
      ['mode', 'VARCHAR'],
      ['config', 'VARCHAR'],
      ['motor/speed', 'DOUBLE'],
    ]);
    assert.deepEqual(rows, [
      [T0, 20.5, 1n, true, 'auto', '{"a":1,"b":[true,null]}', 1500.25],
      [T0 + 1_000, 21.25, BIG, false, 'manual', null, null],
      [T0 + 2_000, null, null, null, null, '{"nested":{"x":"it\'s"}}', null],
    ]);
    assert.equal(file.rows, 3);
    assert.equal(file.tier, 'raw');
    assert.ok(file.bytes > 0);
    assert.deepEqual(await readdir(exportDir), [], 'the file is unlinked once handed over');
  });

  it('exports only the paths asked for, in their order', async () => {
    const { columns, rows } = await download({ paths: ['mode', 'temperature'], fromMs: T0 + 1_000 });
    assert.deepEqual(
      columns.map(([name]) => name),
      ['ts', 'mode', 'temperature'],
    );
    assert.deepEqual(rows, [[T0 + 1_000, 'manual', 21.25]]);
  });

  it('writes the schema and no rows for an empty range', async () => {
    const { columns, rows } = await download({ fromMs: T0 - 2 * 86_400_000, toMs: T0 - 86_400_000 });
    assert.equal(columns.length, 7);
    assert.deepEqual(rows, []);
  });

  it('aggregates exactly as query does, from the tier query reads', async () => {
    const cases: [number, Aggregation, string, string][] = [
      [60_000, 'avg', 'temperature', '1m'],
      [60_000, 'sum', 'cycles', '1m'],
      [60_000, 'count', 'temperature', '1m'],
      [900_000, 'first', 'cycles', '15m'],
      [900_000, 'last', 'temperature', '15m'],
      [90_000, 'min', 'temperature', 'raw'],
      [90_000, 'count', 'cycles', 'raw'],
      [86_400_000, 'max', 'temperature', '15m'],
    ];
    for (const [stepMs, agg, path, tier] of cases) {
      const label = `${agg} per ${stepMs} ms of ${path}`;
      // 2 h 05 … 2 h 35: buckets overlapping the range are returned whole, as by query.
      const range = { fromMs: T0 + 2 * HOUR + 5 * 60_000 + 7_000, toMs: T0 + 2 * HOUR + 35 * 60_000 };
      const { columns, rows, file } = await download({
        ...range,
        paths: [path],
        stepMs,
        agg,
        timeZone: 'Europe/Berlin',
      });
      const expected = await store.query({
        series: [{ twinId: 'p1', modelId: MODEL, path }],
        ...range,
        stepMs,
        agg,
        timeZone: 'Europe/Berlin',
        pointsMax: 10_000,
      });
      assert.equal(file.tier, tier, label);
      assert.equal(expected.tier, tier, label);
      const type = agg === 'avg' ? 'DOUBLE' : agg === 'count' || path === 'cycles' ? 'BIGINT' : 'DOUBLE';
      assert.deepEqual(columns[1], [path, type], label);
      const frame = expected.frames[0];
      assert.ok(frame !== undefined && frame.timestamps.length > 0, label);
      assert.deepEqual(
        rows.map(([ts]) => ts),
        frame.timestamps,
        label,
      );
      assert.deepEqual(
        rows.map(([, value]) => (typeof value === 'bigint' ? Number(value) : value)),
        frame.values,
        label,
      );
    }
  });

  it('keeps the columns of several paths apart in one bucket row', async () => {
    const { rows } = await download({
      paths: ['temperature', 'cycles', 'mode'],
      fromMs: T0 + 2 * HOUR,
      toMs: T0 + 2 * HOUR + 120_000,
      stepMs: 60_000,
      agg: 'count',
    });
    assert.deepEqual(rows, [
      [T0 + 2 * HOUR, 6n, 6n, null],
      [T0 + 2 * HOUR + 60_000, 6n, 6n, null],
    ]);
  });

  it('refuses beyond rowsMax rather than truncating, and unknown paths and aggregations', async () => {
    await assert.rejects(exportOf({ rowsMax: 2 }), { code: 'history.too-many-points' });
    assert.equal((await download({ rowsMax: 3 })).rows.length, 3);
    await assert.rejects(exportOf({ paths: ['nope'] }), { code: 'history.series-unknown' });
    await assert.rejects(exportOf({ paths: ['mode'], stepMs: 60_000, agg: 'avg' }), {
      code: 'history.aggregation-unsupported',
    });
    await assert.rejects(exportOf({ fromMs: T0 + 1, toMs: T0 }), { code: 'history.range-invalid' });
    assert.deepEqual(await readdir(exportDir), []);
  });

  it('refuses a bucket sum beyond 64 bits rather than rounding it', async () => {
    const t = T0 + 5 * HOUR;
    await store.write({
      rows: [row('p3', t, { cycles: 2n ** 62n }), row('p3', t + 1_000, { cycles: 2n ** 62n })],
      throughOffset: 4,
    });
    const query = { twinId: 'p3', paths: ['cycles'], fromMs: t, toMs: t + HOUR, stepMs: 60_000 };
    await assert.rejects(exportOf({ ...query, agg: 'sum' }), { code: 'history.aggregation-unsupported' });
    assert.deepEqual((await download({ ...query, agg: 'max' })).rows, [[t, 2n ** 62n]]);
  });

  it('releases an export that is never read', async () => {
    const file = await exportOf({});
    const closed = new Promise((resolve) => file.content.once('close', resolve));
    file.content.destroy();
    await closed;
    assert.deepEqual(await readdir(exportDir), []);
  });

  it('keeps user SQL away from the export directory: COPY TO is refused, nothing there to read', async () => {
    const limits = { rowsMax: 100, timeoutMs: 5_000 };
    const target = join(exportDir, 'doppel-export-evil.parquet');
    for (const sql of [
      `COPY (SELECT 1) TO '${target}' (FORMAT parquet)`,
      `COPY (SELECT 1) TO '${join(dir, 'evil.csv')}'`,
      "SELECT * FROM read_csv('/etc/passwd')",
    ]) {
      await assert.rejects(store.sql(sql, limits), { code: 'history.sql-refused' }, sql);
    }
    // Exports run on the same connection and are unlinked before it is free again.
    await exportOf({});
    const listed = await store.sql(`SELECT count(*) AS n FROM glob('${exportDir}/*')`, limits);
    assert.equal(Number(listed.rows[0]?.[0]), 0);
    assert.deepEqual(await readdir(exportDir), []);
  });

  it('removes exports a crash left behind when it opens', async () => {
    const leftover = join(exportDir, 'doppel-export-left.parquet');
    await writeFile(leftover, 'PAR1');
    await store.close();
    store = new DuckDbHistoryStore({ path: join(dir, 'history.duckdb'), exportDir });
    await store.open();
    assert.deepEqual(await readdir(exportDir), []);
    assert.equal((await download({})).rows.length, 3);
  });
});
