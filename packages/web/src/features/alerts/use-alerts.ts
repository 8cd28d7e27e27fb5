import { useMemo, useSyncExternalStore } from 'react';
import type { AlertView } from '@doppel/protocol';
import type { AlertStore } from '../../live/alert-store';
import { useServices } from '../../services/services-context';

/** A selection of the page's alerts (open ones, a twin's), re-read when any alert changes. */
export function useAlerts(select: (store: AlertStore) => AlertView[]): AlertView[] {
  const { alerts } = useServices();
  const version = useSyncExternalStore(
    (listener) => alerts.subscribe(listener),
    () => alerts.version,
  );
  // `version` is in the list on purpose: it is what changes when the store does.
  return useMemo(() => select(alerts), [alerts, select, version]);
}
