import type { ModelId, RelationshipId, TwinId } from '@doppel/core';
import { isRelationshipId, isTwinId } from '@doppel/core';
import type { DemoModelKey } from './demo-model-ids.js';
import { DEMO_MODEL_IDS } from './demo-model-ids.js';
import type { DemoRelationship, DemoTwin } from './demo-site-types.js';

/** Collects twins and relationships, rejecting ids that could not travel in a topic or URL. */
export class SiteBuilder {
  readonly twins: DemoTwin[] = [];
  readonly relationships: DemoRelationship[] = [];
  private readonly ids = new Set<string>();

  twin(id: string, model: DemoModelKey, properties: Readonly<Record<string, unknown>>): TwinId {
    if (!isTwinId(id)) throw new Error(`demo twin id "${id}" is not a valid twin id`);
    if (this.ids.has(id)) throw new Error(`demo twin id "${id}" is used twice`);
    this.ids.add(id);
    this.twins.push({ $dtId: id, $metadata: { $model: DEMO_MODEL_IDS[model] as ModelId }, ...properties });
    return id;
  }

  /** Relationship ids are `source.name.target`: unique per source as ADT requires, and readable. */
  relate(sourceId: TwinId, name: string, targetId: TwinId, properties: Readonly<Record<string, unknown>> = {}): void {
    const relationshipId = `${sourceId}.${name}.${targetId}`;
    if (!isRelationshipId(relationshipId)) throw new Error(`relationship id "${relationshipId}" is not valid`);
    this.relationships.push({
      $relationshipId: relationshipId as RelationshipId,
      $sourceId: sourceId,
      $targetId: targetId,
      $relationshipName: name,
      ...properties,
    });
  }
}
