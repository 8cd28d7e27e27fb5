import type { ReactNode } from 'react';
import { ConnectionIndicator } from '../features/connection/connection-indicator';
import { AlertsView } from '../features/alerts/alerts-view';
import { OpenAlertCount } from '../features/alerts/open-alert-count';
import { HealthView } from '../features/health/health-view';
import { ModelsRoute } from '../features/ml-models/models-route';
import { PlanView } from '../features/plans/plan-view';
import { QueryConsole } from '../features/query-console/query-console';
import { ThreeDRoute } from '../features/three-d/three-d-route';
import { StatusFooter } from '../features/status-footer/status-footer';
import { TreePanel } from '../features/tree/tree-panel';
import { TwinDetailPanel } from '../features/twin-detail/twin-detail-panel';
import type { Route } from '../routing/route';
import { routeHash, useRoute } from '../routing/route';
import styles from './app-shell.module.css';
import { ThemeToggle } from './theme-toggle';

/** The sections of the header, each a link to its view (so every view has a URL). */
const SECTIONS: readonly { readonly view: Route['view']; readonly label: string; readonly route: Route }[] = [
  { view: 'twins', label: 'Twins', route: { view: 'twins', twinId: null } },
  { view: 'plans', label: 'Plans', route: { view: 'plans', spaceId: null, twinId: null } },
  { view: 'query', label: 'Query', route: { view: 'query', text: null } },
  { view: '3d', label: '3D', route: { view: '3d', twinId: null } },
  { view: 'alerts', label: 'Alerts', route: { view: 'alerts', twinId: null } },
  { view: 'models', label: 'Models', route: { view: 'models', twinId: null } },
  { view: 'health', label: 'Health', route: { view: 'health' } },
];

/** The operator screen: header with the sections, the current view, figures below. */
export function AppShell() {
  const route = useRoute();
  return (
    <div className={styles.shell}>
      <header className={styles.header}>
        <span className={styles.brand}>Doppel</span>
        <nav className={styles.nav} aria-label="Sections">
          {SECTIONS.map((section) => (
            <a
              key={section.view}
              href={routeHash(section.route)}
              className={route.view === section.view ? styles.navItemActive : styles.navItem}
              aria-current={route.view === section.view ? 'page' : undefined}
            >
              {section.label}
              {section.view === 'alerts' && <OpenAlertCount />}
            </a>
          ))}
        </nav>
        <ThemeToggle />
        <ConnectionIndicator />
      </header>
      {view(route)}
      <StatusFooter />
    </div>
  );
}

function view(route: Route): ReactNode {
  switch (route.view) {
    case 'plans':
      return (
        <main className={styles.single}>
          <PlanView spaceId={route.spaceId} twinId={route.twinId} from={route.from} to={route.to} />
        </main>
      );
    case '3d':
      return (
        <main className={styles.single}>
          <ThreeDRoute twinId={route.twinId} from={route.from} to={route.to} />
        </main>
      );
    case 'alerts':
      return (
        <main className={styles.single}>
          <AlertsView twinId={route.twinId} />
        </main>
      );
    case 'models':
      return (
        <main className={styles.single}>
          <ModelsRoute twinId={route.twinId} />
        </main>
      );
    case 'query':
      return (
        <main className={styles.single}>
          <QueryConsole />
        </main>
      );
    case 'health':
      return (
        <main className={styles.single}>
          <HealthView />
        </main>
      );
    case 'twins':
      return (
        <main className={styles.main}>
          <TreePanel />
          <TwinDetailPanel />
        </main>
      );
  }
}
