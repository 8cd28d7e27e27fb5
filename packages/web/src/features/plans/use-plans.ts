import { useCallback, useEffect, useState } from 'react';
import type { FloorPlan, PlanSummary } from '@doppel/protocol';
import { isAbortError } from '../../api/api-error';
import { useServices } from '../../services/services-context';

export type Loaded<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'loaded'; readonly value: T }
  | { readonly status: 'error'; readonly error: unknown };

/** Fetches `load` when `key` changes (null: nothing to load); `reload` fetches again. */
function useLoaded<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
): { state: Loaded<T>; reload: () => void } {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (key === null) return undefined;
    const controller = new AbortController();
    load(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setState({ status: 'loaded', value });
      },
      (error: unknown) => {
        if (!isAbortError(error) && !controller.signal.aborted) setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
    // `load` is recreated per render: the key says when to fetch.
  }, [key, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, reload };
}

export function usePlanList(): { state: Loaded<PlanSummary[]>; reload: () => void } {
  const { rest } = useServices();
  return useLoaded('plans', async (signal) => (await rest.getPlans(signal)).value);
}

export function usePlan(spaceId: string | null): { state: Loaded<FloorPlan>; reload: () => void } {
  const { rest } = useServices();
  return useLoaded(spaceId, (signal) => rest.getPlan(spaceId as string, signal));
}
