/**
 * One measurement against one target: publishers at each offered rate in turn, a warm-up, a
 * measured window, then a pause until everything published has arrived (bounded). Figures of a
 * window are counter deltas over the window's wall time, so neither warm-up nor drain counts.
 */
import { performance } from 'node:perf_hooks';
import type { Worker } from './children.js';
import { endChild } from './children.js';
import { startPublishers } from './publishers.js';
import { isDrained, ownCpu, snapshot } from './snapshot.js';
import type { LatencySummary } from './latency.js';
import { sleep } from './net.js';
import type { Target } from './target.js';
import type { Workload } from './workloads.js';

/** Share of the offered rate that must arrive for a step to count as sustained. */
export const SUSTAINED_SHARE = 0.97;
const POLL_MS = 250;
/** Load from processes that are not ours above which a window's figures are suspect. */
export const OTHER_LOAD_WARN_CORES = 0.2;

export interface RunSettings {
  readonly runId: string;
  readonly qos: 0 | 1;
  readonly warmupS: number;
  readonly measureS: number;
  readonly drainTimeoutS: number;
  readonly publisherProcesses: number;
  readonly twinsPerClient: number;
  readonly inflightMax: number;
  readonly deadlineMs: number;
  /** Stop after the first step that is not sustained (the max sweep). */
  readonly stopAtFirstFailure: boolean;
}

export interface StepResult {
  readonly offeredPointsPerSecond: number;
  readonly publishedPointsPerSecond: number;
  readonly deliveredPointsPerSecond: number;
  readonly windowS: number;
  readonly latency: LatencySummary | null;
  /** Points published since the target started minus points delivered, after the drain. */
  readonly lossPoints: number;
  readonly drained: boolean;
  readonly drainMs: number;
  readonly receivedPoints: number;
  readonly deadLetteredPoints: number;
  readonly droppedFrames: number;
  readonly shortfallMessages: number;
  /** Cores used over the window; `other` is the rest of the machine's load (not ours: a warning sign). */
  readonly cores: {
    readonly server: number;
    readonly publishers: number;
    readonly consumer: number;
    readonly other: number;
  };
  /** The server's own counters after the drain (Doppel: doppel_ingest_* of /api/v1/metrics). */
  readonly serverCounters: Readonly<Record<string, number>>;
  readonly sustained: boolean;
  readonly problems: readonly string[];
}

export async function runSteps(target: Target, workload: Workload, settings: RunSettings): Promise<StepResult[]> {
  const publishers = await startPublishers(target, workload, settings);
  const results: StepResult[] = [];
  try {
    for (const rate of workload.ratesPointsPerSecond) {
      const step = await runStep(target, workload, publishers, rate, settings);
      results.push(step);
      const verdict = step.sustained ? 'sustained' : `NOT sustained: ${step.problems.join('; ')}`;
      if (step.cores.other > OTHER_LOAD_WARN_CORES) {
        console.warn(`  warning: other processes used ${step.cores.other.toFixed(2)} cores during this window`);
      }
      console.log(
        `  ${target.name} ${workload.name} @ ${format(rate)} pts/s: delivered ${format(step.deliveredPointsPerSecond)} pts/s, ` +
          `p99 ${step.latency?.p99Ms ?? '–'} ms, loss ${step.lossPoints} → ${verdict}`,
      );
      if (!step.sustained && settings.stopAtFirstFailure) break;
    }
  } finally {
    await Promise.all(
      publishers.map(async (publisher) => {
        await publisher.request('publisher-counters', { type: 'stop' }, 15_000).catch(() => undefined);
        await endChild(publisher.process, 2_000);
      }),
    );
  }
  return results;
}

async function runStep(
  target: Target,
  workload: Workload,
  publishers: readonly Worker[],
  offeredPointsPerSecond: number,
  settings: RunSettings,
): Promise<StepResult> {
  const pointsPerMessage = workload.fleet.fields.length;
  const perProcess = offeredPointsPerSecond / pointsPerMessage / publishers.length;
  for (const publisher of publishers) publisher.send({ type: 'rate', messagesPerSecond: perProcess });
  await sleep(settings.warmupS * 1000);

  target.consumer.send({ type: 'record-start' });
  const start = await snapshot(target, publishers);
  await sleep(settings.measureS * 1000);
  const end = await snapshot(target, publishers);
  const report = await target.consumer.request('consumer-report', { type: 'record-stop' }, 10_000);

  for (const publisher of publishers) publisher.send({ type: 'rate', messagesPerSecond: 0 });
  const drainStartMs = performance.now();
  let last = await snapshot(target, publishers);
  while (!isDrained(last) && performance.now() - drainStartMs < settings.drainTimeoutS * 1000) {
    await sleep(POLL_MS);
    last = await snapshot(target, publishers);
  }
  const drainMs = performance.now() - drainStartMs;

  const windowS = (end.atMs - start.atMs) / 1000;
  const perSecond = (a: number, b: number): number => (b - a) / windowS;
  const published = perSecond(start.published.publishedPoints, end.published.publishedPoints);
  const delivered = perSecond(start.delivered.points, end.delivered.points);
  const lossPoints = last.published.publishedPoints - last.delivered.points;
  const drained = isDrained(last);

  const problems: string[] = [];
  const serverCounters = await target.serverCounters().catch((error: unknown): Record<string, number> => {
    problems.push(`server counters unreadable: ${error instanceof Error ? error.message : String(error)}`);
    return {};
  });
  const metricApplied = serverCounters.doppel_ingest_points_applied_total;
  if (metricApplied !== undefined && metricApplied !== last.delivered.points) {
    problems.push(`/metrics says ${metricApplied} points applied, /stats ${last.delivered.points}`);
  }
  if (published < offeredPointsPerSecond * SUSTAINED_SHARE) {
    problems.push(`publishers reached only ${format(published)} pts/s (broker pushed back or CPU ran out)`);
  }
  if (delivered < offeredPointsPerSecond * SUSTAINED_SHARE)
    problems.push(`delivered < ${SUSTAINED_SHARE * 100} % of offered`);
  if (!drained) problems.push(`backlog not drained within ${settings.drainTimeoutS} s`);
  if (lossPoints !== 0) problems.push(`loss ${lossPoints} points`);
  if (last.delivered.deadLetteredPoints !== 0)
    problems.push(`${last.delivered.deadLetteredPoints} points dead-lettered`);
  if (last.published.errors !== 0) problems.push(`${last.published.errors} publisher errors`);
  const failures = [target.consumer, ...publishers].map((worker) => worker.failure).filter((f) => f !== undefined);
  problems.push(...failures);

  return {
    offeredPointsPerSecond,
    publishedPointsPerSecond: published,
    deliveredPointsPerSecond: delivered,
    windowS,
    latency: report.latency,
    lossPoints,
    drained,
    drainMs,
    receivedPoints: last.delivered.receivedPoints,
    deadLetteredPoints: last.delivered.deadLetteredPoints,
    droppedFrames: report.droppedFrames,
    shortfallMessages: end.published.shortfallMessages - start.published.shortfallMessages,
    cores: {
      server: perSecond(start.cpu.server, end.cpu.server),
      publishers: perSecond(start.cpu.publishers, end.cpu.publishers),
      consumer: perSecond(start.cpu.consumer, end.cpu.consumer),
      other: Math.max(0, perSecond(start.cpu.machine, end.cpu.machine) - perSecond(ownCpu(start), ownCpu(end))),
    },
    serverCounters,
    sustained: problems.length === 0,
    problems,
  };
}

export function format(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–';
}
