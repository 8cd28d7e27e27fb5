/**
 * A private InfluxDB 1.x (Debian's `influxdb` package) for one measurement: started by the bench
 * on loopback ports it picks, with its meta, data and WAL in a temporary folder, reporting and
 * every background service the bench does not need switched off. Never the system service.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { endChild, trackChild } from './lifecycle.js';
import { sleep } from './measure.js';
import { freePort } from '../ingest/net.js';

const START_TIMEOUT_MS = 30_000;
/**
 * Compaction settings as in perf-baseline.md 2b, shortened: a shard is fully compacted once no
 * write reached it for 10 s (the default is 4 h), and the cache is snapshotted to TSM after 2 s.
 */
export const FULL_COMPACTION_COLD_MS = 10_000;
const SNAPSHOT_COLD = '2s';

export interface InfluxServer {
  readonly url: string;
  readonly dataDir: string;
  readonly walDir: string;
  readonly pid: number;
  readonly logFile: string;
  stop(): Promise<void>;
}

export async function influxVersion(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('influxd', ['version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('error', (error) =>
      reject(
        new Error(
          `influxd not found (${error.message}); install Debian's package: apt-get install -y influxdb, or pass --skip-influx`,
        ),
      ),
    );
    child.once('exit', () => resolve(text.trim()));
  });
}

export async function startInflux(root: string): Promise<InfluxServer> {
  const [httpPort, rpcPort] = [await freePort(), await freePort()];
  const dirs = { meta: join(root, 'meta'), data: join(root, 'data'), wal: join(root, 'wal') };
  for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });
  const config = join(root, 'influxdb.conf');
  await writeFile(config, configText(dirs, httpPort, rpcPort));
  const logFile = join(root, 'influxd.log');
  const log = createWriteStream(logFile);
  const child: ChildProcess = trackChild(
    spawn('influxd', ['run', '-config', config], { stdio: ['ignore', 'pipe', 'pipe'], detached: false }),
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`influxd exited with ${String(code)}; see its log`))),
  );
  exited.catch(() => undefined);
  const url = `http://127.0.0.1:${httpPort}`;
  const stop = async (): Promise<void> => {
    await endChild(child);
    log.end();
  };
  try {
    await Promise.race([waitForPing(url), exited]);
  } catch (error) {
    await stop();
    const tail = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-5).join('\n');
    throw new Error(`${(error as Error).message}\n${tail}`, { cause: error });
  }
  return { url, dataDir: dirs.data, walDir: dirs.wal, pid: child.pid ?? 0, logFile, stop };
}

function configText(dirs: { meta: string; data: string; wal: string }, httpPort: number, rpcPort: number): string {
  return `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"
[meta]
  dir = "${dirs.meta}"
  logging-enabled = false
[data]
  dir = "${dirs.data}"
  wal-dir = "${dirs.wal}"
  index-version = "inmem"
  wal-fsync-delay = "0s"
  query-log-enabled = false
  cache-snapshot-write-cold-duration = "${SNAPSHOT_COLD}"
  compact-full-write-cold-duration = "${FULL_COMPACTION_COLD_MS}ms"
  max-series-per-database = 0
  max-values-per-tag = 0
[retention]
  enabled = false
[shard-precreation]
  enabled = false
[monitor]
  store-enabled = false
[subscriber]
  enabled = false
[continuous_queries]
  enabled = false
[http]
  enabled = true
  bind-address = "127.0.0.1:${httpPort}"
  log-enabled = false
  pprof-enabled = false
  max-body-size = 0
[logging]
  level = "info"
  suppress-logo = true
`;
}

async function waitForPing(url: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1_000) });
      if (response.status === 204) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`influxd did not answer /ping within ${START_TIMEOUT_MS / 1_000} s`);
}
