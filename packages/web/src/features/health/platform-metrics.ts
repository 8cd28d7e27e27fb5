import type { MetricSample } from './prometheus-text';
import { parsePrometheusText } from './prometheus-text';

/**
 * The figures of `/metrics` that `/stats` lacks: how far behind the platform runs (event-loop
 * delay), how often it pushed back on sources, and the stored dead letters by reason (exact: the
 * store counts them, no need to page through the letters). Null: not in this platform's metrics.
 */
export interface PlatformMetrics {
  readonly eventLoopDelayP99Ms: number | null;
  readonly eventLoopAlarms: number | null;
  readonly mqttPauses: number | null;
  readonly httpRejected: number | null;
  readonly failedPoints: number | null;
  readonly latePoints: number | null;
  readonly duplicatePoints: number | null;
  readonly liveDroppedFrames: number | null;
  readonly mqttClients: number | null;
  readonly deadLettersEvicted: number | null;
  readonly deadLettersByReason: Readonly<Record<string, number>>;
}

/** The sum of a metric's samples (over its labels), or null when it is absent. */
function total(samples: readonly MetricSample[], name: string): number | null {
  let sum: number | null = null;
  for (const sample of samples) if (sample.name === name) sum = (sum ?? 0) + sample.value;
  return sum;
}

export function readPlatformMetrics(text: string): PlatformMetrics {
  const samples = parsePrometheusText(text);
  const deadLettersByReason: Record<string, number> = {};
  for (const sample of samples) {
    const reason = sample.labels.reason;
    if (sample.name === 'doppel_deadletters_stored' && reason !== undefined && sample.value > 0) {
      deadLettersByReason[reason] = sample.value;
    }
  }
  return {
    eventLoopDelayP99Ms: total(samples, 'doppel_event_loop_delay_p99_ms'),
    eventLoopAlarms: total(samples, 'doppel_event_loop_alarms_total'),
    mqttPauses: total(samples, 'doppel_ingest_mqtt_pauses_total'),
    httpRejected: total(samples, 'doppel_ingest_http_rejected_total'),
    failedPoints: total(samples, 'doppel_ingest_points_failed_total'),
    latePoints: total(samples, 'doppel_ingest_points_late_total'),
    duplicatePoints: total(samples, 'doppel_ingest_points_duplicate_total'),
    liveDroppedFrames: total(samples, 'doppel_live_frames_dropped_total'),
    mqttClients: total(samples, 'doppel_mqtt_clients'),
    deadLettersEvicted: total(samples, 'doppel_deadletters_evicted_total'),
    deadLettersByReason,
  };
}
