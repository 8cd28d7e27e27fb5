/*
 * A DTDL schema as a form input, both ways: which input to draw for a Command's request or a
 * writable Property (number, text, boolean, enum; anything complex as JSON), the text it starts
 * with, and the value the text means (or what to fix). The server checks the request against the
 * model again (`command.request-invalid`); this only catches mistakes before a round trip.
 */

export interface EnumOption {
  readonly label: string;
  /** The option's key in the input: the enum value as text. */
  readonly key: string;
  readonly value: string | number;
}

export type FieldSpec =
  | { readonly kind: 'number'; readonly schema: string; readonly integer: boolean }
  | { readonly kind: 'text'; readonly schema: string; readonly placeholder: string | undefined }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'enum'; readonly options: readonly EnumOption[] }
  /** Objects, arrays, maps and schemas named by DTMI: a JSON text. */
  | { readonly kind: 'json'; readonly schema: unknown };

export type ParsedField =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const INTEGER_SCHEMAS = new Set([
  'integer',
  'long',
  'byte',
  'short',
  'unsignedByte',
  'unsignedShort',
  'unsignedInteger',
  'unsignedLong',
]);
const NUMBER_SCHEMAS = new Set([...INTEGER_SCHEMAS, 'double', 'float', 'decimal']);

/** What each temporal schema looks like, for the placeholder and the check. */
const TEXT_FORMATS: Readonly<Record<string, { readonly placeholder: string; readonly pattern: RegExp }>> = {
  date: { placeholder: '2025-06-30', pattern: /^\d{4}-\d{2}-\d{2}$/ },
  dateTime: {
    placeholder: '2025-06-30T14:00:00Z',
    pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/,
  },
  time: { placeholder: '14:00:00', pattern: /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/ },
  duration: {
    placeholder: 'PT15M',
    pattern:
      /^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/,
  },
};

function enumOptions(schema: Record<string, unknown>): EnumOption[] {
  const values = Array.isArray(schema.enumValues) ? schema.enumValues : [];
  const options: EnumOption[] = [];
  for (const each of values) {
    if (!isRecord(each)) continue;
    const value = each.enumValue;
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const label =
      typeof each.displayName === 'string'
        ? each.displayName
        : typeof each.name === 'string'
          ? each.name
          : String(value);
    options.push({ label, key: String(value), value });
  }
  return options;
}

/** The input for a schema as the model declares it. */
export function fieldSpec(schema: unknown): FieldSpec {
  if (typeof schema === 'string') {
    if (NUMBER_SCHEMAS.has(schema)) return { kind: 'number', schema, integer: INTEGER_SCHEMAS.has(schema) };
    if (schema === 'boolean') return { kind: 'boolean' };
    if (schema === 'string') return { kind: 'text', schema, placeholder: undefined };
    const format = TEXT_FORMATS[schema];
    if (format !== undefined) return { kind: 'text', schema, placeholder: format.placeholder };
    return { kind: 'json', schema };
  }
  if (isRecord(schema) && schema['@type'] === 'Enum') {
    const options = enumOptions(schema);
    if (options.length > 0) return { kind: 'enum', options };
  }
  return { kind: 'json', schema };
}

/** A value that fits a schema, for a JSON text to start from: fields with empty values. */
export function skeletonOf(schema: unknown, depth = 0): unknown {
  if (depth > 4) return null;
  if (typeof schema === 'string') {
    if (NUMBER_SCHEMAS.has(schema)) return 0;
    if (schema === 'boolean') return false;
    if (TEXT_FORMATS[schema] !== undefined) return TEXT_FORMATS[schema].placeholder;
    return schema === 'string' ? '' : null;
  }
  if (!isRecord(schema)) return null;
  switch (schema['@type']) {
    case 'Object': {
      const fields = Array.isArray(schema.fields) ? schema.fields : [];
      const object: Record<string, unknown> = {};
      for (const field of fields) {
        if (isRecord(field) && typeof field.name === 'string') object[field.name] = skeletonOf(field.schema, depth + 1);
      }
      return object;
    }
    case 'Enum':
      return enumOptions(schema)[0]?.value ?? null;
    case 'Array':
      return [];
    case 'Map':
      return {};
    default:
      return null;
  }
}

