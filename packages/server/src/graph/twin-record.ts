import type { DigitalTwin, Relationship } from '@doppel/protocol';
import { toIso } from '@doppel/core';
import type { EpochMs } from '@doppel/core';
import type { StoredRelationship, StoredTwin } from './registry.js';

/** Azure Digital Twins' weak ETag form. */
export const newEtag = (): string => `W/"${crypto.randomUUID()}"`;

/** The twin in Azure Digital Twins' data-plane shape (without live state; see state/). */
export function twinToWire(twin: StoredTwin): DigitalTwin {
  const metadata: Record<string, unknown> = {
    $model: twin.modelId,
    $lastUpdateTime: toIso(twin.updatedMs),
  };
  for (const [name, timeMs] of Object.entries(twin.propertyTimesMs)) {
    metadata[name] = { lastUpdateTime: toIso(timeMs as EpochMs) };
  }
  return { $dtId: twin.id, $etag: twin.etag, ...twin.properties, $metadata: metadata as DigitalTwin['$metadata'] };
}

export function relationshipToWire(rel: StoredRelationship): Relationship {
  return {
    $relationshipId: rel.id,
    $etag: rel.etag,
    $sourceId: rel.sourceId,
    $targetId: rel.targetId,
    $relationshipName: rel.name,
    ...rel.properties,
  };
}

/** The user-visible keys of a document: everything not starting with `$`. */
export function userProperties(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!key.startsWith('$')) out[key] = value;
  }
  return out;
}
