// Parquet export through the platform: HTTP ingest → event log → history → GET …/history/export?format=parquet,
// read back with a separate DuckDB; and the same download through `doppel history export`.
import assert from 'node:assert/strict';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { main } from '@doppel/cli';
import { http, waitFor } from '../support/http.js';
import type { TestPlatform } from '../support/in-process-platform.js';
import { startTestPlatform } from '../support/in-process-platform.js';

const METER_MODEL = {
  '@context': 'dtmi:dtdl:context;3',
  '@id': 'dtmi:test:Meter;1',
  '@type': 'Interface',
  contents: [
    { '@type': 'Telemetry', name: 'power', schema: 'double' },
    { '@type': 'Telemetry', name: 'pulses', schema: 'long' },
    { '@type': 'Telemetry', name: 'running', schema: 'boolean' },
    { '@type': 'Telemetry', name: 'phase', schema: 'string' },
    {
      '@type': 'Telemetry',
      name: 'status',
      schema: {
        '@type': 'Object',
        fields: [
          { name: 'code', schema: 'integer' },
          { name: 'text', schema: 'string' },
        ],
      },
    },
  ],
};

const HOUR = 3_600_000;
/** Two hours ago, on the hour: inside every ingest and retention window. */
const BASE_MS = Math.floor((Date.now() - 2 * HOUR) / HOUR) * HOUR;
/** One sample every 10 s for 3 minutes; `status` every minute. */
const SAMPLES = Array.from({ length: 18 }, (_, i) => ({
  ts: BASE_MS + i * 10_000,
  power: i * 1.5,
  pulses: 1_000_000_000_000 + i,
  running: i % 2 === 0,
  phase: `p${i % 3}`,
  ...(i % 6 === 0 ? { status: { code: i, text: `minute ${i / 6}` } } : {}),
}));
/** A row of the file as read back: `ts` in epoch ms, then the path columns. */
const expectedRow = (sample: (typeof SAMPLES)[number]): unknown[] => [
  sample.ts,
  sample.power,
  BigInt(sample.pulses),
  sample.running,
  sample.phase,
  sample.status === undefined ? null : JSON.stringify(sample.status),
];
const PATHS = 'power,pulses,running,phase,status';
const range = `from=${BASE_MS}&to=${BASE_MS + HOUR}`;

