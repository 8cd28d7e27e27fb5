import { useCallback } from 'react';
import type { MlBindingView, MlModel } from '@doppel/protocol';
import { isRouteMissing } from '../../api/api-error';
import { useServices } from '../../services/services-context';
import type { Poll } from '../health/use-poll';
import { usePoll } from '../health/use-poll';

/** Bindings' counters move with every inference: refreshed this often while the page is shown. */
const REFRESH_MS = 5_000;

export interface MlCatalog {
  /** null: the platform has no ONNX model API (`/ml-models` answers 404 no route). */
  readonly models: readonly MlModel[] | null;
  readonly bindings: readonly MlBindingView[] | null;
}

const orMissing = <T>(promise: Promise<{ value: T[] }>): Promise<T[] | null> =>
  promise.then(
    (page) => page.value,
    (error: unknown) => {
      if (isRouteMissing(error)) return null;
      throw error;
    },
  );

/** The uploaded ONNX models and the bindings that run them, polled; an API the platform lacks reads as null. */
export function useMlCatalog(): Poll<MlCatalog> {
  const { rest } = useServices();
  const load = useCallback(
    async (signal: AbortSignal): Promise<MlCatalog> => {
      const [models, bindings] = await Promise.all([
        orMissing(rest.listMlModels(signal)),
        orMissing(rest.listMlBindings(signal)),
      ]);
      return { models, bindings };
    },
    [rest],
  );
  return usePoll(load, REFRESH_MS);
}
