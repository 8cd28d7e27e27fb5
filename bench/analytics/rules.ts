/**
 * The rules part of `npm run bench:analytics`: 10,000 alert rules over 100,000 twins at the
 * factory workload (40,000 points/s), through the real platform in this process, with the load
 * from a publisher in a child process (publisher.ts). Twice: without rules, then with them; the
 * difference of the platform's CPU is what the rules add. With rules, some messages carry a value
 * above every threshold of its path: the time from their publish to the `alert.updated` frame on
 * a WebSocket subscribed to every alert is the alert latency (publish → ingest → log → state →
 * rule → alert stored → frame).
 *
 * 100 models of 10 telemetry paths, 1,000 twins each; 100 rules per model, 10 per path, with
 * thresholds 100…199 over values of 0…50: each point wakes 10 rules, none holds but for spikes.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import type { ServerFrame } from '@doppel/protocol';
import { createJsonLogger, resolveConfig, startPlatform } from '@doppel/server';
import { MODELS, PATHS, modelIdOf, twinIdOf } from './twin-ids.js';

export interface RulesOptions {
  readonly twins: number;
  readonly rules: number;
  readonly pointsPerS: number;
  readonly durationS: number;
}

export interface RulesPhase {
  readonly rules: number;
  /** Import of the rule set and the first evaluation of every (rule, twin) pair. */
  readonly loadMs?: number;
  /** (rule, twin) pairs remembered at the end (conditions holding, deadlines). */
  readonly watches?: number;
  readonly openAlerts?: number;
  readonly publishedPointsPerS: number;
  readonly shortfallMessages: number;
  readonly platformCores: number;
  readonly evaluationsPerS: number;
  readonly spikes: number;
  readonly alerted: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number } | null;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
}

async function api(base: string, method: string, path: string, body?: unknown, type = 'application/json') {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': type },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<unknown>;
}

function ruleSet(count: number): unknown {
  const perModel = count / MODELS;
  return {
    version: 1,
    channels: [],
    rules: Array.from({ length: count }, (_, i) => {
      const model = Math.floor(i / perModel);
      const r = i % perModel;
      return {
        id: `r-${i}`,
        name: `Machine ${model} p${r % PATHS} above ${100 + r}`,
        severity: 'major',
        models: [modelIdOf(model)],
        condition: { path: `p${r % PATHS}`, above: 100 + r },
      };
    }),
  };
}

const WARM_UP_S = 10;

