import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ConfigOverrides } from '@doppel/server';
import { configFromEnv, createJsonLogger, resolveConfig, startPlatform } from '@doppel/server';

/** The built web UI, beside this package in the workspace (packages/web/dist). */
const WEB_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface StartFlags {
  readonly config?: string;
  readonly data?: string;
  readonly 'http-port'?: string;
  readonly 'mqtt-port'?: string;
  readonly host?: string;
  readonly sim?: boolean;
  readonly demo?: boolean;
  readonly history?: boolean;
  readonly fsync?: string;
  readonly 'log-level'?: string;
}

/** `doppel start`: configuration from defaults ← file ← environment ← flags, then run until a signal. */
export async function startCommand(flags: StartFlags): Promise<number> {
  const fromFile: ConfigOverrides =
    flags.config === undefined ? {} : (JSON.parse(await readFile(flags.config, 'utf8')) as ConfigOverrides);
  const fromFlags: ConfigOverrides = {
    ...(flags.data === undefined ? {} : { dataDir: flags.data }),
    ...(flags['http-port'] === undefined ? {} : { httpPort: Number(flags['http-port']) }),
    ...(flags['mqtt-port'] === undefined ? {} : { mqttPort: Number(flags['mqtt-port']) }),
    ...(flags.host === undefined ? {} : { host: flags.host }),
    ...(flags.sim === false ? { simulator: false } : {}),
    ...(flags.demo === false ? { demo: false } : {}),
    ...(flags.history === undefined ? {} : { history: flags.history }),
    ...(flags.fsync === undefined ? {} : { fsync: flags.fsync as never }),
    ...(flags['log-level'] === undefined ? {} : { logLevel: flags['log-level'] as never }),
  };
  const config = resolveConfig({ webDir: WEB_DIR }, fromFile, configFromEnv(process.env), fromFlags);
  const logger = createJsonLogger(config.logLevel);
  const platform = await startPlatform(config, logger);
  const http = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${platform.httpPort}`;
  process.stderr.write(
    [
      '',
      `  Doppel is running.`,
      `  Web UI     ${http}/`,
      `  REST API   ${http}/api/v1   (docs: ${http}/api/docs)`,
      `  Live       ${http.replace('http', 'ws')}/api/v1/live`,
      `  MQTT       mqtt://${config.host}:${platform.mqttPort}`,
      '',
      `  Publish a first message:`,
      `    mosquitto_pub -p ${platform.mqttPort} -t twins/pump-7/telemetry -m '{"flowRate": 12.5, "pressure": 3.1}'`,
      `    curl ${http}/api/v1/digitaltwins/pump-7/state`,
      '',
    ].join('\n') + '\n',
  );
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      logger.info('stopping', { signal });
      platform.stop().then(
        () => resolve(0),
        (error: unknown) => {
          logger.error('stop failed', { error: (error as Error).message });
          resolve(1);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
