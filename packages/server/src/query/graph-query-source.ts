import type { QueryRelationship, QuerySource, QueryTwin } from '@doppel/query';
import { readPath } from '@doppel/query';
import type { StoredRelationship, StoredTwin } from '../graph/registry.js';
import type { TwinGraph } from '../graph/twin-graph.js';
import { relationshipToWire } from '../graph/twin-record.js';
import type { TwinStateStore } from '../state/twin-state-store.js';
import type { HistoryService } from '../history/history-service.js';
import { readHistoryAggregates } from './history-aggregates.js';
import { liveValueShows, twinDocument } from './twin-document.js';

/**
 * The platform's graph and live state as a query source: queries read the in-memory graph and
 * state directly, so a result reflects every write acknowledged before it (Azure Digital Twins'
 * query index lags writes by up to 10 s). Documents are built only for the twins a query reads.
 */
export class GraphQuerySource implements QuerySource {
  readonly readHistory: QuerySource['readHistory'];
  readonly freshnessOf: QuerySource['freshnessOf'];
  readonly qualityOf: QuerySource['qualityOf'];
  readonly confidenceOf: QuerySource['confidenceOf'];
  private readonly propertyIndexes = new Map<string, PropertyIndex>();

  constructor(
    private readonly graph: TwinGraph,
    private readonly state: TwinStateStore,
    history?: { readonly service: HistoryService; readonly nowMs: () => number },
    sync: Pick<QuerySource, 'freshnessOf' | 'qualityOf' | 'confidenceOf'> = {},
  ) {
    this.freshnessOf = sync.freshnessOf;
    this.qualityOf = sync.qualityOf;
    this.confidenceOf = sync.confidenceOf;
    this.readHistory =
      history === undefined
        ? undefined
        : (requests) => readHistoryAggregates(history.service, graph, requests, history.nowMs());
    graph.onEvent((event) => {
      if (event.type === 'twin.upserted') for (const index of this.propertyIndexes.values()) index.add(event.twin);
      if (event.type === 'twin.deleted') for (const index of this.propertyIndexes.values()) index.remove(event.twinId);
    });
  }

  twinIds(): Iterable<string> {
    return this.graph.twinIds();
  }

  /**
   * Twins whose stored property `name` equals `value`, from an index built on the first query of
   * that property and kept up to date by the graph's events. Only for top-level properties that
   * no device reports (live state would lay other values over the stored ones); otherwise, and
   * beyond PROPERTY_INDEXES_MAX properties, undefined: the query scans.
   */
  twinIdsByProperty(path: readonly string[], value: string | number | boolean): Iterable<string> | undefined {
    if (path.length === 0 || path.length > PROPERTY_PATH_DEPTH_MAX) return undefined;
    // A path (or an object above it) that devices report is read from live state: no stored index.
    for (let depth = 1; depth <= path.length; depth++) {
      if (this.state.twinsWithPath(path.slice(0, depth).join('/')) > 0) return undefined;
    }
    const key = path.join('/');
    let index = this.propertyIndexes.get(key);
    if (index === undefined) {
      if (this.propertyIndexes.size >= PROPERTY_INDEXES_MAX) return undefined;
      index = new PropertyIndex(path);
      for (const id of this.graph.twinIds()) index.add(this.graph.getTwin(id) as StoredTwin);
      this.propertyIndexes.set(key, index);
    }
    return index.lookup(value);
  }

  twinIdsOfModel(modelId: string, exact: boolean): Iterable<string> {
    return exact ? this.graph.twinIdsOfExactModel(modelId) : this.graph.twinIds(modelId);
  }

  twin(id: string): QueryTwin | undefined {
    const stored = this.graph.getTwin(id);
    return stored === undefined ? undefined : new LazyTwin(stored, this.state);
  }

  isOfModel(twin: QueryTwin, modelId: string, exact: boolean): boolean {
    return twin.modelId === modelId || (!exact && this.graph.models.isA(twin.modelId, modelId));
  }

