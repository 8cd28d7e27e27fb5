import { useSyncExternalStore } from 'react';

/**
 * The selected twin lives in the URL hash (`#/twins/<id>`), so that a twin can be linked to, the
 * back button works, and the platform needs no history fallback route. Later screens (floor plans,
 * query console) add their own hash routes beside this one.
 */
const TWIN_ROUTE = '#/twins/';

function readSelectedTwin(): string | null {
  const hash = window.location.hash;
  if (!hash.startsWith(TWIN_ROUTE)) return null;
  try {
    return decodeURIComponent(hash.slice(TWIN_ROUTE.length)) || null;
  } catch {
    return null;
  }
}

function subscribeHash(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useSelectedTwin(): string | null {
  return useSyncExternalStore(subscribeHash, readSelectedTwin);
}

export function selectTwin(twinId: string): void {
  const hash = `${TWIN_ROUTE}${encodeURIComponent(twinId)}`;
  if (window.location.hash !== hash) window.location.hash = hash;
}
