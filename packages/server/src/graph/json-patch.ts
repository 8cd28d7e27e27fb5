import { DoppelError } from '@doppel/core';

export interface PatchOperation {
  readonly op: 'add' | 'replace' | 'remove' | 'test';
  readonly path: string;
  readonly value?: unknown;
}

/**
 * Applies an RFC 6902 JSON Patch (add, replace, remove, test) to a copy of a document, as Azure
 * Digital Twins accepts for twin updates. `move` and `copy` are refused with a clear error.
 */
export function applyJsonPatch(document: Record<string, unknown>, patch: unknown): Record<string, unknown> {
  if (!Array.isArray(patch))
    throw new DoppelError(
      'request.invalid',
      'the body must be a JSON Patch array, e.g. [{"op":"replace","path":"/name","value":"Pump 7"}]',
    );
  const result = structuredClone(document);
  patch.forEach((raw: unknown, index) => {
    const operation = raw as Partial<PatchOperation> | null;
    const where = `operation ${index}`;
    if (typeof operation !== 'object' || operation === null || typeof operation.path !== 'string') {
      throw new DoppelError('request.invalid', `${where}: needs "op" and "path"`);
    }
    if (!['add', 'replace', 'remove', 'test'].includes(operation.op as string)) {
      throw new DoppelError(
        'request.invalid',
        `${where}: op "${String(operation.op)}" is not supported; use add, replace, remove or test`,
      );
    }
    const op = operation.op as PatchOperation['op'];
    const segments = parsePointer(operation.path, where);
    const last = segments.pop();
    if (last === undefined) throw new DoppelError('request.invalid', `${where}: the path must name a property`);
    // Own members only: "__proto__" or "constructor" in a path must never reach Object.prototype.
    let parent: Record<string, unknown> = result;
    for (const segment of segments) {
      const next = Object.hasOwn(parent, segment) ? parent[segment] : undefined;
      if (typeof next === 'object' && next !== null && !Array.isArray(next)) parent = next as Record<string, unknown>;
      else if (next === undefined && op === 'add') {
        const created: Record<string, unknown> = {};
        setMember(parent, segment, created);
        parent = created;
      } else
        throw new DoppelError(
          'request.invalid',
          `${where}: "${operation.path}" does not exist (or a parent is not an object)`,
        );
    }
    switch (op) {
      case 'add':
        setMember(parent, last, operation.value);
        break;
      case 'replace':
        if (!Object.hasOwn(parent, last))
          throw new DoppelError(
            'request.invalid',
            `${where}: cannot replace "${operation.path}": it has no value; use "add"`,
          );
        setMember(parent, last, operation.value);
        break;
      case 'remove':
        if (!Object.hasOwn(parent, last))
          throw new DoppelError('request.invalid', `${where}: cannot remove "${operation.path}": it has no value`);
        delete parent[last];
        break;
      case 'test':
        if (!jsonEqual(Object.hasOwn(parent, last) ? parent[last] : undefined, operation.value)) {
          throw new DoppelError('request.precondition-failed', `${where}: test of "${operation.path}" failed`);
        }
        break;
    }
  });
  return result;
}

/** Defines an own member: plain assignment of "__proto__" would replace the prototype instead. */
function setMember(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true });
}

function parsePointer(path: string, where: string): string[] {
  if (!path.startsWith('/')) throw new DoppelError('request.invalid', `${where}: path "${path}" must start with "/"`);
  return path
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** JSON equality as RFC 6902 "test" defines it: objects compare by members, whatever their order. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  const aKeys = Object.keys(a);
  const bObject = b as Record<string, unknown>;
  return (
    aKeys.length === Object.keys(bObject).length &&
    aKeys.every((key) => Object.hasOwn(bObject, key) && jsonEqual((a as Record<string, unknown>)[key], bObject[key]))
  );
}
