import type Database from 'better-sqlite3';
import { openSqlite } from '../sqlite-open.js';
import type { Alert, AlertFilter, AlertStore } from '../../analytics/alerts/alert.js';
import type { MaintenanceEvent } from '../../analytics/maintenance/maintenance-event.js';
import type { AlertRuleSet } from '../../analytics/rules/rule-types.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS alerts (
  id TEXT PRIMARY KEY,
  rule_id TEXT NOT NULL,
  twin_id TEXT NOT NULL,
  status TEXT NOT NULL,
  severity TEXT NOT NULL,
  raised_ms INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_twin ON alerts (twin_id, raised_ms);
CREATE INDEX IF NOT EXISTS alerts_status ON alerts (status, raised_ms);
CREATE INDEX IF NOT EXISTS alerts_rule ON alerts (rule_id, twin_id, status);
CREATE TABLE IF NOT EXISTS maintenance_events (
  id TEXT PRIMARY KEY,
  twin_id TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS maintenance_twin ON maintenance_events (twin_id, at_ms);
CREATE TABLE IF NOT EXISTS alert_rule_set (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  body TEXT NOT NULL
);
`;

/**
 * Alerts and the rule set in their own SQLite file (`alerts.db`): an alert is written when it is
 * raised and at each move (a human pace, or a rule's), each write committed before it resolves.
 */
export class SqliteAlertStore implements AlertStore {
  private db: Database.Database | undefined;

  constructor(private readonly path: string) {}

  async open(): Promise<void> {
    this.db = openSqlite(this.path, SCHEMA);
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = undefined;
  }

  private get conn(): Database.Database {
    if (this.db === undefined) throw new Error('alert store is not open');
    return this.db;
  }

  async save(alert: Alert): Promise<void> {
    this.conn
      .prepare(
        `INSERT INTO alerts (id, rule_id, twin_id, status, severity, raised_ms, body) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET status = excluded.status, body = excluded.body`,
      )
      .run(alert.id, alert.ruleId, alert.twinId, alert.status, alert.severity, alert.raisedMs, JSON.stringify(alert));
  }

  async get(id: string): Promise<Alert | undefined> {
    const row = this.conn.prepare('SELECT body FROM alerts WHERE id = ?').get(id) as { body: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.body) as Alert);
  }

  async list(filter: AlertFilter, limit: number): Promise<Alert[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (clause: string, value: unknown): void => {
      where.push(clause);
      values.push(value);
    };
    if (filter.twinId !== undefined) add('twin_id = ?', filter.twinId);
    if (filter.ruleId !== undefined) add('rule_id = ?', filter.ruleId);
    if (filter.severity !== undefined) add('severity = ?', filter.severity);
    if (filter.status === 'open') where.push("status IN ('active', 'acknowledged')");
    else if (filter.status !== undefined) add('status = ?', filter.status);
    const rows = this.conn
      .prepare(
        `SELECT body FROM alerts ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY raised_ms DESC, id DESC LIMIT ?`,
      )
      .all(...values, limit) as { body: string }[];
    return rows.map((row) => JSON.parse(row.body) as Alert);
  }

  async openOf(ruleId: string, twinId: string): Promise<Alert | undefined> {
    const row = this.conn
      .prepare(
        "SELECT body FROM alerts WHERE rule_id = ? AND twin_id = ? AND status IN ('active', 'acknowledged') LIMIT 1",
      )
      .get(ruleId, twinId) as { body: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.body) as Alert);
  }

  async allOpen(): Promise<Alert[]> {
    return this.list({ status: 'open' }, Number.MAX_SAFE_INTEGER);
  }

  async saveMaintenanceEvent(event: MaintenanceEvent): Promise<void> {
    this.conn
      .prepare('INSERT OR REPLACE INTO maintenance_events (id, twin_id, at_ms, body) VALUES (?, ?, ?, ?)')
      .run(event.id, event.twinId, event.atMs, JSON.stringify(event));
  }

  async maintenanceEvents(filter: { readonly twinId?: string }, limit: number): Promise<MaintenanceEvent[]> {
    const rows = (
      filter.twinId === undefined
        ? this.conn.prepare('SELECT body FROM maintenance_events ORDER BY at_ms DESC, id DESC LIMIT ?').all(limit)
        : this.conn
            .prepare('SELECT body FROM maintenance_events WHERE twin_id = ? ORDER BY at_ms DESC, id DESC LIMIT ?')
            .all(filter.twinId, limit)
    ) as { body: string }[];
    return rows.map((row) => JSON.parse(row.body) as MaintenanceEvent);
  }

  async loadRuleSet(): Promise<AlertRuleSet | undefined> {
    const row = this.conn.prepare('SELECT body FROM alert_rule_set WHERE id = 1').get() as { body: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.body) as AlertRuleSet);
  }

  async saveRuleSet(ruleSet: AlertRuleSet): Promise<void> {
    this.conn
      .prepare('INSERT INTO alert_rule_set (id, body) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body')
      .run(JSON.stringify(ruleSet));
  }
}
