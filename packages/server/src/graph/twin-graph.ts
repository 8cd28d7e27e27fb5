import type { Clock, ModelId, RelationshipId, TenantId, TwinId } from '@doppel/core';
import { DoppelError, isRelationshipId, isTwinId } from '@doppel/core';
import type { CompiledModel } from './compiled-model.js';
import type { ModelCatalog } from './model-catalog.js';
import type { Registry, StoredRelationship, StoredTwin } from './registry.js';
import { newEtag, userProperties } from './twin-record.js';
import { validateTwinProperties } from './validate-twin.js';
import { applyJsonPatch } from './json-patch.js';

export type GraphEvent =
  | { readonly type: 'twin.upserted'; readonly twin: StoredTwin }
  | { readonly type: 'twin.deleted'; readonly twinId: TwinId }
  | { readonly type: 'relationship.upserted'; readonly relationship: StoredRelationship }
  | { readonly type: 'relationship.deleted'; readonly relationship: StoredRelationship };

/** What the earlier lines of one import batch prepared, for the later lines to refer to. */
export interface PendingBatch {
  readonly twins: Map<string, StoredTwin>;
  /** By relationshipKey(source, id). */
  readonly relationships: Map<string, StoredRelationship>;
}

export function relationshipKey(sourceId: string, relationshipId: string): string {
  return `${sourceId}\u0000${relationshipId}`;
}

/** Conditional request headers, as Azure Digital Twins uses them. */
export interface Preconditions {
  readonly ifMatch?: string;
  readonly ifNoneMatch?: string;
}

/**
 * The twin graph of one tenant, in memory, written through to the registry. Reads never touch
 * storage. Indexes: twins by model, outgoing relationships by source, incoming by target.
 */
export class TwinGraph {
  private readonly twins = new Map<string, StoredTwin>();
  private readonly twinsByModel = new Map<string, Set<string>>();
  private readonly outgoing = new Map<string, Map<string, StoredRelationship>>();
  private readonly incoming = new Map<string, Set<StoredRelationship>>();
  private readonly listeners = new Set<(event: GraphEvent) => void>();

  constructor(
    readonly models: ModelCatalog,
    private readonly registry: Registry,
    private readonly tenant: TenantId,
    private readonly clock: Clock,
  ) {}

  async load(): Promise<void> {
    await this.models.load();
    for (const twin of await this.registry.loadTwins(this.tenant)) this.indexTwin(twin);
    for (const rel of await this.registry.loadRelationships(this.tenant)) this.indexRelationship(rel);
  }

