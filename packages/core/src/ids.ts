import type { Brand } from './brand.js';

/** A twin's `$dtId`, unique within a tenant. */
export type TwinId = Brand<string, 'TwinId'>;
/** A DTDL model identifier, e.g. `dtmi:doppel:demo:Pump;1`. */
export type ModelId = Brand<string, 'ModelId'>;
/** A relationship's `$relationshipId`, unique per source twin. */
export type RelationshipId = Brand<string, 'RelationshipId'>;
/** A tenant: every stored entity carries one (DESIGN.md invariant 6). */
export type TenantId = Brand<string, 'TenantId'>;

export const DEFAULT_TENANT = 'default' as TenantId;

/**
 * Twin ids travel in MQTT topic levels and URL paths, so they may not contain `/`, `+`, `#`,
 * whitespace or control characters. Azure Digital Twins allows more; we keep the portable subset.
 */
const TWIN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@~-]{0,127}$/;

export function isTwinId(value: string): value is TwinId {
  return TWIN_ID_PATTERN.test(value);
}

/** DTMI syntax from the DTDL v3 specification ("Digital Twin Model Identifier"). */
const DTMI_PATTERN =
  /^dtmi:(?:_+[A-Za-z0-9]|[A-Za-z])(?:[A-Za-z0-9_]*[A-Za-z0-9])?(?::(?:_+[A-Za-z0-9]|[A-Za-z])(?:[A-Za-z0-9_]*[A-Za-z0-9])?)*(?:;[1-9][0-9]{0,8}(?:\.[1-9][0-9]{0,5})?)?$/;

export function isModelId(value: string): value is ModelId {
  return value.length <= 2048 && DTMI_PATTERN.test(value);
}

const RELATIONSHIP_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@~-]{0,127}$/;

export function isRelationshipId(value: string): value is RelationshipId {
  return RELATIONSHIP_ID_PATTERN.test(value);
}
