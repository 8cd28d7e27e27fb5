import { IsolationForestError } from './isolation-forest-error.js';

/**
 * Small readers for a stored model: each names the JSON path it rejects and why, so that an error
 * from a corrupt SQLite row reads "nodes.feature[17] must be an integer in −1…2".
 */
export type JsonObject = Readonly<Record<string, unknown>>;

export function invalidJson(detail: string, cause?: unknown): IsolationForestError {
  return new IsolationForestError('forest.invalid-json', `Invalid isolation forest JSON: ${detail}.`, { cause });
}

export function readObject(value: unknown, path: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidJson(`${path} must be an object, got ${describe(value)}`);
  }
  return value as JsonObject;
}

export function readInteger(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidJson(`${path} must be an integer in ${min}…${max}, got ${describe(value)}`);
  }
  return value;
}

export function readArray(value: unknown, path: string, lengthMin: number, lengthMax: number): readonly unknown[] {
  if (!Array.isArray(value)) throw invalidJson(`${path} must be an array, got ${describe(value)}`);
  if (value.length < lengthMin || value.length > lengthMax) {
    throw invalidJson(`${path} must have ${lengthMin}…${lengthMax} items, got ${value.length}`);
  }
  return value;
}

export function readIntegers(items: readonly unknown[], path: string, min: number, max: number): Int32Array {
  const out = new Int32Array(items.length);
  items.forEach((item, i) => (out[i] = readInteger(item, `${path}[${i}]`, min, max)));
  return out;
}

/** Finite numbers, each greater than `exclusiveMin` when one is given. */
export function readNumbers(items: readonly unknown[], path: string, exclusiveMin?: number): Float64Array {
  const out = new Float64Array(items.length);
  items.forEach((item, i) => {
    const tooSmall = exclusiveMin !== undefined && typeof item === 'number' && item <= exclusiveMin;
    if (typeof item !== 'number' || !Number.isFinite(item) || tooSmall) {
      const bound = exclusiveMin === undefined ? 'a finite number' : `a finite number > ${exclusiveMin}`;
      throw invalidJson(`${path}[${i}] must be ${bound}, got ${describe(item)}`);
    }
    out[i] = item;
  });
  return out;
}

export function readStrings(items: readonly unknown[], path: string): string[] {
  return items.map((item, i) => {
    if (typeof item !== 'string') throw invalidJson(`${path}[${i}] must be a string, got ${describe(item)}`);
    return item;
  });
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value);
}
