import type Database from 'better-sqlite3';
import { openSqlite } from '../sqlite-open.js';
import type { EpochMs, ModelId, RelationshipId, TenantId, TwinId } from '@doppel/core';
import type { Registry, StoredModel, StoredRelationship, StoredTwin } from '../../graph/registry.js';
import { REGISTRY_SCHEMA_SQL } from './schema.js';

interface ModelRow {
  id: string;
  document: string;
  upload_time_ms: number;
  decommissioned: number;
}
interface TwinRow {
  id: string;
  model_id: string;
  properties: string;
  property_times: string;
  etag: string;
  created_ms: number;
  updated_ms: number;
}
interface RelationshipRow {
  id: string;
  source_id: string;
  target_id: string;
  name: string;
  properties: string;
  etag: string;
}

/**
 * The embedded registry: one SQLite file (better-sqlite3, WAL). better-sqlite3 is synchronous;
 * registry writes are small and rare next to ingest, so the brief block is cheaper than a worker.
 * `synchronous = FULL` because an API 2xx promises durability.
 */
export class SqliteRegistry implements Registry {
  private db: Database.Database | undefined;

  constructor(private readonly path: string) {}

  async open(): Promise<void> {
    const db = openSqlite(this.path, REGISTRY_SCHEMA_SQL, ['foreign_keys = ON']);
    this.db = db;
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = undefined;
  }

  private get conn(): Database.Database {
    if (this.db === undefined) throw new Error('SqliteRegistry is not open');
    return this.db;
  }

  async loadModels(tenant: TenantId): Promise<StoredModel[]> {
    const rows = this.conn
      .prepare('SELECT id, document, upload_time_ms, decommissioned FROM models WHERE tenant = ? ORDER BY seq')
      .all(tenant) as ModelRow[];
    return rows.map((row) => ({
      id: row.id as ModelId,
      document: JSON.parse(row.document) as unknown,
      uploadTimeMs: row.upload_time_ms as EpochMs,
      decommissioned: row.decommissioned === 1,
    }));
  }

  async insertModels(tenant: TenantId, models: readonly StoredModel[]): Promise<void> {
    const insert = this.conn.prepare(
      'INSERT INTO models (tenant, id, document, upload_time_ms, decommissioned) VALUES (?, ?, ?, ?, ?)',
    );
    this.conn.transaction(() => {
      for (const model of models) {
        insert.run(tenant, model.id, JSON.stringify(model.document), model.uploadTimeMs, model.decommissioned ? 1 : 0);
      }
    })();
  }

  async setModelDecommissioned(tenant: TenantId, id: ModelId, decommissioned: boolean): Promise<void> {
    this.conn
      .prepare('UPDATE models SET decommissioned = ? WHERE tenant = ? AND id = ?')
      .run(decommissioned ? 1 : 0, tenant, id);
  }

  async deleteModel(tenant: TenantId, id: ModelId): Promise<void> {
    this.conn.prepare('DELETE FROM models WHERE tenant = ? AND id = ?').run(tenant, id);
  }

  async loadTwins(tenant: TenantId): Promise<StoredTwin[]> {
    const rows = this.conn
      .prepare(
        'SELECT id, model_id, properties, property_times, etag, created_ms, updated_ms FROM twins WHERE tenant = ?',
      )
      .all(tenant) as TwinRow[];
    return rows.map((row) => ({
      id: row.id as TwinId,
      modelId: row.model_id as ModelId,
      properties: JSON.parse(row.properties) as Record<string, unknown>,
      propertyTimesMs: JSON.parse(row.property_times) as Record<string, number>,
      etag: row.etag,
      createdMs: row.created_ms as EpochMs,
      updatedMs: row.updated_ms as EpochMs,
    }));
  }

  async upsertTwins(tenant: TenantId, twins: readonly StoredTwin[]): Promise<void> {
    const upsert = this.conn.prepare(
      `INSERT INTO twins (tenant, id, model_id, properties, property_times, etag, created_ms, updated_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant, id) DO UPDATE SET model_id = excluded.model_id, properties = excluded.properties,
         property_times = excluded.property_times, etag = excluded.etag, updated_ms = excluded.updated_ms`,
    );
    this.conn.transaction(() => {
      for (const twin of twins) {
        upsert.run(
          tenant,
          twin.id,
          twin.modelId,
          JSON.stringify(twin.properties),
          JSON.stringify(twin.propertyTimesMs),
          twin.etag,
          twin.createdMs,
          twin.updatedMs,
        );
      }
    })();
  }

  async deleteTwin(tenant: TenantId, id: TwinId): Promise<void> {
    this.conn.prepare('DELETE FROM twins WHERE tenant = ? AND id = ?').run(tenant, id);
  }

  async loadRelationships(tenant: TenantId): Promise<StoredRelationship[]> {
    const rows = this.conn
      .prepare('SELECT id, source_id, target_id, name, properties, etag FROM relationships WHERE tenant = ?')
      .all(tenant) as RelationshipRow[];
    return rows.map((row) => ({
      id: row.id as RelationshipId,
      sourceId: row.source_id as TwinId,
      targetId: row.target_id as TwinId,
      name: row.name,
      properties: JSON.parse(row.properties) as Record<string, unknown>,
      etag: row.etag,
    }));
  }

  async upsertRelationships(tenant: TenantId, relationships: readonly StoredRelationship[]): Promise<void> {
    const upsert = this.conn.prepare(
      `INSERT INTO relationships (tenant, source_id, id, target_id, name, properties, etag)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant, source_id, id) DO UPDATE SET target_id = excluded.target_id, name = excluded.name,
         properties = excluded.properties, etag = excluded.etag`,
    );
    this.conn.transaction(() => {
      for (const rel of relationships) {
        upsert.run(tenant, rel.sourceId, rel.id, rel.targetId, rel.name, JSON.stringify(rel.properties), rel.etag);
      }
    })();
  }

  async deleteRelationship(tenant: TenantId, sourceId: TwinId, id: RelationshipId): Promise<void> {
    this.conn
      .prepare('DELETE FROM relationships WHERE tenant = ? AND source_id = ? AND id = ?')
      .run(tenant, sourceId, id);
  }

  async getSetting(tenant: TenantId, key: string): Promise<string | undefined> {
    const row = this.conn.prepare('SELECT value FROM settings WHERE tenant = ? AND key = ?').get(tenant, key) as
      { value: string } | undefined;
    return row?.value;
  }

  async setSetting(tenant: TenantId, key: string, value: string): Promise<void> {
    this.conn
      .prepare(
        'INSERT INTO settings (tenant, key, value) VALUES (?, ?, ?) ON CONFLICT (tenant, key) DO UPDATE SET value = excluded.value',
      )
      .run(tenant, key, value);
  }
}
