import type { PlatformStats } from '@doppel/protocol';

export interface IngestTotals {
  readonly receivedPoints: number;
  readonly appliedPoints: number;
  readonly deadLetteredPoints: number;
}

/** Sums the counters of every source (mqtt, http, …); received = applied + dead-lettered holds. */
export function ingestTotals(stats: PlatformStats): IngestTotals {
  let receivedPoints = 0;
  let appliedPoints = 0;
  let deadLetteredPoints = 0;
  for (const source of Object.values(stats.ingest.sources)) {
    receivedPoints += source.receivedPoints;
    appliedPoints += source.appliedPoints;
    deadLetteredPoints += source.deadLetteredPoints;
  }
  return { receivedPoints, appliedPoints, deadLetteredPoints };
}
