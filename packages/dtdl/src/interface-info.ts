import type { Schema } from './schema.js';

/** Localised text by language tag (`{ en: "Thermostat" }`). */
export type LocalizedText = Readonly<Record<string, string>>;

interface ContentBase {
  /** The element's `@id`, given or assigned (spec "Automatic Identifier Assignment"). */
  readonly id: string;
  readonly name: string;
  /** The Interface that declares this content (differs from the holder when inherited). */
  readonly definedIn: string;
  readonly displayName?: LocalizedText;
  readonly description?: LocalizedText;
  readonly comment?: string;
}

/** Semantic annotation of a Telemetry or Property (QuantitativeTypes, Historization, Annotation). */
interface Semantics {
  /** Semantic types from QuantitativeTypes (v3) or the core language (v2), e.g. `Temperature`. */
  readonly semanticTypes: readonly string[];
  readonly unit?: string;
  /** Co-typed `Historized` (Historization extension). */
  readonly historized: boolean;
  /** Adjunct types as written (`Historized`, `Indexed`, `ValueAnnotation`, semantic types…). */
  readonly cotypes: readonly string[];
}

export interface TelemetryInfo extends ContentBase, Semantics {
  readonly kind: 'telemetry';
  readonly schema: Schema;
}

export interface PropertyInfo extends ContentBase, Semantics {
  readonly kind: 'property';
  readonly schema: Schema;
  readonly writable: boolean;
}

export interface CommandPayloadInfo {
  readonly name: string;
  readonly schema: Schema;
  readonly displayName?: LocalizedText;
  readonly description?: LocalizedText;
}

export interface CommandInfo extends ContentBase {
  readonly kind: 'command';
  readonly request?: CommandPayloadInfo;
  readonly response?: CommandPayloadInfo;
  /** Mqtt extension co-types (`Idempotent`, `Cacheable`). */
  readonly cotypes: readonly string[];
}

export interface RelationshipInfo extends ContentBase {
  readonly kind: 'relationship';
  /** Interface the target twin must be (or extend); absent: any Interface. */
  readonly target?: string;
  /** v3 allows only 0 (spec "Relationship"); absent means 0. */
  readonly minMultiplicity: number;
  /** Absent means unbounded. */
  readonly maxMultiplicity?: number;
  readonly writable: boolean;
  readonly properties: ReadonlyMap<string, PropertyInfo>;
}

export interface ComponentInfo extends ContentBase {
  readonly kind: 'component';
  /** The Interface id of the component's schema. */
  readonly schema: string;
}

export type ContentInfo = TelemetryInfo | PropertyInfo | CommandInfo | RelationshipInfo | ComponentInfo;

/** Mqtt co-type of an Interface (DTDL.mqtt.v1.md); not inherited by extending Interfaces. */
export interface MqttInfo {
  readonly payloadFormat: string;
  readonly telemetryTopic?: string;
  readonly commandTopic?: string;
}

/** A parsed, resolved Interface with inheritance flattened. Immutable. */
export interface InterfaceInfo {
  readonly id: string;
  readonly dtdlVersion: 2 | 3;
  readonly displayName?: LocalizedText;
  readonly description?: LocalizedText;
  readonly comment?: string;
  /** Direct bases, in document order. */
  readonly extends: readonly string[];
  /** All bases, transitively, each once, nearest first. */
  readonly ancestors: readonly string[];
  /** Contents, own and inherited, by name. */
  readonly telemetries: ReadonlyMap<string, TelemetryInfo>;
  readonly properties: ReadonlyMap<string, PropertyInfo>;
  readonly commands: ReadonlyMap<string, CommandInfo>;
  readonly relationships: ReadonlyMap<string, RelationshipInfo>;
  readonly components: ReadonlyMap<string, ComponentInfo>;
  /** Reusable schemas declared in this Interface's `schemas`, by id. */
  readonly schemas: ReadonlyMap<string, Schema>;
  readonly mqtt?: MqttInfo;
  /** The Interface's JSON as given (for inline Interfaces: the inline object). */
  readonly document: unknown;
}

/** Looks up already-accepted Interfaces by id, so that new models may extend or use them. */
export interface ModelResolver {
  get(id: string): InterfaceInfo | undefined;
}
