import type { ParsedTopic } from '@doppel/protocol';
import { parseTopic } from '@doppel/protocol';
import { isTwinId } from '@doppel/core';
import type { TwinId } from '@doppel/core';

/** Tokens of a DTDL Mqtt `telemetryTopic` pattern that stand for the twin id. */
const TWIN_TOKENS = new Set(['senderId', 'twinId', 'deviceId']);

interface CompiledPattern {
  readonly modelId: string;
  readonly pattern: string;
  readonly regex: RegExp;
  /** Capture group index of the twin id. */
  readonly twinGroup: number;
}

export type RoutedTopic =
  | (ParsedTopic & { readonly kind: 'telemetry' | 'reported'; readonly twinId: TwinId; readonly model?: string })
  | { readonly kind: 'other' }
  | { readonly kind: 'invalid'; readonly twinId: string; readonly reason: string };

/**
 * Maps an MQTT topic to the twin and kind it carries: the default convention
 * (`twins/{twinId}/telemetry`, `twins/{twinId}/properties/reported`) plus each model's DTDL Mqtt
 * `telemetryTopic` pattern (DTDL.mqtt.v1.md "Topic Pattern"), whose `{senderId}` (or
 * `{twinId}`) token is the twin id and other tokens match one topic level. A pattern routes only
 * twins of the model that declares it (the Mqtt co-type is not inherited).
 */
export class TopicRouter {
  private patterns: CompiledPattern[] = [];
  readonly warnings: string[] = [];

  setPatterns(entries: readonly { modelId: string; telemetryTopic: string }[]): void {
    this.patterns = [];
    this.warnings.length = 0;
    for (const { modelId, telemetryTopic } of entries) {
      const compiled = compilePattern(modelId, telemetryTopic);
      if (typeof compiled === 'string') this.warnings.push(compiled);
      else this.patterns.push(compiled);
    }
  }

  route(topic: string): RoutedTopic {
    const parsed = parseTopic(topic);
    if (parsed.kind !== 'other') return parsed;
    for (const pattern of this.patterns) {
      const match = pattern.regex.exec(topic);
      if (match === null) continue;
      const twinId = match[pattern.twinGroup] ?? '';
      if (!isTwinId(twinId))
        return { kind: 'invalid', twinId, reason: `"${twinId}" in topic ${topic} is not a valid twin id` };
      return { kind: 'telemetry', twinId, model: pattern.modelId };
    }
    return { kind: 'other' };
  }
}

function compilePattern(modelId: string, pattern: string): CompiledPattern | string {
  const levels = pattern.split('/');
  let twinGroup = 0;
  let group = 0;
  const parts = levels.map((level) => {
    const token = /^\{(?:[A-Za-z]+:)?([A-Za-z]+)\}$/.exec(level);
    if (token === null) return escapeRegex(level);
    group++;
    if (TWIN_TOKENS.has(token[1] as string) && twinGroup === 0) twinGroup = group;
    return '([^/]+)';
  });
  if (twinGroup === 0) {
    return `model ${modelId}: telemetryTopic "${pattern}" has no {senderId} token, so Doppel cannot tell which twin a message is for; it is ignored`;
  }
  return { modelId, pattern, regex: new RegExp(`^${parts.join('/')}$`), twinGroup };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
