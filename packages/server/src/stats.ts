import type { PlatformStats } from '@doppel/protocol';
import type { PlatformServices } from './services.js';

const RATE_WINDOW_MS = 10_000;

/** Builds the figures of GET /api/v1/stats (and the UI footer); keeps its own rate window. */
export function createStatsCollector(): (services: PlatformServices) => PlatformStats {
  const samples: { timeMs: number; applied: number }[] = [];
  return (services) => {
    const { pipeline, graph, deadLetters, live } = services;
    const nowMs = Date.now();
    const applied = pipeline.counters.totalApplied();
    samples.push({ timeMs: nowMs, applied });
    while (samples.length > 2 && (samples[0] as { timeMs: number }).timeMs < nowMs - RATE_WINDOW_MS) samples.shift();
    const oldest = samples[0] as { timeMs: number; applied: number };
    const spanMs = nowMs - oldest.timeMs;
    return {
      startedAt: new Date(services.startedMs).toISOString(),
      twins: graph.twinCount,
      models: graph.models.size,
      ingest: {
        sources: pipeline.counters.snapshot(),
        appliedPointsPerSecond: spanMs > 0 ? Math.round(((applied - oldest.applied) * 1000) / spanMs) : 0,
        queuedPoints: pipeline.queued,
        saturated: pipeline.saturated(),
      },
      deadLetters: { stored: deadLetters.count() },
      live: { clients: live.clientCount, droppedFrames: live.droppedFrames },
    };
  };
}
