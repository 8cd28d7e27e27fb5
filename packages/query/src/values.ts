/**
 * Value semantics of expressions. Comparisons are three-valued: `undefined` means unknown (a
 * property that is not there, or values of different types), and a WHERE keeps a row only when its
 * condition is `true`, as in Azure Digital Twins, where a missing property never matches.
 */

export type Value = unknown;

/** Reads `parts` into a document: objects only; anything missing is `undefined`. */
export function readPath(document: unknown, parts: readonly string[]): Value {
  let value: unknown = document;
  for (const part of parts) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    if (!Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export function equal(a: Value, b: Value): boolean | undefined {
  if (a === undefined || b === undefined) return undefined;
  if (a === null || b === null) return a === b;
  if (typeof a !== typeof b) return false;
  if (typeof a === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

export function compare(op: '=' | '!=' | '<' | '<=' | '>' | '>=', a: Value, b: Value): boolean | undefined {
  if (op === '=') return equal(a, b);
  if (op === '!=') {
    const same = equal(a, b);
    return same === undefined ? undefined : !same;
  }
  const ordered = (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
  if (!ordered) return undefined;
  const [x, y] = [a as number | string, b as number | string];
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

export function inList(value: Value, list: Value): boolean | undefined {
  if (value === undefined || !Array.isArray(list)) return undefined;
  return list.some((item) => equal(value, item) === true);
}

export function arithmetic(op: '+' | '-' | '*' | '/' | '%', a: Value, b: Value): Value {
  if (typeof a !== 'number' || typeof b !== 'number') return undefined;
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? undefined : a / b;
    case '%':
      return b === 0 ? undefined : a % b;
  }
}

/** SQL's three-valued AND / OR / NOT over true, false and unknown. */
export function and(a: Value, b: () => Value): boolean | undefined {
  if (a === false) return false;
  const right = b();
  if (right === false) return false;
  return a === true && right === true ? true : undefined;
}

export function or(a: Value, b: () => Value): boolean | undefined {
  if (a === true) return true;
  const right = b();
  if (right === true) return true;
  return a === false && right === false ? false : undefined;
}

export function not(a: Value): boolean | undefined {
  return typeof a === 'boolean' ? !a : undefined;
}