/** The text an input starts with: the current value when it fits, else an empty one. */
export function initialText(spec: FieldSpec, current?: unknown): string {
  switch (spec.kind) {
    case 'number':
      return typeof current === 'number' && Number.isFinite(current) ? String(current) : '';
    case 'text':
      return typeof current === 'string' ? current : '';
    case 'boolean':
      return current === true ? 'true' : 'false';
    case 'enum': {
      const match = spec.options.find((option) => option.value === current);
      return (match ?? spec.options[0])?.key ?? '';
    }
    case 'json':
      return JSON.stringify(current === undefined ? skeletonOf(spec.schema) : current, null, 2);
  }
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** The value an input's text means, or what to fix in it. */
export function parseField(spec: FieldSpec, text: string): ParsedField {
  switch (spec.kind) {
    case 'number': {
      const trimmed = text.trim();
      if (trimmed === '') return { ok: false, message: 'Enter a number.' };
      const value = Number(trimmed);
      if (!Number.isFinite(value)) return { ok: false, message: `"${trimmed}" is not a number.` };
      if (spec.integer && !Number.isInteger(value)) return { ok: false, message: 'Enter a whole number.' };
      if (spec.schema === 'integer' && (value < INT32_MIN || value > INT32_MAX)) {
        return { ok: false, message: `Enter a whole number from ${INT32_MIN} to ${INT32_MAX}.` };
      }
      return { ok: true, value };
    }
    case 'text': {
      const format = TEXT_FORMATS[spec.schema];
      if (format !== undefined && !format.pattern.test(text.trim())) {
        return { ok: false, message: `Enter a ${spec.schema} such as ${format.placeholder}.` };
      }
      return { ok: true, value: format === undefined ? text : text.trim() };
    }
    case 'boolean':
      return text === 'true' || text === 'false'
        ? { ok: true, value: text === 'true' }
        : { ok: false, message: 'Choose true or false.' };
    case 'enum': {
      const option = spec.options.find((each) => each.key === text);
      return option === undefined
        ? { ok: false, message: 'Choose one of the values.' }
        : { ok: true, value: option.value };
    }
    case 'json': {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        return { ok: false, message: `Not valid JSON: ${(error as Error).message}` };
      }
      const problem = schemaProblem(spec.schema, value, '');
      return problem === undefined ? { ok: true, value } : { ok: false, message: problem };
    }
  }
}

const where = (path: string): string => (path === '' ? 'The value' : `"${path}"`);

/**
 * What in a JSON value does not fit a schema, or undefined: types of primitives, enum values,
 * object fields (unknown ones refused, as the server does), array elements and map values.
 * Schemas named by DTMI are not resolved here: the server checks them.
 */
export function schemaProblem(schema: unknown, value: unknown, path: string): string | undefined {
  if (typeof schema === 'string') {
    if (schema.startsWith('dtmi:')) return undefined;
    const spec = fieldSpec(schema);
    switch (spec.kind) {
      case 'number':
        if (typeof value !== 'number') return `${where(path)} must be a number.`;
        if (spec.integer && !Number.isInteger(value)) return `${where(path)} must be a whole number.`;
        return undefined;
      case 'boolean':
        return typeof value === 'boolean' ? undefined : `${where(path)} must be true or false.`;
      case 'text': {
        if (typeof value !== 'string') return `${where(path)} must be a string.`;
        const format = TEXT_FORMATS[spec.schema];
        return format === undefined || format.pattern.test(value)
          ? undefined
          : `${where(path)} must be a ${spec.schema} such as ${format.placeholder}.`;
      }
      case 'enum':
      case 'json':
        return undefined;
    }
  }
  if (!isRecord(schema)) return undefined;
  switch (schema['@type']) {
    case 'Enum': {
      const options = enumOptions(schema);
      return options.some((option) => option.value === value)
        ? undefined
        : `${where(path)} must be one of ${options.map((option) => JSON.stringify(option.value)).join(', ')}.`;
    }
    case 'Object': {
      if (!isRecord(value)) return `${where(path)} must be an object.`;
      const fields = (Array.isArray(schema.fields) ? schema.fields : []).filter(isRecord);
      const known = new Map(fields.map((field) => [field.name, field.schema]));
      for (const [name, each] of Object.entries(value)) {
        const fieldPath = path === '' ? name : `${path}.${name}`;
        if (!known.has(name)) return `${where(fieldPath)} is not a field of this object.`;
        const problem = schemaProblem(known.get(name), each, fieldPath);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    case 'Array': {
      if (!Array.isArray(value)) return `${where(path)} must be an array.`;
      for (const [index, each] of value.entries()) {
        const problem = schemaProblem(schema.elementSchema, each, `${path}[${index}]`);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    case 'Map': {
      if (!isRecord(value)) return `${where(path)} must be an object (a map).`;
      const mapValue = isRecord(schema.mapValue) ? schema.mapValue.schema : undefined;
      for (const [key, each] of Object.entries(value)) {
        const problem = schemaProblem(mapValue, each, path === '' ? key : `${path}.${key}`);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
