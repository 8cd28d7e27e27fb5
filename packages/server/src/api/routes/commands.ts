import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DoppelError } from '@doppel/core';
import type { CommandStatus, CommandView, Page } from '@doppel/protocol';
import { TERMINAL_COMMAND_STATUSES } from '@doppel/protocol';
import type { PlatformServices } from '../../services.js';
import { nextLinkOf } from '../paging.js';

type Query = Record<string, string | undefined>;
const STATUSES: readonly CommandStatus[] = ['pending', 'sent', 'acknowledged', ...TERMINAL_COMMAND_STATUSES];
/** Longest `?waitMs=` a caller may hold a request open for the device's answer. */
const WAIT_MS_MAX = 60_000;

/**
 * Commands to devices and desired values (docs/sync.md "Commands"): invoke, set, follow, list,
 * cancel. An invocation answers 202 with the command (and `Location`), or, with `?waitMs=N`,
 * waits up to N ms for its final status and answers 200 once it has one.
 */
export function registerCommandRoutes(api: FastifyInstance, services: PlatformServices): void {
  const { commands, limits } = services;
  const requester = (request: FastifyRequest): string => `http:${request.ip}`;

  const answer = async (request: FastifyRequest, reply: FastifyReply, created: CommandView): Promise<CommandView> => {
    const waitMs = waitParam((request.query as Query).waitMs);
    const view = waitMs === 0 ? created : await commands.waitFor(created.id, TERMINAL_COMMAND_STATUSES, waitMs);
    const done = TERMINAL_COMMAND_STATUSES.includes(view.status);
    return reply
      .code(done ? 200 : 202)
      .header('location', `/api/v1/commands/${view.id}`)
      .send(view);
  };

  api.post('/digitaltwins/:id/commands/:name', async (request, reply) => {
    const { id, name } = request.params as { id: string; name: string };
    const body = objectBody(request.body);
    const created = await commands.invoke(id, name, {
      ...('request' in body ? { request: body.request } : {}),
      ...optionalNumbers(body, ['timeoutMs', 'ttlMs']),
      requestedBy: requester(request),
    });
    return answer(request, reply, created);
  });

  api.put('/digitaltwins/:id/properties/:name/desired', async (request, reply) => {
    const { id, name } = request.params as { id: string; name: string };
    const body = objectBody(request.body);
    if (!('value' in body)) throw new DoppelError('command.request-invalid', 'send {"value": …} (the desired value)');
    const created = await commands.setDesired(id, name, {
      value: body.value,
      ...optionalNumbers(body, ['tolerance', 'timeoutMs', 'ttlMs']),
      requestedBy: requester(request),
    });
    return answer(request, reply, created);
  });

  const list = async (request: FastifyRequest, twinId: string | undefined): Promise<Page<CommandView>> => {
    const query = request.query as Query;
    const pageSize = query.pageSize === undefined ? limits.pageSizeDefault : Number(query.pageSize);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > limits.pageSizeMax) {
      throw new DoppelError('request.invalid', `pageSize must be an integer from 1 to ${limits.pageSizeMax}`);
    }
    const status = query.status as CommandStatus | undefined;
    if (status !== undefined && !STATUSES.includes(status)) {
      throw new DoppelError('request.invalid', `status must be one of ${STATUSES.join(', ')}`);
    }
    const page = await commands.list(
      { ...(twinId === undefined ? {} : { twinId }), ...(status === undefined ? {} : { status }) },
      pageSize,
      query.continuationToken ?? null,
    );
    return { value: [...page.items], nextLink: nextLinkOf(request.url, page.next) };
  };

  api.get('/digitaltwins/:id/commands', async (request) => {
    const { id } = request.params as { id: string };
    services.graph.requireTwin(id);
    return list(request, id);
  });

  api.get('/commands', async (request) => list(request, (request.query as Query).twinId));

  api.get('/commands/:id', async (request) => {
    const { id } = request.params as { id: string };
    return commands.get(id);
  });

  api.post('/commands/:id/cancel', async (request) => {
    const { id } = request.params as { id: string };
    return commands.cancel(id);
  });
}

function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new DoppelError(
      'command.request-invalid',
      'the body must be a JSON object such as {"request": …, "timeoutMs": 10000}',
    );
  }
  return body as Record<string, unknown>;
}

function optionalNumbers<K extends string>(
  body: Record<string, unknown>,
  keys: readonly K[],
): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const key of keys) {
    const value = body[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new DoppelError('command.request-invalid', `"${key}" must be a number`);
    }
    out[key] = value;
  }
  return out;
}

function waitParam(text: string | undefined): number {
  if (text === undefined) return 0;
  const waitMs = Number(text);
  if (!Number.isInteger(waitMs) || waitMs < 0 || waitMs > WAIT_MS_MAX) {
    throw new DoppelError('request.invalid', `waitMs must be a whole number of ms from 0 to ${WAIT_MS_MAX}`);
  }
  return waitMs;
}
