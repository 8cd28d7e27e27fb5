/**
 * Local measurement of the DuckDB history store (not a test, not part of `npm run bench` yet):
 *   node --conditions=source --import tsx packages/server/src/adapters/duckdb-history/bench-duckdb-history.ts [minutesAt1Hz]
 * 1,000 assets × 10 double fields (random walks rounded to sensor resolution), written time-major
 * in batches of 50,000 rows (500,000 points, ~1 s at the 500 k points/s fleet workload) as the history consumer would:
 * - 29 days at a 15-minute cadence and 23 hours at 60 s (enough for the rollup queries; a full
 *   month at 1 Hz would be 26 G points), then the last hour at 1 s, which is what is timed.
 * Prints points/s of the 1 Hz phase, bytes/point after CHECKPOINT (file + WAL, rollups included,
 * for the 1 Hz phase alone and for everything), and p50 of the queries.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EpochMs } from '@doppel/core';
import type { HistoryRow, SeriesQuery } from '../../history/history-store.js';
import { DuckDbHistoryStore } from './duckdb-history-store.js';

const ASSETS = 1_000;
const FIELDS = [
  'temperature',
  'humidity',
  'pressure',
  'vibration',
  'current',
  'voltage',
  'power',
  'rpm',
  'flow',
  'level',
];
const RESOLUTION = [0.01, 0.1, 0.01, 0.001, 0.01, 0.1, 1, 1, 0.1, 0.1];
const MODEL = 'dtmi:doppel:bench:Asset;1';
const BATCH_ROWS = 50_000;
const MINUTE = 60_000;
const DAY = 86_400_000;
const END_MS = Date.UTC(2024, 1, 1);

const out = (line: string): boolean => process.stdout.write(`${line}\n`);

/** Deterministic random walks: one state per series, mean-reverting, rounded to the resolution. */
class Walks {
  private readonly level = new Float64Array(ASSETS * FIELDS.length).map((_, i) => 50 + (i % 37));
  private seed = 42;

  private random(): number {
    this.seed = (this.seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return this.seed / 2_147_483_648;
  }

  row(asset: number, tsMs: number): HistoryRow {
    const values: Record<string, number> = {};
    for (let f = 0; f < FIELDS.length; f += 1) {
      const index = asset * FIELDS.length + f;
      const resolution = RESOLUTION[f] ?? 1;
      const next = (this.level[index] ?? 0) * 0.99 + 0.5 + (this.random() - 0.5) * 20 * resolution;
      this.level[index] = next;
      values[FIELDS[f] ?? ''] = Math.round(next / resolution) * resolution;
    }
    return { twinId: `a${String(asset).padStart(4, '0')}`, modelId: MODEL, ts: tsMs as EpochMs, values };
  }
}

async function writeRange(
  store: DuckDbHistoryStore,
  walks: Walks,
  fromMs: number,
  toMs: number,
  stepMs: number,
  offset: { n: number },
): Promise<{ points: number; ms: number }> {
  let rows: HistoryRow[] = [];
  let points = 0;
  let writeMs = 0;
  const flush = async (): Promise<void> => {
    offset.n += 1;
    const started = performance.now();
    await store.write({ rows, throughOffset: offset.n });
    writeMs += performance.now() - started;
    points += rows.length * FIELDS.length;
    rows = [];
  };
  for (let tsMs = fromMs; tsMs < toMs; tsMs += stepMs) {
    for (let asset = 0; asset < ASSETS; asset += 1) rows.push(walks.row(asset, tsMs));
    if (rows.length >= BATCH_ROWS) await flush();
  }
  if (rows.length > 0) await flush();
  return { points, ms: writeMs };
}

async function p50(
  store: DuckDbHistoryStore,
  query: SeriesQuery,
): Promise<{ medianMs: number; tier: string; points: number }> {
  const first = await store.query(query);
  const times: number[] = [];
  for (let i = 0; i < 20; i += 1) {
    const started = performance.now();
    await store.query(query);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const points = first.frames.reduce((total, frame) => total + frame.timestamps.length, 0);
  return { medianMs: ((times[9] ?? 0) + (times[10] ?? 0)) / 2, tier: first.tier, points };
}

const minutesAt1Hz = Number(process.argv[2] ?? 60);
const dir = await mkdtemp(join(tmpdir(), 'doppel-history-bench-'));
const store = new DuckDbHistoryStore({ path: join(dir, 'history.duckdb') });
await store.open();
await store.ensureSchema({ modelId: MODEL, columns: FIELDS.map((path) => ({ path, type: 'double' as const })) });
const walks = new Walks();
const offset = { n: 0 };
const hiFromMs = END_MS - minutesAt1Hz * MINUTE;
const coarse = await writeRange(store, walks, END_MS - 30 * DAY, END_MS - DAY, 15 * MINUTE, offset);
const minute = await writeRange(store, walks, END_MS - DAY, hiFromMs, MINUTE, offset);
const before = await store.stats();
const hi = await writeRange(store, walks, hiFromMs, END_MS, 1_000, offset);
const after = await store.stats();
const allPoints = coarse.points + minute.points + hi.points;
out(
  `backfill: ${((coarse.points + minute.points) / 1e6).toFixed(1)} M points (15 min and 60 s cadence) in ${((coarse.ms + minute.ms) / 1000).toFixed(1)} s`,
);
out(
  `1 Hz phase: ${(hi.points / 1e6).toFixed(1)} M points in ${(hi.ms / 1000).toFixed(1)} s = ${(hi.points / (hi.ms / 1000) / 1e6).toFixed(2)} M points/s written (batches of ${BATCH_ROWS} rows)`,
);
out(`bytes/point, 1 Hz phase (raw + rollups): ${((after.bytesOnDisk - before.bytesOnDisk) / hi.points).toFixed(2)}`);
out(
  `bytes/point, everything: ${(after.bytesOnDisk / allPoints).toFixed(2)} (${(after.bytesOnDisk / 1e6).toFixed(1)} MB, ${after.rows} raw rows)`,
);

const one = { twinId: 'a0005', modelId: MODEL, path: 'temperature' };
const q1 = await p50(store, {
  series: [one],
  fromMs: END_MS - DAY,
  toMs: END_MS,
  stepMs: MINUTE,
  agg: 'avg',
  pointsMax: 10_000,
});
out(`Q1 1 day of one series, 1-min avg: p50 ${q1.medianMs.toFixed(2)} ms (tier ${q1.tier}, ${q1.points} buckets)`);
const q2 = await p50(store, {
  series: [one],
  fromMs: END_MS - 30 * DAY,
  toMs: END_MS,
  stepMs: 15 * MINUTE,
  agg: 'avg',
  pointsMax: 10_000,
});
out(`Q2 30 days of one series, 15-min avg: p50 ${q2.medianMs.toFixed(2)} ms (tier ${q2.tier}, ${q2.points} buckets)`);
const tenFields = FIELDS.map((path) => ({ twinId: 'a0005', modelId: MODEL, path }));
const q3 = await p50(store, { series: tenFields, fromMs: END_MS - 3_600_000, toMs: END_MS, pointsMax: 10_000 });
out(`Q3 last hour of 10 fields of one asset, raw: p50 ${q3.medianMs.toFixed(2)} ms (${q3.points} points)`);
await store.close();
await rm(dir, { recursive: true, force: true });
