import type { FastifyInstance } from 'fastify';
import type { PlatformServices } from '../../services.js';

/** Floor plans of spaces and the twins placed on them (docs/plans.md). */
export function registerPlanRoutes(api: FastifyInstance, services: PlatformServices): void {
  const { plans } = services;
  type SpaceParams = { spaceId: string };
  type PlacementParams = { spaceId: string; twinId: string };

  api.get('/plans', async () => ({ value: await plans.list() }));

  api.get('/plans/:spaceId', async (request, reply) => {
    const plan = await plans.get((request.params as SpaceParams).spaceId);
    return reply.header('ETag', plan.etag).send(plan);
  });

  api.put('/plans/:spaceId', async (request, reply) => {
    const { spaceId } = request.params as SpaceParams;
    const { plan, created } = await plans.put(spaceId, request.body);
    if (created) void reply.code(201).header('Location', `/api/v1/plans/${encodeURIComponent(spaceId)}`);
    return reply.header('ETag', plan.etag).send(plan);
  });

  api.delete('/plans/:spaceId', async (request, reply) => {
    await plans.delete((request.params as SpaceParams).spaceId);
    return reply.code(204).send();
  });

  api.put('/plans/:spaceId/placements/:twinId', async (request, reply) => {
    const { spaceId, twinId } = request.params as PlacementParams;
    const { placement, etag } = await plans.putPlacement(spaceId, twinId, request.body);
    return reply.header('ETag', etag).send(placement);
  });

  api.delete('/plans/:spaceId/placements/:twinId', async (request, reply) => {
    const { spaceId, twinId } = request.params as PlacementParams;
    await plans.deletePlacement(spaceId, twinId);
    return reply.code(204).send();
  });
}
