import type { ExtensionName } from './context.js';
import type { ClassName, MemberSpec } from './metamodel.js';
import { SEMANTIC_TYPE_UNIT_ENUM, UNIT_ENUMS } from './quantitative-types-data.js';

/**
 * Adjunct types ("co-types") that language extensions define, with the classes they may co-type
 * and the members they add (DTDL.quantitativeTypes.v1.md, DTDL.historization.v1.md,
 * DTDL.annotation.v1.md, DTDL.overriding.v1.md, DTDL.mqtt.v1.md). In DTDL v2 the semantic types
 * belong to the core language, so they need no extension context there.
 */
export interface AdjunctSpec {
  readonly extension: ExtensionName;
  /** The IRI that may stand for the term in `@type`. */
  readonly dtmi: string;
  readonly hosts: readonly ClassName[];
  readonly members: Readonly<Record<string, MemberSpec>>;
  /** Member term → the IRI that may stand for it. */
  readonly memberDtmis: Readonly<Record<string, string>>;
  /** Other co-types that must accompany this one (Cacheable needs Idempotent). */
  readonly requires?: readonly string[];
  readonly semantic?: boolean;
}

const QT = 'dtmi:dtdl:extension:quantitativeTypes:v1';
const MQTT = 'dtmi:dtdl:extension:mqtt:v1';

/** Mqtt v1 topic pattern (metamodel DTDL.FeatureExtension.mqtt.v1.RDF-SHACL.json). */
const TOPIC_PATTERN =
  /^(?:(?:[!%-*,-.0-z|~][!$-*,-.0-z|~]*)|(?:{(?:[A-Za-z]+:)?[A-Za-z]+}))(?:\/(?:(?:[!$-*,-.0-z|~]+)|(?:{(?:[A-Za-z]+:)?[A-Za-z]+})))*$/;
const TOPIC_DESC = 'slash-separated labels or {tokens}, not starting with "$", e.g. "vehicles/{modelId}/telemetry"';
/** ISO 8601 duration, as `xsd:duration`. */
export const DURATION_PATTERN =
  /^-?P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$/;

const SEMANTIC_HOSTS: readonly ClassName[] = [
  'Property',
  'Telemetry',
  'Field',
  'MapValue',
  'CommandRequest',
  'CommandResponse',
];

function buildAdjuncts(): ReadonlyMap<string, AdjunctSpec> {
  const map = new Map<string, AdjunctSpec>();
  for (const term of Object.keys(SEMANTIC_TYPE_UNIT_ENUM)) {
    map.set(term, {
      extension: 'quantitativeTypes',
      dtmi: `${QT}:class:${term}`,
      hosts: SEMANTIC_HOSTS,
      members: { unit: { kind: 'unit' } },
      memberDtmis: { unit: `${QT}:property:unit` },
      semantic: true,
    });
  }
  map.set('Historized', {
    extension: 'historization',
    dtmi: 'dtmi:dtdl:extension:historization:v1:Historized',
    hosts: ['Property', 'Telemetry'],
    members: {},
    memberDtmis: {},
  });
  map.set('ValueAnnotation', {
    extension: 'annotation',
    dtmi: 'dtmi:dtdl:extension:annotation:v1:ValueAnnotation',
    hosts: ['Property', 'Telemetry'],
    members: { annotates: { kind: 'string', required: true, maxLength: 512, isName: true } },
    memberDtmis: { annotates: 'dtmi:dtdl:extension:annotation:v1:ValueAnnotation:annotates' },
  });
  map.set('Override', {
    extension: 'overriding',
    dtmi: 'dtmi:dtdl:extension:overriding:v1:Override',
    hosts: ['Property'],
    members: { overrides: { kind: 'string', required: true, maxLength: 2048 } },
    memberDtmis: { overrides: 'dtmi:dtdl:extension:overriding:v1:Override:overrides' },
    requires: ['ValueAnnotation'],
  });
  map.set('Mqtt', {
    extension: 'mqtt',
    dtmi: `${MQTT}:Mqtt`,
    hosts: ['Interface'],
    members: {
      payloadFormat: { kind: 'string', required: true, maxLength: 512 },
      telemetryTopic: {
        kind: 'string',
        required: false,
        maxLength: 512,
        pattern: TOPIC_PATTERN,
        patternDesc: TOPIC_DESC,
      },
      commandTopic: {
        kind: 'string',
        required: false,
        maxLength: 512,
        pattern: TOPIC_PATTERN,
        patternDesc: TOPIC_DESC,
      },
    },
    memberDtmis: {
      payloadFormat: `${MQTT}:Mqtt:payloadFormat`,
      telemetryTopic: `${MQTT}:Mqtt:telemetryTopic`,
      commandTopic: `${MQTT}:Mqtt:commandTopic`,
    },
  });
  map.set('Idempotent', {
    extension: 'mqtt',
    dtmi: `${MQTT}:Idempotent`,
    hosts: ['Command'],
    members: {},
    memberDtmis: {},
  });
  map.set('Cacheable', {
    extension: 'mqtt',
    dtmi: `${MQTT}:Cacheable`,
    hosts: ['Command'],
    members: {
      ttl: {
        kind: 'string',
        required: true,
        maxLength: 512,
        pattern: DURATION_PATTERN,
        patternDesc: 'an ISO 8601 duration such as "PT15S"',
      },
    },
    memberDtmis: { ttl: `${MQTT}:Cacheable:ttl` },
    requires: ['Idempotent'],
  });
  map.set('Indexed', {
    extension: 'mqtt',
    dtmi: `${MQTT}:Indexed`,
    hosts: ['Telemetry', 'Field', 'EnumValue'],
    members: { index: { kind: 'integer', min: 1 } },
    memberDtmis: { index: `${MQTT}:Indexed:index` },
  });
  return map;
}

export const ADJUNCTS: ReadonlyMap<string, AdjunctSpec> = buildAdjuncts();
const ADJUNCT_BY_DTMI: ReadonlyMap<string, string> = new Map([...ADJUNCTS].map(([term, spec]) => [spec.dtmi, term]));

/** Resolves a `@type` string to an adjunct term, whether written as a term or as its IRI. */
export function adjunctTerm(value: string): string | undefined {
  if (ADJUNCTS.has(value)) return value;
  return ADJUNCT_BY_DTMI.get(value);
}

/** Whether the adjunct's definitions are in force under the given version and extensions. */
export function adjunctAvailable(spec: AdjunctSpec, version: 2 | 3, extensions: ReadonlySet<ExtensionName>): boolean {
  if (version === 2) return spec.semantic === true;
  return extensions.has(spec.extension);
}

/** Units allowed for a semantic type, by unit term. */
export function unitsOf(semanticType: string): readonly string[] {
  const enumName = SEMANTIC_TYPE_UNIT_ENUM[semanticType];
  return enumName === undefined ? [] : (UNIT_ENUMS[enumName] ?? []);
}

/** A unit written as its term or its IRI (`dtmi:dtdl:extension:quantitativeTypes:v1:unit:kelvin`). */
export function unitTerm(value: string): string {
  const prefix = `${QT}:unit:`;
  return value.startsWith(prefix) ? value.slice(prefix.length) : value;
}

/** Every term defined by some extension: member names and types that are "defined", if misplaced. */
export function isExtensionTerm(value: string): boolean {
  if (ADJUNCTS.has(value)) return true;
  for (const spec of ADJUNCTS.values()) if (Object.hasOwn(spec.members, value)) return true;
  return false;
}
