/**
 * Everything the bench leaves behind is registered here, so that a normal end, an error, SIGINT,
 * SIGTERM or the overall timeout all stop the child processes and remove the temporary folders.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const KILL_GRACE_MS = 5_000;
const children = new Set<ChildProcess>();
const dirs = new Set<string>();
const closers = new Set<() => Promise<void>>();

export function trackChild(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** SIGTERM, then SIGKILL if the child is still there after the grace period. */
export async function endChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

export async function makeTempDir(label: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `doppel-bench-history-${label}-`));
  dirs.add(dir);
  return dir;
}

export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  dirs.delete(dir);
}

/** Something to close before the temp folders go (an open store or log); returns its unregister. */
export function onAbort(close: () => Promise<void>): () => void {
  closers.add(close);
  return () => closers.delete(close);
}

/** The run stops by itself: after `timeoutS`, on SIGINT/SIGTERM; children and folders go with it. */
export function armHardLimits(timeoutS: number): void {
  let aborting = false;
  const abort = (reason: string, code: number): void => {
    if (aborting) return;
    aborting = true;
    console.error(`\nbench:history: ${reason}; stopping children and removing temporary files`);
    const force = setTimeout(() => process.exit(code), 20_000);
    force.unref();
    void cleanUp().finally(() => process.exit(code));
  };
  setTimeout(() => abort(`overall timeout of ${timeoutS} s reached`, 3), timeoutS * 1_000).unref();
  process.once('SIGINT', () => abort('interrupted', 130));
  process.once('SIGTERM', () => abort('terminated', 143));
  // Last resort (an uncaught error): no awaiting possible here, so kill and remove synchronously.
  process.on('exit', () => {
    for (const child of children) child.kill('SIGKILL');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
}

export async function cleanUp(): Promise<void> {
  await Promise.allSettled([...closers].map((close) => close()));
  closers.clear();
  await Promise.allSettled([...children].map((child) => endChild(child)));
  await Promise.allSettled([...dirs].map((dir) => removeTempDir(dir)));
}
