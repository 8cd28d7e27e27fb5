/**
 * `npm run bench:graph`: the twin graph and its query language at portfolio scale (issue 5).
 * Starts the real platform in this process (history on, loopback ports, a temporary data folder),
 * loads a generated portfolio of about 100,000 twins and 300,000 relationships through the graph
 * (validated and written to the registry, as the API does), sends an hour of telemetry for
 * Building 7's pumps over MQTT (through ingest, the log and history), then times queries: in
 * process through the same path as `POST /api/v1/query` (parse, plan, run, history reads), and
 * over HTTP as a client sees them. Also times the DTDL v3 conformance suite and the
 * RealEstateCore import (API, and the CLI's models check / models add). Writes bench/results/graph-<timestamp>.json.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { main as doppelCli } from '@doppel/cli';
import { parseModels } from '@doppel/dtdl';
import { createJsonLogger, resolveConfig, startPlatform } from '@doppel/server';
import { printTable } from '../shared/print-table.js';
import { MODEL_DOCUMENTS, MODELS, SHAPE, portfolio } from './portfolio.js';

const SUITE = '/work/shared/dtdl/DTDL/v3/spec';
const REC = '/work/shared/ontologies/realestatecore/Ontology';
const TARGETS = { lookupP50Us: 50, building7P50Ms: 20 };

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '200' }, 'warmup-runs': { type: 'string', default: '20' } },
});
const RUNS = Number(values.runs);
const WARMUP = Number(values['warmup-runs']);

interface Timing {
  readonly name: string;
  readonly rows: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly httpP50Ms?: number;
  readonly httpP99Ms?: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN;
}

async function timed(
  run: (i: number) => Promise<number> | number,
): Promise<{ p50: number; p99: number; rows: number }> {
  let rows = 0;
  for (let i = 0; i < WARMUP; i++) rows = await run(i);
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    rows = await run(WARMUP + i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99), rows };
}

async function readJsonTree(dir: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await readJsonTree(path)));
    else if (entry.name.endsWith('.json')) out.push(JSON.parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, '')));
  }
  return out;
}

async function conformance(): Promise<{ cases: number; passed: number; ms: number }> {
  const files = (await readdir(SUITE)).filter((name) => name.endsWith('.json'));
  const suites = await Promise.all(
    files.map(
      async (name) => JSON.parse((await readFile(join(SUITE, name), 'utf8')).replace(/^\uFEFF/, '')) as never[],
    ),
  );
  const started = performance.now();
  let [cases, passed] = [0, 0];
  for (const suite of suites) {
    for (const c of suite as { valid: boolean; options: string[]; input: unknown[] }[]) {
      cases++;
      const result = parseModels(c.input, { allowUndefinedExtensions: c.options.includes('AllowUndefinedExtensions') });
      if (result.ok === c.valid) passed++;
    }
  }
  return { cases, passed, ms: performance.now() - started };
}

async function post(baseUrl: string, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1_048_576;
}

async function main(): Promise<void> {
  if ((globalThis as { gc?: () => void }).gc === undefined) {
    throw new Error('run with --expose-gc (npm run bench:graph does) to measure memory per twin');
  }
  console.log('DTDL v3 conformance suite…');
  const suite = await conformance();
  console.log(`  ${suite.passed}/${suite.cases} cases as expected in ${suite.ms.toFixed(0)} ms`);

  const dataDir = await mkdtemp(join(tmpdir(), 'doppel-bench-graph-'));
  const logger = createJsonLogger('warn', (line) => process.stderr.write(`${line}\n`));
  const config = resolveConfig({ demo: false, simulator: false, httpPort: 0, mqttPort: 0, dataDir });
  const platform = await startPlatform(config, logger);
  const baseUrl = `http://127.0.0.1:${platform.httpPort}`;
  try {
    const recDocuments = await readJsonTree(REC);
    let started = performance.now();
    const rec = await post(baseUrl, '/api/v1/models', recDocuments);
    const recMs = performance.now() - started;
    if (rec.status !== 201)
      throw new Error(`RealEstateCore upload failed: ${rec.status} ${JSON.stringify(rec.body).slice(0, 300)}`);
    console.log(`RealEstateCore: ${recDocuments.length} interfaces uploaded through the API in ${recMs.toFixed(0)} ms`);
    const recCli = await realEstateCoreThroughCli(logger);
    console.log(
      `RealEstateCore through the CLI (in process): models check ${recCli.checkMs.toFixed(0)} ms, models add ${recCli.addMs.toFixed(0)} ms`,
    );
    const uploaded = await post(baseUrl, '/api/v1/models', MODEL_DOCUMENTS);
    if (uploaded.status !== 201) throw new Error(`model upload failed: ${JSON.stringify(uploaded.body)}`);

    const { graph } = platform.services;
    const history = platform.services.history;
    if (history === undefined) throw new Error('history is off');
    const { twins, relationships } = portfolio();
    const heapBefore = heapMb();
    started = performance.now();
    for (const twin of twins) await graph.putTwin(twin.id, twin.body);
    const twinsS = (performance.now() - started) / 1_000;
    started = performance.now();
    for (const rel of relationships) await graph.putRelationship(rel.sourceId, rel.id, rel.body);
    const relsS = (performance.now() - started) / 1_000;
    const heapAfter = heapMb();
    const bytesPerTwin = ((heapAfter - heapBefore) * 1_048_576) / twins.length;
    console.log(
      `portfolio: ${twins.length.toLocaleString('en')} twins in ${twinsS.toFixed(1)} s, ` +
        `${relationships.length.toLocaleString('en')} relationships in ${relsS.toFixed(1)} s (validated, written to SQLite); ` +
        `heap +${(heapAfter - heapBefore).toFixed(0)} MiB = ${(bytesPerTwin / 1024).toFixed(2)} KiB per twin (with its relationships)`,
    );

    // An hour of flowRate for Building 7's pumps, one sample a minute, through MQTT → log → history.
    const nowMs = Date.now();
    const pumps = twins.filter(
      (twin) => twin.id.startsWith('building-7-') && twin.body.$metadata && twin.id.endsWith('-e1'),
    );
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${platform.mqttPort}`, { clientId: 'bench-graph' });
    for (const [index, pump] of pumps.entries()) {
      const samples = Array.from({ length: 60 }, (_, minute) => ({
        ts: nowMs - 3_600_000 + minute * 60_000,
        flowRate: 5 + (index % 10) + minute / 60,
      }));
      await client.publishAsync(`twins/${pump.id}/telemetry`, JSON.stringify(samples), { qos: 1 });
    }
    await client.endAsync();
    const lagDeadline = Date.now() + 60_000;
    while (history.consumer.lag() > 0 && Date.now() < lagDeadline) await new Promise((r) => setTimeout(r, 50));
    console.log(`history: ${pumps.length} pumps × 60 samples of the last hour written through MQTT`);

    // The platform's own query service, as POST /api/v1/query runs it (without HTTP).
    const inProcess = async (text: string): Promise<number> =>
      (await platform.services.queries.run(text, { pageSize: 1_000 })).value.length;
    const overHttp = async (text: string): Promise<number> => {
      const { status, body } = await post(baseUrl, '/api/v1/query', { query: text });
      if (status !== 200) throw new Error(`${text}: ${status} ${JSON.stringify(body)}`);
      return (body as { value: unknown[] }).value.length;
    };
    const building7 = `SELECT P.$dtId, P.load, P.lastServiced FROM DIGITALTWINS B
      JOIN F RELATED B.hasFloor JOIN R RELATED F.hasRoom JOIN P RELATED R.hasEquipment
      WHERE B.$dtId = 'building-7' AND IS_OF_MODEL(P, '${MODELS.pump}') AND P.load > 80 AND P.lastServiced < '2026-05-25'`;
    const queries: { name: string; text: (i: number) => string }[] = [
      {
        name: 'lookup by id',
        text: (i) => `SELECT * FROM DIGITALTWINS WHERE $dtId = '${twins[(i * 7919) % twins.length]?.id}'`,
      },
      { name: 'Building 7 query', text: () => building7 },
      {
        name: '3-hop MATCH from a building',
        text: () =>
          `SELECT e.$dtId FROM DIGITALTWINS MATCH (b)-[:hasFloor]->(f)-[:hasRoom]->(r)-[:hasEquipment]->(e) WHERE b.$dtId = 'building-7'`,
      },
      {
        name: 'a property of any twin',
        text: () => `SELECT T.$dtId FROM DIGITALTWINS T WHERE T.name = 'Room 3.4'`,
      },
      {
        name: 'COUNT of a model with subtypes',
        text: () => `SELECT COUNT() FROM DIGITALTWINS WHERE IS_OF_MODEL('${MODELS.equipment}')`,
      },
      {
        name: 'graph + 1 h history aggregate',
        text: () => `SELECT P.$dtId, AVG(P.flowRate, 'PT1H') AS flow FROM DIGITALTWINS B
          JOIN F RELATED B.hasFloor JOIN R RELATED F.hasRoom JOIN P RELATED R.hasEquipment
          WHERE B.$dtId = 'building-7' AND IS_OF_MODEL(P, '${MODELS.pump}') AND P.load > 50 AND AVG(P.flowRate, 'PT1H') > 10`,
      },
    ];
    const timings: Timing[] = [];
    for (const query of queries) {
      // A full collection first, so that the load's garbage is not collected inside the timed runs.
      heapMb();
      const local = await timed((i) => inProcess(query.text(i)));
      const remote = await timed((i) => overHttp(query.text(i)));
      timings.push({
        name: query.name,
        rows: local.rows,
        p50Ms: local.p50,
        p99Ms: local.p99,
        httpP50Ms: remote.p50,
        httpP99Ms: remote.p99,
      });
    }
    const getTwin = await timed((i) =>
      graph.getTwin(twins[(i * 7919) % twins.length]?.id ?? '') === undefined ? 0 : 1,
    );

    const fmt = (ms: number): string => (ms < 1 ? `${(ms * 1_000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);
    console.log(
      `\nqueries (${RUNS} timed runs after ${WARMUP} warm-up runs; in process = the API's path without HTTP):\n`,
    );
    printTable(
      ['query', 'rows', 'in process p50 / p99', 'over HTTP p50 / p99'],
      timings.map((t) => [
        t.name,
        String(t.rows),
        `${fmt(t.p50Ms)} / ${fmt(t.p99Ms)}`,
        `${fmt(t.httpP50Ms ?? NaN)} / ${fmt(t.httpP99Ms ?? NaN)}`,
      ]),
    );
    console.log(`graph.getTwin (the in-memory index alone): ${fmt(getTwin.p50)} / ${fmt(getTwin.p99)}`);
    const lookup = timings[0] as Timing;
    const b7 = timings[1] as Timing;
    const verdicts = [
      [
        lookup.p50Ms * 1_000 <= TARGETS.lookupP50Us,
        `lookup by id p50 ≤ ${TARGETS.lookupP50Us} µs (query, in process)`,
        fmt(lookup.p50Ms),
      ],
      [
        b7.p50Ms <= TARGETS.building7P50Ms,
        `Building 7 query p50 ≤ ${TARGETS.building7P50Ms} ms (in process)`,
        fmt(b7.p50Ms),
      ],
    ] as const;
    console.log('');
    for (const [pass, target, figure] of verdicts)
      console.log(`  ${pass ? 'PASS' : 'FAIL'}  ${target.padEnd(52)} ${figure}`);
    console.log(`  memory per twin (heap, with its relationships): ${(bytesPerTwin / 1024).toFixed(2)} KiB`);

    await mkdir(new URL('../results/', import.meta.url), { recursive: true });
    const file = new URL(
      `../results/graph-${new Date().toISOString().replaceAll(':', '-').replace('.', '-')}.json`,
      import.meta.url,
    );
    await writeFile(
      file,
      JSON.stringify(
        {
          startedAt: new Date(nowMs).toISOString(),
          shape: SHAPE,
          twins: twins.length,
          relationships: relationships.length,
          load: { twinsS, relationshipsS: relsS, heapMb: heapAfter - heapBefore, bytesPerTwin },
          conformance: suite,
          realEstateCore: { interfaces: recDocuments.length, uploadMs: recMs, cli: recCli },
          timings,
          getTwin,
          targets: TARGETS,
          verdicts: verdicts.map(([pass, target, figure]) => ({ pass, target, figure })),
        },
        null,
        2,
      ),
    );
    console.log(`\nfull figures: ${file.pathname}`);
  } finally {
    await platform.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * The ontology through the CLI's own code (`doppel models check DIR`, then `doppel models add DIR`
 * into a second, empty platform), called in this process: the figures leave out Node's start-up.
 */
async function realEstateCoreThroughCli(
  logger: ReturnType<typeof createJsonLogger>,
): Promise<{ checkMs: number; addMs: number }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'doppel-bench-graph-cli-'));
  const config = resolveConfig({ demo: false, simulator: false, httpPort: 0, mqttPort: 0, dataDir });
  const platform = await startPlatform(config, logger);
  try {
    let started = performance.now();
    const checked = await doppelCli(['models', 'check', REC]);
    const checkMs = performance.now() - started;
    started = performance.now();
    const added = await doppelCli(['models', 'add', REC, '--url', `http://127.0.0.1:${platform.httpPort}`]);
    const addMs = performance.now() - started;
    if (checked !== 0 || added !== 0) throw new Error(`doppel models check/add exited ${checked}/${added}`);
    return { checkMs, addMs };
  } finally {
    await platform.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
