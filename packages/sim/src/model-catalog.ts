import type { DtdlContent, DtdlInterface } from './model-document.js';
import { contentKind, extendsOf, hasType } from './model-document.js';
import { BUILT_IN_MODELS, telemetryTopic } from '@doppel/protocol';

/**
 * Looks models up by id and answers what the simulator needs: contents (inherited too) and topics.
 * It knows the platform's built-in interfaces (@doppel/protocol `BUILT_IN_MODELS`) besides the
 * models it is given, as the platform registers them before any model: the demo pump extends
 * BearingMonitor, which the demo's own model list does not hold.
 */
export class ModelCatalog {
  private readonly byId: Map<string, DtdlInterface>;

  constructor(models: readonly DtdlInterface[]) {
    const builtIns: readonly DtdlInterface[] = BUILT_IN_MODELS;
    this.byId = new Map([...builtIns, ...models].map((model) => [model['@id'], model]));
  }

  has(modelId: string): boolean {
    return this.byId.has(modelId);
  }

  get(modelId: string): DtdlInterface {
    const model = this.byId.get(modelId);
    if (model === undefined) throw new Error(`unknown model ${modelId}`);
    return model;
  }

  /** The model and every interface it extends, transitively, the model first. */
  lineage(modelId: string): DtdlInterface[] {
    const seen = new Set<string>();
    const out: DtdlInterface[] = [];
    const walk = (id: string): void => {
      if (seen.has(id)) return;
      seen.add(id);
      const model = this.get(id);
      out.push(model);
      extendsOf(model).forEach(walk);
    };
    walk(modelId);
    return out;
  }

  /** Own and inherited contents of one kind (`Telemetry`, `Property`, `Relationship`, …). */
  contents(modelId: string, kind: string): DtdlContent[] {
    return this.lineage(modelId).flatMap((model) =>
      (model.contents ?? []).filter((content) => contentKind(content) === kind),
    );
  }

  /** True when `modelId` is `baseId` or extends it, transitively. */
  isA(modelId: string, baseId: string): boolean {
    return this.lineage(modelId).some((model) => model['@id'] === baseId);
  }

  /**
   * Where a twin of this model publishes telemetry. An Mqtt co-type applies only to the interface
   * that carries it, not to interfaces that extend it (DTDL Mqtt extension v1), so only the
   * twin's own model is consulted.
   */
  telemetryTopic(modelId: string, twinId: string): string {
    const model = this.get(modelId);
    if (hasType(model, 'Mqtt') && model.telemetryTopic !== undefined) {
      return resolveTopicPattern(model.telemetryTopic, { senderId: twinId, modelId });
    }
    return telemetryTopic(twinId);
  }
}

/**
 * Replaces the brace-enclosed tokens of an Mqtt topic pattern. Doppel binds `{senderId}` to the twin
 * id and `{modelId}` to the model id; an unknown token is an error in the model, not a topic level.
 */
export function resolveTopicPattern(pattern: string, tokens: Readonly<Record<string, string>>): string {
  return pattern.replace(/\{([A-Za-z]+(?::[A-Za-z]+)?)\}/g, (_match, token: string) => {
    const value = tokens[token];
    if (value === undefined) throw new Error(`topic pattern ${pattern}: no value for token {${token}}`);
    return value;
  });
}
