import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface PlatformProcess {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  readonly mqttUrl: string;
  readonly mqttPort: number;
  readonly ready: Record<string, unknown>;
  readonly output: () => string;
  /** SIGTERM and wait for a clean exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  kill9(): Promise<void>;
}

/**
 * Runs `doppel start` as a separate process (the CLI from sources, through tsx) on free ports and
 * waits for its "doppel ready" log line.
 */
export async function startPlatformProcess(args: readonly string[], timeoutMs = 30_000): Promise<PlatformProcess> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      'packages/cli/src/main.ts',
      'start',
      '--http-port',
      '0',
      '--mqtt-port',
      '0',
      ...args,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`platform did not start within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      for (const line of output.split('\n')) {
        if (!line.includes('"msg":"doppel ready"')) continue;
        clearTimeout(timer);
        resolve(JSON.parse(line) as Record<string, unknown>);
        return;
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`platform exited with ${code} before it was ready:\n${output}`));
    });
  });
  const httpUrl = String(ready.http);
  const mqttUrl = String(ready.mqtt);
  return {
    child,
    baseUrl: httpUrl,
    mqttUrl,
    mqttPort: Number(new URL(mqttUrl).port),
    ready,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
