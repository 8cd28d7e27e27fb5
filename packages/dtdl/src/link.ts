import type { Element, MemberValue } from './element.js';
import { SCHEMA_MEMBERS } from './element.js';
import type { ErrorSink } from './errors.js';
import type { InterfaceInfo, ModelResolver } from './interface-info.js';

/** Spec "Limits and exclusions". */
export const EXTENDS_DEPTH_MAX = 10;
export const EXTENDS_TOTAL_MAX = 1024;
export const SCHEMA_DEPTH_MAX = 5;

/** A reference resolved to a new element, or to an already-accepted Interface. */
export type Target = { kind: 'element'; element: Element } | { kind: 'existing'; info: InterfaceInfo };

export interface Linker {
  readonly byId: ReadonlyMap<string, Element>;
  readonly resolver: ModelResolver | undefined;
  target(value: MemberValue): Target | undefined;
}

/**
 * Resolves dependent references (spec "Model completeness") and checks what needs the whole
 * model: referenceability, element classes of references, cycles and the limits on paths.
 */
export function link(elements: readonly Element[], resolver: ModelResolver | undefined, sink: ErrorSink): Linker {
  const byId = new Map<string, Element>();
  for (const element of elements) {
    const previous = byId.get(element.id);
    if (previous !== undefined) {
      // Generated ids collide only when names do; the duplicate name is reported instead.
      if (element.explicitId)
        sink.add('dtdl.duplicate-id', `"@id" "${element.id}" is used by two elements; each element needs its own id.`, {
          elementId: element.anchorId,
          pointer: element.pointer,
        });
      continue;
    }
    byId.set(element.id, element);
  }
  const resolved = new Map<MemberValue, Target | undefined>();
  const target = (value: MemberValue): Target | undefined => {
    if (value.kind === 'element') return { kind: 'element', element: value.element };
    if (value.kind !== 'reference') return undefined;
    if (resolved.has(value)) return resolved.get(value);
    const element = byId.get(value.id);
    const info = element === undefined ? resolver?.get(value.id) : undefined;
    const result: Target | undefined =
      element !== undefined
        ? { kind: 'element', element }
        : info !== undefined
          ? { kind: 'existing', info }
          : undefined;
    resolved.set(value, result);
    return result;
  };

  for (const element of elements) {
    for (const [term, values] of element.members) {
      for (const value of values) {
        if (value.kind !== 'reference' || value.spec.kind !== 'elements') continue;
        const where = { elementId: element.anchorId, pointer: value.pointer };
        const found = target(value);
        const expected = value.spec.classes.join(' or ');
        if (found === undefined) {
          sink.add(
            'dtdl.unresolved-reference',
            `${element.cls} ${element.id}: "${term}" refers to "${value.id}", which is not defined; include its model in the upload or upload it first.`,
            where,
          );
        } else if (found.kind === 'existing') {
          if (!value.spec.classes.includes('Interface')) {
            sink.add(
              'dtdl.wrong-element-type',
              `${element.cls} ${element.id}: "${term}" refers to Interface "${value.id}", but ${expected} is expected.`,
              where,
            );
          }
        } else {
          const ref = found.element;
          if (!value.spec.classes.includes(ref.cls)) {
            sink.add(
              'dtdl.wrong-element-type',
              `${element.cls} ${element.id}: "${term}" refers to ${ref.cls} "${value.id}", but ${expected} is expected.`,
              where,
            );
          } else if (!(ref.cls === 'Interface' || ref.topLevel || ref.partition === element.partition)) {
            sink.add(
              'dtdl.unreferenceable',
              `${element.cls} ${element.id}: "${term}" refers to "${value.id}", which is defined inside another Interface; define it in this Interface's "schemas" or inline.`,
              where,
            );
          }
        }
      }
    }
  }
  const linker: Linker = { byId, resolver, target };
  checkCycles(elements, linker, sink);
  checkExtendsLimits(elements, linker, sink);
  checkSchemaDepth(elements, linker, sink);
  return linker;
}

function neighbours(element: Element, linker: Linker): { term: string; next: Element }[] {
  const out: { term: string; next: Element }[] = [];
  for (const [term, values] of element.members) {
    for (const value of values) {
      const found = linker.target(value);
      if (found?.kind === 'element') out.push({ term, next: found.element });
    }
  }
  return out;
}

