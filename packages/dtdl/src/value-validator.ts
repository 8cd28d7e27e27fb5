import type { GeospatialSchemaName, PrimitiveSchemaName, Schema } from './schema.js';
import { describeSchema } from './schema.js';
import { isIsoDate, isIsoDateTime, isIsoDuration, isIsoTime, isUuid } from './iso8601.js';
import { pointerToken } from './errors.js';

/** Why a value does not match its schema. Codes map to the ingest catalog (`ingest.value-*`). */
export interface ValueError {
  readonly code: 'value-invalid' | 'value-not-in-enum';
  readonly message: string;
  /** JSON pointer inside the value, for nested schemas (`/fields/speed`). */
  readonly pointer?: string;
}

export type ValueValidator = (value: unknown) => ValueError | undefined;

/**
 * Compiles a schema into a validator closure. This runs on the ingest hot path: the closures are
 * built once per schema and allocate nothing when the value is valid; errors build their message
 * only when they happen. JSON semantics: integers must be integral numbers in range; `long` is
 * limited to JavaScript's safe integers (±2^53−1), as JSON.parse cannot represent more exactly.
 */
export function compileSchemaValidator(schema: Schema): ValueValidator {
  switch (schema.kind) {
    case 'primitive':
      return primitive(schema.name);
    case 'geospatial':
      return geospatial(schema.name);
    case 'scaledDecimal':
      return scaledDecimal;
    case 'enum': {
      const allowed = new Set<unknown>(schema.values.map((v) => v.value));
      const base = primitive(schema.valueSchema);
      const text = describeSchema(schema);
      return (value) => {
        const error = base(value);
        if (error !== undefined) return error;
        return allowed.has(value)
          ? undefined
          : { code: 'value-not-in-enum', message: `expected one of ${text}, got ${show(value)}` };
      };
    }
    case 'array': {
      const element = compileSchemaValidator(schema.element);
      return (value) => {
        if (!Array.isArray(value)) return invalid(`expected an array, got ${show(value)}`);
        for (let i = 0; i < value.length; i++) {
          const error = element(value[i]);
          if (error !== undefined) return nest(error, String(i));
        }
        return undefined;
      };
    }
    case 'map': {
      const inner = compileSchemaValidator(schema.value);
      return (value) => {
        if (!isObject(value)) return invalid(`expected an object (map), got ${show(value)}`);
        for (const key in value) {
          const error = inner(value[key]);
          if (error !== undefined) return nest(error, key);
        }
        return undefined;
      };
    }
    case 'object': {
      const fields = new Map<string, ValueValidator>();
      for (const field of schema.fields) fields.set(field.name, compileSchemaValidator(field.schema));
      const names = schema.fields.map((f) => f.name).join(', ');
      return (value) => {
        if (!isObject(value)) return invalid(`expected an object { ${names} }, got ${show(value)}`);
        for (const key in value) {
          const field = fields.get(key);
          // Missing fields are allowed (DTDL v3 has no required fields); unknown ones are not.
          if (field === undefined)
            return {
              code: 'value-invalid',
              message: `unknown field "${key}"; expected fields: ${names || '(none)'}`,
              pointer: `/${pointerToken(key)}`,
            };
          const error = field(value[key]);
          if (error !== undefined) return nest(error, key);
        }
        return undefined;
      };
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string): ValueError {
  return { code: 'value-invalid', message };
}

function nest(error: ValueError, key: string): ValueError {
  return { ...error, pointer: `/${pointerToken(key)}${error.pointer ?? ''}` };
}

function show(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

const FLOAT_MAX = 3.4028234663852886e38;

function integerIn(name: string, min: number, max: number, note = ''): ValueValidator {
  return (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? undefined
      : invalid(
          `expected ${name === 'integer' ? 'an' : 'a'} ${name} (integer from ${min} to ${max}${note}), got ${show(value)}`,
        );
}

function stringFormat(name: string, test: (value: string) => boolean, example: string): ValueValidator {
  return (value) =>
    typeof value === 'string' && test(value)
      ? undefined
      : invalid(`expected a ${name} such as "${example}", got ${show(value)}`);
}

const PRIMITIVES: Record<PrimitiveSchemaName, ValueValidator> = {
  boolean: (value) => (typeof value === 'boolean' ? undefined : invalid(`expected a boolean, got ${show(value)}`)),
  string: (value) => (typeof value === 'string' ? undefined : invalid(`expected a string, got ${show(value)}`)),
  double: (value) =>
    typeof value === 'number' && Number.isFinite(value) ? undefined : invalid(`expected a double, got ${show(value)}`),
  float: (value) =>
    typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= FLOAT_MAX
      ? undefined
      : invalid(`expected a float (finite, magnitude at most 3.4e38), got ${show(value)}`),
  decimal: (value) =>
    typeof value === 'number' && Number.isFinite(value) ? undefined : invalid(`expected a decimal, got ${show(value)}`),
  integer: integerIn('integer', -2147483648, 2147483647),
  long: integerIn(
    'long',
    Number.MIN_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER,
    '; JSON numbers beyond ±2^53−1 lose precision',
  ),
  short: integerIn('short', -32768, 32767),
  byte: integerIn('byte', -128, 127),
  unsignedByte: integerIn('unsignedByte', 0, 255),
  unsignedShort: integerIn('unsignedShort', 0, 65535),
  unsignedInteger: integerIn('unsignedInteger', 0, 4294967295),
  unsignedLong: integerIn('unsignedLong', 0, Number.MAX_SAFE_INTEGER, '; JSON numbers beyond 2^53−1 lose precision'),
  date: stringFormat('date', isIsoDate, '2024-05-31'),
  dateTime: stringFormat('dateTime', isIsoDateTime, '2024-05-31T12:00:00Z'),
  time: stringFormat('time', isIsoTime, '12:30:00'),
  duration: stringFormat('duration', isIsoDuration, 'PT15M'),
  uuid: stringFormat('uuid', isUuid, '123e4567-e89b-12d3-a456-426614174000'),
  bytes: stringFormat('bytes (base64)', (v) => /^[A-Za-z0-9+/]*={0,2}$/.test(v) && v.length % 4 === 0, 'AQID'),
};

function primitive(name: PrimitiveSchemaName): ValueValidator {
  return PRIMITIVES[name];
}

function scaledDecimal(value: unknown): ValueError | undefined {
  if (
    isObject(value) &&
    Number.isInteger(value['scale']) &&
    typeof value['value'] === 'string' &&
    /^-?\d+(\.\d+)?$/.test(value['value'])
  ) {
    for (const key in value)
      if (key !== 'scale' && key !== 'value') return invalid(`unknown field "${key}" in a scaledDecimal`);
    return undefined;
  }
  return invalid(`expected a scaledDecimal { "scale": integer, "value": decimal string }, got ${show(value)}`);
}

function isPosition(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.length >= 2 &&
    value.length <= 3 &&
    value.every((n) => typeof n === 'number' && Number.isFinite(n))
  );
}

function listOf(test: (v: unknown) => boolean, min: number): (v: unknown) => boolean {
  return (v) => Array.isArray(v) && v.length >= min && v.every(test);
}

const lineString = listOf(isPosition, 2);
const ring = listOf(isPosition, 4);
const polygon = listOf(ring, 1);

/** GeoJSON geometries (RFC 7946), as the spec's geospatial schemas define them. */
const GEOMETRY: Record<GeospatialSchemaName, { type: string; test: (v: unknown) => boolean }> = {
  point: { type: 'Point', test: isPosition },
  multiPoint: { type: 'MultiPoint', test: listOf(isPosition, 0) },
  lineString: { type: 'LineString', test: lineString },
  multiLineString: { type: 'MultiLineString', test: listOf(lineString, 0) },
  polygon: { type: 'Polygon', test: polygon },
  multiPolygon: { type: 'MultiPolygon', test: listOf(polygon, 0) },
};

function geospatial(name: GeospatialSchemaName): ValueValidator {
  const { type, test } = GEOMETRY[name];
  return (value) =>
    isObject(value) && value['type'] === type && test(value['coordinates'])
      ? undefined
      : invalid(`expected a GeoJSON ${type} { "type": "${type}", "coordinates": … }, got ${show(value)}`);
}
