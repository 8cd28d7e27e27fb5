import { useCallback, useSyncExternalStore } from 'react';
import { useServices } from '../services/services-context';
import type { Freshness } from './freshness';
import { freshnessOf } from './freshness';
import { subscribeTicker } from './ticker';

/** Freshness is re-evaluated on this period; a dot turning grey a second late is fine. */
const FRESHNESS_TICK_MS = 1_000;

/** Freshness of one path; re-renders only when it flips (fresh ↔ stale ↔ missing). */
export function useFreshness(twinId: string, path: string | undefined): Freshness {
  const { values, clock } = useServices();
  const subscribe = useCallback(
    (listener: () => void) => {
      const stopValues = values.subscribe(twinId, listener);
      const stopTicker = subscribeTicker(FRESHNESS_TICK_MS, listener);
      return () => {
        stopValues();
        stopTicker();
      };
    },
    [values, twinId],
  );
  return useSyncExternalStore(subscribe, () =>
    freshnessOf(path === undefined ? undefined : values.get(twinId)?.paths[path], clock.nowMs()),
  );
}
