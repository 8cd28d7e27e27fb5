import type { QueryRelationship, QuerySource, QueryTwin } from './source.js';

/**
 * A QuerySource over plain arrays, for tests and for tools that query a graph file without a
 * platform. Models extend by `bases` (model id → the models it extends directly).
 */
export class MemoryQuerySource implements QuerySource {
  private readonly twins = new Map<string, QueryTwin>();
  private readonly out = new Map<string, QueryRelationship[]>();
  private readonly in = new Map<string, QueryRelationship[]>();
  private readonly all: QueryRelationship[] = [];

  constructor(
    twins: readonly { readonly $dtId: string; readonly $metadata: { readonly $model: string } }[],
    relationships: readonly {
      readonly $relationshipId: string;
      readonly $sourceId: string;
      readonly $targetId: string;
      readonly $relationshipName: string;
    }[],
    private readonly bases: ReadonlyMap<string, readonly string[]> = new Map(),
  ) {
    for (const document of twins) {
      this.twins.set(document.$dtId, { id: document.$dtId, modelId: document.$metadata.$model, document });
    }
    for (const document of relationships) {
      const relationship: QueryRelationship = {
        id: document.$relationshipId,
        sourceId: document.$sourceId,
        targetId: document.$targetId,
        name: document.$relationshipName,
        document,
      };
      this.all.push(relationship);
      push(this.out, relationship.sourceId, relationship);
      push(this.in, relationship.targetId, relationship);
    }
  }

  twinIds(): Iterable<string> {
    return this.twins.keys();
  }

  *twinIdsOfModel(modelId: string, exact: boolean): Iterable<string> {
    for (const twin of this.twins.values()) if (this.isOfModel(twin, modelId, exact)) yield twin.id;
  }

  twin(id: string): QueryTwin | undefined {
    return this.twins.get(id);
  }

  isOfModel(twin: QueryTwin, modelId: string, exact: boolean): boolean {
    if (twin.modelId === modelId) return true;
    if (exact) return false;
    const visit = (model: string, depth: number): boolean =>
      depth < 16 && (this.bases.get(model) ?? []).some((base) => base === modelId || visit(base, depth + 1));
    return visit(twin.modelId, 0);
  }

  outgoing(twinId: string, name?: string): readonly QueryRelationship[] {
    const all = this.out.get(twinId) ?? [];
    return name === undefined ? all : all.filter((rel) => rel.name === name);
  }

  incoming(twinId: string, name?: string): readonly QueryRelationship[] {
    const all = this.in.get(twinId) ?? [];
    return name === undefined ? all : all.filter((rel) => rel.name === name);
  }

  relationships(): Iterable<QueryRelationship> {
    return this.all;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
