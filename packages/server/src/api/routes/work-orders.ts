import type { FastifyInstance } from 'fastify';
import { DoppelError } from '@doppel/core';
import type { PlatformServices } from '../../services.js';
import type { WorkOrderStatus } from '../../sync/work-orders/work-order.js';

const STATUSES: readonly WorkOrderStatus[] = ['open', 'assigned', 'done', 'cancelled'];

/** Maintenance work orders and the discrepancies that open them (docs/sync.md). */
export function registerWorkOrderRoutes(api: FastifyInstance, services: PlatformServices): void {
  const { workOrders, limits } = services;
  const caller = (ip: string): string => `http:${ip}`;
  const body = (value: unknown): Record<string, unknown> => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new DoppelError('workorder.invalid', 'the body must be a JSON object');
    }
    return value as Record<string, unknown>;
  };

  api.post('/workorders', async (request, reply) => {
    const fields = body(request.body);
    if (typeof fields.twinId !== 'string') throw new DoppelError('workorder.invalid', '"twinId" must be a twin id');
    const order = await workOrders.open({
      twinId: fields.twinId,
      title: fields.title as string,
      ...(fields.description === undefined ? {} : { description: fields.description as string }),
      createdBy: caller(request.ip),
    });
    return reply.code(201).header('location', `/api/v1/workorders/${order.id}`).send(order);
  });

  api.get('/workorders', async (request) => {
    const query = request.query as { twinId?: string; status?: string; limit?: string };
    if (query.status !== undefined && !STATUSES.includes(query.status as WorkOrderStatus)) {
      throw new DoppelError('request.invalid', `status must be one of ${STATUSES.join(', ')}`);
    }
    const limit = query.limit === undefined ? limits.pageSizeDefault : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > limits.pageSizeMax) {
      throw new DoppelError('request.invalid', `limit must be a whole number from 1 to ${limits.pageSizeMax}`);
    }
    return {
      value: await workOrders.list(
        {
          ...(query.twinId === undefined ? {} : { twinId: query.twinId }),
          ...(query.status === undefined ? {} : { status: query.status as WorkOrderStatus }),
        },
        limit,
      ),
    };
  });

  api.get('/workorders/:id', async (request) => workOrders.get((request.params as { id: string }).id));

  api.patch('/workorders/:id', async (request) => {
    const { id } = request.params as { id: string };
    const fields = body(request.body);
    return workOrders.update(
      id,
      {
        ...(fields.status === undefined ? {} : { status: fields.status as WorkOrderStatus }),
        ...(fields.assignee === undefined ? {} : { assignee: fields.assignee as string }),
        ...(fields.note === undefined ? {} : { note: fields.note as string }),
      },
      caller(request.ip),
    );
  });

  api.get('/discrepancies', async () => ({ value: services.discrepancies.current() }));
}
