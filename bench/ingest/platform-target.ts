/**
 * Doppel as a bench target: a fresh platform child process per workload (its own data dir and
 * ports), the workload's model and twins created over REST, and a WebSocket live client.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { PlatformStats } from '@doppel/protocol';
import { endChild, forkWorker, spawnTracked } from './children.js';
import { forEachLimited, freePort, requestJson } from './net.js';
import { readIngestMetrics } from './prometheus.js';
import type { DeliveredCounters, Target } from './target.js';
import type { Workload } from './workloads.js';
import { dtdlInterface } from './workloads.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const READY_TIMEOUT_MS = 30_000;
const READY_MARK = '"msg":"doppel ready"';
const TWIN_CONCURRENCY = 32;
const OUTPUT_TAIL_LINES = 30;

export async function startPlatform(workload: Workload, platformMain: string, deadlineMs: number): Promise<Target> {
  const dataDir = await mkdtemp(join(tmpdir(), 'doppel-bench-'));
  const httpPort = await freePort();
  const mqttPort = await freePort();
  const args = [
    // Extra Node flags for the platform only, e.g. profiling:
    // DOPPEL_BENCH_PLATFORM_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"
    ...(process.env.DOPPEL_BENCH_PLATFORM_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== ''),
    '--conditions=source',
    '--import',
    'tsx',
    platformMain,
    'start',
    '--no-sim',
    '--data',
    dataDir,
    '--http-port',
    String(httpPort),
    '--mqtt-port',
    String(mqttPort),
  ];
  const server = spawnTracked(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  let consumer: ReturnType<typeof forkWorker> | undefined;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    consumer?.send({ type: 'stop' });
    if (consumer) await endChild(consumer.process, 2_000);
    await endChild(server, 15_000);
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForReady(server, tail, platformMain);
    const base = `http://127.0.0.1:${httpPort}/api/v1`;
    const models = await requestJson('POST', `${base}/models`, [dtdlInterface(workload.fleet)]);
    if (models.status !== 201) throw new Error(`POST /models answered ${models.status}: ${brief(models.body)}`);
    await forEachLimited(workload.fleet.twinIds, TWIN_CONCURRENCY, async (twinId) => {
      const twin = await requestJson('PUT', `${base}/digitaltwins/${twinId}`, {
        $metadata: { $model: workload.fleet.modelId },
      });
      if (twin.status !== 200 && twin.status !== 201) {
        throw new Error(`PUT /digitaltwins/${twinId} answered ${twin.status}: ${brief(twin.body)}`);
      }
    });
    consumer = forkWorker('./live-client.ts', 'live-client');
    await consumer.request(
      'ready',
      { type: 'configure-live', httpPort, twinIds: workload.liveTwinIds, deadlineMs },
      10_000,
    );
  } catch (error) {
    await close();
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`${detail}\n--- last platform output ---\n${tail.join('\n')}`, { cause: error });
  }

  const live = consumer;
  return {
    name: 'doppel',
    mqttPort,
    serverPid: server.pid,
    consumer: live,
    latencyScope:
      workload.liveTwinIds.length === workload.fleet.twinIds.length
        ? `WebSocket, all ${workload.liveTwinIds.length} twins, coalesceMs 0`
        : `WebSocket, sample of ${workload.liveTwinIds.length} of ${workload.fleet.twinIds.length} twins, coalesceMs 0`,
    delivered: async () => readCounters(`http://127.0.0.1:${httpPort}/api/v1/stats`),
    serverCounters: async () => readIngestMetrics(`http://127.0.0.1:${httpPort}/api/v1/metrics`),
    close,
  };
}

/** Resolves on the ready log line; rejects on exit or after READY_TIMEOUT_MS with the output seen. */
async function waitForReady(server: ChildProcess, tail: string[], platformMain: string): Promise<void> {
  const remember = (stream: string) => (line: string) => {
    tail.push(`${stream}: ${line}`);
    if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
  };
  // Keep reading for the whole run: an unread pipe would fill and block the platform's logger.
  const stdout = createInterface({ input: server.stdout! });
  createInterface({ input: server.stderr! }).on('line', remember('stderr'));
  stdout.on('line', remember('stdout'));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new Error(
          `the platform did not print ${READY_MARK} within ${READY_TIMEOUT_MS / 1000} s ` +
            `(node --conditions=source --import tsx ${platformMain} start --no-sim …)`,
        ),
      );
    }, READY_TIMEOUT_MS);
    const onLine = (line: string): void => {
      if (!line.includes(READY_MARK)) return;
      clearTimeout(timer);
      server.off('exit', onExit);
      resolve();
    };
    const onExit = (code: number | null, signal: string | null): void => {
      clearTimeout(timer);
      reject(new Error(`the platform exited before it was ready (code ${code}, signal ${signal}); its output follows`));
    };
    stdout.on('line', onLine);
    server.once('exit', onExit);
  });
}

async function readCounters(url: string): Promise<DeliveredCounters> {
  const response = await requestJson('GET', url);
  if (response.status !== 200) throw new Error(`GET /stats answered ${response.status}: ${brief(response.body)}`);
  const stats = response.body as PlatformStats;
  const mqtt = stats.ingest.sources.mqtt;
  return {
    points: mqtt?.appliedPoints ?? 0,
    receivedPoints: mqtt?.receivedPoints ?? 0,
    deadLetteredPoints: mqtt?.deadLetteredPoints ?? 0,
    queuedPoints: stats.ingest.queuedPoints,
  };
}

function brief(body: unknown): string {
  return (typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 300);
}
