import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { useServices } from '../services/services-context';
import type { ModelEntry, ResolvedModel } from './model-store';

/** The model with its inherited contents, fetched on first use; undefined while loading. */
export function useModel(modelId: string | undefined): {
  model: ResolvedModel | undefined;
  entry: ModelEntry | undefined;
} {
  const { models } = useServices();
  useEffect(() => {
    if (modelId !== undefined) models.ensure(modelId);
  }, [models, modelId]);
  const subscribe = useCallback((listener: () => void) => models.subscribe(listener), [models]);
  const model = useSyncExternalStore(subscribe, () => (modelId === undefined ? undefined : models.resolved(modelId)));
  const entry = useSyncExternalStore(subscribe, () => (modelId === undefined ? undefined : models.entry(modelId)));
  return { model, entry };
}
