import { useCallback, useSyncExternalStore } from 'react';
import { useModel } from '../models/use-model';
import { useServices } from '../services/services-context';
import { mainTelemetryPath } from './main-telemetry';

/**
 * The main telemetry path of a twin and its unit: from the model when it is loaded, else from the
 * live paths (the model failed to load). Re-renders only when the answer changes, not per frame.
 */
export function useMainTelemetry(
  twinId: string,
  modelId: string,
): { path: string | undefined; unit: string | undefined } {
  const { values } = useServices();
  const { model, entry } = useModel(modelId);
  const fromLive = entry?.status === 'error';
  const subscribe = useCallback(
    (listener: () => void) => (fromLive ? values.subscribe(twinId, listener) : () => undefined),
    [values, twinId, fromLive],
  );
  const livePath = useSyncExternalStore(subscribe, () =>
    fromLive ? mainTelemetryPath(undefined, values.get(twinId)) : undefined,
  );
  const path = model !== undefined ? mainTelemetryPath(model, undefined) : livePath;
  return { path, unit: path === undefined ? undefined : model?.byName.get(path)?.unit };
}
