import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { DoppelError } from '@doppel/core';
import type { MaintenanceEvent, MaintenanceKind } from '../../analytics/maintenance/maintenance-event.js';
import { MAINTENANCE_KINDS } from '../../analytics/maintenance/maintenance-event.js';
import { predictionOutcomes } from '../../analytics/maintenance/outcomes.js';
import type { PlatformServices } from '../../services.js';

/** Records read for the outcome report (newest first). */
const READ_MAX = 10_000;
const DAY_MS = 86_400_000;

/** Maintenance events on twins, and predicted vs actual outcomes of the predictive rules. */
export function registerMaintenanceRoutes(api: FastifyInstance, services: PlatformServices): void {
  const { graph, alerts, clock, limits } = services;
  const store = alerts.service;

  api.post('/digitaltwins/:id/maintenance', async (request, reply) => {
    const { id } = request.params as { id: string };
    graph.requireTwin(id);
    const fields = (request.body ?? {}) as Record<string, unknown>;
    if (!MAINTENANCE_KINDS.includes(fields.kind as MaintenanceKind))
      throw new DoppelError('request.invalid', `"kind" must be one of ${MAINTENANCE_KINDS.join(', ')}`);
    const atMs = fields.at === undefined ? clock.nowMs() : Date.parse(String(fields.at));
    if (!Number.isFinite(atMs)) throw new DoppelError('request.invalid', '"at" must be an ISO 8601 time');
    if (fields.note !== undefined && (typeof fields.note !== 'string' || fields.note.length > 2_048))
      throw new DoppelError('request.invalid', '"note" must be a text of at most 2048 characters');
    const event: MaintenanceEvent = {
      id: randomUUID(),
      twinId: id,
      kind: fields.kind as MaintenanceKind,
      atMs,
      note: (fields.note as string | undefined) ?? '',
      recordedBy:
        typeof fields.by === 'string' && fields.by.trim() !== ''
          ? fields.by.trim().slice(0, 128)
          : `http:${request.ip}`,
      recordedMs: clock.nowMs(),
    };
    await store.recordMaintenance(event);
    return reply.code(201).send(event);
  });

  api.get('/digitaltwins/:id/maintenance', async (request) => {
    const { id } = request.params as { id: string };
    graph.requireTwin(id);
    return { value: await store.maintenanceEvents({ twinId: id }, limits.pageSizeMax) };
  });

  api.get('/maintenance/outcomes', async (request) => {
    const { horizonDays = '14' } = request.query as { horizonDays?: string };
    const days = Number(horizonDays);
    if (!(days > 0 && days <= 365))
      throw new DoppelError('request.invalid', '"horizonDays" must be a number of days from 1 to 365');
    return {
      horizonDays: days,
      value: predictionOutcomes(
        alerts.rules().rules,
        await store.list({}, READ_MAX),
        await store.maintenanceEvents({}, READ_MAX),
        (rule, twinId) => alerts.engine.watchesTwin(rule, twinId),
        days * DAY_MS,
      ),
    };
  });
}
