import type { FastifyInstance } from 'fastify';
import { DoppelError } from '@doppel/core';
import { readAssetModelRequest } from '../../analytics/asset-anomaly/asset-model-input.js';
import type { PlatformServices } from '../../services.js';
import { noteOf, requesterOf, timeOf } from '../report-fields.js';

/** Per-asset anomaly models (isolation forests trained on a window of normal operation; docs/models.md). */
export function registerAnomalyModelRoutes(api: FastifyInstance, services: PlatformServices): void {
  const models = services.productionModels.assetAnomaly;

  api.get('/anomaly-models', async () => ({ value: await models.list() }));

  api.put('/digitaltwins/:id/anomaly-model', async (request) => {
    const { id } = request.params as { id: string };
    if (services.graph.getTwin(id) === undefined) throw new DoppelError('twin.not-found', `no twin ${id}`);
    return models.train(id, readAssetModelRequest(request.body));
  });

  api.get('/digitaltwins/:id/anomaly-model', async (request) => {
    const { id } = request.params as { id: string };
    return models.view(id);
  });

  api.delete('/digitaltwins/:id/anomaly-model', async (request, reply) => {
    const { id } = request.params as { id: string };
    await models.delete(id);
    return reply.code(204).send();
  });

  api.post('/digitaltwins/:id/anomaly-model/retrain', async (request) => {
    const { id } = request.params as { id: string };
    return models.retrain(id);
  });

  api.post('/digitaltwins/:id/anomaly-model/missed', async (request, reply) => {
    const { id } = request.params as { id: string };
    const fields = (request.body ?? {}) as Record<string, unknown>;
    const note = noteOf(fields);
    const atMs = timeOf(fields, services.clock.nowMs());
    const alert = await models.reportMissed(id, atMs, requesterOf(fields, request.ip), note);
    return reply.code(201).send(alert);
  });
}
