import type Database from 'better-sqlite3';
import type { TenantId } from '@doppel/core';
import type { PlanBackground, Placement } from '@doppel/protocol';
import { openSqlite } from '../sqlite-open.js';
import type { PlanStamp, PlanStore, StoredPlan, StoredPlanSummary } from '../../plans/plan-store.js';

/**
 * `background` is the last column: SQLite reads a row's overflow pages only for the columns asked
 * for, so listing plans never reads their backgrounds (up to 4 MiB each). Not WITHOUT ROWID for
 * the same reason (large rows). Placements are rows of their own, ordered by `ord`.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS plans (
  tenant TEXT NOT NULL,
  space_id TEXT NOT NULL,
  name TEXT,
  width REAL NOT NULL,
  height REAL NOT NULL,
  unit TEXT NOT NULL,
  updated_ms INTEGER NOT NULL,
  etag TEXT NOT NULL,
  background TEXT NOT NULL,
  PRIMARY KEY (tenant, space_id)
);
CREATE TABLE IF NOT EXISTS placements (
  tenant TEXT NOT NULL,
  space_id TEXT NOT NULL,
  twin_id TEXT NOT NULL,
  ord INTEGER NOT NULL,
  x REAL NOT NULL,
  y REAL NOT NULL,
  area TEXT,
  PRIMARY KEY (tenant, space_id, twin_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS placements_order ON placements (tenant, space_id, ord);
CREATE INDEX IF NOT EXISTS placements_twin ON placements (tenant, twin_id);
`;

interface SummaryRow {
  space_id: string;
  name: string | null;
  width: number;
  height: number;
  unit: 'm' | 'px';
  updated_ms: number;
  etag: string;
  placements: number;
}
interface PlacementRow {
  twin_id: string;
  x: number;
  y: number;
  area: string | null;
}

const SUMMARY_COLUMNS = `p.space_id, p.name, p.width, p.height, p.unit, p.updated_ms, p.etag,
  (SELECT COUNT(*) FROM placements AS q WHERE q.tenant = p.tenant AND q.space_id = p.space_id) AS placements`;

/**
 * Floor plans in their own SQLite file (`plans.db`): a large background written by a PUT never
 * contends with the registry. Every row carries its tenant. Each write is one transaction,
 * committed (`synchronous = FULL`) before it resolves.
 */
