/**
 * The peer of DESIGN.md 7: Mosquitto from Debian's package relaying the same messages to one
 * subscriber, configured as in perf-baseline.md 3 (persistence off, max_inflight_messages 100,
 * max_queued_messages 100000, loopback only).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endChild, forkWorker, spawnTracked } from './children.js';
import { freePort, sleep } from './net.js';
import type { DeliveredCounters, Target } from './target.js';

const START_TIMEOUT_MS = 10_000;

export async function startMosquitto(runId: string, qos: 0 | 1, deadlineMs: number): Promise<Target> {
  const dir = await mkdtemp(join(tmpdir(), 'doppel-bench-mosquitto-'));
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  await writeFile(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'max_inflight_messages 100',
      'max_queued_messages 100000',
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      '',
    ].join('\n'),
  );
  const server = spawnTracked('mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  const startError = new Promise<never>((_, reject) => {
    server.once('error', (error) =>
      reject(new Error(`cannot run mosquitto (${error.message}); install it: apt-get install -y mosquitto`)),
    );
    server.once('exit', (code) => reject(new Error(`mosquitto exited at start (code ${code})`)));
  });
  // Also rejects when we stop it at the end; only the race below cares, until it is ready.
  startError.catch(() => undefined);
  server.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[mosquitto] ${chunk.toString()}`));
  const consumer = forkWorker('./mqtt-subscriber.ts', 'mqtt-subscriber');
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    consumer.send({ type: 'stop' });
    await endChild(consumer.process, 2_000);
    await endChild(server, 5_000);
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await Promise.race([waitForPort(port), startError]);
    await consumer.request(
      'ready',
      { type: 'configure-subscriber', brokerPort: port, clientId: `${runId}-sub`, qos, deadlineMs },
      10_000,
    );
  } catch (error) {
    await close();
    throw error;
  }

  return {
    name: 'mosquitto',
    mqttPort: port,
    serverPid: server.pid,
    consumer,
    latencyScope: 'MQTT subscriber on twins/+/telemetry, every message',
    delivered: async (): Promise<DeliveredCounters> => {
      const report = await consumer.request('consumer-report', { type: 'report' }, 10_000);
      return { points: report.points, receivedPoints: Number.NaN, deadLetteredPoints: 0, queuedPoints: Number.NaN };
    },
    serverCounters: async () => ({}),
    close,
  };
}

async function waitForPort(port: number): Promise<void> {
  const startMs = Date.now();
  while (Date.now() - startMs < START_TIMEOUT_MS) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = tcpConnect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(100);
  }
  throw new Error(`mosquitto did not listen on 127.0.0.1:${port} within ${START_TIMEOUT_MS / 1000} s`);
}
