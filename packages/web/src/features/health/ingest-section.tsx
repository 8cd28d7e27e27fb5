import { formatCount } from '../../shared/format-value';
import { ProblemMessage } from '../../shared/problem-message';
import { BackpressurePanel } from './backpressure-panel';
import { FigureTile } from './figure-tile';
import { formatRate } from './format-figures';
import { rateSeries, recentRate } from './ingest-rates';
import type { PlatformMetrics } from './platform-metrics';
import { TransportTable } from './transport-table';
import type { IngestHistory } from './use-ingest-history';
import type { LagPoint } from './use-platform-metrics';
import styles from './health.module.css';

interface IngestSectionProps {
  readonly ingest: IngestHistory;
  readonly metrics: PlatformMetrics | undefined;
  readonly metricsError: unknown;
  readonly lagHistory: readonly LagPoint[];
}

const peak = (values: readonly number[]): number => values.reduce((max, value) => Math.max(max, value), 0);
const trendLabel = (values: readonly number[], unit: string): string =>
  `Last 2 minutes, peak ${formatRate(peak(values))}${unit}`;

/** Points received, applied and dead-lettered per second, what is queued, and how far behind the platform runs. */
export function IngestSection({ ingest, metrics, metricsError, lagHistory }: IngestSectionProps) {
  const { stats, samples } = ingest;
  const received = rateSeries(samples, 'receivedPoints');
  const applied = rateSeries(samples, 'appliedPoints');
  const deadLettered = rateSeries(samples, 'deadLetteredPoints');
  const deadLetteredNow = recentRate(samples, 'deadLetteredPoints');
  const lag = lagHistory.map((point) => point.p99Ms);
  const lagNow = metrics?.eventLoopDelayP99Ms ?? null;

  return (
    <section className={styles.section} aria-labelledby="health-ingest">
      <div className={styles.sectionHead}>
        <h2 id="health-ingest" className={styles.sectionTitle}>
          Ingest
        </h2>
        {stats !== undefined &&
          (stats.ingest.saturated ? (
            <span className={`${styles.badge} ${styles.badgeDanger}`} title="Ingest is pushing back on sources">
              Saturated
            </span>
          ) : (
            <span className={`${styles.badge} ${styles.badgeOk}`}>Accepting</span>
          ))}
        {ingest.error !== undefined && (
          <span className={styles.headEnd}>
            <ProblemMessage error={ingest.error} compact />
          </span>
        )}
      </div>
      {stats === undefined ? (
        <p className={styles.empty}>{ingest.error === undefined ? 'Loading figures…' : 'Figures unavailable.'}</p>
      ) : (
        <>
          <div className={styles.tiles}>
            <FigureTile
              label="Received"
              value={formatRate(recentRate(samples, 'receivedPoints'))}
              unit="/s"
              trend={received}
              trendLabel={trendLabel(received, '/s')}
              caption={`${formatCount(sumOf(stats, 'receivedPoints'))} points since start`}
              title="Points received from all transports per second, average of the last 10 s"
            />
            <FigureTile
              label="Applied"
              value={formatRate(recentRate(samples, 'appliedPoints'))}
              unit="/s"
              trend={applied}
              trendLabel={trendLabel(applied, '/s')}
              caption={`${formatCount(sumOf(stats, 'appliedPoints'))} applied`}
              title="Points written to the durable log and applied to twin state"
            />
            <FigureTile
              label="Dead-lettered"
              value={formatRate(deadLetteredNow)}
              unit="/s"
              trend={deadLettered}
              trendLabel={trendLabel(deadLettered, '/s')}
              tone="danger"
              alert={(deadLetteredNow ?? 0) > 0}
              caption={`${formatCount(sumOf(stats, 'deadLetteredPoints'))} since start`}
              title="Points that could not be applied and went to the dead-letter queue"
            />
            <FigureTile
              label="Queued"
              value={formatCount(stats.ingest.queuedPoints)}
              unit=" points"
              trend={samples.map((sample) => sample.queuedPoints)}
              trendLabel="Points in flight over the last 2 minutes"
              tone="muted"
              caption="between decode and durable append"
              title="Points admitted but not yet durable; ingest pushes back when this is full"
            />
            <FigureTile
              label="Event-loop delay p99"
              value={lagNow === null ? '–' : lagNow.toFixed(lagNow < 10 ? 1 : 0)}
              unit=" ms"
              trend={lag}
              trendLabel={`Last 2 minutes, peak ${peak(lag).toFixed(0)} ms`}
              tone="muted"
              alert={lagNow !== null && lagNow > 100}
              caption={
                metrics?.eventLoopAlarms === null || metrics === undefined
                  ? 'over the last second'
                  : `${formatCount(metrics.eventLoopAlarms)} lag alarms since start`
              }
              title="How late the platform's event loop runs timers (p99 over the last second); ingest pushes back when it lags"
            />
          </div>
          <div className={styles.split}>
            <TransportTable samples={samples} />
            <BackpressurePanel
              saturated={stats.ingest.saturated}
              liveDroppedFrames={stats.live.droppedFrames}
              metrics={metrics}
              metricsError={metricsError}
            />
          </div>
        </>
      )}
    </section>
  );
}

function sumOf(
  stats: NonNullable<IngestHistory['stats']>,
  counter: 'receivedPoints' | 'appliedPoints' | 'deadLetteredPoints',
): number {
  return Object.values(stats.ingest.sources).reduce((sum, source) => sum + source[counter], 0);
}
