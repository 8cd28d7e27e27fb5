import type { ModelId, RelationshipId, TwinId } from '@doppel/core';

/** A twin document in Azure Digital Twins' shape: `$dtId`, `$metadata.$model`, then property values. */
export interface DemoTwin {
  readonly $dtId: TwinId;
  readonly $metadata: { readonly $model: ModelId };
  readonly [property: string]: unknown;
}

/** A relationship in Azure Digital Twins' shape; extra keys are the relationship's properties. */
export interface DemoRelationship {
  readonly $relationshipId: RelationshipId;
  readonly $sourceId: TwinId;
  readonly $targetId: TwinId;
  readonly $relationshipName: string;
  readonly [property: string]: unknown;
}

/** Everything the platform loads on its first start: models (bases first), twins, relationships. */
export interface DemoSite {
  /** DTDL v3 Interface documents, each base before the interfaces that extend it. */
  models: unknown[];
  twins: DemoTwin[];
  relationships: DemoRelationship[];
}
