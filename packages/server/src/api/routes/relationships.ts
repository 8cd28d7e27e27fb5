import type { FastifyInstance } from 'fastify';
import { relationshipToWire } from '../../graph/twin-record.js';
import type { PlatformServices } from '../../services.js';
import { pageOf, readPageRequest } from '../paging.js';
import { preconditionsOf } from '../request-headers.js';

type Query = Record<string, string | undefined>;
type Params = { id: string; relationshipId: string };

/** Relationships (`/digitaltwins/{id}/relationships/{relationshipId}`), Azure's shapes. */
export function registerRelationshipRoutes(api: FastifyInstance, services: PlatformServices): void {
  const { graph, limits } = services;

  api.get('/digitaltwins/:id/relationships', async (request) => {
    const { id } = request.params as { id: string };
    const query = request.query as Query;
    graph.requireTwin(id);
    return pageOf(
      graph.outgoingOf(id, query.relationshipName),
      readPageRequest(query, limits),
      request.url,
      relationshipToWire,
    );
  });

  api.get('/digitaltwins/:id/incomingrelationships', async (request) => {
    const { id } = request.params as { id: string };
    const query = request.query as Query;
    graph.requireTwin(id);
    return pageOf(graph.incomingOf(id, query.relationshipName), readPageRequest(query, limits), request.url, (rel) => ({
      relationshipId: rel.id,
      sourceId: rel.sourceId,
      relationshipName: rel.name,
      relationshipLink: `/digitaltwins/${rel.sourceId}/relationships/${rel.id}`,
    }));
  });

  api.get('/digitaltwins/:id/relationships/:relationshipId', async (request, reply) => {
    const { id, relationshipId } = request.params as Params;
    const rel = graph.requireRelationship(id, relationshipId);
    return reply.header('ETag', rel.etag).send(relationshipToWire(rel));
  });

  api.put('/digitaltwins/:id/relationships/:relationshipId', async (request, reply) => {
    const { id, relationshipId } = request.params as Params;
    const rel = await graph.putRelationship(id, relationshipId, request.body, preconditionsOf(request));
    return reply.header('ETag', rel.etag).send(relationshipToWire(rel));
  });

  api.delete('/digitaltwins/:id/relationships/:relationshipId', async (request, reply) => {
    const { id, relationshipId } = request.params as Params;
    await graph.deleteRelationship(id, relationshipId, preconditionsOf(request));
    return reply.code(204).send();
  });
}
