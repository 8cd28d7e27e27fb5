import type { FastifyInstance } from 'fastify';
import type { PlatformServices } from '../../services.js';

/** One Prometheus metric family in text exposition format 0.0.4. */
function family(
  name: string,
  type: 'counter' | 'gauge',
  help: string,
  samples: readonly [Record<string, string>, number][],
): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const [labels, value] of samples) {
    const text = Object.entries(labels)
      .map(([key, label]) => `${key}="${label.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
      .join(',');
    lines.push(`${name}${text === '' ? '' : `{${text}}`} ${value}`);
  }
  return lines.join('\n');
}

/** `GET /metrics` (Prometheus) and `GET /stats` (JSON for the UI), plus a liveness probe. */
export function registerMetricsRoutes(api: FastifyInstance, services: PlatformServices): void {
  const { pipeline, deadLetters, live, log, overload, broker, graph, state } = services;

  api.get('/metrics', async (_request, reply) => {
    const sources = Object.entries(pipeline.counters.snapshot());
    const perSource = (pick: (c: (typeof sources)[number][1]) => number): [Record<string, string>, number][] =>
      sources.map(([source, counters]) => [{ source }, pick(counters)]);
    const reasons = await deadLetters.countByReason();
    const logStats = log.stats();
    const memory = process.memoryUsage();
    const body = [
      family(
        'doppel_ingest_points_received_total',
        'counter',
        'Points received (an undecodable payload counts as one).',
        perSource((c) => c.receivedPoints),
      ),
      family(
        'doppel_ingest_points_applied_total',
        'counter',
        'Points written to the durable log and applied.',
        perSource((c) => c.appliedPoints),
      ),
      family(
        'doppel_ingest_points_deadlettered_total',
        'counter',
        'Points sent to the dead-letter queue.',
        perSource((c) => c.deadLetteredPoints),
      ),
      family(
        'doppel_ingest_points_failed_total',
        'counter',
        'Points not stored because of a storage error (never acknowledged).',
        perSource((c) => c.failedPoints),
      ),
      family(
        'doppel_ingest_messages_received_total',
        'counter',
        'Messages (MQTT publishes, HTTP requests) received.',
        perSource((c) => c.receivedMessages),
      ),
      family(
        'doppel_ingest_points_late_total',
        'counter',
        'Points older than the live value (logged, not applied to state).',
        [[{}, pipeline.counters.latePoints]],
      ),
      family('doppel_ingest_points_duplicate_total', 'counter', 'Points repeating the live sample (idempotent).', [
        [{}, pipeline.counters.duplicatePoints],
      ]),
      family('doppel_ingest_http_rejected_total', 'counter', 'HTTP ingest requests refused with 503 while saturated.', [
        [{}, pipeline.counters.rejectedRequests],
      ]),
      family(
        'doppel_ingest_mqtt_pauses_total',
        'counter',
        'Times an MQTT client was held back (saturation or ingress limit).',
        [[{}, pipeline.counters.mqttPauses]],
      ),
      family('doppel_ingest_queued_points', 'gauge', 'Points in flight between decode and durable append.', [
        [{}, pipeline.queued],
      ]),
      family('doppel_ingest_saturated', 'gauge', '1 when ingest is pushing back.', [
        [{}, pipeline.saturated() ? 1 : 0],
      ]),
      family(
        'doppel_deadletters_stored',
        'gauge',
        'Dead letters stored, by reason.',
        Object.entries(reasons).map(([reason, n]) => [{ reason }, n]),
      ),
      family('doppel_deadletters_evicted_total', 'counter', 'Oldest dead letters evicted beyond deadLettersMax.', [
        [{}, deadLetters.evicted()],
      ]),
      family('doppel_log_records_appended_total', 'counter', 'Records appended to the event log since start.', [
        [{}, logStats.appendedRecords],
      ]),
      family('doppel_log_group_commits_total', 'counter', 'Group commits of the event log since start.', [
        [{}, logStats.groupCommits],
      ]),
      family('doppel_log_bytes', 'gauge', 'Bytes of event log segments on disk.', [[{}, logStats.bytes]]),
      family('doppel_live_clients', 'gauge', 'Connected WebSocket clients.', [[{}, live.clientCount]]),
      family('doppel_live_frames_dropped_total', 'counter', 'Frames dropped for slow WebSocket clients.', [
        [{}, live.droppedFrames],
      ]),
      family('doppel_mqtt_clients', 'gauge', 'Connected MQTT clients.', [[{}, broker.stats().clients]]),
      family('doppel_event_loop_delay_p99_ms', 'gauge', 'p99 event-loop delay over the last second.', [
        [{}, overload.lastP99Ms],
      ]),
      family('doppel_event_loop_alarms_total', 'counter', 'Times the event-loop-lag alarm fired.', [
        [{}, overload.alarms],
      ]),
      family('doppel_freshness_series', 'gauge', 'Series whose freshness is tracked.', [
        [{}, services.freshness.tracker.stats().series],
      ]),
      family('doppel_freshness_stale_series', 'gauge', 'Series stale now.', [
        [{}, services.freshness.tracker.stats().stale],
      ]),
      family('doppel_freshness_transitions_total', 'counter', 'Series turning stale or fresh again since start.', [
        [{}, services.freshness.tracker.transitions],
      ]),
      family('doppel_commands_unfinished', 'gauge', 'Commands and desired values not finished.', [
        [{}, services.commands.unfinishedCount],
      ]),
      family('doppel_twins', 'gauge', 'Twins in the graph.', [[{}, graph.twinCount]]),
      family('doppel_state_paths', 'gauge', 'Live twin paths held in memory.', [[{}, state.size.paths]]),
      family('process_resident_memory_bytes', 'gauge', 'Resident memory.', [[{}, memory.rss]]),
    ].join('\n');
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(`${body}\n`);
  });

  api.get('/stats', async () => services.stats());

  api.get('/healthz', async () => ({ status: 'ok', saturated: pipeline.saturated() }));
}
