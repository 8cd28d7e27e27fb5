/**
 * The commands part of `npm run bench:sync`: the real platform in this process (embedded broker,
 * command service, SQLite command store with its fsync'd audit trail), simulated devices in a
 * child process (bench/sync/devices.ts), and commands at a steady rate for a fixed time, twice:
 * through the platform's command service in process (what the API calls), and over HTTP from a
 * client in a third process (bench/sync/http-load.ts: `POST …/commands/{name}?waitMs=…`, as a
 * client sees it). A round trip is invocation → saved →
 * published → device → answer → saved `succeeded`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandView } from '@doppel/protocol';
import type { RunningPlatform } from '@doppel/server';
import { createJsonLogger, resolveConfig, startPlatform } from '@doppel/server';

const VALVE = {
  '@context': 'dtmi:dtdl:context;3',
  '@id': 'dtmi:doppel:bench:Valve;1',
  '@type': 'Interface',
  contents: [
    {
      '@type': 'Command',
      name: 'setPosition',
      request: { name: 'position', schema: 'double' },
      response: { name: 'position', schema: 'double' },
    },
  ],
};
const PREFIX = 'valve-';
const SLICE_MS = 10;
const DRAIN_MS = 15_000;

export interface CommandOptions {
  readonly ratePerS: number;
  readonly durationS: number;
  readonly twins: number;
  readonly deviceClients: number;
}

export interface CommandPhase {
  readonly path: 'in process' | 'HTTP';
  readonly sent: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Not answered when the drain time (15 s after the last invocation) ran out. */
  readonly unfinished: number;
  /** Why the others did not succeed, with counts. */
  readonly failures: Readonly<Record<string, number>>;
  readonly completedPerS: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly platformCores: number;
  readonly deviceCores: number;
  /** The HTTP client's process (HTTP only). */
  readonly clientCores?: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
}

/** CPU seconds of a process, from /proc (the device process). */
async function processCpuS(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export async function benchCommands(options: CommandOptions): Promise<CommandPhase[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'doppel-bench-sync-'));
  const logger = createJsonLogger('warn', (line) => process.stderr.write(`${line}\n`));
  const platform = await startPlatform(
    resolveConfig({ demo: false, simulator: false, history: false, httpPort: 0, mqttPort: 0, dataDir }),
    logger,
  );
  const devices = spawn(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      new URL('./devices.ts', import.meta.url).pathname,
      `mqtt://127.0.0.1:${platform.mqttPort}`,
      PREFIX,
      String(options.twins),
      String(options.deviceClients),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  try {
    const { graph } = platform.services;
    await graph.models.add([VALVE]);
    const twinIds = Array.from({ length: options.twins }, (_, index) => `${PREFIX}${String(index).padStart(4, '0')}`);
    for (const id of twinIds) await graph.putTwin(id, { $metadata: { $model: VALVE['@id'] } });
    const lines = createInterface({ input: devices.stdout });
    await new Promise<void>((resolve, reject) => {
      lines.on('line', (line) => line === 'ready' && resolve());
      devices.once('exit', (code) => reject(new Error(`the device process exited (${code}) before it was ready`)));
    });
    console.log(
      `${options.twins} valves, ${options.deviceClients} device clients in a child process; ${options.ratePerS} commands/s for ${options.durationS} s per path…`,
    );

    const phases: CommandPhase[] = [
      await inProcess(platform.services.commands, twinIds, options, devices.pid as number),
    ];
    phases.push(await overHttp(`http://127.0.0.1:${platform.httpPort}`, options, devices.pid as number));
    for (const phase of phases) {
      console.log(
        `  ${phase.path.padEnd(10)} ${phase.succeeded}/${phase.sent} succeeded (${phase.completedPerS.toFixed(0)}/s), ` +
          `round trip p50 ${phase.p50Ms.toFixed(1)} ms, p99 ${phase.p99Ms.toFixed(1)} ms, max ${phase.maxMs.toFixed(1)} ms; ` +
          `failed ${phase.failed}${phase.failed > 0 ? ` ${JSON.stringify(phase.failures)}` : ''}, unfinished ${phase.unfinished}; ` +
          `platform ${phase.platformCores.toFixed(2)} cores${phase.path === 'in process' ? ' (with the load)' : ''}, devices ${phase.deviceCores.toFixed(2)} cores` +
          (phase.clientCores === undefined ? '' : `, HTTP client ${phase.clientCores.toFixed(2)} cores`),
      );
    }
    return phases;
  } finally {
    devices.stdin?.end();
    await new Promise((resolve) => {
      devices.once('exit', resolve);
      setTimeout(resolve, 5_000).unref();
    });
    await platform.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Commands invoked through the platform's command service in this process (what the API calls). */
async function inProcess(
  commands: RunningPlatform['services']['commands'],
  twinIds: readonly string[],
  options: CommandOptions,
  devicesPid: number,
): Promise<CommandPhase> {
  const started = new Map<string, number>();
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  const fail = (why: string): void => void failures.set(why, (failures.get(why) ?? 0) + 1);
  const off = commands.onUpdate((view: CommandView) => {
    const at = started.get(view.id);
    if (at === undefined) return;
    if (view.status === 'succeeded') latencies.push(performance.now() - at);
    else if (view.status === 'failed' || view.status === 'timed-out' || view.status === 'expired') fail(view.status);
    else return;
    started.delete(view.id);
  });
  let sequence = 0;
  const invoke = async (): Promise<void> => {
    const twinId = twinIds[sequence % twinIds.length] as string;
    const position = sequence++;
    const t0 = performance.now();
    const view = await commands.invoke(twinId, 'setPosition', {
      request: position,
      timeoutMs: 10_000,
      requestedBy: 'bench',
    });
    // Its answer cannot be in before this continuation (a network round trip): it is timed from here on.
    if (view.status === 'succeeded') latencies.push(performance.now() - t0);
    else started.set(view.id, t0);
  };
  const cpu0 = process.cpuUsage();
  const devices0 = await processCpuS(devicesPid);
  const wall0 = performance.now();
  const inFlight = new Set<Promise<void>>();
  let due = 0;
  for (let slice = 0; performance.now() - wall0 < options.durationS * 1_000; slice++) {
    due += (options.ratePerS * SLICE_MS) / 1_000;
    for (; due >= 1; due--) {
      const call = invoke().catch((error: unknown) => fail((error as Error).message));
      inFlight.add(call);
      void call.then(() => inFlight.delete(call));
    }
    const nextAt = wall0 + (slice + 1) * SLICE_MS;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextAt - performance.now())));
  }
  const drainDeadline = performance.now() + DRAIN_MS;
  while ((inFlight.size > 0 || started.size > 0) && performance.now() < drainDeadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const wallS = (performance.now() - wall0) / 1_000;
  const cpu = process.cpuUsage(cpu0);
  const deviceCpuS = (await processCpuS(devicesPid)) - devices0;
  off();
  return summary('in process', sequence, latencies, failures, started.size + inFlight.size, wallS, {
    platformCores: (cpu.user + cpu.system) / 1e6 / wallS,
    deviceCores: deviceCpuS / wallS,
  });
}

