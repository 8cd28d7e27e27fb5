// Restart benchmark: how long start-up takes with N samples in the event log and no snapshot
// (the platform is killed with SIGKILL, so it could not write one). Prints time to "doppel ready"
// and the restore time the platform reports, per log size.
//   npm run bench:restart [-- --points 1000000,5000000]
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIELDS = 100;
const TWINS = 500;
const WINDOW = 20;

interface Started {
  child: ChildProcess;
  ready: Record<string, unknown>;
  elapsedMs: number;
}

async function startPlatform(dataDir: string): Promise<Started> {
  const startedMs = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      'packages/cli/src/main.ts',
      'start',
      '--no-sim',
      '--no-demo',
      '--data',
      dataDir,
      '--http-port',
      '0',
      '--mqtt-port',
      '0',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`not ready after 120 s:\n${output}`)), 120_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.includes('"msg":"doppel ready"'));
      if (line !== undefined) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as Record<string, unknown>);
      }
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
  return { child, ready, elapsedMs: performance.now() - startedMs };
}

async function load(http: string, mqttUrl: string, points: number): Promise<void> {
  const names = Array.from({ length: FIELDS }, (_, i) => `p${String(i).padStart(3, '0')}`);
  const model = {
    '@context': 'dtmi:dtdl:context;3',
    '@id': 'dtmi:bench:Restart;1',
    '@type': 'Interface',
    contents: names.map((name) => ({ '@type': 'Telemetry', name, schema: 'double' })),
  };
  await fetch(`${http}/api/v1/models`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([model]),
  });
  for (let i = 0; i < TWINS; i += 50) {
    await Promise.all(
      Array.from({ length: 50 }, (_, k) =>
        fetch(`${http}/api/v1/digitaltwins/r${i + k}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ $metadata: { $model: 'dtmi:bench:Restart;1' } }),
        }),
      ),
    );
  }
  const body = names.map((name, i) => `"${name}":${(i * 1.37).toFixed(2)}`).join(',');
  const messages = Math.ceil(points / FIELDS);
  const clients = await Promise.all(
    Array.from({ length: TWINS / 10 }, (_, i) => mqtt.connectAsync(mqttUrl, { clientId: `restart-${i}` })),
  );
  let next = 0;
  await Promise.all(
    clients.map(async (client, c) => {
      for (;;) {
        const batch: Promise<unknown>[] = [];
        for (let w = 0; w < WINDOW && next < messages; w++, next++) {
          const twin = c * 10 + (next % 10);
          batch.push(
            client.publishAsync(`twins/r${twin}/telemetry`, `{"ts":${1_790_000_000_000 + next},${body}}`, { qos: 1 }),
          );
        }
        if (batch.length === 0) break;
        await Promise.all(batch);
      }
    }),
  );
  await Promise.all(clients.map((client) => client.endAsync()));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { points: { type: 'string', default: '1000000,5000000' } } });
  const sizes = values.points.split(',').map(Number);
  console.log('points in log  time to ready  restore (snapshot + log replay)  entries replayed');
  for (const points of sizes) {
    const dataDir = await mkdtemp(join(tmpdir(), 'doppel-restart-'));
    try {
      const first = await startPlatform(dataDir);
      await load(String(first.ready.http), String(first.ready.mqtt), points);
      first.child.kill('SIGKILL');
      await new Promise((resolve) => first.child.once('exit', resolve));
      const second = await startPlatform(dataDir);
      console.log(
        `${points.toLocaleString('en-US').padStart(14)}  ${`${Math.round(second.elapsedMs)} ms`.padStart(13)}  ${`${String(second.ready.restoreMs)} ms`.padStart(32)}  ${String(second.ready.replayedEntries).padStart(16)}`,
      );
      second.child.kill('SIGTERM');
      await new Promise((resolve) => second.child.once('exit', resolve));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
}

await main();
