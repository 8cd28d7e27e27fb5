import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { isAbortError } from '../../api/api-error';
import { useServices } from '../../services/services-context';

/** Figures derived from alerts are refetched at most this often. */
export const ALERT_FIGURES_REFRESH_MS = 5_000;

export interface AlertFigures<T> {
  /** The last answer; kept while a refetch runs or after one fails. */
  readonly value: T | undefined;
  /** The last fetch failed (cleared by the next good answer). */
  readonly error: unknown;
  /** Fetches now. */
  readonly reload: () => void;
  /** Puts an answer in place at once (what a PUT returned), until the next fetch. */
  readonly set: (value: T | undefined) => void;
}

/**
 * Figures the server derives from alerts (labels, precision, alerts raised): fetched now and again
 * after the page's alerts change (a label is a change), at most every `minIntervalMs`, so that a
 * burst of alert frames refetches once. `load` must be stable (useCallback).
 */
export function useRefetchOnAlerts<T>(
  load: (signal: AbortSignal) => Promise<T>,
  minIntervalMs = ALERT_FIGURES_REFRESH_MS,
): AlertFigures<T> {
  const { alerts } = useServices();
  const version = useSyncExternalStore(
    (listener) => alerts.subscribe(listener),
    () => alerts.version,
  );
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [attempt, setAttempt] = useState(0);
  const lastFetchMs = useRef(Number.NEGATIVE_INFINITY);
  const forced = useRef(true);
  /** Answers of older fetches are dropped: only the latest one's is shown. */
  const sequence = useRef(0);
  // One controller per `load` (per twin): a fetch in flight is not aborted by the next alert
  // frame (frames can come faster than answers), only when `load` changes or the component goes.
  const lifetime = useRef<AbortController | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    lifetime.current = controller;
    forced.current = true;
    return () => controller.abort();
  }, [load]);

  useEffect(() => {
    const waitMs = forced.current ? 0 : Math.max(0, lastFetchMs.current + minIntervalMs - performance.now());
    const timer = setTimeout(() => {
      const controller = lifetime.current;
      if (controller === null || controller.signal.aborted) return;
      forced.current = false;
      lastFetchMs.current = performance.now();
      const fetchNumber = ++sequence.current;
      const current = (): boolean => fetchNumber === sequence.current && !controller.signal.aborted;
      load(controller.signal).then(
        (answer) => {
          if (!current()) return;
          setValue(answer);
          setError(undefined);
        },
        (failure: unknown) => {
          if (current() && !isAbortError(failure)) setError(failure);
        },
      );
    }, waitMs);
    return () => clearTimeout(timer);
  }, [load, version, attempt, minIntervalMs]);

  const reload = useCallback(() => {
    forced.current = true;
    setAttempt((n) => n + 1);
  }, []);
  const set = useCallback((next: T | undefined) => {
    sequence.current++; // a fetch in flight began before this answer: drop what it brings
    setValue(next);
    setError(undefined);
  }, []);
  return { value, error, reload, set };
}
