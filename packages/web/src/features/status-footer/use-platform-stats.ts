import { useEffect, useState } from 'react';
import type { PlatformStats } from '@doppel/protocol';
import { isAbortError } from '../../api/api-error';
import { useServices } from '../../services/services-context';

/** How often the footer asks for the figures. */
const STATS_REFRESH_MS = 2_000;

export interface StatsState {
  readonly stats: PlatformStats | undefined;
  /** The last refresh failed; `stats` keeps the last good figures. */
  readonly error: unknown;
}

/** Polls `/api/v1/stats` while the page is visible; one request at a time, none after unmount. */
export function usePlatformStats(): StatsState {
  const { rest } = useServices();
  const [state, setState] = useState<StatsState>({ stats: undefined, error: undefined });

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = async (): Promise<void> => {
      if (document.visibilityState === 'visible') {
        try {
          const stats = await rest.getStats(controller.signal);
          setState({ stats, error: undefined });
        } catch (error) {
          if (isAbortError(error)) return;
          setState((previous) => ({ stats: previous.stats, error }));
        }
      }
      if (!controller.signal.aborted) timer = setTimeout(() => void refresh(), STATS_REFRESH_MS);
    };
    void refresh();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [rest]);

  return state;
}
