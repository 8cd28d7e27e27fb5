import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, isAbortError } from '../../api/api-error';
import type { HistoryResponse } from '../../api/rest-client';
import { useServices } from '../../services/services-context';
import type { ChartData } from './history-data';
import { buildChartData, describeResolution } from './history-data';
import type { TimeRange } from './history-range';

export interface LoadedHistory {
  readonly data: ChartData;
  /** The range that was asked for (the x axis). */
  readonly range: TimeRange;
  /** "5-s mean of raw samples, min–max band". */
  readonly resolution: string;
  readonly response: HistoryResponse;
}

export type HistoryState =
  | { readonly status: 'loading'; readonly previous: LoadedHistory | null }
  | { readonly status: 'loaded'; readonly history: LoadedHistory }
  /** The platform runs without history (`history.unavailable`, "disabled"). */
  | { readonly status: 'off' }
  | { readonly status: 'error'; readonly error: unknown; readonly previous: LoadedHistory | null };

/** Wait after the last change of range or width before fetching (drags, resizes, repeated clicks). */
const DEBOUNCE_MS = 250;

export const isHistoryOff = (error: unknown): boolean =>
  error instanceof ApiError && error.code === 'history.unavailable' && /disabled/i.test(error.message);

const previousOf = (state: HistoryState): LoadedHistory | null =>
  state.status === 'loaded' ? state.history : state.status === 'off' ? null : state.previous;

/**
 * Fetches the history of some paths of a twin for a range, at about `maxPoints` points per path:
 * the mean per bucket, and the bucket minima and maxima for the band (three requests in parallel
 * with the same `maxPoints`, so the server picks the same step and tier for all three). A change
 * of range is debounced; a superseded request is aborted. While a new range loads, the previous
 * data stays (the chart does not blank on every pan).
 */
export function useHistory(
  twinId: string,
  paths: readonly string[],
  range: TimeRange,
  /** 0: not yet known (nothing is fetched). */
  maxPoints: number,
): { state: HistoryState; retry: () => void } {
  const { rest } = useServices();
  const [state, setState] = useState<HistoryState>({ status: 'loading', previous: null });
  const [attempt, setAttempt] = useState(0);
  const hasData = useRef(false);
  const pathsKey = paths.join('\n');
  const { fromMs, toMs } = range;

  useEffect(() => {
    const controller = new AbortController();
    const requested = pathsKey === '' ? [] : pathsKey.split('\n');
    const timer = setTimeout(
      () => {
        if (requested.length === 0 || maxPoints <= 0) return;
        setState((current) => ({ status: 'loading', previous: previousOf(current) }));
        const ask = (agg: 'avg' | 'min' | 'max') =>
          rest.getHistory(twinId, { paths: requested, fromMs, toMs, maxPoints, agg }, controller.signal);
        Promise.all([ask('avg'), ask('min'), ask('max')]).then(
          ([mean, min, max]) => {
            if (controller.signal.aborted) return;
            // Same step from all three (maxPoints decides it); a band only for aggregated answers.
            const band = mean.stepMs !== null && min.stepMs === mean.stepMs && max.stepMs === mean.stepMs;
            const data = buildChartData(requested, mean, band ? { min, max } : undefined);
            hasData.current = true;
            setState({
              status: 'loaded',
              history: {
                data,
                range: { fromMs, toMs },
                resolution: describeResolution(mean, band),
                response: mean,
              },
            });
          },
          (error: unknown) => {
            if (isAbortError(error) || controller.signal.aborted) return;
            if (isHistoryOff(error)) setState({ status: 'off' });
            else setState((current) => ({ status: 'error', error, previous: previousOf(current) }));
          },
        );
      },
      hasData.current ? DEBOUNCE_MS : 0,
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [rest, twinId, pathsKey, fromMs, toMs, maxPoints, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
