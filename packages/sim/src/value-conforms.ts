import type { DtdlSchema } from './model-document.js';

/**
 * Whether a JSON value fits a DTDL schema, for the schemas the demo models and the platform's
 * built-in interfaces use (primitives, Enum, Object, Array: a bearing monitor's waveform). The
 * simulator's tests use it to prove that nothing it sends would be dead-lettered; the full
 * validator is `@doppel/dtdl`'s.
 */
export function valueConforms(value: unknown, schema: DtdlSchema | undefined): boolean {
  if (schema === undefined) return false;
  if (typeof schema === 'string') return primitiveConforms(value, schema);
  switch (schema['@type']) {
    case 'Enum':
      return (schema.enumValues ?? []).some((entry) => entry.enumValue === value);
    case 'Object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
      const fields = new Map((schema.fields ?? []).map((field) => [field.name, field.schema]));
      return Object.entries(value).every(([name, field]) => fields.has(name) && valueConforms(field, fields.get(name)));
    }
    case 'Array':
      return Array.isArray(value) && value.every((element) => valueConforms(element, schema.elementSchema));
    default:
      return false;
  }
}

const INT32_MAX = 2 ** 31 - 1;

function primitiveConforms(value: unknown, schema: string): boolean {
  switch (schema) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isInteger(value) && Math.abs(value as number) <= INT32_MAX;
    case 'long':
      return Number.isSafeInteger(value);
    case 'double':
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
      return typeof value === 'string';
    case 'dateTime':
      return (
        typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)
      );
    default:
      return false;
  }
}
