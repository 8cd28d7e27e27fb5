import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DoppelError, isErrorCode } from '@doppel/core';
import type { IngestResult } from '@doppel/protocol';
import type { PlatformServices } from '../../services.js';
import { sendProblem } from '../http-server.js';

/**
 * HTTP ingest: `POST /digitaltwins/{id}/telemetry` (and `/properties/reported`) with the same
 * bodies as MQTT. The body is taken raw (any content type) so that malformed and oversized
 * payloads reach the pipeline and are dead-lettered with their bytes, like MQTT ones. Bodies
 * beyond 4× the payload limit are refused by the HTTP layer (413) before they are read whole.
 * 2xx only after the input is durable (invariant 2); 503 + Retry-After when saturated.
 */
export function registerIngestRoutes(api: FastifyInstance, services: PlatformServices): void {
  const { pipeline, limits, clock } = services;
  api.removeAllContentTypeParsers();
  api.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limits.payloadBytesMax * 4 }, (_request, body, done) =>
    done(null, body),
  );

  const handler = (kind: 'telemetry' | 'reported') =>
    async function ingest(request: FastifyRequest, reply: FastifyReply) {
      const { id } = request.params as { id: string };
      if (pipeline.saturated()) {
        pipeline.counters.rejectedRequests++;
        const retryAfter = String(limits.retryAfterSeconds);
        return sendProblem(
          reply,
          request,
          new DoppelError('ingest.overloaded', 'the ingest pipeline is saturated; nothing of this request was stored', {
            headers: { 'Retry-After': retryAfter },
          }),
        );
      }
      const body = request.body;
      const payload = body instanceof Uint8Array ? body : new Uint8Array(0);
      const outcome = await pipeline.submit({
        transport: 'http',
        topic: request.routeOptions.url ?? request.url,
        clientId: request.ip,
        twinId: id,
        kind,
        payload,
        receivedMs: clock.nowMs(),
      });
      const result: IngestResult = {
        received: outcome.points,
        applied: outcome.applied,
        deadLettered: outcome.deadLettered,
        errors: outcome.errors,
      };
      if (outcome.applied === 0 && outcome.errors.length > 0) {
        // Nothing applied: answer with the first reason's status, everything dead-lettered.
        const first = outcome.errors[0] as { code: string; message: string };
        const code = isErrorCode(first.code) ? first.code : 'request.invalid';
        const error = new DoppelError(code, `${first.message} (dead-lettered; see GET /api/v1/deadletters)`, {
          details: outcome.errors.map((e) => ({
            message: e.message,
            ...(e.pointer === undefined ? {} : { pointer: e.pointer }),
          })),
        });
        return sendProblem(reply, request, error);
      }
      return reply.code(200).send(result);
    };

  api.post('/digitaltwins/:id/telemetry', handler('telemetry'));
  api.post('/digitaltwins/:id/properties/reported', handler('reported'));
}
