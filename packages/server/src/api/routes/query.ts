import type { FastifyInstance } from 'fastify';
import { DoppelError } from '@doppel/core';
import type { ErrorCode } from '@doppel/core';
import { QueryError, QuerySyntaxError } from '@doppel/query';
import type { QueryResult } from '@doppel/query';
import type { PlatformServices } from '../../services.js';

/** The page size when neither the body nor `max-items-per-page` gives one, and the largest allowed. */
const PAGE_SIZE_DEFAULT = 1_000;
const PAGE_SIZE_MAX = 10_000;
/** Azure Digital Twins' own limit on query text; long AND chains also nest deeply when evaluated. */
const QUERY_TEXT_MAX = 8_000;

interface QueryBody {
  readonly query?: unknown;
  readonly continuationToken?: unknown;
  readonly pageSize?: unknown;
}

/**
 * `POST /api/v1/query`, Azure Digital Twins' query API: `{ "query": "SELECT …", "continuationToken"? }`
 * → `{ "value": [...], "continuationToken"? }`; `EXPLAIN SELECT …` returns the plan in `explain`.
 */
export function registerQueryRoutes(api: FastifyInstance, services: PlatformServices): void {
  api.post('/query', async (request): Promise<QueryResult> => {
    const body = (request.body ?? {}) as QueryBody;
    if (typeof body.query !== 'string' || body.query.trim() === '') {
      throw new DoppelError('request.invalid', 'send {"query": "SELECT … FROM DIGITALTWINS …"}', {
        details: [{ pointer: '/query', message: 'a non-empty string is required' }],
      });
    }
    if (body.query.length > QUERY_TEXT_MAX) {
      throw new DoppelError('request.invalid', `the query is longer than ${QUERY_TEXT_MAX} characters`, {
        details: [{ pointer: '/query', message: `${body.query.length} characters; shorten it (ADT allows 8,000)` }],
      });
    }
    if (body.continuationToken !== undefined && typeof body.continuationToken !== 'string') {
      throw new DoppelError('request.invalid', '"continuationToken" must be the string a previous page returned', {
        details: [{ pointer: '/continuationToken', message: 'a string is required' }],
      });
    }
    const pageSize = readPageSize(body.pageSize ?? request.headers['max-items-per-page']);
    try {
      return await services.queries.run(body.query, {
        pageSize,
        ...(body.continuationToken === undefined ? {} : { continuationToken: body.continuationToken }),
      });
    } catch (error) {
      if (error instanceof QueryError || error instanceof QuerySyntaxError) {
        throw new DoppelError(error.code as ErrorCode, error.message, {
          details: [{ pointer: '/query', message: error.message }],
        });
      }
      throw error;
    }
  });
}

function readPageSize(raw: unknown): number {
  if (raw === undefined) return PAGE_SIZE_DEFAULT;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > PAGE_SIZE_MAX) {
    throw new DoppelError('request.invalid', `the page size must be an integer from 1 to ${PAGE_SIZE_MAX}`, {
      details: [{ pointer: '/pageSize', message: `got ${String(raw)}` }],
    });
  }
  return size;
}
