import { randomUUID } from 'node:crypto';
import type { Clock } from '@doppel/core';
import { DoppelError } from '@doppel/core';
import type { TwinGraph } from '../../graph/twin-graph.js';
import type { WorkOrder, WorkOrderStatus, WorkOrderStore } from './work-order.js';
import { WORK_ORDER_MOVES } from './work-order.js';

const TEXT_MAX = 4_096;

/** Work orders: opened by hand or by a discrepancy rule, moved through their lifecycle, each move logged. */
export class WorkOrderService {
  constructor(
    private readonly store: WorkOrderStore,
    private readonly graph: TwinGraph,
    private readonly clock: Clock,
  ) {}

  async open(fields: {
    readonly twinId: string;
    readonly title: string;
    readonly description?: string;
    readonly createdBy: string;
    readonly rule?: string;
  }): Promise<WorkOrder> {
    this.graph.requireTwin(fields.twinId);
    const title = text('title', fields.title, true);
    const nowMs = this.clock.nowMs();
    const order: WorkOrder = {
      id: randomUUID(),
      twinId: fields.twinId,
      title,
      description: text('description', fields.description ?? '', false),
      status: 'open',
      assignee: null,
      createdBy: fields.createdBy,
      rule: fields.rule ?? null,
      createdMs: nowMs,
      updatedMs: nowMs,
      log: [{ atMs: nowMs, by: fields.createdBy, status: 'open' }],
    };
    await this.store.save(order);
    return order;
  }

  /** Moves a work order (`assigned` needs an assignee); a move its lifecycle does not allow is refused. */
  async update(
    id: string,
    change: { readonly status?: WorkOrderStatus; readonly assignee?: string; readonly note?: string },
    by: string,
  ): Promise<WorkOrder> {
    const order = await this.get(id);
    const status = change.status ?? (change.assignee !== undefined ? 'assigned' : order.status);
    if (!['open', 'assigned', 'done', 'cancelled'].includes(status)) {
      throw new DoppelError('workorder.invalid', 'status must be open, assigned, done or cancelled');
    }
    if (status !== order.status || change.assignee !== undefined) {
      if (!WORK_ORDER_MOVES[order.status].includes(status)) {
        throw new DoppelError('workorder.invalid-move', `a work order that is ${order.status} cannot become ${status}`);
      }
    }
    const assignee = change.assignee !== undefined ? text('assignee', change.assignee, true) : order.assignee;
    if (status === 'assigned' && assignee === null) {
      throw new DoppelError('workorder.invalid', 'an assigned work order needs an "assignee"');
    }
    const nowMs = this.clock.nowMs();
    const note = change.note === undefined ? {} : { note: text('note', change.note, false) };
    const updated: WorkOrder = {
      ...order,
      status,
      assignee,
      updatedMs: nowMs,
      log: [...order.log, { atMs: nowMs, by, status, ...note }],
    };
    await this.store.save(updated);
    return updated;
  }

  async get(id: string): Promise<WorkOrder> {
    const order = await this.store.get(id);
    if (order === undefined) throw new DoppelError('workorder.not-found', `no work order ${id}`);
    return order;
  }

  list(filter: { twinId?: string; status?: WorkOrderStatus; rule?: string }, limit: number): Promise<WorkOrder[]> {
    return this.store.list(filter, limit);
  }
}

function text(name: string, value: unknown, required: boolean): string {
  if (typeof value !== 'string' || (required && value.trim() === '') || value.length > TEXT_MAX) {
    throw new DoppelError(
      'workorder.invalid',
      `"${name}" must be ${required ? 'a non-empty' : 'a'} string of at most ${TEXT_MAX} characters`,
    );
  }
  return value;
}
