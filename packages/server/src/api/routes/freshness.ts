import type { FastifyInstance } from 'fastify';
import { DoppelError } from '@doppel/core';
import type { PlatformServices } from '../../services.js';

const STALE_LIST_MAX = 1_000;

/** Freshness of the platform's series and connectivity of its sources (docs/sync.md). */
export function registerFreshnessRoutes(api: FastifyInstance, services: PlatformServices): void {
  const { freshness } = services;

  api.get('/freshness', async (request) => {
    const { limit: limitText } = request.query as { limit?: string };
    const limit = limitText === undefined ? 100 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 0 || limit > STALE_LIST_MAX) {
      throw new DoppelError('request.invalid', `"limit" must be a whole number from 0 to ${STALE_LIST_MAX}`);
    }
    const stats = freshness.tracker.stats();
    return {
      series: stats.series,
      staleSeries: stats.stale,
      staleFactor: freshness.config.staleFactor,
      tickMs: freshness.config.tickMs,
      declaredRules: freshness.rules.size,
      sources: freshness.sources.counts(),
      // Oldest first: the longest silences are the ones to look at.
      stale: freshness.tracker.staleSeries(limit).map((series) => ({
        twinId: series.twinId,
        path: series.path,
        staleSinceMs: series.atMs,
        reason: series.reason,
        cadenceMs: series.cadenceMs === 0 ? null : series.cadenceMs,
        lastReceivedMs: series.lastReceivedMs,
        source: series.source,
      })),
    };
  });

  /** Twins degraded now, by the roll-up events (freshness-rollup-watch.ts). */
  api.get('/freshness/degraded', async () => ({
    value: freshness.rollups.degradedTwins().map((twinId) => ({ twinId, ...freshness.rollups.statusOf(twinId) })),
  }));

  /** The twin's own freshness rolled up with the twins below it: `degraded` if a critical series is stale. */
  api.get('/digitaltwins/:id/freshness', async (request) => {
    const { id } = request.params as { id: string };
    services.graph.requireTwin(id);
    return freshness.rollup(id);
  });

  /** The twin's freshness transitions kept in history (`from`/`to` ISO or epoch ms; default the last day). */
  api.get('/digitaltwins/:id/freshness/history', async (request) => {
    const { id } = request.params as { id: string };
    services.graph.requireTwin(id);
    const query = request.query as { path?: string; from?: string; to?: string; limit?: string };
    const nowMs = services.clock.nowMs();
    const toMs = query.to === undefined ? nowMs + 1 : timeOf(query.to, 'to');
    const fromMs = query.from === undefined ? toMs - 86_400_000 : timeOf(query.from, 'from');
    if (toMs < fromMs) throw new DoppelError('history.range-invalid', `"from" must not be after "to"`);
    const limit = query.limit === undefined ? 1_000 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      throw new DoppelError('request.invalid', '"limit" must be a whole number from 1 to 10000');
    }
    const events = await freshness.transitionsOf({
      twinId: id,
      ...(query.path === undefined ? {} : { path: query.path }),
      fromMs,
      toMs,
      limit,
    });
    if (events === undefined)
      throw new DoppelError('history.unavailable', 'history is disabled on this platform: transitions are not kept');
    return { value: events };
  });

  api.get('/sources', async () => ({
    value: freshness.sources.list(services.clock.nowMs()).sort((a, b) => a.id.localeCompare(b.id)),
  }));

  /** A sign of life from a source that has no data to send (an HTTP device, a quiet gateway). */
  api.post('/sources/:id/heartbeat', async (request, reply) => {
    const { id } = request.params as { id: string };
    if (id.length === 0 || id.length > 256)
      throw new DoppelError('request.invalid', 'a source id has 1 to 256 characters');
    freshness.heartbeat(id);
    return reply.code(204).send();
  });

  api.get('/sources/:id', async (request) => {
    const { id } = request.params as { id: string };
    const source = freshness.sources.get(id, services.clock.nowMs());
    if (source === undefined) throw new DoppelError('source.not-found', `no source ${id} has been seen`);
    return source;
  });
}

function timeOf(text: string, name: string): number {
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (Number.isNaN(ms)) throw new DoppelError('request.invalid', `"${name}" must be ISO 8601 or epoch milliseconds`);
  return ms;
}
