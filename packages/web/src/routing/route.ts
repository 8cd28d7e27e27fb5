import { useSyncExternalStore } from 'react';

/**
 * Every view has a URL in the hash (so a view can be linked to, the back button works, and the
 * platform needs no history fallback route):
 *
 * - `#/twins/<id>`: the twin tree with a twin's detail;
 * - `#/plans/<spaceId>[?twin=<id>][&from=<iso>&to=<iso>]`: the floor plan of a space (a floor, any
 *   space), with a twin's detail, live or replayed over a past range;
 * - `#/3d[?twin=<id>][&from=<iso>&to=<iso>]`: the site in 3D, with a twin's detail, live or replayed;
 * - `#/alerts[?twin=<id>]`: open and recently cleared alerts, with a twin's detail;
 * - `#/models[?twin=<id>]`: ONNX models, their bindings and the asset anomaly models, with a twin's detail;
 * - `#/query[?q=<text>]`: the query console;
 * - `#/health`: dead letters, ingest rates and lag.
 *
 * Anything else is the twin tree with nothing selected.
 */
export type Route =
  | { readonly view: 'twins'; readonly twinId: string | null }
  | {
      readonly view: 'plans';
      readonly spaceId: string | null;
      readonly twinId: string | null;
      /** A replay of the plan over [from, to) (ISO times); absent: live. */
      readonly from?: string;
      readonly to?: string;
    }
  | {
      readonly view: '3d';
      readonly twinId: string | null;
      /** A replay of the scene over [from, to) (ISO times); absent: live. */
      readonly from?: string;
      readonly to?: string;
    }
  | { readonly view: 'alerts'; readonly twinId: string | null }
  | { readonly view: 'models'; readonly twinId: string | null }
  | { readonly view: 'query'; readonly text: string | null }
  | { readonly view: 'health' };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?', 2);
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter((part) => part !== '');
  const segment = (index: number): string | null => {
    const raw = parts[index];
    if (raw === undefined) return null;
    try {
      return decodeURIComponent(raw) || null;
    } catch {
      return null;
    }
  };
  const from = params.get('from');
  const to = params.get('to');
  const range = from !== null && to !== null ? { from, to } : {};
  switch (parts[0] ?? '') {
    case 'plans':
      return { view: 'plans', spaceId: segment(1), twinId: params.get('twin'), ...range };
    case '3d':
      return { view: '3d', twinId: params.get('twin'), ...range };
    case 'alerts':
      return { view: 'alerts', twinId: params.get('twin') };
    case 'models':
      return { view: 'models', twinId: params.get('twin') };
    case 'query':
      return { view: 'query', text: params.get('q') };
    case 'health':
      return { view: 'health' };
    case 'twins':
      return { view: 'twins', twinId: segment(1) };
    default:
      return { view: 'twins', twinId: null };
  }
}

export function routeHash(route: Route): string {
  const withQuery = (path: string, params: Record<string, string | null>): string => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== null) query.set(key, value);
    const text = query.toString();
    return text === '' ? path : `${path}?${text}`;
  };
  switch (route.view) {
    case 'twins':
      return route.twinId === null ? '#/twins' : `#/twins/${encodeURIComponent(route.twinId)}`;
    case 'plans':
      return withQuery(route.spaceId === null ? '#/plans' : `#/plans/${encodeURIComponent(route.spaceId)}`, {
        twin: route.twinId,
        from: route.from ?? null,
        to: route.to ?? null,
      });
    case '3d':
      return withQuery('#/3d', { twin: route.twinId, from: route.from ?? null, to: route.to ?? null });
    case 'alerts':
      return withQuery('#/alerts', { twin: route.twinId });
    case 'models':
      return withQuery('#/models', { twin: route.twinId });
    case 'query':
      return withQuery('#/query', { q: route.text });
    case 'health':
      return '#/health';
  }
}

let cachedHash: string | undefined;
let cachedRoute: Route = { view: 'twins', twinId: null };

function readRoute(): Route {
  const hash = window.location.hash;
  if (hash !== cachedHash) {
    cachedHash = hash;
    cachedRoute = parseRoute(hash);
  }
  return cachedRoute;
}

function subscribeHash(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useRoute(): Route {
  return useSyncExternalStore(subscribeHash, readRoute);
}

export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const hash = routeHash(route);
  if (window.location.hash === hash) return;
  if (options.replace === true) window.history.replaceState(null, '', hash);
  else window.location.hash = hash;
  // replaceState fires no hashchange: tell the subscribers ourselves.
  if (options.replace === true) window.dispatchEvent(new HashChangeEvent('hashchange'));
}
