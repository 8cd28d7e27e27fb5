import type { InterfaceInfo } from '@doppel/dtdl';
import { TOPIC_ROOT } from '@doppel/protocol';

/**
 * What goes over MQTT for a command (docs/sync.md, "Commands"):
 * - request, platform → device, on the command topic (QoS 1):
 *   `{"correlationId": "…", "name": "…", "request"?: value, "idempotent": bool, "expiresMs": epoch ms}`
 * - answer, device → platform, on `<command topic>/response`:
 *   `{"correlationId": "…", "status": "acknowledged" | "succeeded" | "failed", "response"?: value, "error"?: text}`
 * A desired value travels the same way on `twins/{twinId}/properties/desired`, with the property's
 * name and the value as `request`.
 */

/** Tokens of a DTDL Mqtt `commandTopic` pattern that stand for the twin id (DTDL.mqtt.v1.md uses executorId). */
const TWIN_TOKENS = new Set(['executorId', 'senderId', 'twinId', 'deviceId']);

/** The topic a command is published on: the model's Mqtt `commandTopic`, or `twins/{twinId}/commands/{name}`. */
export function commandTopicOf(info: InterfaceInfo | undefined, twinId: string, name: string): string {
  const pattern = info?.mqtt?.commandTopic;
  if (pattern === undefined) return `${TOPIC_ROOT}/${twinId}/commands/${name}`;
  return pattern.replace(/\{(?:[A-Za-z]+:)?([A-Za-z]+)\}/g, (token, bare: string) => {
    if (TWIN_TOKENS.has(bare)) return twinId;
    if (bare === 'commandName' || bare === 'name') return name;
    return token;
  });
}

export function desiredTopicOf(twinId: string): string {
  return `${TOPIC_ROOT}/${twinId}/properties/desired`;
}

export function responseTopicOf(topic: string): string {
  return `${topic}/response`;
}

/** `twins/{twinId}/commands/{name}/response` or `twins/{twinId}/properties/desired/response`. */
export function isDefaultResponseTopic(topic: string): boolean {
  const levels = topic.split('/');
  return (
    levels[0] === TOPIC_ROOT &&
    levels.at(-1) === 'response' &&
    ((levels.length === 5 && levels[2] === 'commands') ||
      (levels.length === 5 && levels[2] === 'properties' && levels[3] === 'desired'))
  );
}

export interface RequestEnvelope {
  readonly correlationId: string;
  readonly name: string;
  readonly request?: unknown;
  readonly idempotent: boolean;
  readonly expiresMs: number;
}

export function encodeRequest(envelope: RequestEnvelope): string {
  return JSON.stringify(envelope);
}

export type DeviceAnswer =
  | {
      readonly ok: true;
      readonly correlationId: string;
      readonly status: 'acknowledged' | 'succeeded' | 'failed';
      readonly response?: unknown;
      readonly error?: string;
    }
  | { readonly ok: false; readonly correlationId?: string; readonly message: string };

const ANSWER_STATUSES = new Set(['acknowledged', 'succeeded', 'failed']);

/** Parses a device's answer; says what is wrong with one it cannot use. */
export function parseAnswer(payload: Uint8Array): DeviceAnswer {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload).toString('utf8'));
  } catch {
    return { ok: false, message: 'the answer is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'the answer must be a JSON object' };
  }
  const record = value as Record<string, unknown>;
  const correlationId = typeof record.correlationId === 'string' ? record.correlationId : undefined;
  if (correlationId === undefined) return { ok: false, message: '"correlationId" (a string) is missing' };
  if (typeof record.status !== 'string' || !ANSWER_STATUSES.has(record.status)) {
    return { ok: false, correlationId, message: '"status" must be "acknowledged", "succeeded" or "failed"' };
  }
  if (record.error !== undefined && typeof record.error !== 'string') {
    return { ok: false, correlationId, message: '"error" must be a string' };
  }
  return {
    ok: true,
    correlationId,
    status: record.status as 'acknowledged' | 'succeeded' | 'failed',
    ...(record.response === undefined ? {} : { response: record.response }),
    ...(record.error === undefined ? {} : { error: record.error as string }),
  };
}
