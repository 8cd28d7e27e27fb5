import type { ModelData } from '@doppel/protocol';

export type ContentKind = 'telemetry' | 'property' | 'command' | 'relationship' | 'component' | 'other';

/** What the UI needs of one DTDL content: its kind, a display name and a unit. */
export interface ContentInfo {
  readonly name: string;
  readonly kind: ContentKind;
  readonly displayName: string;
  /** DTDL unit name (`degreeCelsius`), if the content declares one. */
  readonly unit: string | undefined;
  /** Primitive schema name (`double`, `boolean`, …), or undefined for complex schemas. */
  readonly schema: string | undefined;
  /** The schema as the model declares it (a name, or an Enum / Object / … object). */
  readonly schemaDefinition?: unknown;
  /** A Property the platform may set (`writable: true`). */
  readonly writable?: boolean;
  /** A Command's request and response payloads, when it declares them. */
  readonly request?: CommandPayloadInfo;
  readonly response?: CommandPayloadInfo;
}

/** A Command's request or response (DTDL CommandRequest / CommandResponse). */
export interface CommandPayloadInfo {
  readonly name: string;
  readonly displayName: string;
  readonly description: string | undefined;
  /** A primitive schema name, or a complex schema object. */
  readonly schema: unknown;
}

export interface ModelInfo {
  readonly id: string;
  readonly displayName: string;
  readonly description: string | undefined;
  /** Contents in declaration order (own contents; see resolveModel for inherited ones). */
  readonly contents: readonly ContentInfo[];
  /** DTMIs of the interfaces this one extends. */
  readonly extends: readonly string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A DTDL or API string that may be localized (`{ "en": "…" }`): English first, else any. */
export function localized(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!isRecord(value)) return undefined;
  const english = value.en ?? value['en-US'] ?? Object.values(value)[0];
  return typeof english === 'string' ? english : undefined;
}

const KINDS: Readonly<Record<string, ContentKind>> = {
  Telemetry: 'telemetry',
  Property: 'property',
  Command: 'command',
  Relationship: 'relationship',
  Component: 'component',
};

function contentKind(type: unknown): ContentKind {
  const types = Array.isArray(type) ? type : [type];
  for (const each of types) {
    if (typeof each === 'string' && KINDS[each] !== undefined) return KINDS[each];
  }
  return 'other';
}

function payloadInfo(payload: unknown): CommandPayloadInfo | undefined {
  if (!isRecord(payload) || typeof payload.name !== 'string') return undefined;
  return {
    name: payload.name,
    displayName: localized(payload.displayName) ?? payload.name,
    description: localized(payload.description),
    schema: payload.schema,
  };
}

function contentInfo(content: unknown): ContentInfo | undefined {
  if (!isRecord(content) || typeof content.name !== 'string') return undefined;
  const kind = contentKind(content['@type']);
  const request = kind === 'command' ? payloadInfo(content.request) : undefined;
  const response = kind === 'command' ? payloadInfo(content.response) : undefined;
  return {
    name: content.name,
    kind,
    displayName: localized(content.displayName) ?? content.name,
    unit: typeof content.unit === 'string' ? content.unit : undefined,
    schema: typeof content.schema === 'string' ? content.schema : undefined,
    ...(content.schema === undefined ? {} : { schemaDefinition: content.schema }),
    ...(content.writable === true ? { writable: true } : {}),
    ...(request === undefined ? {} : { request }),
    ...(response === undefined ? {} : { response }),
  };
}

/** Reads what the UI shows from a model as `GET /api/v1/models/{id}` returns it. */
export function modelInfoFrom(data: ModelData): ModelInfo {
  const document = isRecord(data.model) ? data.model : {};
  const contents = Array.isArray(document.contents) ? document.contents : [];
  const bases = Array.isArray(document.extends) ? document.extends : [document.extends];
  return {
    id: data.id,
    displayName: localized(data.displayName) ?? localized(document.displayName) ?? data.id,
    description: localized(data.description) ?? localized(document.description),
    contents: contents.map(contentInfo).filter((info) => info !== undefined),
    extends: bases.filter((base): base is string => typeof base === 'string'),
  };
}

/** Contents of a model and its loaded bases, the model's own declarations winning. */
export function resolveContents(
  modelId: string,
  lookup: (id: string) => ModelInfo | undefined,
  seen: Set<string> = new Set(),
): ContentInfo[] {
  const info = lookup(modelId);
  if (info === undefined || seen.has(modelId)) return [];
  seen.add(modelId);
  const byName = new Map<string, ContentInfo>();
  for (const base of info.extends) {
    for (const content of resolveContents(base, lookup, seen)) byName.set(content.name, content);
  }
  for (const content of info.contents) byName.set(content.name, content);
  return [...byName.values()];
}
