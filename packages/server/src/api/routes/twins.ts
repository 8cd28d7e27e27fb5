import type { FastifyInstance } from 'fastify';
import type { DigitalTwin, PathState, TwinState } from '@doppel/protocol';
import type { StoredTwin } from '../../graph/registry.js';
import { twinDocument } from '../../query/twin-document.js';
import type { PlatformServices } from '../../services.js';
import { toPathState } from '../../state/twin-state-store.js';
import { pageOf, readPageRequest } from '../paging.js';
import { preconditionsOf } from '../request-headers.js';

type Query = Record<string, string | undefined>;

/** Digital twins (`/digitaltwins/{id}`) in Azure Digital Twins' shapes, plus live state. */
export function registerTwinRoutes(api: FastifyInstance, services: PlatformServices): void {
  const { graph, state, limits } = services;

  /** The stored twin with the device-reported properties of live state laid over it. */
  const withReported = (twin: StoredTwin): DigitalTwin => twinDocument(twin, state.get(twin.id), { telemetry: false });

  api.get('/digitaltwins', async (request) => {
    const query = request.query as Query;
    const page = readPageRequest(query, limits);
    const ids = graph.twinIds(query.model);
    return pageOf(ids, page, request.url, (id) => withReported(graph.requireTwin(id)));
  });

  api.get('/digitaltwins/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const twin = graph.requireTwin(id);
    return reply.header('ETag', twin.etag).send(withReported(twin));
  });

  api.put('/digitaltwins/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const twin = await graph.putTwin(id, request.body, preconditionsOf(request));
    return reply.header('ETag', twin.etag).send(withReported(twin));
  });

  api.patch('/digitaltwins/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const twin = await graph.patchTwin(id, request.body, preconditionsOf(request));
    return reply.code(204).header('ETag', twin.etag).send();
  });

  api.delete('/digitaltwins/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    await graph.deleteTwin(id, preconditionsOf(request));
    return reply.code(204).send();
  });

  api.get('/digitaltwins/:id/state', async (request): Promise<TwinState> => {
    const { id } = request.params as { id: string };
    const twin = graph.requireTwin(id);
    const paths: Record<string, PathState> = {};
    const freshness = services.freshness.twinFreshness(id);
    const missing: Record<string, { cadenceMs: number }> = {};
    for (const [path, value] of state.get(id) ?? []) {
      const judged = services.quality.qualityOf(id, path, value.reportedQuality);
      const pathFreshness = freshness.get(path);
      const resolution = services.consistency.resolutionOf(id, path);
      paths[path] = {
        ...toPathState(value),
        ...pathFreshness,
        quality: judged.quality,
        qualityReason: judged.reason,
        confidence: services.consistency.confidence(id, path, value, pathFreshness?.cadenceMs ?? 0, judged.quality),
        ...(resolution === undefined ? {} : { resolution }),
      };
    }
    for (const [path, { freshness: state, cadenceMs }] of freshness) {
      if (state === 'missing' && cadenceMs !== null) missing[path] = { cadenceMs };
    }
    return { $dtId: twin.id, $model: twin.modelId, paths, ...(Object.keys(missing).length > 0 ? { missing } : {}) };
  });
}
