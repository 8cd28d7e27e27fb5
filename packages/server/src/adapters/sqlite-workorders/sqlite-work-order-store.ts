import type Database from 'better-sqlite3';
import { openSqlite } from '../sqlite-open.js';
import type { WorkOrder, WorkOrderStatus, WorkOrderStore } from '../../sync/work-orders/work-order.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS workorders (
  id TEXT PRIMARY KEY,
  twin_id TEXT NOT NULL,
  status TEXT NOT NULL,
  rule TEXT,
  created_ms INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS workorders_twin ON workorders (twin_id, created_ms);
CREATE INDEX IF NOT EXISTS workorders_status ON workorders (status, created_ms);
`;

/**
 * Work orders in their own SQLite file: few rows, written one at a time (a work order is a human
 * matter, not a stream), each save committed before it resolves.
 */
export class SqliteWorkOrderStore implements WorkOrderStore {
  private db: Database.Database | undefined;

  constructor(private readonly path: string) {}

  async open(): Promise<void> {
    const db = openSqlite(this.path, SCHEMA);
    this.db = db;
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = undefined;
  }

  private get conn(): Database.Database {
    if (this.db === undefined) throw new Error('work order store is not open');
    return this.db;
  }

  async save(order: WorkOrder): Promise<void> {
    this.conn
      .prepare(
        `INSERT INTO workorders (id, twin_id, status, rule, created_ms, body) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET status = excluded.status, body = excluded.body`,
      )
      .run(order.id, order.twinId, order.status, order.rule, order.createdMs, JSON.stringify(order));
  }

  async get(id: string): Promise<WorkOrder | undefined> {
    const row = this.conn.prepare('SELECT body FROM workorders WHERE id = ?').get(id) as { body: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.body) as WorkOrder);
  }

  async list(
    filter: { readonly twinId?: string; readonly status?: WorkOrderStatus; readonly rule?: string },
    limit: number,
  ): Promise<WorkOrder[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (filter.twinId !== undefined) [where[where.length], values[values.length]] = ['twin_id = ?', filter.twinId];
    if (filter.status !== undefined) [where[where.length], values[values.length]] = ['status = ?', filter.status];
    if (filter.rule !== undefined) [where[where.length], values[values.length]] = ['rule = ?', filter.rule];
    const rows = this.conn
      .prepare(
        `SELECT body FROM workorders ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY created_ms DESC, id DESC LIMIT ?`,
      )
      .all(...values, limit) as { body: string }[];
    return rows.map((row) => JSON.parse(row.body) as WorkOrder);
  }
}
