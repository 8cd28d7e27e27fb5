import { useEffect, useState } from 'react';
import type { PlatformStats } from '@doppel/protocol';
import { useServices } from '../../services/services-context';
import { usePlatformStats } from '../status-footer/use-platform-stats';
import type { IngestSample } from './ingest-rates';
import { appendIngestSample, ingestSample } from './ingest-rates';

export interface IngestHistory {
  readonly stats: PlatformStats | undefined;
  readonly error: unknown;
  /** The last two minutes of `/stats` answers, oldest first. */
  readonly samples: readonly IngestSample[];
  readonly updatedMs: number | null;
}

/**
 * The footer's `/stats` polling (every 2 s while visible), with the answers kept for two minutes
 * so that the page can draw rates over time. Kept in memory while the page is shown.
 */
export function useIngestHistory(): IngestHistory {
  const { clock } = useServices();
  const { stats, error } = usePlatformStats();
  const [samples, setSamples] = useState<readonly IngestSample[]>([]);

  useEffect(() => {
    if (stats === undefined) return;
    const sample = ingestSample(stats, clock.nowMs());
    setSamples((previous) => appendIngestSample(previous, sample));
  }, [stats, clock]);

  return { stats, error, samples, updatedMs: samples[samples.length - 1]?.timeMs ?? null };
}
