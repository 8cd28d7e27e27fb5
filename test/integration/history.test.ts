// History through the platform: MQTT → event log → history consumer → DuckDB, then the query API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import { PUMP_MODEL, ROOM_MODEL, pumpTwin } from '../fixtures/models.js';
import { http, waitFor } from '../support/http.js';
import type { TestPlatform } from '../support/in-process-platform.js';
import { startTestPlatform } from '../support/in-process-platform.js';

interface HistoryResult {
  tier: string;
  stepMs: number | null;
  agg: string | null;
  downsampled: string | null;
  frames: { series: { path: string }; timestamps: number[]; values: unknown[] }[];
}

const BASE_MS = Date.parse('2026-11-25T09:00:00Z');

describe('history through the platform', () => {
  let test: TestPlatform;

  before(async () => {
    test = await startTestPlatform({ history: true });
    await http(test.baseUrl, 'POST', '/api/v1/models', [PUMP_MODEL]);
    await http(test.baseUrl, 'PUT', '/api/v1/digitaltwins/pump-1', pumpTwin('pump-1'));
    const client = await mqtt.connectAsync(test.mqttUrl, { clientId: 'history-device' });
    // 10 minutes at one sample every 10 s: flowRate = minute index, pressure = sample index.
    const samples = Array.from({ length: 60 }, (_, i) => ({
      ts: BASE_MS + i * 10_000,
      flowRate: Math.floor(i / 6),
      pressure: i,
    }));
    await client.publishAsync('twins/pump-1/telemetry', JSON.stringify(samples), { qos: 1 });
    await client.endAsync();
    await waitFor(
      async () =>
        (await http<{ lagRecords: number }>(test.baseUrl, 'GET', '/api/v1/history/status')).body.lagRecords === 0
          ? true
          : undefined,
      10_000,
      'history to catch up with the log',
    );
  });

  after(async () => test.stop());

  const range = `from=${BASE_MS}&to=${BASE_MS + 600_000}`;

  it('returns raw samples, columnar, from inclusive and to exclusive', async () => {
    const { status, body } = await http<HistoryResult>(
      test.baseUrl,
      'GET',
      `/api/v1/digitaltwins/pump-1/history?path=pressure&from=${BASE_MS}&to=${BASE_MS + 50_000}`,
    );
    assert.equal(status, 200);
    assert.equal(body.tier, 'raw');
    assert.deepEqual(
      body.frames[0]?.timestamps,
      [0, 1, 2, 3, 4].map((i) => BASE_MS + i * 10_000),
    );
    assert.deepEqual(body.frames[0]?.values, [0, 1, 2, 3, 4]);
  });

  it('aggregates per minute from the 1-minute tier', async () => {
    const { body } = await http<HistoryResult>(
      test.baseUrl,
      'GET',
      `/api/v1/digitaltwins/pump-1/history?path=pressure&${range}&step=1m&agg=avg`,
    );
    assert.equal(body.tier, '1m');
    assert.equal(body.frames[0]?.timestamps.length, 10);
    // Minute k holds samples 6k … 6k+5: their mean is 6k + 2.5.
    assert.deepEqual(
      body.frames[0]?.values,
      Array.from({ length: 10 }, (_, k) => 6 * k + 2.5),
    );
    for (const [agg, expected] of [
      ['min', 0],
      ['max', 5],
      ['sum', 15],
      ['count', 6],
      ['first', 0],
      ['last', 5],
    ] as const) {
      const result = await http<HistoryResult>(
        test.baseUrl,
        'GET',
        `/api/v1/digitaltwins/pump-1/history?path=pressure&${range}&step=1m&agg=${agg}`,
      );
      assert.equal(Number(result.body.frames[0]?.values[0]), expected, agg);
    }
  });

  it('reads several series at once and downsamples to maxPoints, saying so', async () => {
    const { body } = await http<HistoryResult>(test.baseUrl, 'POST', '/api/v1/history/query', {
      series: [
        { twinId: 'pump-1', path: 'flowRate' },
        { twinId: 'pump-1', path: 'pressure' },
      ],
      from: BASE_MS,
      to: BASE_MS + 600_000,
      maxPoints: 2,
    });
    assert.equal(body.frames.length, 2);
    assert.ok(body.downsampled !== null && body.downsampled.includes('maxPoints 2'));
    assert.ok((body.frames[0]?.timestamps.length ?? 99) <= 2);
  });

  it('answers read-only SQL and refuses writes and file access', async () => {
    const ok = await http<{ rows: unknown[][] }>(test.baseUrl, 'POST', '/api/v1/history/sql', {
      sql: 'SELECT 1 + 1 AS two',
    });
    assert.equal(ok.status, 200);
    assert.equal(Number(ok.body.rows[0]?.[0]), 2);
    for (const sql of [
      "COPY (SELECT 1) TO '/tmp/x.csv'",
      "SELECT * FROM read_csv('/etc/passwd')",
      'CREATE TABLE x (a INT)',
      "ATTACH '/tmp/other.db'",
    ]) {
      const refused = await http<{ code: string }>(test.baseUrl, 'POST', '/api/v1/history/sql', { sql });
      assert.equal(refused.status, 400, sql);
      assert.equal(refused.body.code, 'history.sql-refused', sql);
    }
  });

  it('streams a range as CSV and NDJSON', async () => {
    const response = await fetch(
      `${test.baseUrl}/api/v1/digitaltwins/pump-1/history/export?path=flowRate,pressure&${range}&format=csv`,
    );
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/csv/);
    const lines = (await response.text()).trim().split('\n');
    assert.equal(lines[0], 'time,flowRate,pressure');
    assert.equal(lines.length, 61);
    assert.equal(lines[1], `${new Date(BASE_MS).toISOString()},0,0`);
    assert.equal(lines[60], `${new Date(BASE_MS + 590_000).toISOString()},9,59`);
    const ndjson = await fetch(
      `${test.baseUrl}/api/v1/digitaltwins/pump-1/history/export?path=pressure&${range}&format=ndjson&step=1m&agg=max`,
    );
    const rows = (await ndjson.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { time: string; pressure: number });
    assert.equal(rows.length, 10);
    assert.deepEqual(rows[9], { time: new Date(BASE_MS + 540_000).toISOString(), pressure: 59 });
  });

  it('answers "no data yet", not an error, for a model no twin has stored history of', async () => {
    await http(test.baseUrl, 'POST', '/api/v1/models', [ROOM_MODEL]);
    await http(test.baseUrl, 'PUT', '/api/v1/digitaltwins/room-new', { $metadata: { $model: 'dtmi:test:Room;1' } });
    const { status, body } = await http<{ frames: { timestamps: number[]; values: unknown[] }[] }>(
      test.baseUrl,
      'GET',
      `/api/v1/digitaltwins/room-new/history?path=temperature&${range}`,
    );
    assert.equal(status, 200);
    assert.deepEqual(
      body.frames.map((frame) => [frame.timestamps, frame.values]),
      [[[], []]],
    );
    // A path the model does not have is still refused.
    const unknown = await http<{ code: string }>(
      test.baseUrl,
      'GET',
      `/api/v1/digitaltwins/room-new/history?path=nope&${range}`,
    );
    assert.equal(unknown.body.code, 'history.series-unknown');
  });

  it('refuses bad queries with stable codes', async () => {
    const cases: [string, number, string][] = [
      ['/api/v1/digitaltwins/pump-1/history?path=nope', 404, 'history.series-unknown'],
      ['/api/v1/digitaltwins/ghost/history?path=flowRate', 404, 'history.series-unknown'],
      [
        `/api/v1/digitaltwins/pump-1/history?path=flowRate&from=${BASE_MS}&to=${BASE_MS - 1}`,
        400,
        'history.range-invalid',
      ],
      [
        `/api/v1/digitaltwins/pump-1/history?path=flowRate&from=0&to=${BASE_MS}&step=1s`,
        400,
        'history.too-many-points',
      ],
      [
        `/api/v1/digitaltwins/pump-1/history?path=flowRate&${range}&step=1m&agg=median`,
        400,
        'history.aggregation-unsupported',
      ],
    ];
    for (const [path, status, code] of cases) {
      const response = await http<{ code: string }>(test.baseUrl, 'GET', path);
      assert.equal(response.status, status, path);
      assert.equal(response.body.code, code, path);
    }
  });

  it('answers history aggregates inside a twin query (graph, live state and history in one query)', async () => {
    // A window from now back past the samples (they were sent with source times at BASE_MS).
    const window = `PT${Math.ceil((Date.now() - BASE_MS) / 3_600_000) + 1}H`;
    const { status, body } = await http<{ value: unknown[] }>(test.baseUrl, 'POST', '/api/v1/query', {
      query: `SELECT T.$dtId AS id, AVG(T.pressure, '${window}') AS p, MAX(T.flowRate, '${window}') AS f,
                COUNT(T.pressure, '${window}') AS n
              FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, 'dtmi:test:Pump;1') AND AVG(T.pressure, '${window}') > 20`,
    });
    assert.equal(status, 200, JSON.stringify(body));
    // pressure = sample index 0…59, flowRate = minute index 0…9.
    assert.deepEqual(body.value, [{ id: 'pump-1', p: 29.5, f: 9, n: 60 }]);
    const none = await http<{ value: unknown[] }>(test.baseUrl, 'POST', '/api/v1/query', {
      query: "SELECT COUNT() FROM DIGITALTWINS T WHERE AVG(T.pressure, 'PT1M') > 20",
    });
    assert.deepEqual(none.body.value, [{ COUNT: 0 }], 'no samples in the last minute: unknown, no match');
  });
});
