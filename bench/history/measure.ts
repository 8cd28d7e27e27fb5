/** Timing and sizing helpers shared by both engines. */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface Latency {
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** The first (cold-ish) run, before the warm-up: the page cache is warm, the engine's own caches are not. */
  readonly firstMs: number;
  readonly runs: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] as number;
}

/** Runs `query` once (first), `warmup` more times untimed, then `runs` timed times, one after the other. */
export async function timeQuery(query: () => Promise<unknown>, warmup: number, runs: number): Promise<Latency> {
  let started = performance.now();
  await query();
  const firstMs = performance.now() - started;
  for (let run = 0; run < warmup; run++) await query();
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    started = performance.now();
    await query();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50Ms: percentile(samples, 0.5), p99Ms: percentile(samples, 0.99), firstMs, runs };
}

/** Bytes of every regular file under `path` (apparent size, as `du --apparent-size`). */
export async function treeBytes(path: string, accept: (name: string) => boolean = () => true): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) total += await treeBytes(child, accept);
    else if (entry.isFile() && accept(entry.name)) total += await sizeOrZero(child);
  }
  return total;
}

/** A file's size, or 0 if it went away since it was listed (InfluxDB's compactions rename `.tsm.tmp` files). */
async function sizeOrZero(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/** Process CPU time in seconds (user + system), for cores = Δcpu / Δwall. */
export function ownCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** Clock ticks per second of /proc (USER_HZ; 100 on Linux x86-64). */
const USER_HZ = 100;

/** Busy CPU time of the whole machine (all cores), seconds: to tell how much load was not ours. */
export async function machineBusySeconds(): Promise<number> {
  const text = await readFile('/proc/stat', 'utf8').catch(() => '');
  const [user, nice, system, , , irq, softirq, steal] = (text.split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / USER_HZ;
}

/** utime + stime of a process (all threads), in seconds. */
export async function processCpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
}

/** CPU over a window: ours (the given processes) and the rest of the machine, in cores. */
export class CpuWindow {
  private constructor(
    private readonly startedMs: number,
    private readonly ours: number,
    private readonly machine: number,
    private readonly pids: readonly number[],
  ) {}

  static async start(pids: readonly number[] = []): Promise<CpuWindow> {
    return new CpuWindow(performance.now(), await oursSeconds(pids), await machineBusySeconds(), pids);
  }

  async end(): Promise<{ cores: number; otherCores: number }> {
    const wallS = (performance.now() - this.startedMs) / 1_000;
    const ours = (await oursSeconds(this.pids)) - this.ours;
    const machine = (await machineBusySeconds()) - this.machine;
    return { cores: ours / wallS, otherCores: Math.max(0, machine - ours) / wallS };
  }
}

async function oursSeconds(pids: readonly number[]): Promise<number> {
  let total = ownCpuSeconds();
  for (const pid of pids) total += await processCpuSeconds(pid);
  return total;
}

export async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}
