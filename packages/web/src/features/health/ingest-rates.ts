import type { PlatformStats, SourceCounters } from '@doppel/protocol';
import { appendWindowed } from './windowed';

/** How much ingest history the page keeps in memory, for the sparklines. */
export const INGEST_HISTORY_MS = 120_000;
/** Window of the headline rates: the same 10 s the platform averages `appliedPointsPerSecond` over. */
export const RATE_WINDOW_MS = 10_000;

export type PointCounter = 'receivedPoints' | 'appliedPoints' | 'deadLetteredPoints';

/** One `/stats` answer, stamped with when it arrived (platform time). */
export interface IngestSample {
  readonly timeMs: number;
  /** Identifies the platform run: counters start again from zero after a restart. */
  readonly startedAt: string;
  readonly sources: Readonly<Record<string, SourceCounters>>;
  readonly queuedPoints: number;
}

export function ingestSample(stats: PlatformStats, timeMs: number): IngestSample {
  return { timeMs, startedAt: stats.startedAt, sources: stats.ingest.sources, queuedPoints: stats.ingest.queuedPoints };
}

/** Adds a sample, forgetting those beyond the history, and all of them when the platform restarted. */
export function appendIngestSample(samples: readonly IngestSample[], sample: IngestSample): IngestSample[] {
  const last = samples[samples.length - 1];
  if (last !== undefined && last.startedAt !== sample.startedAt) return [sample];
  return appendWindowed(samples, sample, INGEST_HISTORY_MS);
}

/** A counter of one transport (`mqtt`, `http`, …), or summed over all when `transport` is undefined. */
function counterOf(sample: IngestSample, counter: PointCounter, transport: string | undefined): number {
  if (transport !== undefined) return sample.sources[transport]?.[counter] ?? 0;
  let total = 0;
  for (const source of Object.values(sample.sources)) total += source[counter];
  return total;
}

/** Points per second between each two consecutive samples: one value fewer than samples. */
export function rateSeries(samples: readonly IngestSample[], counter: PointCounter, transport?: string): number[] {
  const rates: number[] = [];
  for (let index = 1; index < samples.length; index++) {
    const before = samples[index - 1] as IngestSample;
    const after = samples[index] as IngestSample;
    const delta = counterOf(after, counter, transport) - counterOf(before, counter, transport);
    rates.push(Math.max(0, (delta * 1_000) / (after.timeMs - before.timeMs)));
  }
  return rates;
}

/** Points per second over the last `windowMs` (at least two samples apart); null until there are two. */
export function recentRate(
  samples: readonly IngestSample[],
  counter: PointCounter,
  transport?: string,
  windowMs: number = RATE_WINDOW_MS,
): number | null {
  const last = samples[samples.length - 1];
  if (last === undefined || samples.length < 2) return null;
  let first = samples[samples.length - 2] as IngestSample;
  for (const sample of samples) {
    if (sample.timeMs >= last.timeMs - windowMs) {
      if (sample !== last) first = sample;
      break;
    }
  }
  const delta = counterOf(last, counter, transport) - counterOf(first, counter, transport);
  return Math.max(0, (delta * 1_000) / (last.timeMs - first.timeMs));
}

/** Transports in the newest sample, those that carried points first (then by name). */
export function transportsOf(samples: readonly IngestSample[]): string[] {
  const last = samples[samples.length - 1];
  if (last === undefined) return [];
  return Object.entries(last.sources)
    .sort(([a, left], [b, right]) => right.receivedPoints - left.receivedPoints || a.localeCompare(b))
    .map(([transport]) => transport);
}
