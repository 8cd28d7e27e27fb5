/**
 * Helpers of the parser tests (not part of the package's API): syntax trees written compactly,
 * and trees stripped of positions so that assertions read like the query.
 */

export function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).flatMap(([key, item]) => (key === 'at' ? [] : [[key, shape(item)]])));
}

export const path = (...parts: string[]) => ({ kind: 'path', parts });
export const lit = (value: string | number | boolean | null) => ({ kind: 'literal', value });
export const bin = (op: string, left: unknown, right: unknown) => ({ kind: 'binary', op, left, right });
export const call = (name: string, ...args: unknown[]) => ({ kind: 'call', name, args });
export const not = (operand: unknown) => ({ kind: 'unary', op: 'NOT', operand });
