import { useCallback } from 'react';
import type { AnomalyModelView } from '@doppel/protocol';
import { isNotFound } from '../../api/api-error';
import { useServices } from '../../services/services-context';
import { useRefetchOnAlerts } from '../alerts/use-refetch-on-alerts';

export type AnomalyModelState =
  | { readonly status: 'loading' }
  /** The twin has no model (404 `anomaly.model-not-found`): the form to train one. */
  | { readonly status: 'none' }
  | { readonly status: 'loaded'; readonly model: AnomalyModelView }
  | { readonly status: 'error'; readonly error: unknown };

/**
 * The twin's anomaly model, refetched after alerts change (its alerts raised, labels, precision
 * and recall move with them); `set` puts what a training or retraining returned in place at once.
 */
export function useAnomalyModel(twinId: string): {
  state: AnomalyModelState;
  set: (model: AnomalyModelView | null) => void;
  reload: () => void;
} {
  const { rest } = useServices();
  const load = useCallback(
    (signal: AbortSignal): Promise<AnomalyModelView | null> =>
      rest.getAnomalyModel(twinId, signal).catch((error: unknown) => {
        if (isNotFound(error, 'anomaly.model-not-found')) return null;
        throw error;
      }),
    [rest, twinId],
  );
  const { value, error, set, reload } = useRefetchOnAlerts(load);
  const state: AnomalyModelState =
    value === null
      ? { status: 'none' }
      : value !== undefined
        ? { status: 'loaded', model: value }
        : error !== undefined
          ? { status: 'error', error }
          : { status: 'loading' };
  return { state, set, reload };
}
