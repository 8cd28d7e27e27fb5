import type { FastifyRequest } from 'fastify';
import type { Preconditions } from '../graph/twin-graph.js';

export function preconditionsOf(request: FastifyRequest): Preconditions {
  const ifMatch = request.headers['if-match'];
  const ifNoneMatch = request.headers['if-none-match'];
  return {
    ...(typeof ifMatch === 'string' ? { ifMatch } : {}),
    ...(typeof ifNoneMatch === 'string' ? { ifNoneMatch } : {}),
  };
}
