import { useCallback, useEffect, useState } from 'react';
import { isAbortError } from '../../api/api-error';
import { useServices } from '../../services/services-context';

export interface Polled<T> {
  /** The last good answer; kept when a refresh fails. */
  readonly value: T | undefined;
  /** The last refresh failed. */
  readonly error: unknown;
  /** Platform time of the last good answer. */
  readonly updatedMs: number | null;
}

export type Poll<T> = Polled<T> & { readonly refresh: () => void };

/**
 * Calls `load` now and every `intervalMs` after the previous answer, one call at a time, only while
 * the page is visible: a hidden tab asks nothing, and catches up as soon as it is shown again.
 * `load` must be stable (useCallback); a new one starts over at once. `refresh()` asks now.
 */
export function usePoll<T>(load: (signal: AbortSignal) => Promise<T>, intervalMs: number): Poll<T> {
  const { clock } = useServices();
  const [state, setState] = useState<Polled<T>>({ value: undefined, error: undefined, updatedMs: null });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let busy = false;
    const tick = async (): Promise<void> => {
      clearTimeout(timer);
      timer = undefined;
      if (busy || document.hidden || controller.signal.aborted) return;
      busy = true;
      try {
        const value = await load(controller.signal);
        setState({ value, error: undefined, updatedMs: clock.nowMs() });
      } catch (error) {
        if (isAbortError(error) || controller.signal.aborted) return;
        setState((previous) => ({ ...previous, error }));
      } finally {
        busy = false;
      }
      if (!document.hidden) timer = setTimeout(() => void tick(), intervalMs);
    };
    const onVisibilityChange = (): void => {
      if (!document.hidden && timer === undefined) void tick();
    };
    document.addEventListener('visibilitychange', onVisibilityChange);
    void tick();
    return () => {
      controller.abort();
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibilityChange);
    };
  }, [load, intervalMs, clock, attempt]);

  const refresh = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, refresh };
}
