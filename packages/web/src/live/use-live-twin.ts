import { useCallback, useSyncExternalStore } from 'react';
import { useServices } from '../services/services-context';
import type { LivePath, LiveTwin } from './twin-values-store';

/** The live twin; re-renders on every frame of this twin (and only this twin). */
export function useLiveTwin(twinId: string): LiveTwin | undefined {
  const { values } = useServices();
  const subscribe = useCallback((listener: () => void) => values.subscribe(twinId, listener), [values, twinId]);
  return useSyncExternalStore(subscribe, () => values.get(twinId));
}

/** One live path; re-renders only when this path of this twin changes. */
export function useLivePath(twinId: string, path: string | undefined): LivePath | undefined {
  const { values } = useServices();
  const subscribe = useCallback((listener: () => void) => values.subscribe(twinId, listener), [values, twinId]);
  return useSyncExternalStore(subscribe, () => (path === undefined ? undefined : values.get(twinId)?.paths[path]));
}

/** The names of a twin's live paths, as one string so that it is stable between frames. */
export function useLivePathNames(twinId: string): readonly string[] {
  const { values } = useServices();
  const subscribe = useCallback((listener: () => void) => values.subscribe(twinId, listener), [values, twinId]);
  const joined = useSyncExternalStore(subscribe, () => Object.keys(values.get(twinId)?.paths ?? {}).join('\n'));
  return joined === '' ? [] : joined.split('\n');
}