  outgoing(twinId: string, name?: string): readonly QueryRelationship[] {
    return this.graph.outgoingOf(twinId, name).map(toQueryRelationship);
  }

  incoming(twinId: string, name?: string): readonly QueryRelationship[] {
    return this.graph.incomingOf(twinId, name).map(toQueryRelationship);
  }

  *relationships(): Iterable<QueryRelationship> {
    for (const relationship of this.graph.relationships()) yield toQueryRelationship(relationship);
  }
}

class LazyTwin implements QueryTwin {
  private built: Readonly<Record<string, unknown>> | undefined;

  constructor(
    private readonly stored: StoredTwin,
    private readonly state: TwinStateStore,
  ) {}

  get id(): string {
    return this.stored.id;
  }

  get modelId(): string {
    return this.stored.modelId;
  }

  /** A property's value as twinDocument lays live state over the stored twin, without building it. */
  read(path: readonly string[]): unknown {
    if (this.built !== undefined) return readPath(this.built, path);
    const [name, ...rest] = path as [string, ...string[]];
    const live = this.state.get(this.stored.id)?.get(name);
    let value: unknown;
    if (live !== undefined && liveValueShows(this.stored, name, live, { telemetry: true })) value = live.value;
    else if (Object.hasOwn(this.stored.properties, name)) value = this.stored.properties[name];
    else return undefined;
    return rest.length === 0 ? value : readPath(value, rest);
  }

  get document(): Readonly<Record<string, unknown>> {
    this.built ??= twinDocument(this.stored, this.state.get(this.stored.id), { telemetry: true }) as Record<
      string,
      unknown
    >;
    return this.built;
  }
}

function toQueryRelationship(relationship: StoredRelationship): QueryRelationship {
  let built: Readonly<Record<string, unknown>> | undefined;
  return {
    id: relationship.id,
    sourceId: relationship.sourceId,
    targetId: relationship.targetId,
    name: relationship.name,
    get document() {
      built ??= relationshipToWire(relationship) as unknown as Readonly<Record<string, unknown>>;
      return built;
    },
  };
}

/** Properties indexed at most (each costs an entry per twin that has the property). */
const PROPERTY_INDEXES_MAX = 32;
/** Deepest property path indexed (into objects and components). */
const PROPERTY_PATH_DEPTH_MAX = 8;

/** One stored property's values → the twins that have them (strings, numbers and booleans). */
class PropertyIndex {
  private readonly byValue = new Map<string, Set<string>>();
  private readonly valueOf = new Map<string, string>();

  /** A stored property's path: a top-level property, or into an object or a component (`motor.speed`). */
  constructor(private readonly path: readonly string[]) {}

  /** Adds a twin, or moves it to its new value. */
  add(twin: StoredTwin): void {
    this.remove(twin.id);
    let value: unknown = twin.properties;
    for (const part of this.path) {
      const holder = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
      value =
        holder !== undefined && Object.hasOwn(holder, part) ? (holder as Record<string, unknown>)[part] : undefined;
    }
    const key = indexKey(value);
    if (key === undefined) return;
    let ids = this.byValue.get(key);
    if (ids === undefined) this.byValue.set(key, (ids = new Set()));
    ids.add(twin.id);
    this.valueOf.set(twin.id, key);
  }

  remove(twinId: string): void {
    const key = this.valueOf.get(twinId);
    if (key === undefined) return;
    this.valueOf.delete(twinId);
    const ids = this.byValue.get(key);
    ids?.delete(twinId);
    if (ids?.size === 0) this.byValue.delete(key);
  }

  lookup(value: string | number | boolean): Iterable<string> {
    return [...(this.byValue.get(indexKey(value) as string) ?? [])];
  }
}

function indexKey(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? `${typeof value}:${String(value)}`
    : undefined;
}
