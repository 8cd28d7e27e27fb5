import { useEffect, useRef } from 'react';
import { useServices } from '../services/services-context';

/**
 * Keeps the given twins subscribed while the component shows them. When the list changes only the
 * difference is subscribed or unsubscribed, so expanding a tree node does not resubscribe the rest.
 */
export function useRetainTwins(twinIds: readonly string[]): void {
  const { live } = useServices();
  const held = useRef(new Map<string, () => void>());

  useEffect(() => {
    const wanted = new Set(twinIds);
    for (const [id, release] of held.current) {
      if (!wanted.has(id)) {
        release();
        held.current.delete(id);
      }
    }
    for (const id of wanted) {
      if (!held.current.has(id)) held.current.set(id, live.retain([id]));
    }
  }, [live, twinIds]);

  useEffect(() => {
    const map = held.current;
    return () => {
      for (const release of map.values()) release();
      map.clear();
    };
  }, [live]);
}
