import type { FastifyInstance } from 'fastify';
import { DoppelError } from '@doppel/core';
import type { AlertStatus } from '../../analytics/alerts/alert.js';
import type { Severity } from '../../analytics/rules/rule-types.js';
import { SEVERITIES } from '../../analytics/rules/rule-types.js';
import type { PlatformServices } from '../../services.js';
import { noteOf, requesterOf } from '../report-fields.js';

const STATUSES: readonly (AlertStatus | 'open')[] = ['open', 'active', 'acknowledged', 'cleared'];

/** Alert rules, notification channels, and alerts with their lifecycle (docs/alerts.md). */
export function registerAlertRoutes(api: FastifyInstance, services: PlatformServices): void {
  const { alerts, limits } = services;
  const object = (value: unknown): Record<string, unknown> => {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value))
      throw new DoppelError('request.invalid', 'the body must be a JSON object');
    return value as Record<string, unknown>;
  };

  api.get('/alert-rules', async () => ({ value: alerts.rules().rules }));
  api.get('/alert-rules/export', async (_request, reply) =>
    reply.header('content-disposition', 'attachment; filename="doppel-alert-rules.json"').send(alerts.rules()),
  );
  api.post('/alert-rules/import', async (request) => {
    const { mode = 'replace' } = request.query as { mode?: string };
    if (mode !== 'replace' && mode !== 'merge')
      throw new DoppelError('request.invalid', 'mode must be replace or merge');
    const set = await alerts.importRuleSet(request.body, mode);
    return { rules: set.rules.length, channels: set.channels.length };
  });
  api.get('/alert-rules/:id', async (request) => alerts.rule((request.params as { id: string }).id));
  api.put('/alert-rules/:id', async (request) => {
    const { id } = request.params as { id: string };
    const fields = object(request.body);
    if (fields.id !== undefined && fields.id !== id)
      throw new DoppelError('alert.rule-invalid', `/id "${String(fields.id)}" differs from the URL's ${id}`);
    return alerts.putRule({ ...fields, id });
  });
  api.delete('/alert-rules/:id', async (request, reply) => {
    await alerts.deleteRule((request.params as { id: string }).id);
    return reply.code(204).send();
  });

  api.get('/alert-channels', async () => ({ value: alerts.rules().channels, status: alerts.notifications.status() }));
  api.put('/alert-channels/:id', async (request) => {
    const { id } = request.params as { id: string };
    return alerts.putChannel({ ...object(request.body), id });
  });
  api.delete('/alert-channels/:id', async (request, reply) => {
    await alerts.deleteChannel((request.params as { id: string }).id);
    return reply.code(204).send();
  });

  api.get('/alerts', async (request) => {
    const query = request.query as {
      twinId?: string;
      status?: string;
      ruleId?: string;
      severity?: string;
      limit?: string;
    };
    if (query.status !== undefined && !STATUSES.includes(query.status as AlertStatus)) {
      throw new DoppelError('request.invalid', `status must be one of ${STATUSES.join(', ')}`);
    }
    if (query.severity !== undefined && !SEVERITIES.includes(query.severity as Severity)) {
      throw new DoppelError('request.invalid', `severity must be one of ${SEVERITIES.join(', ')}`);
    }
    const limit = query.limit === undefined ? limits.pageSizeDefault : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > limits.pageSizeMax) {
      throw new DoppelError('request.invalid', `limit must be a whole number from 1 to ${limits.pageSizeMax}`);
    }
    return {
      value: await alerts.service.list(
        {
          ...(query.twinId === undefined ? {} : { twinId: query.twinId }),
          ...(query.ruleId === undefined ? {} : { ruleId: query.ruleId }),
          ...(query.status === undefined ? {} : { status: query.status as AlertStatus | 'open' }),
          ...(query.severity === undefined ? {} : { severity: query.severity as Severity }),
        },
        limit,
      ),
    };
  });
  api.get('/alerts/:id', async (request) => alerts.service.get((request.params as { id: string }).id));
  api.post('/alerts/:id/acknowledge', async (request) => {
    const fields = object(request.body);
    return alerts.service.acknowledge(
      (request.params as { id: string }).id,
      requesterOf(fields, request.ip),
      noteOf(fields),
    );
  });
  api.post('/alerts/:id/label', async (request) => {
    const fields = object(request.body);
    if (fields.label !== 'real' && fields.label !== 'expected')
      throw new DoppelError('request.invalid', '"label" must be "real" (an anomaly) or "expected" (a false alarm)');
    return alerts.service.label((request.params as { id: string }).id, fields.label, requesterOf(fields, request.ip));
  });
  api.post('/alerts/:id/clear', async (request) => {
    const fields = object(request.body);
    return alerts.service.clear((request.params as { id: string }).id, requesterOf(fields, request.ip), noteOf(fields));
  });
}
