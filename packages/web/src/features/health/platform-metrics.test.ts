import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readPlatformMetrics } from './platform-metrics';

const METRICS = `# HELP doppel_ingest_points_failed_total Points not stored.
# TYPE doppel_ingest_points_failed_total counter
doppel_ingest_points_failed_total{source="mqtt"} 2
doppel_ingest_points_failed_total{source="http"} 1
doppel_ingest_mqtt_pauses_total 4
doppel_deadletters_stored{reason="twin.not-found"} 7
doppel_deadletters_stored{reason="validation.type-mismatch"} 3
doppel_event_loop_delay_p99_ms 10.98
`;

void describe('readPlatformMetrics', () => {
  test('reads the figures, summing over labels', () => {
    const metrics = readPlatformMetrics(METRICS);
    assert.equal(metrics.failedPoints, 3);
    assert.equal(metrics.mqttPauses, 4);
    assert.equal(metrics.eventLoopDelayP99Ms, 10.98);
    assert.deepEqual(metrics.deadLettersByReason, { 'twin.not-found': 7, 'validation.type-mismatch': 3 });
  });

  test('gives null for figures the platform does not expose', () => {
    const metrics = readPlatformMetrics('');
    assert.equal(metrics.httpRejected, null);
    assert.deepEqual(metrics.deadLettersByReason, {});
  });
});