export class SqlitePlanStore implements PlanStore {
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
    if (this.db === undefined) throw new Error('SqlitePlanStore is not open');
    return this.db;
  }

  async list(tenant: TenantId): Promise<StoredPlanSummary[]> {
    const rows = this.conn
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM plans AS p WHERE p.tenant = ? ORDER BY p.space_id`)
      .all(tenant) as SummaryRow[];
    return rows.map(toSummary);
  }

  async summary(tenant: TenantId, spaceId: string): Promise<StoredPlanSummary | undefined> {
    const row = this.conn
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM plans AS p WHERE p.tenant = ? AND p.space_id = ?`)
      .get(tenant, spaceId) as SummaryRow | undefined;
    return row === undefined ? undefined : toSummary(row);
  }

  async get(tenant: TenantId, spaceId: string): Promise<StoredPlan | undefined> {
    const read = this.conn.transaction(() => {
      const row = this.conn
        .prepare(
          'SELECT space_id, name, width, height, unit, updated_ms, etag, background FROM plans WHERE tenant = ? AND space_id = ?',
        )
        .get(tenant, spaceId) as (Omit<SummaryRow, 'placements'> & { background: string }) | undefined;
      if (row === undefined) return undefined;
      const placements = this.conn
        .prepare('SELECT twin_id, x, y, area FROM placements WHERE tenant = ? AND space_id = ? ORDER BY ord')
        .all(tenant, spaceId) as PlacementRow[];
      return { row, placements };
    });
    const found = read();
    if (found === undefined) return undefined;
    const { row, placements } = found;
    return {
      spaceId: row.space_id,
      name: row.name,
      width: row.width,
      height: row.height,
      unit: row.unit,
      background: JSON.parse(row.background) as PlanBackground,
      placements: placements.map(toPlacement),
      updatedMs: row.updated_ms,
      etag: row.etag,
    };
  }

  async put(tenant: TenantId, plan: StoredPlan): Promise<boolean> {
    const db = this.conn;
    const exists = db.prepare('SELECT 1 FROM plans WHERE tenant = ? AND space_id = ?');
    const upsert = db.prepare(
      `INSERT INTO plans (tenant, space_id, name, width, height, unit, updated_ms, etag, background)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant, space_id) DO UPDATE SET name = excluded.name, width = excluded.width,
         height = excluded.height, unit = excluded.unit, updated_ms = excluded.updated_ms,
         etag = excluded.etag, background = excluded.background`,
    );
    const clear = db.prepare('DELETE FROM placements WHERE tenant = ? AND space_id = ?');
    const insert = db.prepare(
      'INSERT INTO placements (tenant, space_id, twin_id, ord, x, y, area) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const background = JSON.stringify(plan.background);
    return db.transaction(() => {
      const created = exists.get(tenant, plan.spaceId) === undefined;
      upsert.run(
        tenant,
        plan.spaceId,
        plan.name,
        plan.width,
        plan.height,
        plan.unit,
        plan.updatedMs,
        plan.etag,
        background,
      );
      clear.run(tenant, plan.spaceId);
      plan.placements.forEach((placement, ord) =>
        insert.run(tenant, plan.spaceId, placement.twinId, ord, placement.x, placement.y, areaColumn(placement)),
      );
      return created;
    })();
  }

  async delete(tenant: TenantId, spaceId: string): Promise<boolean> {
    const db = this.conn;
    return db.transaction(() => {
      db.prepare('DELETE FROM placements WHERE tenant = ? AND space_id = ?').run(tenant, spaceId);
      return db.prepare('DELETE FROM plans WHERE tenant = ? AND space_id = ?').run(tenant, spaceId).changes > 0;
    })();
  }

  async putPlacement(tenant: TenantId, spaceId: string, placement: Placement, stamp: PlanStamp): Promise<boolean> {
    const db = this.conn;
    return db.transaction(() => {
      if (!this.stamp(tenant, spaceId, stamp)) return false;
      const moved = db
        .prepare('UPDATE placements SET x = ?, y = ?, area = ? WHERE tenant = ? AND space_id = ? AND twin_id = ?')
        .run(placement.x, placement.y, areaColumn(placement), tenant, spaceId, placement.twinId);
      if (moved.changes === 0) {
        db.prepare(
          `INSERT INTO placements (tenant, space_id, twin_id, ord, x, y, area)
           VALUES (?, ?, ?, (SELECT COALESCE(MAX(ord), -1) + 1 FROM placements WHERE tenant = ? AND space_id = ?), ?, ?, ?)`,
        ).run(tenant, spaceId, placement.twinId, tenant, spaceId, placement.x, placement.y, areaColumn(placement));
      }
      return true;
    })();
  }

  async deletePlacement(tenant: TenantId, spaceId: string, twinId: string, stamp: PlanStamp): Promise<boolean> {
    const db = this.conn;
    return db.transaction(() => {
      const removed = db
        .prepare('DELETE FROM placements WHERE tenant = ? AND space_id = ? AND twin_id = ?')
        .run(tenant, spaceId, twinId);
      if (removed.changes === 0) return false;
      this.stamp(tenant, spaceId, stamp);
      return true;
    })();
  }

  async spacesPlacing(tenant: TenantId, twinId: string): Promise<string[]> {
    const rows = this.conn
      .prepare('SELECT space_id FROM placements WHERE tenant = ? AND twin_id = ? ORDER BY space_id')
      .all(tenant, twinId) as { space_id: string }[];
    return rows.map((row) => row.space_id);
  }

  async placedTwins(tenant: TenantId): Promise<{ spaceId: string; twinId: string }[]> {
    const rows = this.conn
      .prepare('SELECT space_id, twin_id FROM placements WHERE tenant = ? ORDER BY space_id, ord')
      .all(tenant) as { space_id: string; twin_id: string }[];
    return rows.map((row) => ({ spaceId: row.space_id, twinId: row.twin_id }));
  }

  /** Sets the plan's update time and ETag; false if there is no such plan. */
  private stamp(tenant: TenantId, spaceId: string, stamp: PlanStamp): boolean {
    return (
      this.conn
        .prepare('UPDATE plans SET updated_ms = ?, etag = ? WHERE tenant = ? AND space_id = ?')
        .run(stamp.updatedMs, stamp.etag, tenant, spaceId).changes > 0
    );
  }
}

function toSummary(row: SummaryRow): StoredPlanSummary {
  return {
    spaceId: row.space_id,
    name: row.name,
    width: row.width,
    height: row.height,
    unit: row.unit,
    placements: row.placements,
    updatedMs: row.updated_ms,
    etag: row.etag,
  };
}

function toPlacement(row: PlacementRow): Placement {
  const placement = { twinId: row.twin_id, x: row.x, y: row.y };
  return row.area === null
    ? placement
    : { ...placement, area: JSON.parse(row.area) as readonly (readonly [number, number])[] };
}

function areaColumn(placement: Placement): string | null {
  return placement.area === undefined ? null : JSON.stringify(placement.area);
}
