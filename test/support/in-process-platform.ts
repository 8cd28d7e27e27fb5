import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigOverrides, RunningPlatform } from '@doppel/server';
import { createJsonLogger, resolveConfig, startPlatform } from '@doppel/server';

export interface TestPlatform {
  readonly platform: RunningPlatform;
  readonly baseUrl: string;
  readonly mqttUrl: string;
  readonly dataDir: string;
  /** Captured log lines (JSON objects). */
  readonly logs: Record<string, unknown>[];
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** Starts the real platform in this process on free loopback ports, with a fresh data dir. */
export async function startTestPlatform(overrides: ConfigOverrides = {}): Promise<TestPlatform> {
  const dataDir = overrides.dataDir ?? (await mkdtemp(join(tmpdir(), 'doppel-test-')));
  const logs: Record<string, unknown>[] = [];
  const logger = createJsonLogger(overrides.logLevel ?? 'info', (line) => {
    logs.push(JSON.parse(line) as Record<string, unknown>);
  });
  const config = resolveConfig({
    demo: false,
    simulator: false,
    httpPort: 0,
    mqttPort: 0,
    fsync: 'always',
    ...overrides,
    dataDir,
  });
  const platform = await startPlatform(config, logger);
  return {
    platform,
    baseUrl: `http://127.0.0.1:${platform.httpPort}`,
    mqttUrl: `mqtt://127.0.0.1:${platform.mqttPort}`,
    dataDir,
    logs,
    async stop(options = {}) {
      await platform.stop();
      if (options.keepData !== true) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
