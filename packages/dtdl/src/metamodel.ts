/**
 * The DTDL element classes and their members, as tables (v3 spec, "DTDL element" subsections;
 * v2 differences from DTDL.v2.md). The reader is generic over these tables, so growing towards full
 * conformance means editing data here rather than code paths.
 */

export type ClassName =
  | 'Interface'
  | 'Telemetry'
  | 'Property'
  | 'Command'
  | 'CommandRequest'
  | 'CommandResponse'
  | 'Relationship'
  | 'Component'
  | 'Array'
  | 'Enum'
  | 'EnumValue'
  | 'Map'
  | 'MapKey'
  | 'MapValue'
  | 'Object'
  | 'Field';

export type MemberSpec =
  /** A representational string ("name", "comment"); `required` means exactly one value. */
  | {
      readonly kind: 'string';
      readonly required: boolean;
      readonly maxLength: number;
      readonly isName?: boolean;
      readonly pattern?: RegExp;
      readonly patternDesc?: string;
    }
  | { readonly kind: 'localizable'; readonly maxLength: number }
  | { readonly kind: 'integer'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'boolean' }
  /** A non-dependent reference: a DTMI that need not resolve for the model to be complete. */
  | { readonly kind: 'dtmi' }
  /** One of a fixed set of terms (Enum valueSchema, MapKey schema, commandType). */
  | { readonly kind: 'term'; readonly required: boolean; readonly terms: readonly string[]; readonly prefix: string }
  /** Elements, inline or as dependent references; `schemaTerms` also admits standard schemas. */
  | {
      readonly kind: 'elements';
      readonly classes: readonly ClassName[];
      readonly plural: boolean;
      readonly required: boolean;
      readonly schemaTerms?: boolean;
    }
  /** EnumValue "enumValue": an integer or a string, as the parent Enum's valueSchema says. */
  | { readonly kind: 'enumValue' }
  /** QuantitativeTypes "unit": a unit term of the co-type's unit enum. */
  | { readonly kind: 'unit' };

export interface ClassSpec {
  /** Whether `@type` may be left out (the class is then implied by the parent's member). */
  readonly typeRequired: boolean;
  readonly members: Readonly<Record<string, MemberSpec>>;
}

export const PRIMITIVE_SCHEMAS = [
  'boolean',
  'date',
  'dateTime',
  'double',
  'duration',
  'float',
  'integer',
  'long',
  'string',
  'time',
] as const;
export const GEOSPATIAL_SCHEMAS = [
  'point',
  'multiPoint',
  'lineString',
  'multiLineString',
  'polygon',
  'multiPolygon',
] as const;
export const COMPLEX_SCHEMA_CLASSES: readonly ClassName[] = ['Array', 'Enum', 'Map', 'Object'];
const CONTENT_CLASSES: readonly ClassName[] = ['Command', 'Component', 'Property', 'Relationship', 'Telemetry'];

/** Longest `name` (v3: 512 characters; v2: 64). */
export const NAME_PATTERN = /^[A-Za-z](?:[A-Za-z0-9_]*[A-Za-z0-9])?$/;
const TEXT_MAX = 512;

function common(version: 2 | 3): Record<string, MemberSpec> {
  return {
    comment: { kind: 'string', required: false, maxLength: TEXT_MAX },
    description: { kind: 'localizable', maxLength: TEXT_MAX },
    displayName: { kind: 'localizable', maxLength: version === 2 ? 64 : TEXT_MAX },
  };
}

function named(version: 2 | 3): Record<string, MemberSpec> {
  return {
    ...common(version),
    name: { kind: 'string', required: true, maxLength: version === 2 ? 64 : TEXT_MAX, isName: true },
  };
}

const schema: MemberSpec = {
  kind: 'elements',
  classes: COMPLEX_SCHEMA_CLASSES,
  plural: false,
  required: true,
  schemaTerms: true,
};