  onEvent(listener: (event: GraphEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---------- twins ----------

  get twinCount(): number {
    return this.twins.size;
  }

  getTwin(id: string): StoredTwin | undefined {
    return this.twins.get(id);
  }

  requireTwin(id: string): StoredTwin {
    const twin = this.twins.get(id);
    if (twin === undefined) throw new DoppelError('twin.not-found', `twin "${id}" does not exist`);
    return twin;
  }

  /** The compiled model of a twin, for ingest. */
  compiledModelOf(twin: StoredTwin): CompiledModel | undefined {
    return this.models.compiledModel(twin.modelId);
  }

  /** Twin ids, optionally only those whose model is (or extends) `modelId`. Insertion order. */
  twinIds(modelId?: string): string[] {
    if (modelId === undefined) return [...this.twins.keys()];
    const ids: string[] = [];
    for (const [model, set] of this.twinsByModel) {
      if (model === modelId || this.models.isA(model, modelId)) ids.push(...set);
    }
    return ids;
  }

  /** Twin ids of exactly `modelId` (no models that extend it). */
  twinIdsOfExactModel(modelId: string): Iterable<string> {
    return this.twinsByModel.get(modelId) ?? [];
  }

  /** Every relationship, grouped by source twin. */
  *relationships(): Iterable<StoredRelationship> {
    for (const byId of this.outgoing.values()) yield* byId.values();
  }

  isModelInUse(modelId: string): boolean {
    return (this.twinsByModel.get(modelId)?.size ?? 0) > 0;
  }

  /** Creates or replaces a twin (PUT). Validates id, model and properties. */
  async putTwin(id: string, body: unknown, preconditions: Preconditions = {}): Promise<StoredTwin> {
    const twin = this.prepareTwin(id, body, preconditions);
    await this.commitTwins([twin]);
    return twin;
  }

  /**
   * Validates a twin as PUT does and returns it as it would be stored, without storing it.
   * `batch` holds what earlier lines of the same import prepared (a later line for the same id
   * replaces it, as a second PUT would).
   */
  prepareTwin(id: string, body: unknown, preconditions: Preconditions = {}, batch?: PendingBatch): StoredTwin {
    if (!isTwinId(id)) throw new DoppelError('twin.invalid-id', `"${id}" is not a valid twin id`);
    const existing = batch?.twins.get(id) ?? this.twins.get(id);
    checkPreconditions(existing?.etag, preconditions, `twin "${id}"`);
    const document = requireObject(body, 'twin');
    if (document.$dtId !== undefined && document.$dtId !== id) {
      throw new DoppelError(
        'twin.invalid',
        `"$dtId" in the body (${String(document.$dtId)}) differs from the id in the URL (${id})`,
      );
    }
    const metadata = document.$metadata;
    const modelId =
      typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>).$model : undefined;
    if (typeof modelId !== 'string') {
      throw new DoppelError('twin.invalid', 'the twin needs "$metadata": { "$model": "dtmi:…;1" }', {
        details: [{ pointer: '/$metadata/$model', message: 'missing' }],
      });
    }
    const model = this.models.get(modelId);
    if (model === undefined)
      throw new DoppelError(
        'model.not-found',
        `model ${modelId} does not exist; upload it first (POST /api/v1/models)`,
      );
    if (model.decommissioned && existing?.modelId !== modelId) {
      throw new DoppelError('model.decommissioned', `model ${modelId} is decommissioned`);
    }
    const compiled = this.models.compiledModel(modelId);
    const properties = userProperties(document);
    if (compiled !== undefined) {
      const errors = validateTwinProperties(compiled, properties);
      if (errors.length > 0)
        throw new DoppelError('twin.invalid', `${errors.length} invalid propert${errors.length === 1 ? 'y' : 'ies'}`, {
          details: errors,
        });
    }
    const nowMs = this.clock.nowMs();
    const propertyTimesMs: Record<string, number> = {};
    for (const name of Object.keys(properties)) {
      const unchanged =
        existing !== undefined && JSON.stringify(existing.properties[name]) === JSON.stringify(properties[name]);
      propertyTimesMs[name] = unchanged ? (existing.propertyTimesMs[name] ?? nowMs) : nowMs;
    }
    const twin: StoredTwin = {
      id: id as TwinId,
      modelId: modelId as ModelId,
      properties,
      propertyTimesMs,
      etag: newEtag(),
      createdMs: existing?.createdMs ?? nowMs,
      updatedMs: nowMs,
    };
    return twin;
  }

  /** Stores prepared twins in one registry transaction, then indexes them. */
  async commitTwins(twins: readonly StoredTwin[]): Promise<void> {
    await this.registry.upsertTwins(this.tenant, twins);
    for (const twin of twins) {
      const existing = this.twins.get(twin.id);
      if (existing !== undefined) this.unindexTwin(existing);
      this.indexTwin(twin);
      this.emit({ type: 'twin.upserted', twin });
    }
  }

  /** Applies a JSON Patch to a twin's properties (PATCH), then validates it like a PUT. */
  async patchTwin(id: string, patch: unknown, preconditions: Preconditions = {}): Promise<StoredTwin> {
    const twin = this.requireTwin(id);
    checkPreconditions(twin.etag, preconditions, `twin "${id}"`);
    const properties = applyJsonPatch({ ...twin.properties }, patch);
    return this.putTwin(id, { ...properties, $metadata: { $model: twin.modelId } }, { ifMatch: twin.etag });
  }

  async deleteTwin(id: string, preconditions: Preconditions = {}): Promise<void> {
    const twin = this.requireTwin(id);
    checkPreconditions(twin.etag, preconditions, `twin "${id}"`);
    const relationships = (this.outgoing.get(id)?.size ?? 0) + (this.incoming.get(id)?.size ?? 0);
    if (relationships > 0) {
      throw new DoppelError(
        'twin.has-relationships',
        `twin "${id}" has ${relationships} relationship(s); delete them first`,
      );
    }
    await this.registry.deleteTwin(this.tenant, twin.id);
    this.unindexTwin(twin);
    this.emit({ type: 'twin.deleted', twinId: twin.id });
  }

  // ---------- relationships ----------

  getRelationship(sourceId: string, relationshipId: string): StoredRelationship | undefined {
    return this.outgoing.get(sourceId)?.get(relationshipId);
  }

  requireRelationship(sourceId: string, relationshipId: string): StoredRelationship {
    this.requireTwin(sourceId);
    const rel = this.getRelationship(sourceId, relationshipId);
    if (rel === undefined)
      throw new DoppelError('relationship.not-found', `twin "${sourceId}" has no relationship "${relationshipId}"`);
    return rel;
  }

  outgoingOf(sourceId: string, name?: string): StoredRelationship[] {
    const rels = [...(this.outgoing.get(sourceId)?.values() ?? [])];
    return name === undefined ? rels : rels.filter((rel) => rel.name === name);
  }

  incomingOf(targetId: string, name?: string): StoredRelationship[] {
    const rels = [...(this.incoming.get(targetId) ?? [])];
    return name === undefined ? rels : rels.filter((rel) => rel.name === name);
  }

  async putRelationship(
    sourceId: string,
    relationshipId: string,
    body: unknown,
    preconditions: Preconditions = {},
  ): Promise<StoredRelationship> {
    const rel = this.prepareRelationship(sourceId, relationshipId, body, preconditions);
    await this.commitRelationships([rel]);
    return rel;
  }

  /**
   * Validates a relationship as PUT does and returns it as it would be stored, without storing
   * it; `batch` holds the twins and relationships earlier lines of the same import prepared.
   */
  prepareRelationship(
    sourceId: string,
    relationshipId: string,
    body: unknown,
    preconditions: Preconditions = {},
    batch?: PendingBatch,
  ): StoredRelationship {
    const source = batch?.twins.get(sourceId) ?? this.requireTwin(sourceId);
    if (!isRelationshipId(relationshipId)) {
      throw new DoppelError('relationship.invalid', `"${relationshipId}" is not a valid relationship id`);
    }
    const existing =
      batch?.relationships.get(relationshipKey(sourceId, relationshipId)) ??
      this.getRelationship(sourceId, relationshipId);
    checkPreconditions(existing?.etag, preconditions, `relationship "${relationshipId}"`);
    const document = requireObject(body, 'relationship');
    const name = document.$relationshipName;
    const targetId = document.$targetId;
    if (typeof name !== 'string') throw new DoppelError('relationship.invalid', 'the body needs "$relationshipName"');
    if (typeof targetId !== 'string') throw new DoppelError('relationship.invalid', 'the body needs "$targetId"');
    if (document.$sourceId !== undefined && document.$sourceId !== sourceId) {
      throw new DoppelError(
        'relationship.invalid',
        `"$sourceId" in the body differs from the twin in the URL (${sourceId})`,
      );
    }
    const target = batch?.twins.get(targetId) ?? this.twins.get(targetId);
    if (target === undefined) throw new DoppelError('relationship.invalid', `target twin "${targetId}" does not exist`);
    const info = this.models.info(source.modelId);
    const definition = info?.relationships.get(name);
    if (info !== undefined && definition === undefined) {
      const known = [...info.relationships.keys()].join(', ') || 'none';
      throw new DoppelError(
        'relationship.invalid',
        `model ${source.modelId} defines no relationship "${name}" (it defines: ${known})`,
      );
    }
    if (definition?.target !== undefined && !this.models.isA(target.modelId, definition.target)) {
      throw new DoppelError(
        'relationship.invalid',
        `relationship "${name}" must target a ${definition.target}, but "${targetId}" is a ${target.modelId}`,
      );
    }
    if (definition?.maxMultiplicity !== undefined && existing === undefined) {
      let count = this.outgoingOf(sourceId, name).length;
      for (const pending of batch?.relationships.values() ?? []) {
        if (pending.sourceId === sourceId && pending.name === name && !this.getRelationship(sourceId, pending.id))
          count++;
      }
      if (count >= definition.maxMultiplicity) {
        throw new DoppelError(
          'relationship.invalid',
          `"${sourceId}" already has ${count} "${name}" relationship(s), the model's maxMultiplicity`,
        );
      }
    }
    const rel: StoredRelationship = {
      id: relationshipId as RelationshipId,
      sourceId: source.id,
      targetId: target.id,
      name,
      properties: userProperties(document),
      etag: newEtag(),
    };
    return rel;
  }

  /** Stores prepared relationships in one registry transaction, then indexes them. */
  async commitRelationships(relationships: readonly StoredRelationship[]): Promise<void> {
    await this.registry.upsertRelationships(this.tenant, relationships);
    for (const rel of relationships) {
      const existing = this.getRelationship(rel.sourceId, rel.id);
      if (existing !== undefined) this.unindexRelationship(existing);
      this.indexRelationship(rel);
      this.emit({ type: 'relationship.upserted', relationship: rel });
    }
  }

  async deleteRelationship(sourceId: string, relationshipId: string, preconditions: Preconditions = {}): Promise<void> {
    const rel = this.requireRelationship(sourceId, relationshipId);
    checkPreconditions(rel.etag, preconditions, `relationship "${relationshipId}"`);
    await this.registry.deleteRelationship(this.tenant, rel.sourceId, rel.id);
    this.unindexRelationship(rel);
    this.emit({ type: 'relationship.deleted', relationship: rel });
  }

  /** Twins with no incoming relationship of `name`: the roots of the navigation tree. */
  rootIds(name: string): string[] {
    const roots: string[] = [];
    for (const id of this.twins.keys()) {
      if (!this.incomingOf(id).some((rel) => rel.name === name)) roots.push(id);
    }
    return roots;
  }

  // ---------- indexes ----------

  private emit(event: GraphEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private indexTwin(twin: StoredTwin): void {
    this.twins.set(twin.id, twin);
    let set = this.twinsByModel.get(twin.modelId);
    if (set === undefined) this.twinsByModel.set(twin.modelId, (set = new Set()));
    set.add(twin.id);
  }

  private unindexTwin(twin: StoredTwin): void {
    this.twins.delete(twin.id);
    this.twinsByModel.get(twin.modelId)?.delete(twin.id);
  }

  private indexRelationship(rel: StoredRelationship): void {
    let out = this.outgoing.get(rel.sourceId);
    if (out === undefined) this.outgoing.set(rel.sourceId, (out = new Map()));
    out.set(rel.id, rel);
    let inc = this.incoming.get(rel.targetId);
    if (inc === undefined) this.incoming.set(rel.targetId, (inc = new Set()));
    inc.add(rel);
  }

  private unindexRelationship(rel: StoredRelationship): void {
    this.outgoing.get(rel.sourceId)?.delete(rel.id);
    this.incoming.get(rel.targetId)?.delete(rel);
  }
}

function requireObject(body: unknown, what: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DoppelError(
      what === 'twin' ? 'twin.invalid' : 'relationship.invalid',
      `the ${what} body must be a JSON object`,
    );
  }
  return body as Record<string, unknown>;
}

/** If-Match / If-None-Match as Azure Digital Twins applies them ("*" matches any existing). */
function checkPreconditions(etag: string | undefined, preconditions: Preconditions, what: string): void {
  const { ifMatch, ifNoneMatch } = preconditions;
  if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== etag) {
    throw new DoppelError(
      'request.precondition-failed',
      `If-Match ${ifMatch} does not match the current ETag of ${what}`,
    );
  }
  if (ifMatch === '*' && etag === undefined) {
    throw new DoppelError('request.precondition-failed', `If-Match: * but ${what} does not exist`);
  }
  if (ifNoneMatch === '*' && etag !== undefined) {
    throw new DoppelError('request.precondition-failed', `If-None-Match: * but ${what} already exists`);
  }
}
