import { navigate, parseRoute, useRoute } from './route';

/**
 * The selected twin, from the route (route.ts): `#/twins/<id>`, or a plan's or the 3D view's
 * `?twin=<id>` (and the alerts and models pages'). Selecting a twin keeps the current view (a twin chosen on a plan stays on the plan).
 */
export function useSelectedTwin(): string | null {
  const route = useRoute();
  return route.view === 'twins' ||
    route.view === 'plans' ||
    route.view === '3d' ||
    route.view === 'alerts' ||
    route.view === 'models'
    ? route.twinId
    : null;
}

export function selectTwin(twinId: string | null): void {
  const route = parseRoute(window.location.hash);
  if (route.view === 'plans' || route.view === '3d' || route.view === 'alerts' || route.view === 'models')
    navigate({ ...route, twinId });
  else navigate({ view: 'twins', twinId });
}
