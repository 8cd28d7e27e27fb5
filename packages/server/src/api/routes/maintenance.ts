import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { DoppelError } from '@doppel/core';
import type { MaintenanceEvent, MaintenanceKind } from '../../analytics/maintenance/maintenance-event.js';
import { MAINTENANCE_KINDS } from '../../analytics/maintenance/maintenance-event.js';
import { predictionOutcomes } from '../../analytics/maintenance/outcomes.js';
import type { PlatformServices } from '../../services.js';
import { noteOf, requesterOf, timeOf } from '../report-fields.js';

/** Records read for the outcome report (newest first). */
const READ_MAX = 10_000;
const DAY_MS = 86_400_000;
/** A maintenance event's note is stored as it is. */
const NOTE_MAX = 2_048;

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
    const atMs = timeOf(fields, clock.nowMs());
    const event: MaintenanceEvent = {
      id: randomUUID(),
      twinId: id,
      kind: fields.kind as MaintenanceKind,
      atMs,
      note: noteOf(fields, NOTE_MAX) ?? '',
      recordedBy: requesterOf(fields, request.ip),
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
