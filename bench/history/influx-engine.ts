/**
 * The InfluxDB 1.x peer: the same data as line protocol over HTTP (perf-baseline.md 2a: batches of
 * 5,000 lines, 2 concurrent writers, ms precision), in the same two phases as Doppel (the live
 * part into an empty database, then the backfill), each followed by full compaction before sizing
 * (perf-baseline.md 2b), then the same queries in InfluxQL over HTTP.
 */
import { Agent, request } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { assetId, partPoints } from './data.js';
import type { Dataset, Phase, QuerySpec } from './dataset.js';
import { QUERY_ASSET } from './dataset.js';
import type { Answer, EngineLoad, LoadedEngine, SizeFigures, WriteFigures } from './engine.js';
import { onAbort } from './lifecycle.js';
import type { InfluxServer } from './influx-server.js';
import { FULL_COMPACTION_COLD_MS, startInflux } from './influx-server.js';
import { CpuWindow, sleep, treeBytes } from './measure.js';
import type { InfluxBatch } from './render.js';
import { MEASUREMENT, renderInfluxBatches } from './render.js';

const DATABASE = 'bench';
const WRITERS = 2;
const COMPACTION_WAIT_MAX_MS = 120_000;
const COMPACTION_STABLE_POLLS = 3;
const REQUEST_TIMEOUT_MS = 60_000;

export async function loadInflux(dataset: Dataset, tempDir: string, deadlineMs: number): Promise<EngineLoad> {
  const server = await startInflux(tempDir);
  const agent = new Agent({ keepAlive: true, maxSockets: WRITERS + 1 });
  const shutDown = async (): Promise<void> => {
    agent.destroy();
    await server.stop();
  };
  const unregister = onAbort(shutDown);
  try {
    const http = new InfluxHttp(server.url, agent);
    await http.call('POST', `/query?q=${encodeURIComponent(`CREATE DATABASE ${DATABASE}`)}`);

    // Phase 1, the headline: the live part into an empty database; phase 2, the backfill.
    const live = await writePhase(dataset.headline, http, server, deadlineMs);
    const liveSize = await sizeAfterCompaction(server, dataset.headline.points, deadlineMs);
    const backfill = await writePhase(dataset.backfill, http, server, deadlineMs);
    const wholeSize = await sizeAfterCompaction(server, dataset.points, deadlineMs);

    const engine: LoadedEngine = {
      run: async (query) => {
        const table = await http.select(influxQl(query, false));
        return table.values.length * (query.stepMs === undefined ? query.fields.length : 1);
      },
      answer: async (query) => answerOf(await http.select(influxQl(query, true)), query),
      close: async () => {
        unregister();
        await shutDown();
      },
    };
    return {
      headline: {
        write: {
          ...live.figures,
          notes: [`${WRITERS} writers × POST of 5,000 lines (50,000 points), fsync per write (wal-fsync-delay 0s)`],
        },
        size: { ...liveSize, notes: [`live part only: ${liveSize.notes.join('; ')}`] },
      },
      backfill: {
        write: { ...backfill.figures, notes: [`pts/s per part: ${backfill.perPart}`] },
        size: { ...wholeSize, notes: [`whole database (live + backfill): ${wholeSize.notes.join('; ')}`] },
      },
      engine,
    };
  } catch (error) {
    unregister();
    await shutDown();
    throw error;
  }
}

/**
 * Renders the phase's line protocol, then (clock started) POSTs it with WRITERS concurrent
 * writers, from the first POST to the last one acknowledged.
 */
async function writePhase(
  phase: Phase,
  http: InfluxHttp,
  server: InfluxServer,
  deadlineMs: number,
): Promise<{ figures: Omit<WriteFigures, 'notes'>; perPart: string }> {
  const renderStarted = performance.now();
  const batches = renderInfluxBatches(phase.parts);
  console.log(
    `  influxdb: ${phase.name}: rendered ${batches.length} batches of line protocol in ${((performance.now() - renderStarted) / 1_000).toFixed(1)} s`,
  );
  const cpu = await CpuWindow.start([server.pid]);
  const started = performance.now();
  // Per part: when its first batch was sent and its last one acknowledged (the parts differ a lot).
  const partTimes = phase.parts.map(() => ({ firstMs: Infinity, lastMs: 0 }));
  let next = 0;
  const writer = async (): Promise<void> => {
    while (next < batches.length) {
      if (Date.now() > deadlineMs) throw new Error('deadline reached while writing to InfluxDB');
      const batch = batches[next++] as InfluxBatch;
      const times = partTimes[batch.part] as { firstMs: number; lastMs: number };
      times.firstMs = Math.min(times.firstMs, performance.now());
      await http.call('POST', `/write?db=${DATABASE}&precision=ms`, batch.body, 204);
      times.lastMs = Math.max(times.lastMs, performance.now());
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, writer));
  const writeS = (performance.now() - started) / 1_000;
  const { cores, otherCores } = await cpu.end();
  batches.length = 0;
  const perPart = phase.parts.map((part, index) => {
    const times = partTimes[index] as { firstMs: number; lastMs: number };
    return `${part.name} ${(partPoints(part) / ((times.lastMs - times.firstMs) / 1_000) / 1e6).toFixed(2)} M`;
  });
  return {
    figures: { points: phase.points, seconds: writeS, pointsPerSecond: phase.points / writeS, cores, otherCores },
    perPart: perPart.join(', '),
  };
}

