import type { FastifyInstance } from 'fastify';
import { DoppelError } from '@doppel/core';
import type { ModelData } from '@doppel/protocol';
import type { StoredModel } from '../../graph/registry.js';
import type { PlatformServices } from '../../services.js';
import { pageOf, readPageRequest } from '../paging.js';

type Query = Record<string, string | undefined>;

function modelToWire(model: StoredModel, includeDefinition: boolean): ModelData {
  const doc = (model.document ?? {}) as Record<string, unknown>;
  const lang = (value: unknown): Record<string, string> | undefined =>
    typeof value === 'string'
      ? { en: value }
      : typeof value === 'object' && value !== null
        ? (value as Record<string, string>)
        : undefined;
  const displayName = lang(doc.displayName);
  const description = lang(doc.description);
  return {
    id: model.id,
    ...(displayName === undefined ? {} : { displayName }),
    ...(description === undefined ? {} : { description }),
    uploadTime: new Date(model.uploadTimeMs).toISOString(),
    decommissioned: model.decommissioned,
    ...(includeDefinition ? { model: model.document } : {}),
  };
}

/** Models, in Azure Digital Twins' data-plane shapes (`/models`). */
export function registerModelRoutes(api: FastifyInstance, services: PlatformServices): void {
  const { graph, limits } = services;

  api.post('/models', async (request, reply) => {
    if (!Array.isArray(request.body)) {
      throw new DoppelError('request.invalid', 'the body must be a JSON array of DTDL interface documents');
    }
    const stored = await graph.models.add(request.body);
    return reply.code(201).send(stored.map((model) => modelToWire(model, true)));
  });

  api.get('/models', async (request) => {
    const query = request.query as Query;
    const include = query.includeModelDefinition === 'true';
    const page = readPageRequest(query, limits);
    return pageOf(graph.models.list(), page, request.url, (model) => modelToWire(model, include));
  });

  api.get('/models/:id', async (request) => {
    const { id } = request.params as { id: string };
    return modelToWire(graph.models.require(id), (request.query as Query).includeModelDefinition !== 'false');
  });

  // Azure's only model update: [{ "op": "replace", "path": "/decommissioned", "value": true }].
  api.patch('/models/:id', async (request) => {
    const { id } = request.params as { id: string };
    const patch = request.body;
    const op = Array.isArray(patch) && patch.length === 1 ? (patch[0] as Record<string, unknown>) : undefined;
    if (op?.op !== 'replace' || op.path !== '/decommissioned' || typeof op.value !== 'boolean') {
      throw new DoppelError(
        'request.invalid',
        'the only model update is [{"op":"replace","path":"/decommissioned","value":true}]',
      );
    }
    return modelToWire(await graph.models.setDecommissioned(id, op.value), false);
  });

  api.delete('/models/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    await graph.models.delete(id, (modelId) => graph.isModelInUse(modelId));
    return reply.code(204).send();
  });
}
