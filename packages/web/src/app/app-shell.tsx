import { ConnectionIndicator } from '../features/connection/connection-indicator';
import { StatusFooter } from '../features/status-footer/status-footer';
import { TreePanel } from '../features/tree/tree-panel';
import { TwinDetailPanel } from '../features/twin-detail/twin-detail-panel';
import styles from './app-shell.module.css';

/** The operator screen: header, the twin tree beside (on a phone: above) the detail, figures below. */
export function AppShell() {
  return (
    <div className={styles.shell}>
      <header className={styles.header}>
        <span className={styles.brand}>Doppel</span>
        <nav className={styles.nav} aria-label="Sections">
          <span className={styles.navItemActive}>Twins</span>
        </nav>
        <ConnectionIndicator />
      </header>
      <main className={styles.main}>
        <TreePanel />
        <TwinDetailPanel />
      </main>
      <StatusFooter />
    </div>
  );
}
