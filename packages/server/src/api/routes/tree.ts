import type { FastifyInstance } from 'fastify';
import type { TreeNode } from '@doppel/protocol';
import type { PlatformServices } from '../../services.js';
import { pageOf, readPageRequest } from '../paging.js';

type Query = Record<string, string | undefined>;

/**
 * The navigation tree, one level at a time (`GET /tree?parentId=`), so the UI never loads the
 * whole graph: roots are twins without an incoming `contains`; children follow `contains`.
 */
export function registerTreeRoutes(api: FastifyInstance, services: PlatformServices): void {
  const { graph, limits } = services;
  api.get('/tree', async (request) => {
    const query = request.query as Query;
    const relationshipName = query.relationshipName ?? 'contains';
    const parentId = query.parentId;
    const ids =
      parentId === undefined || parentId === ''
        ? graph.rootIds(relationshipName)
        : (graph.requireTwin(parentId), graph.outgoingOf(parentId, relationshipName).map((rel) => rel.targetId));
    return pageOf(ids, readPageRequest(query, limits), request.url, (id): TreeNode => {
      const twin = graph.requireTwin(id);
      const name = twin.properties.name ?? twin.properties.displayName;
      return {
        $dtId: twin.id,
        $model: twin.modelId,
        label: typeof name === 'string' && name !== '' ? name : twin.id,
        childCount: graph.outgoingOf(id, relationshipName).length,
      };
    });
  });
}