export async function benchRules(options: RulesOptions): Promise<RulesPhase[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'doppel-bench-analytics-'));
  const logger = createJsonLogger('warn', (line) => process.stderr.write(`${line}\n`));
  const platform = await startPlatform(
    resolveConfig({ demo: false, simulator: false, history: false, httpPort: 0, mqttPort: 0, dataDir }),
    logger,
  );
  const base = `http://127.0.0.1:${platform.httpPort}`;
  try {
    const models = Array.from({ length: MODELS }, (_, m) => ({
      '@context': 'dtmi:dtdl:context;3',
      '@id': modelIdOf(m),
      '@type': 'Interface',
      contents: Array.from({ length: PATHS }, (_, p) => ({ '@type': 'Telemetry', name: `p${p}`, schema: 'double' })),
    }));
    await api(base, 'POST', '/models', models);
    const lines = [
      JSON.stringify({ Section: 'Header' }),
      JSON.stringify({ fileVersion: '1.0.0', author: 'bench', organization: 'doppel' }),
      JSON.stringify({ Section: 'Twins' }),
      ...Array.from({ length: options.twins }, (_, i) =>
        JSON.stringify({ $dtId: twinIdOf(i), $metadata: { $model: modelIdOf(i % MODELS) } }),
      ),
    ];
    await api(base, 'POST', '/graph/import', `${lines.join('\n')}\n`, 'application/x-ndjson');
    process.stderr.write(`imported ${options.twins} twins\n`);

    // Unmeasured: the workload's first seconds create the state of 100,000 twins and a detector per
    // series (allocation and GC the first measured phase would otherwise pay for alone).
    await runPhase(platform.mqttPort, base, 0, { ...options, durationS: WARM_UP_S }, () => 0);
    process.stderr.write(`warmed up for ${WARM_UP_S} s\n`);

    const phases: RulesPhase[] = [];
    const loadMs: number[] = [];
    for (const rules of [0, options.rules]) {
      const started = Date.now();
      await api(base, 'POST', '/alert-rules/import?mode=replace', ruleSet(rules));
      // The first evaluation of every (rule, twin) pair runs in slices in the background: a
      // one-time cost, measured apart from the steady state.
      while (platform.services.alerts.engine.sweeping) await new Promise((resolve) => setTimeout(resolve, 50));
      process.stderr.write(`${rules} rules loaded and evaluated for every twin in ${Date.now() - started} ms\n`);
      loadMs.push(Date.now() - started);
      const phase = await runPhase(
        platform.mqttPort,
        base,
        rules,
        options,
        () => platform.services.alerts.engine.evaluations,
      );
      phases.push({
        ...phase,
        loadMs: loadMs[loadMs.length - 1] ?? NaN,
        watches: platform.services.alerts.engine.watchCount,
        openAlerts: platform.services.alerts.service.openAlerts().length,
      });
    }
    return phases;
  } finally {
    await platform.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function runPhase(
  mqttPort: number,
  base: string,
  rules: number,
  options: RulesOptions,
  evaluations: () => number,
): Promise<RulesPhase> {
  const socket = new WebSocket(`${base.replace('http', 'ws')}/api/v1/live`);
  const alertedAt = new Map<string, number>();
  socket.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as ServerFrame;
    if (frame.type === 'hello') socket.send(JSON.stringify({ type: 'subscribe', alerts: true, snapshot: false }));
    if (frame.type === 'alert.updated' && frame.event === 'raised' && !alertedAt.has(frame.alert.twinId))
      alertedAt.set(frame.alert.twinId, Date.now());
  });
  await new Promise((resolve) => socket.once('open', resolve));
  const spikes = new Map<string, number>();
  let done: { sent: number; shortfall: number; points: number } | undefined;
  const child = spawn(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      new URL('./publisher.ts', import.meta.url).pathname,
      `mqtt://127.0.0.1:${mqttPort}`,
      String(options.twins),
      String(options.pointsPerS),
      String(options.durationS),
      '4',
      // Spikes only with rules: a twin spiked without them would hold at once when they load.
      rules === 0 ? '1000000000' : '1000',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const ready = new Promise<void>((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') return resolve();
      const message = JSON.parse(line) as {
        spike?: string;
        atMs?: number;
        done?: boolean;
        sent?: number;
        shortfall?: number;
        points?: number;
      };
      if (message.spike !== undefined && !spikes.has(message.spike)) spikes.set(message.spike, message.atMs as number);
      if (message.done === true)
        done = { sent: message.sent ?? 0, shortfall: message.shortfall ?? 0, points: message.points ?? 0 };
    });
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await ready;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const evaluations0 = evaluations();
  await exited;
  const wallS = (performance.now() - wall0) / 1_000;
  const cpu = process.cpuUsage(cpu0);
  const evaluationsPerS = (evaluations() - evaluations0) / wallS;
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // the last alerts' frames
  socket.close();
  const latencies = [...spikes]
    .map(([twinId, atMs]) => (alertedAt.get(twinId) ?? NaN) - atMs)
    .filter((ms) => Number.isFinite(ms))
    .sort((a, b) => a - b);
  return {
    rules,
    publishedPointsPerS: (done?.points ?? 0) / options.durationS,
    shortfallMessages: done?.shortfall ?? 0,
    platformCores: (cpu.user + cpu.system) / 1e6 / wallS,
    evaluationsPerS,
    spikes: spikes.size,
    alerted: latencies.length,
    latencyMs:
      rules === 0 || latencies.length === 0
        ? null
        : {
            p50: percentile(latencies, 0.5),
            p99: percentile(latencies, 0.99),
            max: latencies[latencies.length - 1] ?? NaN,
          },
  };
}
