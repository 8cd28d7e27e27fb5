/**
 * CPU time of a process from /proc/<pid>/stat (utime + stime, fields 14 and 15, in clock ticks
 * of 1/100 s on Linux), so that figures can say how many of the 2 cores a server used.
 */
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** CPU seconds used so far by `pid` (all its threads), or NaN when it is gone. */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; the fields we want follow its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

export function sumCpuSeconds(pids: readonly (number | undefined)[]): number {
  return pids.reduce<number>((sum, pid) => sum + cpuSeconds(pid), 0);
}

/**
 * Busy CPU seconds of the whole machine so far (all CPUs; /proc/stat's first line minus idle and
 * iowait). The difference to our own processes is load we did not make: on a shared machine it
 * says whether a figure can be trusted.
 */
export function machineBusySeconds(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const total = ticks.slice(0, 8).reduce((sum, value) => sum + value, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return (total - idle) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}
