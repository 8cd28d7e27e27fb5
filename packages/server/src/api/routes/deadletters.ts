import type { FastifyInstance } from 'fastify';
import { DoppelError } from '@doppel/core';
import type { ErrorCode } from '@doppel/core';
import type { DeadLetter, Page } from '@doppel/protocol';
import type { StoredDeadLetter } from '../../deadletters/dead-letter-store.js';
import type { PlatformServices } from '../../services.js';
import { nextLinkOf } from '../paging.js';

type Query = Record<string, string | undefined>;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function toWire(letter: StoredDeadLetter): DeadLetter {
  let payload: string;
  let payloadEncoding: 'utf8' | 'base64' = 'utf8';
  try {
    payload = utf8.decode(letter.payload);
  } catch {
    payload = Buffer.from(letter.payload).toString('base64');
    payloadEncoding = 'base64';
  }
  return {
    id: letter.id,
    reason: letter.reason,
    message: letter.message,
    transport: letter.transport,
    topic: letter.topic,
    clientId: letter.clientId,
    twinId: letter.twinId,
    receivedAt: new Date(letter.receivedMs).toISOString(),
    points: letter.points,
    payload,
    payloadEncoding,
    rawTruncated: letter.rawTruncated,
    replayedAt: letter.replayedMs === null ? null : new Date(letter.replayedMs).toISOString(),
  };
}

function timeParam(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(ms)) throw new DoppelError('request.invalid', `"${name}" must be ISO 8601 or epoch milliseconds`);
  return ms;
}

/** The dead-letter queue: list (filter by twin, reason, time; paginated), get, replay. */
export function registerDeadLetterRoutes(api: FastifyInstance, services: PlatformServices): void {
  const { deadLetters, pipeline, limits, clock } = services;

  api.get('/deadletters', async (request): Promise<Page<DeadLetter> & { total: number }> => {
    const query = request.query as Query;
    const pageSize = query.pageSize === undefined ? limits.pageSizeDefault : Number(query.pageSize);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > limits.pageSizeMax) {
      throw new DoppelError('request.invalid', `pageSize must be an integer from 1 to ${limits.pageSizeMax}`);
    }
    const fromMs = timeParam(query.from, 'from');
    const toMs = timeParam(query.to, 'to');
    const page = await deadLetters.list(
      {
        ...(query.twinId === undefined ? {} : { twinId: query.twinId }),
        ...(query.reason === undefined ? {} : { reason: query.reason }),
        ...(fromMs === undefined ? {} : { fromMs }),
        ...(toMs === undefined ? {} : { toMs }),
        includeReplayed: query.includeReplayed !== 'false',
      },
      pageSize,
      query.continuationToken ?? null,
    );
    return { value: page.items.map(toWire), nextLink: nextLinkOf(request.url, page.next), total: deadLetters.count() };
  });

  api.get('/deadletters/:id', async (request) => {
    const { id } = request.params as { id: string };
    const letter = await deadLetters.get(id);
    if (letter === undefined) throw new DoppelError('deadletter.not-found', `dead letter ${id} does not exist`);
    return toWire(letter);
  });

  /**
   * Replays a dead letter after its model or twin was fixed. It is checked first: if it would be
   * dead-lettered again, nothing is stored and the answer says why (422 or the reason's status).
   */
  api.post('/deadletters/:id/replay', async (request) => {
    const { id } = request.params as { id: string };
    const letter = await deadLetters.get(id);
    if (letter === undefined) throw new DoppelError('deadletter.not-found', `dead letter ${id} does not exist`);
    if (letter.replayedMs !== null)
      throw new DoppelError(
        'deadletter.already-replayed',
        `dead letter ${id} was replayed at ${new Date(letter.replayedMs).toISOString()}`,
      );
    if (letter.rawTruncated)
      throw new DoppelError('request.invalid', `dead letter ${id} holds a truncated payload and cannot be replayed`);
    const input = {
      transport: 'replay' as const,
      topic: letter.topic,
      clientId: letter.clientId,
      twinId: letter.twinId ?? '',
      kind: letter.topic.endsWith('/properties/reported') ? ('reported' as const) : ('telemetry' as const),
      payload: letter.payload,
      // A sample without "ts" keeps the time it was first received.
      receivedMs: letter.receivedMs,
    };
    const check = pipeline.dryRun(input);
    if (check.deadLetters.length > 0) {
      const first = check.deadLetters[0] as { reason: ErrorCode; message: string };
      throw new DoppelError(first.reason, `replay would fail again: ${first.message}`, {
        details: check.deadLetters.map((draft) => ({ message: draft.message, code: draft.reason })),
      });
    }
    const outcome = await pipeline.submit(input);
    await deadLetters.markReplayed(id, clock.nowMs());
    return { id, replayed: true, applied: outcome.applied };
  });
}
