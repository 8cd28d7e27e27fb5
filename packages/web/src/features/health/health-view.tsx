import { useCallback } from 'react';
import { useServices } from '../../services/services-context';
import { DeadLettersSection } from './dead-letters-section';
import { FreshnessSection } from './freshness-section';
import { IngestSection } from './ingest-section';
import { HEALTH_REFRESH_MS } from './refresh-interval';
import { SourcesSection } from './sources-section';
import { UpdatedAgo } from './updated-ago';
import { useIngestHistory } from './use-ingest-history';
import { usePlatformMetrics } from './use-platform-metrics';
import { usePoll } from './use-poll';
import styles from './health.module.css';

/** Stale series listed (the API's default and the longest silences first). */
const STALE_SERIES_SHOWN = 100;

/**
 * The health page (`#/health`): what an operator checks to trust the pipeline. Ingest rates and
 * backpressure, dead letters (by reason, newest, replay), stale series and source connectivity,
 * refreshed every few seconds while the page is visible.
 */
export function HealthView() {
  const { rest } = useServices();
  const ingest = useIngestHistory();
  const metrics = usePlatformMetrics();
  const loadFreshness = useCallback(
    (signal: AbortSignal) => rest.getFreshness({ limit: STALE_SERIES_SHOWN }, signal),
    [rest],
  );
  const freshness = usePoll(loadFreshness, HEALTH_REFRESH_MS);
  const loadSources = useCallback((signal: AbortSignal) => rest.getSources(signal), [rest]);
  const sources = usePoll(loadSources, HEALTH_REFRESH_MS);
  const failing = [ingest.error, metrics.error, freshness.error, sources.error].some((error) => error !== undefined);

  return (
    <section className={styles.page} aria-labelledby="health-title">
      <div className={styles.content}>
        <header className={styles.pageHead}>
          <h1 id="health-title" className={styles.pageTitle}>
            Health
          </h1>
          <UpdatedAgo
            timesMs={[ingest.updatedMs, metrics.updatedMs, freshness.updatedMs, sources.updatedMs]}
            failing={failing}
          />
        </header>
        <IngestSection
          ingest={ingest}
          metrics={metrics.value}
          metricsError={metrics.error}
          lagHistory={metrics.lagHistory}
        />
        <DeadLettersSection metrics={metrics.value} />
        <FreshnessSection freshness={freshness} />
        <SourcesSection sources={sources} />
      </div>
    </section>
  );
}
