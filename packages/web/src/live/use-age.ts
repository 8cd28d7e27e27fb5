import { useSyncExternalStore } from 'react';
import { useServices } from '../services/services-context';
import { formatAge } from '../shared/format-age';
import { subscribeTicker } from './ticker';

const AGE_TICK_MS = 1_000;
const subscribeAgeTicker = (listener: () => void): (() => void) => subscribeTicker(AGE_TICK_MS, listener);

/** "3 s ago" for a platform time, updated every second; re-renders only when the text changes. */
export function useAge(timeMs: number): string {
  const { clock } = useServices();
  return useSyncExternalStore(subscribeAgeTicker, () => formatAge(clock.nowMs() - timeMs));
}
