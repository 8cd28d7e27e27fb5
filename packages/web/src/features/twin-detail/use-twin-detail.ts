import { useCallback, useEffect, useState } from 'react';
import type { DigitalTwin } from '@doppel/protocol';
import { isAbortError } from '../../api/api-error';
import { useServices } from '../../services/services-context';

export type TwinDetailState =
  | { readonly status: 'loading' }
  | { readonly status: 'loaded'; readonly twin: DigitalTwin }
  | { readonly status: 'error'; readonly error: unknown };

/**
 * Fetches a twin and its current state; the state seeds the live value store, which the live
 * snapshot and frames then keep current (the store keeps whichever value is newer).
 */
export function useTwinDetail(twinId: string): { state: TwinDetailState; reload: () => void } {
  const { rest, values } = useServices();
  const [state, setState] = useState<TwinDetailState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    Promise.all([rest.getTwin(twinId, controller.signal), rest.getTwinState(twinId, controller.signal)]).then(
      ([twin, twinState]) => {
        if (controller.signal.aborted) return;
        values.apply(twinId, twinState.$model, twinState.paths);
        setState({ status: 'loaded', twin });
      },
      (error: unknown) => {
        if (!isAbortError(error) && !controller.signal.aborted) setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [rest, values, twinId, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, reload };
}