/** Commands over HTTP from a client in its own process (http-load.ts). */
async function overHttp(baseUrl: string, options: CommandOptions, devicesPid: number): Promise<CommandPhase> {
  const cpu0 = process.cpuUsage();
  const devices0 = await processCpuS(devicesPid);
  const wall0 = performance.now();
  const client = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      new URL('./http-load.ts', import.meta.url).pathname,
      baseUrl,
      PREFIX,
      String(options.twins),
      String(options.ratePerS),
      String(options.durationS),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  client.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => client.once('exit', resolve));
  if (code !== 0) throw new Error(`the HTTP client exited with ${code}`);
  const result = JSON.parse(output) as {
    sent: number;
    unanswered: number;
    failures: Record<string, number>;
    latenciesMs: number[];
    wallS: number;
    cpuS: number;
  };
  const wallS = (performance.now() - wall0) / 1_000;
  const cpu = process.cpuUsage(cpu0);
  const deviceCpuS = (await processCpuS(devicesPid)) - devices0;
  return summary(
    'HTTP',
    result.sent,
    result.latenciesMs,
    new Map(Object.entries(result.failures)),
    result.unanswered,
    result.wallS,
    {
      platformCores: (cpu.user + cpu.system) / 1e6 / wallS,
      deviceCores: deviceCpuS / wallS,
      clientCores: result.cpuS / result.wallS,
    },
  );
}

function summary(
  path: CommandPhase['path'],
  sent: number,
  latencies: number[],
  failures: ReadonlyMap<string, number>,
  unfinished: number,
  wallS: number,
  cores: { platformCores: number; deviceCores: number; clientCores?: number },
): CommandPhase {
  latencies.sort((a, b) => a - b);
  return {
    path,
    sent,
    succeeded: latencies.length,
    failed: [...failures.values()].reduce((sum, count) => sum + count, 0),
    failures: Object.fromEntries(failures),
    unfinished,
    completedPerS: latencies.length / wallS,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies.at(-1) ?? NaN,
    ...cores,
  };
}
