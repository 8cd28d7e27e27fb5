import { formatCount } from '../../shared/format-value';
import { ProblemMessage } from '../../shared/problem-message';
import type { PlatformMetrics } from './platform-metrics';
import styles from './health.module.css';

interface BackpressureProps {
  readonly saturated: boolean;
  readonly liveDroppedFrames: number;
  readonly metrics: PlatformMetrics | undefined;
  readonly metricsError: unknown;
}

/** Every way the platform held back or lost work since it started; zero everywhere is the goal. */
export function BackpressurePanel({ saturated, liveDroppedFrames, metrics, metricsError }: BackpressureProps) {
  const count = (value: number | null | undefined): string =>
    value === null || value === undefined ? '–' : formatCount(value);
  const rows: [label: string, value: string, alert: boolean, title: string][] = [
    ['Pushing back now', saturated ? 'yes' : 'no', saturated, 'Queue full or event loop lagging'],
    [
      'MQTT clients paused',
      count(metrics?.mqttPauses),
      (metrics?.mqttPauses ?? 0) > 0,
      'Times an MQTT client was held back (saturation or its rate limit)',
    ],
    [
      'HTTP requests refused',
      count(metrics?.httpRejected),
      (metrics?.httpRejected ?? 0) > 0,
      'HTTP ingest answered 503 + Retry-After while saturated',
    ],
    [
      'Points failed to store',
      count(metrics?.failedPoints),
      (metrics?.failedPoints ?? 0) > 0,
      'Storage errors: never acknowledged, the device resends',
    ],
    ['Late points', count(metrics?.latePoints), false, 'Older than the live value: logged, not applied to state'],
    ['Duplicate points', count(metrics?.duplicatePoints), false, 'Repeats of the live sample (idempotent)'],
    [
      'Live frames dropped',
      formatCount(liveDroppedFrames),
      liveDroppedFrames > 0,
      'Frames dropped for slow WebSocket clients, which were resynced',
    ],
  ];
  return (
    <div className={styles.panel}>
      <h3 className={styles.panelTitle}>Backpressure since start</h3>
      {metricsError !== undefined && <ProblemMessage error={metricsError} compact />}
      <dl className={styles.facts}>
        {rows.map(([label, value, alert, title]) => (
          <div key={label} className={styles.fact} title={title}>
            <dt>{label}</dt>
            <dd className={alert ? styles.alertText : undefined}>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
