import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import type { Logger } from '@doppel/core';
import { DoppelError, toDoppelError, toProblemDetails } from '@doppel/core';
import type { PlatformServices } from '../services.js';
import { OPENAPI_DOCUMENT } from './openapi.js';
import { registerCommandRoutes } from './routes/commands.js';
import { registerWorkOrderRoutes } from './routes/work-orders.js';
import { registerAlertRoutes } from './routes/alerts.js';
import { registerDetectorRoutes } from './routes/detectors.js';
import { registerAnomalyModelRoutes } from './routes/anomaly-models.js';
import { registerMlModelRoutes } from './routes/ml-models.js';
import { registerMaintenanceRoutes } from './routes/maintenance.js';
import { registerConsistencyRoutes } from './routes/consistency.js';
import { registerDeadLetterRoutes } from './routes/deadletters.js';
import { registerFreshnessRoutes } from './routes/freshness.js';
import { registerHistoryRoutes } from './routes/history.js';
import { registerHistoryExportRoute } from './routes/history-export.js';
import { registerIngestRoutes } from './routes/ingest.js';
import { registerLiveRoute } from './routes/live.js';
import { registerMetricsRoutes } from './routes/metrics.js';
import { registerModelRoutes } from './routes/models.js';
import { registerPlanRoutes } from './routes/plans.js';
import { registerGraphRoutes } from './routes/graph.js';
import { registerQueryRoutes } from './routes/query.js';
import { registerRelationshipRoutes } from './routes/relationships.js';
import { registerTreeRoutes } from './routes/tree.js';
import { registerTwinRoutes } from './routes/twins.js';

export const API_PREFIX = '/api/v1';

/** Sends an error as RFC 9457 problem+json with its catalog code. */
export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: DoppelError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) void reply.header(name, value);
  return reply.code(error.status).type('application/problem+json').send(toProblemDetails(error, request.url));
}

/** Fastify's own errors (body parsing, limits) mapped onto the catalog. */
function fromFastifyError(error: FastifyError): DoppelError {
  if (error instanceof DoppelError) return error;
  switch (error.statusCode ?? 500) {
    case 400:
      return new DoppelError('request.invalid', error.message, { cause: error });
    case 413:
      return new DoppelError('request.body-too-large', error.message, { cause: error });
    case 415:
      return new DoppelError('request.unsupported-media-type', error.message, { cause: error });
    default:
      return toDoppelError(error);
  }
}

/** Builds the HTTP server: REST API, WebSocket, OpenAPI and docs, and the web UI. */
export async function createHttpServer(
  services: PlatformServices,
  options: { webDir: string | undefined; logger: Logger },
): Promise<FastifyInstance> {
  const { limits } = services;
  const app = Fastify({
    bodyLimit: limits.requestBodyBytesMax,
    routerOptions: { maxParamLength: 2_048 },
    logger: false,
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = fromFastifyError(error);
    if (problem.code === 'internal.error') {
      options.logger.error('request failed', {
        method: request.method,
        url: request.url,
        error: error.message,
        stack: error.stack,
      });
    }
    return sendProblem(reply, request, problem);
  });

  await app.register(fastifySwagger, { mode: 'static', specification: { document: OPENAPI_DOCUMENT as never } });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get(`${API_PREFIX}/openapi.json`, { schema: { hide: true } }, async () => OPENAPI_DOCUMENT);
  await app.register(fastifyWebsocket, { options: { maxPayload: limits.liveFrameBytesMax } });

  await app.register(
    async (api) => {
      registerModelRoutes(api, services);
      registerTwinRoutes(api, services);
      registerRelationshipRoutes(api, services);
      registerQueryRoutes(api, services);
      registerGraphRoutes(api, services);
      registerTreeRoutes(api, services);
      registerDeadLetterRoutes(api, services);
      registerFreshnessRoutes(api, services);
      registerCommandRoutes(api, services);
      registerWorkOrderRoutes(api, services);
      registerAlertRoutes(api, services);
      registerDetectorRoutes(api, services);
      registerAnomalyModelRoutes(api, services);
      await api.register(async (scope) => registerMlModelRoutes(scope, services));
      registerMaintenanceRoutes(api, services);
      registerPlanRoutes(api, services);
      registerConsistencyRoutes(api, services);
      registerHistoryRoutes(api, services);
      registerHistoryExportRoute(api, services);
      registerMetricsRoutes(api, services);
      registerLiveRoute(api, services);
      await api.register(async (ingest) => registerIngestRoutes(ingest, services));
    },
    { prefix: API_PREFIX },
  );

  const webDir = options.webDir;
  const hasUi = webDir !== undefined && existsSync(join(webDir, 'index.html'));
  if (hasUi) await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || !hasUi || request.method !== 'GET') {
      return sendProblem(
        reply,
        request,
        new DoppelError('request.route-not-found', `no route for ${request.method} ${request.url.split('?')[0]}`),
      );
    }
    // The UI routes on the client: unknown paths get the app shell.
    return reply.sendFile('index.html');
  });
  return app;
}
