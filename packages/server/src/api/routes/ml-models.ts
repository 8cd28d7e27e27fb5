import type { FastifyInstance } from 'fastify';
import { DoppelError } from '@doppel/core';
import { ONNX_MODEL_BYTES_MAX } from '../../analytics/onnx/onnx-model.js';
import type { PlatformServices } from '../../services.js';

/**
 * User ONNX models and their bindings to telemetry (docs/models.md). Registered in a scope of its
 * own: uploads are raw `application/octet-stream` bodies up to the model size limit.
 */
export function registerMlModelRoutes(api: FastifyInstance, services: PlatformServices): void {
  const { onnxModels, onnxBindings } = services.productionModels;
  api.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: ONNX_MODEL_BYTES_MAX },
    (_request, body, done) => done(null, body),
  );

  api.get('/ml-models', async () => ({ value: onnxModels.list() }));

  api.put('/ml-models/:name/versions/:version', async (request, reply) => {
    const { name, version } = request.params as { name: string; version: string };
    if (!Buffer.isBuffer(request.body))
      throw new DoppelError(
        'mlmodel.invalid',
        'send the ONNX file as the body with content-type application/octet-stream',
      );
    const { document, created } = await onnxModels.upload(name, version, new Uint8Array(request.body));
    return reply.code(created ? 201 : 200).send(document);
  });

  api.delete('/ml-models/:name/versions/:version', async (request, reply) => {
    const { name, version } = request.params as { name: string; version: string };
    const binding = onnxBindings.usedBy(name, version);
    if (binding !== undefined)
      throw new DoppelError('mlmodel.in-use', `binding ${binding} runs ${name} version ${version}`);
    await onnxModels.delete(name, version);
    return reply.code(204).send();
  });

  api.get('/ml-bindings', async () => ({ value: onnxBindings.list() }));

  api.get('/ml-bindings/:id', async (request) => onnxBindings.view((request.params as { id: string }).id));

  api.put('/ml-bindings/:id', async (request) =>
    onnxBindings.put((request.params as { id: string }).id, request.body ?? {}),
  );

  api.post('/ml-bindings/:id/promote', async (request) => onnxBindings.promote((request.params as { id: string }).id));

  api.delete('/ml-bindings/:id', async (request, reply) => {
    await onnxBindings.delete((request.params as { id: string }).id);
    return reply.code(204).send();
  });

  api.get('/digitaltwins/:id/models', async (request) => {
    const { id } = request.params as { id: string };
    if (services.graph.getTwin(id) === undefined) throw new DoppelError('twin.not-found', `no twin ${id}`);
    const assetModel = services.productionModels.assetAnomaly.scorerOf(id);
    return {
      anomalyModel: assetModel === undefined ? null : await services.productionModels.assetAnomaly.view(id),
      bindings: onnxBindings.twinBindings(id),
    };
  });
}
