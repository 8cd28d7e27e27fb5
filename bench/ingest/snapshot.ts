/**
 * The counters of one instant of a run: what the publishers sent, what the target delivered and
 * the CPU time of every process involved. A window's figures are differences of two snapshots.
 */
import { performance } from 'node:perf_hooks';
import type { Worker } from './children.js';
import { cpuSeconds, machineBusySeconds, sumCpuSeconds } from './cpu.js';
import type { PublisherCounters } from './ipc.js';
import type { DeliveredCounters, Target } from './target.js';

export interface Snapshot {
  readonly atMs: number;
  readonly published: PublisherTotals;
  readonly delivered: DeliveredCounters;
  readonly cpu: {
    readonly server: number;
    readonly publishers: number;
    readonly consumer: number;
    readonly orchestrator: number;
    readonly machine: number;
  };
}

export interface PublisherTotals {
  readonly publishedPoints: number;
  readonly inflight: number;
  readonly shortfallMessages: number;
  readonly errors: number;
}

export function ownCpu(s: Snapshot): number {
  return s.cpu.server + s.cpu.publishers + s.cpu.consumer + s.cpu.orchestrator;
}

export function isDrained(s: Snapshot): boolean {
  return s.published.inflight === 0 && s.delivered.points >= s.published.publishedPoints;
}

export async function snapshot(target: Target, publishers: readonly Worker[]): Promise<Snapshot> {
  const beforeMs = performance.now();
  const [counters, delivered] = await Promise.all([
    Promise.all(publishers.map((publisher) => publisher.request('publisher-counters', { type: 'report' }, 10_000))),
    target.delivered(),
  ]);
  const afterMs = performance.now();
  return {
    // The counters were read somewhere in between; the midpoint halves the error.
    atMs: (beforeMs + afterMs) / 2,
    published: totals(counters),
    delivered,
    cpu: {
      server: cpuSeconds(target.serverPid),
      publishers: sumCpuSeconds(publishers.map((publisher) => publisher.process.pid)),
      consumer: cpuSeconds(target.consumer.process.pid),
      orchestrator: cpuSeconds(process.pid),
      machine: machineBusySeconds(),
    },
  };
}

function totals(counters: readonly PublisherCounters[]): PublisherTotals {
  return counters.reduce<PublisherTotals>(
    (sum, c) => ({
      publishedPoints: sum.publishedPoints + c.publishedPoints,
      inflight: sum.inflight + c.inflight,
      shortfallMessages: sum.shortfallMessages + c.shortfallMessages,
      errors: sum.errors + c.errors,
    }),
    { publishedPoints: 0, inflight: 0, shortfallMessages: 0, errors: 0 },
  );
}
