import type { Clock, EpochMs, ModelId, TenantId } from '@doppel/core';
import { DoppelError } from '@doppel/core';
import type { InterfaceInfo } from '@doppel/dtdl';
import { ModelSet, parseModels } from '@doppel/dtdl';
import type { CompiledModel } from './compiled-model.js';
import { compileModel } from './compiled-model.js';
import type { Registry, StoredModel } from './registry.js';

/**
 * The models of one tenant: parsed, resolved and compiled in memory, stored through the registry.
 * Models are immutable (Azure Digital Twins' rule): a change is a new version (`;2`).
 */
export class ModelCatalog {
  private readonly set = new ModelSet();
  private readonly stored = new Map<string, StoredModel>();
  private readonly compiled = new Map<string, CompiledModel>();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly registry: Registry,
    private readonly tenant: TenantId,
    private readonly clock: Clock,
  ) {}

  /** Loads stored models. They were valid when stored; a failure here means a parser regression. */
  async load(): Promise<void> {
    const models = await this.registry.loadModels(this.tenant);
    if (models.length === 0) return;
    const result = parseModels(models.map((model) => model.document));
    if (!result.ok) {
      const first = result.errors[0];
      throw new Error(
        `stored models no longer parse (${result.errors.length} errors; first: ${first?.message ?? '?'})`,
      );
    }
    this.set.add(result.interfaces);
    for (const model of models) this.stored.set(model.id, model);
  }

  /** Validates and stores a batch of DTDL documents, all or nothing. Returns the new interfaces. */
  async add(documents: readonly unknown[]): Promise<StoredModel[]> {
    if (documents.length === 0)
      throw new DoppelError('request.invalid', 'the body must be a non-empty array of DTDL documents');
    const result = parseModels(documents, { existing: this.set });
    if (!result.ok) {
      throw new DoppelError('model.invalid', `${result.errors.length} error(s) in the uploaded models`, {
        details: result.errors.map((error) => ({
          message: error.elementId === undefined ? error.message : `${error.elementId}: ${error.message}`,
          ...(error.pointer === undefined ? {} : { pointer: error.pointer }),
        })),
      });
    }
    const existing = result.interfaces.filter((info) => this.stored.has(info.id));
    if (existing.length > 0) {
      throw new DoppelError(
        'model.already-exists',
        `model ${existing.map((info) => info.id).join(', ')} already exists`,
      );
    }
    const uploadTimeMs = this.clock.nowMs();
    const documentsById = indexDocuments(documents);
    const stored = result.interfaces.map((info) => ({
      id: info.id as ModelId,
      document: documentsById.get(info.id) ?? info.document,
      uploadTimeMs: uploadTimeMs as EpochMs,
      decommissioned: false,
    }));
    await this.registry.insertModels(this.tenant, stored);
    this.set.add(result.interfaces);
    for (const model of stored) this.stored.set(model.id, model);
    this.changed();
    return stored;
  }

  /** Called after models are added, changed or deleted (e.g. to rebuild MQTT topic routes). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  get(id: string): StoredModel | undefined {
    return this.stored.get(id);
  }

  info(id: string): InterfaceInfo | undefined {
    return this.set.get(id);
  }

  list(): StoredModel[] {
    return [...this.stored.values()];
  }

  get size(): number {
    return this.stored.size;
  }

  /** True when `id` is `ancestorId` or extends it, directly or not. */
  isA(id: string, ancestorId: string): boolean {
    return this.set.isA(id, ancestorId);
  }

  /** The compiled form that ingest and twin validation use; cached per model. */
  compiledModel(id: string): CompiledModel | undefined {
    let compiled = this.compiled.get(id);
    if (compiled === undefined) {
      const info = this.set.get(id);
      if (info === undefined) return undefined;
      compiled = compileModel(info, this.set);
      this.compiled.set(id, compiled);
    }
    return compiled;
  }

  async setDecommissioned(id: string, decommissioned: boolean): Promise<StoredModel> {
    const model = this.require(id);
    await this.registry.setModelDecommissioned(this.tenant, model.id, decommissioned);
    const updated = { ...model, decommissioned };
    this.stored.set(id, updated);
    return updated;
  }

  /** Deletes a model; `inUse` says whether twins use it, checked by the caller that knows the twins. */
  async delete(id: string, inUse: (modelId: string) => boolean): Promise<void> {
    const model = this.require(id);
    if (inUse(id)) throw new DoppelError('model.in-use', `model ${id} is used by twins`);
    const dependents = this.set.dependentsOf(id);
    if (dependents.length > 0) {
      throw new DoppelError('model.in-use', `model ${id} is extended or referenced by ${dependents.join(', ')}`);
    }
    await this.registry.deleteModel(this.tenant, model.id);
    this.stored.delete(id);
    this.compiled.delete(id);
    this.set.delete(id);
    this.changed();
  }

  require(id: string): StoredModel {
    const model = this.stored.get(id);
    if (model === undefined) throw new DoppelError('model.not-found', `model ${id} does not exist`);
    return model;
  }
}

/** Keeps each uploaded document as it was sent, so GET returns exactly what was uploaded. */
function indexDocuments(documents: readonly unknown[]): Map<string, unknown> {
  const byId = new Map<string, unknown>();
  const visit = (doc: unknown): void => {
    if (Array.isArray(doc)) doc.forEach(visit);
    else if (typeof doc === 'object' && doc !== null) {
      const id = (doc as Record<string, unknown>)['@id'];
      if (typeof id === 'string') byId.set(id, doc);
    }
  };
  documents.forEach(visit);
  return byId;
}
