import { useSyncExternalStore } from 'react';
import type { ConnectionStatus } from '../../api/connection-status';
import { useServices } from '../../services/services-context';
import styles from './connection-indicator.module.css';

function describe(status: ConnectionStatus): { label: string; tone: 'live' | 'pending' | 'down'; detail: string } {
  switch (status.state) {
    case 'live':
      return { label: 'Live', tone: 'live', detail: 'Values update as they arrive.' };
    case 'connecting':
      return { label: 'Connecting…', tone: 'pending', detail: 'Opening the live connection.' };
    case 'reconnecting':
      return {
        label: 'Reconnecting…',
        tone: 'pending',
        detail: `Live connection lost (${status.reason}); attempt ${status.attempt}. Values may be out of date.`,
      };
    case 'incompatible':
      return { label: 'Reload needed', tone: 'down', detail: status.reason };
    case 'stopped':
      return { label: 'Offline', tone: 'down', detail: 'The live connection is closed.' };
  }
}

/** Whether values on screen are live: the state of the WebSocket connection. */
export function ConnectionIndicator() {
  const { live } = useServices();
  const status = useSyncExternalStore(live.status.subscribe, live.status.get);
  const dropped = useSyncExternalStore(live.droppedFrames.subscribe, live.droppedFrames.get);
  const { label, tone, detail } = describe(status);
  const title = dropped > 0 ? `${detail}\n${dropped} frames dropped because this page fell behind.` : detail;
  return (
    <span className={`${styles.indicator} ${styles[tone]}`} title={title} role="status" aria-live="polite">
      <span className={styles.dot} />
      {label}
    </span>
  );
}
