/**
 * Maintenance work orders (docs/sync.md "Discrepancies and work orders"): what someone has to go
 * and look at, created by an operator or by a discrepancy rule that caught sources contradicting
 * each other, with a lifecycle `open → assigned → done` (or `cancelled` from either).
 */
export type WorkOrderStatus = 'open' | 'assigned' | 'done' | 'cancelled';

export interface WorkOrder {
  readonly id: string;
  readonly twinId: string;
  readonly title: string;
  readonly description: string;
  readonly status: WorkOrderStatus;
  readonly assignee: string | null;
  /** Who or what opened it: `discrepancy:<rule name>`, or the API caller. */
  readonly createdBy: string;
  /** The discrepancy rule that opened it (null: opened by hand). */
  readonly rule: string | null;
  readonly createdMs: number;
  readonly updatedMs: number;
  /** Every change: when, by whom, to which status, with an optional note. */
  readonly log: readonly {
    readonly atMs: number;
    readonly by: string;
    readonly status: WorkOrderStatus;
    readonly note?: string;
  }[];
}

/** The moves a work order may make; `done` and `cancelled` are final. */
export const WORK_ORDER_MOVES: Readonly<Record<WorkOrderStatus, readonly WorkOrderStatus[]>> = {
  open: ['assigned', 'done', 'cancelled'],
  assigned: ['assigned', 'done', 'cancelled', 'open'],
  done: [],
  cancelled: [],
};

export interface WorkOrderStore {
  open(): Promise<void>;
  close(): Promise<void>;
  /** Inserts or replaces by id; durable when it resolves. */
  save(order: WorkOrder): Promise<void>;
  get(id: string): Promise<WorkOrder | undefined>;
  /** Newest first, at most `limit`. */
  list(
    filter: { readonly twinId?: string; readonly status?: WorkOrderStatus; readonly rule?: string },
    limit: number,
  ): Promise<WorkOrder[]>;
}
