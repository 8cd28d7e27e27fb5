/**
 * Resolved schemas: what a value must look like (v3 spec, "Schemas"). A discriminated union on
 * `kind`, immutable, shared between the interfaces that use it.
 */

/** DTDL v3 primitive schemas (spec "Primitive schemas"). */
export type PrimitiveSchemaName =
  | 'boolean'
  | 'date'
  | 'dateTime'
  | 'double'
  | 'duration'
  | 'float'
  | 'integer'
  | 'long'
  | 'string'
  | 'time'
  // DTDL v4 primitives: never produced by the v2/v3 parser, accepted by the value validator so
  // that growing into v4 needs no change of this type.
  | 'byte'
  | 'bytes'
  | 'decimal'
  | 'short'
  | 'uuid'
  | 'unsignedByte'
  | 'unsignedShort'
  | 'unsignedInteger'
  | 'unsignedLong';

export type GeospatialSchemaName =
  'point' | 'multiPoint' | 'lineString' | 'multiLineString' | 'polygon' | 'multiPolygon';

export interface EnumValueInfo {
  readonly name: string;
  readonly value: string | number;
  readonly displayName?: Readonly<Record<string, string>>;
}

export interface FieldInfo {
  readonly name: string;
  readonly schema: Schema;
  readonly displayName?: Readonly<Record<string, string>>;
  readonly semanticType?: string;
  readonly unit?: string;
}

export type Schema =
  | { readonly kind: 'primitive'; readonly name: PrimitiveSchemaName }
  | { readonly kind: 'geospatial'; readonly name: GeospatialSchemaName }
  /** DTDL v4 `scaledDecimal`: a JSON object `{ scale, value }`. */
  | { readonly kind: 'scaledDecimal' }
  | { readonly kind: 'array'; readonly id?: string; readonly element: Schema }
  | {
      readonly kind: 'enum';
      readonly id?: string;
      readonly valueSchema: 'integer' | 'string';
      readonly values: readonly EnumValueInfo[];
    }
  | {
      readonly kind: 'map';
      readonly id?: string;
      readonly keyName: string;
      readonly valueName: string;
      readonly value: Schema;
    }
  | { readonly kind: 'object'; readonly id?: string; readonly fields: readonly FieldInfo[] };

/** A short human description for messages: `double`, `array of integer`, `enum (string: on, off)`. */
export function describeSchema(schema: Schema, depth = 0): string {
  switch (schema.kind) {
    case 'primitive':
    case 'geospatial':
      return schema.name;
    case 'scaledDecimal':
      return 'scaledDecimal { scale, value }';
    case 'array':
      return `array of ${depth > 2 ? '…' : describeSchema(schema.element, depth + 1)}`;
    case 'map':
      return `map of ${depth > 2 ? '…' : describeSchema(schema.value, depth + 1)}`;
    case 'enum': {
      const shown = schema.values
        .slice(0, 8)
        .map((v) => (typeof v.value === 'string' ? JSON.stringify(v.value) : String(v.value)));
      return `enum of ${schema.valueSchema} (${shown.join(', ')}${schema.values.length > 8 ? ', …' : ''})`;
    }
    case 'object':
      return `object { ${schema.fields.map((f) => f.name).join(', ')} }`;
  }
}