function buildClasses(version: 2 | 3): Readonly<Record<ClassName, ClassSpec>> {
  const v2 = version === 2;
  return {
    Interface: {
      typeRequired: true,
      members: {
        ...common(version),
        contents: { kind: 'elements', classes: CONTENT_CLASSES, plural: true, required: false },
        extends: { kind: 'elements', classes: ['Interface'], plural: true, required: false },
        schemas: { kind: 'elements', classes: COMPLEX_SCHEMA_CLASSES, plural: true, required: false },
      },
    },
    Telemetry: { typeRequired: true, members: { ...named(version), schema } },
    Property: {
      typeRequired: true,
      members: { ...named(version), schema, writable: { kind: 'boolean' } },
    },
    Command: {
      typeRequired: true,
      members: {
        ...named(version),
        commandType: {
          kind: 'term',
          required: false,
          terms: ['asynchronous', 'synchronous'],
          prefix: 'instance:CommandType',
        },
        request: { kind: 'elements', classes: ['CommandRequest'], plural: false, required: false },
        response: { kind: 'elements', classes: ['CommandResponse'], plural: false, required: false },
      },
    },
    CommandRequest: { typeRequired: false, members: { ...named(version), schema } },
    CommandResponse: { typeRequired: false, members: { ...named(version), schema } },
    Relationship: {
      typeRequired: true,
      members: {
        ...named(version),
        maxMultiplicity: { kind: 'integer', min: 1 },
        // v3: "If present, integer value MUST be 0" (minimum multiplicities are not enforced).
        minMultiplicity: { kind: 'integer', min: 0, max: 0 },
        properties: { kind: 'elements', classes: ['Property'], plural: true, required: false },
        target: { kind: 'dtmi' },
        writable: { kind: 'boolean' },
      },
    },
    Component: {
      typeRequired: true,
      members: {
        ...named(version),
        schema: { kind: 'elements', classes: ['Interface'], plural: false, required: true },
      },
    },
    Array: { typeRequired: true, members: { ...common(version), elementSchema: schema } },
    Enum: {
      typeRequired: true,
      members: {
        ...common(version),
        valueSchema: { kind: 'term', required: true, terms: ['integer', 'string'], prefix: 'instance:Schema' },
        // v2 requires at least one enum value; v3 dropped that ("Changes from Version 2").
        enumValues: { kind: 'elements', classes: ['EnumValue'], plural: true, required: v2 },
      },
    },
    EnumValue: { typeRequired: false, members: { ...named(version), enumValue: { kind: 'enumValue' } } },
    Map: {
      typeRequired: true,
      members: {
        ...common(version),
        mapKey: { kind: 'elements', classes: ['MapKey'], plural: false, required: true },
        mapValue: { kind: 'elements', classes: ['MapValue'], plural: false, required: true },
      },
    },
    MapKey: {
      typeRequired: false,
      members: {
        ...named(version),
        schema: { kind: 'term', required: true, terms: ['string'], prefix: 'instance:Schema' },
      },
    },
    MapValue: { typeRequired: false, members: { ...named(version), schema } },
    Object: {
      typeRequired: true,
      members: {
        ...common(version),
        fields: { kind: 'elements', classes: ['Field'], plural: true, required: v2 },
      },
    },
    Field: { typeRequired: false, members: { ...named(version), schema } },
  };
}

export const CLASSES: Readonly<Record<2 | 3, Readonly<Record<ClassName, ClassSpec>>>> = {
  2: buildClasses(2),
  3: buildClasses(3),
};

export function isClassName(value: string): value is ClassName {
  return Object.hasOwn(CLASSES[3], value);
}

/** `Interface` ↔ `dtmi:dtdl:class:Interface;3`: either spelling may appear in `@type`. */
export function classFromType(value: string, version: 2 | 3): ClassName | undefined {
  if (isClassName(value)) return value;
  const match = /^dtmi:dtdl:class:([A-Za-z]+);([23])$/.exec(value);
  if (match === null || Number(match[2]) !== version) return undefined;
  const name = match[1] ?? '';
  return isClassName(name) ? name : undefined;
}

/** `schema` ↔ `dtmi:dtdl:property:schema;3`. */
export function propertyDtmi(term: string, version: 2 | 3): string {
  return `dtmi:dtdl:property:${term};${version}`;
}

/**
 * The terms of the DTDL context that no model may use for its own purposes (v3 spec, "Reserved
 * strings"): as co-types, member names or values.
 */
export const RESERVED_TERMS: ReadonlySet<string> = new Set(
  (
    'AdjunctType Alias aliasFor Array asynchronous boolean Boolean Command CommandPayload CommandRequest ' +
    'CommandResponse commandType CommandType comment ComplexSchema Component Content contents date Date dateTime ' +
    'DateTime description displayName double Double DtdlExtension duration Duration elementSchema Entity Enum ' +
    'enumValue EnumValue enumValues exponent extends Field fields float Float integer Integer Interface ' +
    'languageMajorVersion LatentType lineString long Long Map mapKey MapKey mapValue MapValue maxMultiplicity ' +
    'metamodel minMultiplicity model multiLineString multiPoint multiPolygon name NamedEntity NamedLatentType ' +
    'NumericSchema Object point polygon PrimitiveSchema properties Property Relationship request response schema ' +
    'Schema SchemaField schemas SemanticType SemanticUnit string String symbol synchronous target Telemetry ' +
    'TemporalSchema time Time Unit UnitAttribute valueSchema writable'
  ).split(' '),
);

/** `double` or `dtmi:dtdl:instance:Schema:double;3` → `double`; geospatial likewise. */
export function standardSchemaFromValue(value: string, version: 2 | 3): string | undefined {
  if ((PRIMITIVE_SCHEMAS as readonly string[]).includes(value)) return value;
  if ((GEOSPATIAL_SCHEMAS as readonly string[]).includes(value)) return value;
  const primitive = /^dtmi:dtdl:instance:Schema:([A-Za-z]+);([23])$/.exec(value);
  if (primitive !== null && (PRIMITIVE_SCHEMAS as readonly string[]).includes(primitive[1] ?? '')) {
    return Number(primitive[2]) <= version ? primitive[1] : undefined;
  }
  const geo = /^dtmi:standard:schema:geospatial:([A-Za-z]+);([23])$/.exec(value);
  if (geo !== null && (GEOSPATIAL_SCHEMAS as readonly string[]).includes(geo[1] ?? '')) return geo[1];
  return undefined;
}
