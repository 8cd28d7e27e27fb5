import type { EpochMs, ModelId, RelationshipId, TenantId, TwinId } from '@doppel/core';

/** A model as stored: the DTDL document exactly as uploaded. Models are immutable once stored. */
export interface StoredModel {
  readonly id: ModelId;
  readonly document: unknown;
  readonly uploadTimeMs: EpochMs;
  readonly decommissioned: boolean;
}

/** A twin as stored: its model, property values set through the API, and their update times. */
export interface StoredTwin {
  readonly id: TwinId;
  readonly modelId: ModelId;
  readonly properties: Readonly<Record<string, unknown>>;
  /** Per top-level property: when it was last set (epoch ms). */
  readonly propertyTimesMs: Readonly<Record<string, number>>;
  readonly etag: string;
  readonly createdMs: EpochMs;
  readonly updatedMs: EpochMs;
}

export interface StoredRelationship {
  readonly id: RelationshipId;
  readonly sourceId: TwinId;
  readonly targetId: TwinId;
  readonly name: string;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly etag: string;
}

/**
 * The registry port: durable storage of models, twins and relationships (DESIGN.md 5). The graph
 * keeps everything in memory for reads and writes through this port; it is loaded whole at
 * start-up. Every method is scoped to a tenant (invariant 6).
 *
 * Adapters: SQLite (embedded default), PostgreSQL (scale-out, later). Both must pass
 * `describeRegistryContract`.
 */
export interface Registry {
  open(): Promise<void>;
  close(): Promise<void>;

  loadModels(tenant: TenantId): Promise<StoredModel[]>;
  /** Inserts all or nothing. */
  insertModels(tenant: TenantId, models: readonly StoredModel[]): Promise<void>;
  setModelDecommissioned(tenant: TenantId, id: ModelId, decommissioned: boolean): Promise<void>;
  deleteModel(tenant: TenantId, id: ModelId): Promise<void>;

  loadTwins(tenant: TenantId): Promise<StoredTwin[]>;
  /** Inserts or replaces twins, all or nothing. */
  upsertTwins(tenant: TenantId, twins: readonly StoredTwin[]): Promise<void>;
  deleteTwin(tenant: TenantId, id: TwinId): Promise<void>;

  loadRelationships(tenant: TenantId): Promise<StoredRelationship[]>;
  /** Inserts or replaces relationships (keyed by source and id), all or nothing. */
  upsertRelationships(tenant: TenantId, relationships: readonly StoredRelationship[]): Promise<void>;
  deleteRelationship(tenant: TenantId, sourceId: TwinId, id: RelationshipId): Promise<void>;

  /** Small durable settings (e.g. "demo site loaded"). */
  getSetting(tenant: TenantId, key: string): Promise<string | undefined>;
  setSetting(tenant: TenantId, key: string, value: string): Promise<void>;
}