describe('Parquet export through the platform', () => {
  let test: TestPlatform;
  let reader: DuckDBInstance;

  /** Columns (name, type) and rows of a Parquet file, read by a DuckDB of its own. */
  const readParquet = async (bytes: Uint8Array): Promise<{ columns: string[][]; rows: unknown[][] }> => {
    const file = join(test.dataDir, `download-${Math.random().toString(36).slice(2)}.parquet`);
    await writeFile(file, bytes);
    const connection = await reader.connect();
    try {
      const all = await connection.runAndReadAll(`SELECT * FROM read_parquet('${file}') LIMIT 0`);
      const columns = all.columnNames().map((name, i) => [name, String(all.columnTypes()[i])]);
      const result = await connection.runAndReadAll(
        `SELECT epoch_ms(ts) AS ts, * EXCLUDE (ts) FROM read_parquet('${file}')`,
      );
      return { columns, rows: result.getRows().map((row) => row.map((v, i) => (i === 0 ? Number(v) : v))) };
    } finally {
      connection.closeSync();
      await rm(file, { force: true });
    }
  };

  before(async () => {
    // A small point limit so that the row bound can be shown without a large data set.
    test = await startTestPlatform({ history: true, limits: { historyPointsMax: 20 } });
    reader = await DuckDBInstance.create(':memory:');
    assert.equal((await http(test.baseUrl, 'POST', '/api/v1/models', [METER_MODEL])).status, 201);
    const twin = { $metadata: { $model: 'dtmi:test:Meter;1' } };
    assert.equal((await http(test.baseUrl, 'PUT', '/api/v1/digitaltwins/meter-1', twin)).status, 200);
    const ingest = await http<{ applied: number }>(
      test.baseUrl,
      'POST',
      '/api/v1/digitaltwins/meter-1/telemetry',
      SAMPLES,
    );
    assert.equal(ingest.status, 200);
    await waitFor(
      async () =>
        (await http<{ lagRecords: number }>(test.baseUrl, 'GET', '/api/v1/history/status')).body.lagRecords === 0
          ? true
          : undefined,
      10_000,
      'history to catch up with the log',
    );
  });

  after(async () => {
    reader.closeSync();
    await test.stop();
  });

  it('downloads raw rows as a Parquet attachment, typed and exact', async () => {
    const response = await fetch(
      `${test.baseUrl}/api/v1/digitaltwins/meter-1/history/export?path=${PATHS}&${range}&format=parquet`,
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/vnd.apache.parquet');
    assert.match(response.headers.get('content-disposition') ?? '', /^attachment; filename="meter-1-.*\.parquet"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    assert.equal(Number(response.headers.get('content-length')), bytes.length);
    assert.equal(Buffer.from(bytes.subarray(0, 4)).toString(), 'PAR1', 'Parquet magic at the start');
    assert.equal(Buffer.from(bytes.subarray(-4)).toString(), 'PAR1', 'and at the end');
    const { columns, rows } = await readParquet(bytes);
    assert.deepEqual(columns, [
      ['ts', 'TIMESTAMP WITH TIME ZONE'],
      ['power', 'DOUBLE'],
      ['pulses', 'BIGINT'],
      ['running', 'BOOLEAN'],
      ['phase', 'VARCHAR'],
      ['status', 'VARCHAR'],
    ]);
    assert.deepEqual(rows, SAMPLES.map(expectedRow));
    assert.deepEqual(await readdir(join(test.dataDir, 'history-export')), [], 'no file is left behind');
  });

  it('downloads one row per bucket with step and agg', async () => {
    const response = await fetch(
      `${test.baseUrl}/api/v1/digitaltwins/meter-1/history/export?path=power,status&${range}&format=parquet&step=1m&agg=last`,
    );
    assert.equal(response.status, 200);
    const { columns, rows } = await readParquet(new Uint8Array(await response.arrayBuffer()));
    assert.deepEqual(columns, [
      ['ts', 'TIMESTAMP WITH TIME ZONE'],
      ['power', 'DOUBLE'],
      ['status', 'VARCHAR'],
    ]);
    // Minute k holds samples 6k … 6k+5; status only at 6k.
    assert.deepEqual(rows, [
      [BASE_MS, 7.5, '{"code":0,"text":"minute 0"}'],
      [BASE_MS + 60_000, 16.5, '{"code":6,"text":"minute 1"}'],
      [BASE_MS + 120_000, 25.5, '{"code":12,"text":"minute 2"}'],
    ]);
  });

  it('refuses with the catalog codes, and beyond historyPointsMax rows rather than truncating', async () => {
    const base = `/api/v1/digitaltwins/meter-1/history/export?format=parquet`;
    const cases: [string, number, string][] = [
      [`${base}&path=nope&${range}`, 404, 'history.series-unknown'],
      [`/api/v1/digitaltwins/ghost/history/export?format=parquet&path=power&${range}`, 404, 'history.series-unknown'],
      [`${base}&path=power&from=${BASE_MS}&to=${BASE_MS - 1}`, 400, 'history.range-invalid'],
      [`${base}&path=phase&${range}&step=1m&agg=avg`, 400, 'history.aggregation-unsupported'],
      // 7,200 one-second buckets could exist, 18 hold samples: the bound is on the rows written.
      [`${base}&path=power&from=${BASE_MS - HOUR}&to=${BASE_MS + HOUR}&step=1s&agg=count`, 200, ''],
      [`/api/v1/digitaltwins/meter-1/history/export?format=xlsx&path=power&${range}`, 400, 'request.invalid'],
    ];
    for (const [path, status, code] of cases) {
      const response = await http<{ code: string }>(test.baseUrl, 'GET', path);
      assert.equal(response.status, status, path);
      if (code !== '') assert.equal(response.body.code, code, path);
    }
    // 25 more samples make 43 rows: more than historyPointsMax (20).
    const more = Array.from({ length: 25 }, (_, i) => ({ ts: BASE_MS + HOUR / 2 + i * 1_000, power: i }));
    assert.equal((await http(test.baseUrl, 'POST', '/api/v1/digitaltwins/meter-1/telemetry', more)).status, 200);
    await waitFor(
      async () =>
        (await http<{ lagRecords: number }>(test.baseUrl, 'GET', '/api/v1/history/status')).body.lagRecords === 0
          ? true
          : undefined,
      10_000,
      'history to catch up with the log',
    );
    const refused = await http<{ code: string }>(test.baseUrl, 'GET', `${base}&path=power&${range}`);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, 'history.too-many-points');
    const first = await fetch(`${test.baseUrl}${base}&path=power&from=${BASE_MS}&to=${BASE_MS + 60_000}`);
    assert.equal((await readParquet(new Uint8Array(await first.arrayBuffer()))).rows.length, 6);
    assert.deepEqual(await readdir(join(test.dataDir, 'history-export')), []);
  });

  it('downloads through `doppel history export`, the format taken from the file name', async () => {
    const out = join(test.dataDir, 'cli-export.parquet');
    const code = await main([
      'history',
      'export',
      'meter-1',
      '--path',
      PATHS,
      '--from',
      new Date(BASE_MS).toISOString(),
      '--to',
      new Date(BASE_MS + 180_000).toISOString(),
      '--out',
      out,
      '--url',
      test.baseUrl,
    ]);
    assert.equal(code, 0);
    const { rows } = await readParquet(await readFile(out));
    assert.deepEqual(rows, SAMPLES.map(expectedRow));
    assert.equal(await main(['history', 'export', 'meter-1', '--path', PATHS]), 2, 'usage: --from and --to');
    const missing = join(test.dataDir, 'cli-missing.parquet');
    const args = ['--from', '0', '--to', '1', '--out', missing, '--url', test.baseUrl];
    assert.equal(await main(['history', 'export', 'meter-1', '--path', 'nope', ...args]), 1, 'unknown path');
    await assert.rejects(readFile(missing), { code: 'ENOENT' }, 'a failed download leaves no file');
  });
});
