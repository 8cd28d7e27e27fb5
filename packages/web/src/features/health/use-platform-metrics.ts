import { useCallback, useEffect, useState } from 'react';
import { useServices } from '../../services/services-context';
import type { PlatformMetrics } from './platform-metrics';
import { readPlatformMetrics } from './platform-metrics';
import { HEALTH_REFRESH_MS } from './refresh-interval';
import type { Polled } from './use-poll';
import { usePoll } from './use-poll';
import { appendWindowed } from './windowed';

/** How long the event-loop delay is kept for its sparkline. */
const LAG_HISTORY_MS = 120_000;

export interface LagPoint {
  readonly timeMs: number;
  readonly p99Ms: number;
}

/** `/metrics` read every few seconds, with the event-loop delay of the last two minutes. */
export function usePlatformMetrics(): Polled<PlatformMetrics> & { lagHistory: readonly LagPoint[] } {
  const { rest } = useServices();
  const load = useCallback(
    async (signal: AbortSignal) => readPlatformMetrics(await rest.getMetricsText(signal)),
    [rest],
  );
  const polled = usePoll(load, HEALTH_REFRESH_MS);
  const [lagHistory, setLagHistory] = useState<readonly LagPoint[]>([]);
  const { value, updatedMs } = polled;

  useEffect(() => {
    const p99Ms = value?.eventLoopDelayP99Ms;
    if (p99Ms === null || p99Ms === undefined || updatedMs === null) return;
    setLagHistory((previous) => appendWindowed(previous, { timeMs: updatedMs, p99Ms }, LAG_HISTORY_MS));
  }, [value, updatedMs]);

  return { value: polled.value, error: polled.error, updatedMs: polled.updatedMs, lagHistory };
}
