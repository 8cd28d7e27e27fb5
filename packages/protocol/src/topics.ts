import type { TwinId } from '@doppel/core';
import { isTwinId } from '@doppel/core';

/**
 * The default MQTT topic convention (DESIGN.md 6). A DTDL `Mqtt` co-type on an interface may
 * override the telemetry and command topics of its twins.
 */
export const TOPIC_ROOT = 'twins';

export const telemetryTopic = (twinId: string): string => `${TOPIC_ROOT}/${twinId}/telemetry`;
export const reportedPropertiesTopic = (twinId: string): string => `${TOPIC_ROOT}/${twinId}/properties/reported`;
export const commandTopic = (twinId: string, name: string): string => `${TOPIC_ROOT}/${twinId}/commands/${name}`;
export const commandResponseTopic = (twinId: string, name: string): string =>
  `${TOPIC_ROOT}/${twinId}/commands/${name}/response`;

export type IngestKind = 'telemetry' | 'reported';

export type ParsedTopic =
  | { readonly kind: IngestKind; readonly twinId: TwinId }
  /** Under `twins/` but not a topic Doppel ingests from devices (e.g. commands it sends itself). */
  | { readonly kind: 'other' }
  /** Looks like an ingest topic but the twin id is not valid. */
  | { readonly kind: 'invalid'; readonly twinId: string; readonly reason: string };

/** Classifies a topic of the default convention. Topics outside `twins/` are `other`. */
export function parseTopic(topic: string): ParsedTopic {
  if (!topic.startsWith(`${TOPIC_ROOT}/`)) return { kind: 'other' };
  const levels = topic.split('/');
  const twinId = levels[1] ?? '';
  let kind: IngestKind | undefined;
  if (levels.length === 3 && levels[2] === 'telemetry') kind = 'telemetry';
  else if (levels.length === 4 && levels[2] === 'properties' && levels[3] === 'reported') kind = 'reported';
  if (kind === undefined) return { kind: 'other' };
  if (!isTwinId(twinId)) return { kind: 'invalid', twinId, reason: `"${twinId}" is not a valid twin id` };
  return { kind, twinId };
}