/** "A DTDL element MUST NOT have a path to itself" (spec "DTDL element"). */
function checkCycles(elements: readonly Element[], linker: Linker, sink: ErrorSink): void {
  const state = new Map<Element, 1 | 2>(); // 1: on the stack, 2: done
  const visit = (element: Element): void => {
    state.set(element, 1);
    for (const { term, next } of neighbours(element, linker)) {
      const seen = state.get(next);
      if (seen === 1) {
        const code = term === 'extends' ? 'dtdl.extends-cycle' : 'dtdl.reference-cycle';
        const what =
          term === 'extends'
            ? 'extends itself, directly or through its bases'
            : `refers back to ${next.cls} "${next.id}" through "${term}"`;
        sink.add(code, `${element.cls} ${element.id} ${what}; break the cycle.`, {
          elementId: element.anchorId,
          pointer: element.pointer,
        });
      } else if (seen === undefined) visit(next);
    }
    state.set(element, 2);
  };
  for (const element of elements) if (!state.has(element)) visit(element);
}

/** Extends depth ≤ 10 and ≤ 1024 Interfaces in the hierarchy (spec "Limits and exclusions"). */
function checkExtendsLimits(elements: readonly Element[], linker: Linker, sink: ErrorSink): void {
  const depthMemo = new Map<string, number>();
  const depthOf = (target: Target, guard: Set<string>): number => {
    const id = target.kind === 'element' ? target.element.id : target.info.id;
    const memo = depthMemo.get(id);
    if (memo !== undefined) return memo;
    if (guard.has(id)) return 0; // cycles are reported elsewhere
    guard.add(id);
    let depth = 0;
    for (const base of basesOf(target, linker)) depth = Math.max(depth, 1 + depthOf(base, guard));
    guard.delete(id);
    depthMemo.set(id, depth);
    return depth;
  };
  for (const element of elements) {
    if (element.cls !== 'Interface') continue;
    const root: Target = { kind: 'element', element };
    const depth = depthOf(root, new Set());
    if (depth > EXTENDS_DEPTH_MAX) {
      sink.add(
        'dtdl.extends-too-deep',
        `Interface ${element.id} has ${depth} levels of "extends"; at most ${EXTENDS_DEPTH_MAX} are allowed.`,
        { elementId: element.anchorId, pointer: element.pointer },
      );
    }
    let total = 0;
    const seen = new Set<string>([element.id]);
    const queue: Target[] = [root];
    while (queue.length > 0 && total <= EXTENDS_TOTAL_MAX) {
      const bases = basesOf(queue.pop() as Target, linker);
      total += bases.length;
      for (const base of bases) {
        const id = base.kind === 'element' ? base.element.id : base.info.id;
        if (!seen.has(id)) {
          seen.add(id);
          queue.push(base);
        }
      }
    }
    if (total > EXTENDS_TOTAL_MAX) {
      sink.add(
        'dtdl.extends-too-many',
        `Interface ${element.id} has more than ${EXTENDS_TOTAL_MAX} "extends" values in its hierarchy.`,
        { elementId: element.anchorId, pointer: element.pointer },
      );
    }
  }
}

export function basesOf(target: Target, linker: Linker): Target[] {
  if (target.kind === 'existing') {
    const out: Target[] = [];
    for (const id of target.info.extends) {
      const element = linker.byId.get(id);
      const info = element === undefined ? linker.resolver?.get(id) : undefined;
      if (element !== undefined) out.push({ kind: 'element', element });
      else if (info !== undefined) out.push({ kind: 'existing', info });
    }
    return out;
  }
  const out: Target[] = [];
  for (const value of target.element.members.get('extends') ?? []) {
    const found = linker.target(value);
    if (found !== undefined) out.push(found);
  }
  return out;
}

/** At most 5 "schema"/"elementSchema" members on any path from a complex schema. */
function checkSchemaDepth(elements: readonly Element[], linker: Linker, sink: ErrorSink): void {
  const memo = new Map<Element, number>();
  const depthOf = (element: Element, guard: Set<Element>): number => {
    const known = memo.get(element);
    if (known !== undefined) return known;
    if (guard.has(element)) return 0;
    guard.add(element);
    let depth = 0;
    for (const term of SCHEMA_MEMBERS) {
      // Primitive schemas are elements too: `elementSchema: "double"` is one level.
      if (element.members.get(term)?.some((v) => v.kind === 'standard') === true) depth = Math.max(depth, 1);
    }
    for (const { term, next } of neighbours(element, linker)) {
      if (next.cls === 'Interface') continue;
      depth = Math.max(depth, (SCHEMA_MEMBERS.has(term) ? 1 : 0) + depthOf(next, guard));
    }
    guard.delete(element);
    memo.set(element, depth);
    return depth;
  };
  for (const element of elements) {
    if (element.cls !== 'Array' && element.cls !== 'Map' && element.cls !== 'Object') continue;
    const depth = depthOf(element, new Set());
    if (depth > SCHEMA_DEPTH_MAX) {
      sink.add(
        'dtdl.schema-too-deep',
        `${element.cls} ${element.id} nests ${depth} levels of schemas; at most ${SCHEMA_DEPTH_MAX} are allowed.`,
        { elementId: element.anchorId, pointer: element.pointer },
      );
    }
  }
}