/** Waits for full compaction, then sizes the TSM files and the data + WAL directories over `points`. */
async function sizeAfterCompaction(server: InfluxServer, points: number, deadlineMs: number): Promise<SizeFigures> {
  const compaction = await waitForCompaction(server, deadlineMs);
  const tsmBytes = await treeBytes(server.dataDir, (name) => name.endsWith('.tsm'));
  const dirBytes = (await treeBytes(server.dataDir)) + (await treeBytes(server.walDir));
  return {
    bytes: tsmBytes,
    points,
    bytesPerPoint: tsmBytes / points,
    dirBytes,
    dirBytesPerPoint: dirBytes / points,
    notes: [compaction],
  };
}

/** The query in InfluxQL; `withCount` adds what the oracle check compares besides the mean. */
function influxQl(query: QuerySpec, withCount: boolean): string {
  const where = `"asset"='${assetId(QUERY_ASSET)}' AND time >= ${query.fromMs}ms AND time < ${query.toMs}ms`;
  if (query.stepMs === undefined) {
    return `SELECT ${query.fields.map((field) => `"${field}"`).join(',')} FROM "${MEASUREMENT}" WHERE ${where}`;
  }
  const field = query.fields[0] as string;
  const count = withCount ? `, count("${field}")` : '';
  // fill(none): only buckets that hold samples, as a store returns them.
  return `SELECT mean("${field}")${count} FROM "${MEASUREMENT}" WHERE ${where} GROUP BY time(${query.stepMs}ms) fill(none)`;
}

function answerOf(table: Table, query: QuerySpec): Answer {
  const timestamps = table.values.map((row) => Number(row[0]));
  const fields: Record<string, (number | null)[]> = {};
  if (query.stepMs === undefined) {
    for (const [index, field] of query.fields.entries())
      fields[field] = table.values.map((row) => cell(row[index + 1]));
    return { timestamps, fields };
  }
  fields[query.fields[0] as string] = table.values.map((row) => cell(row[1]));
  return { timestamps, fields, counts: table.values.map((row) => Number(row[2])) };
}

const cell = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

interface Table {
  readonly columns: readonly string[];
  readonly values: readonly (readonly unknown[])[];
}

interface QueryResponse {
  results?: { error?: string; series?: { columns: string[]; values: unknown[][] }[] }[];
  error?: string;
}

class InfluxHttp {
  constructor(
    private readonly url: string,
    private readonly agent: Agent,
  ) {}

  async select(influxQl: string): Promise<Table> {
    const text = await this.call('GET', `/query?db=${DATABASE}&epoch=ms&q=${encodeURIComponent(influxQl)}`);
    const parsed = JSON.parse(text) as QueryResponse;
    const result = parsed.results?.[0];
    const error = parsed.error ?? result?.error;
    if (error !== undefined) throw new Error(`InfluxDB: ${error} (${influxQl})`);
    const series = result?.series?.[0];
    return { columns: series?.columns ?? [], values: series?.values ?? [] };
  }

  call(method: string, path: string, body?: Buffer, expect = 200): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = request(`${this.url}${path}`, { method, agent: this.agent, timeout: REQUEST_TIMEOUT_MS }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode === expect) resolve(text);
          else reject(new Error(`InfluxDB ${method} ${path.split('?')[0] ?? ''}: HTTP ${res.statusCode} ${text}`));
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`InfluxDB ${method} timed out`)));
      req.on('error', reject);
      if (body !== undefined) req.setHeader('content-type', 'text/plain');
      req.end(body);
    });
  }
}

/**
 * Waits until every shard is one TSM file, the WAL is empty, no write has reached a shard for
 * longer than the full-compaction cold duration (so a full compaction had its chance; a shard
 * whose data went into a single snapshot has nothing to compact and logs none) and sizes have not
 * moved for a few seconds (perf-baseline.md 2b). Returns what it saw.
 */
async function waitForCompaction(server: InfluxServer, deadlineMs: number): Promise<string> {
  const started = Date.now();
  let last = -1;
  let stable = 0;
  for (;;) {
    const shards = await shardFiles(join(server.dataDir, DATABASE, 'autogen'));
    const walBytes = await treeBytes(server.walDir, (name) => name.endsWith('.wal'));
    const bytes = await treeBytes(server.dataDir);
    const compacted =
      shards.length > 0 && shards.every((files) => files.tsm === 1 && files.tmp === 0) && walBytes === 0;
    stable = bytes === last ? stable + 1 : 0;
    last = bytes;
    const waitedMs = Date.now() - started;
    const fullRuns = await fullCompactions(server.logFile);
    const summary = `${shards.length} shards, ${shards.reduce((sum, shard) => sum + shard.tsm, 0)} TSM files, WAL ${walBytes} B, ${fullRuns} full compactions logged`;
    if (compacted && stable >= COMPACTION_STABLE_POLLS && waitedMs >= FULL_COMPACTION_COLD_MS + 2_000) {
      return `compacted after ${(waitedMs / 1_000).toFixed(0)} s: ${summary}`;
    }
    if (waitedMs > COMPACTION_WAIT_MAX_MS || Date.now() > deadlineMs) {
      return `NOT fully compacted after ${(waitedMs / 1_000).toFixed(0)} s (${summary}): sized as found`;
    }
    await sleep(1_000);
  }
}

/** Full compactions influxd logged as finished (`tsm1_strategy=full … op_event=end`). */
async function fullCompactions(logFile: string): Promise<number> {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line.includes('tsm1_strategy=full') && line.includes('op_event=end')).length;
}

async function shardFiles(dir: string): Promise<{ tsm: number; tmp: number }[]> {
  const shards = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const found: { tsm: number; tmp: number }[] = [];
  for (const shard of shards) {
    if (!shard.isDirectory()) continue;
    const names = await readdir(join(dir, shard.name));
    found.push({
      tsm: names.filter((name) => name.endsWith('.tsm')).length,
      tmp: names.filter((name) => name.endsWith('.tmp')).length,
    });
  }
  return found;
}
