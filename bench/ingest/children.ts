/**
 * Child processes of the bench: every one is registered here so that a normal end, an error,
 * SIGINT or the overall timeout all end them (SIGTERM, then SIGKILL after a grace period).
 */
import { fork, spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage } from './ipc.js';
import { asChildMessage } from './ipc.js';

const KILL_GRACE_MS = 5_000;
const live = new Set<ChildProcess>();

export function track(child: ChildProcess): ChildProcess {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Forks a TypeScript module of this folder with IPC; its stderr passes through, prefixed. */
export function forkWorker(module: string, label: string): Worker {
  const child = fork(fileURLToPath(new URL(module, import.meta.url)), [], {
    execArgv: ['--conditions=source', '--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(prefixLines(label, chunk.toString())));
  return new Worker(track(child), label);
}

export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  return track(spawn(command, args, options));
}

/** Ends one child: SIGTERM, then SIGKILL if it is still there after the grace period. */
export async function endChild(child: ChildProcess, graceMs = KILL_GRACE_MS): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function endAllChildren(): Promise<void> {
  await Promise.all([...live].map((child) => endChild(child)));
}

/** Synchronous last resort (process 'exit' handlers cannot wait). */
export function killAllChildrenNow(): void {
  for (const child of live) child.kill('SIGKILL');
}

/** A forked child speaking the bench's IPC protocol. */
export class Worker {
  readonly #waiters: Array<{ type: ChildMessage['type']; resolve: (m: ChildMessage) => void }> = [];
  #failure: string | undefined;

  constructor(
    readonly process: ChildProcess,
    readonly label: string,
  ) {
    process.on('message', (raw) => {
      let message: ChildMessage;
      try {
        message = asChildMessage(raw);
      } catch (error) {
        // A child speaking another protocol invalidates the run, but must not skip the cleanup.
        this.#failure ??= error instanceof Error ? error.message : String(error);
        return;
      }
      if (message.type === 'failed') {
        this.#failure ??= message.message;
        console.error(`[${label}] ${message.message}`);
        return;
      }
      const index = this.#waiters.findIndex((waiter) => waiter.type === message.type);
      if (index >= 0) this.#waiters.splice(index, 1)[0]?.resolve(message);
    });
  }

  /** The first failure a child reported, if any: a run with one is not a valid measurement. */
  get failure(): string | undefined {
    return this.#failure;
  }

  send(message: object): void {
    if (this.process.connected) this.process.send(message);
  }

  /** Sends `request` (if any) and waits for the next message of `type`, bounded by `timeoutMs`. */
  async request<T extends ChildMessage['type']>(
    type: T,
    request: object | undefined,
    timeoutMs: number,
  ): Promise<Extract<ChildMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(`${this.label}: no "${type}" within ${timeoutMs} ms${this.#failure ? ` (${this.#failure})` : ''}`),
        );
      }, timeoutMs);
      const onExit = (code: number | null): void => {
        clearTimeout(timer);
        reject(
          new Error(
            `${this.label} exited (code ${code}) while waiting for "${type}"${this.#failure ? `: ${this.#failure}` : ''}`,
          ),
        );
      };
      this.process.once('exit', onExit);
      this.#waiters.push({
        type,
        resolve: (message) => {
          clearTimeout(timer);
          this.process.off('exit', onExit);
          resolve(message as Extract<ChildMessage, { type: T }>);
        },
      });
      if (request !== undefined) this.send(request);
    });
  }
}

function prefixLines(label: string, text: string): string {
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => `[${label}] ${line}\n`)
    .join('');
}
