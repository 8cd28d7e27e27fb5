import type { Element } from './element.js';
import type { ErrorSink } from './errors.js';
import type { Linker } from './link.js';

/** Member → the literals that must be unique among its elements (v3 spec, EnumValue/Field/Property "name"). */
const UNIQUE: readonly { member: string; literal: string; what: string }[] = [
  { member: 'enumValues', literal: 'name', what: 'name' },
  { member: 'enumValues', literal: 'enumValue', what: 'enumValue' },
  { member: 'fields', literal: 'name', what: 'name' },
  { member: 'properties', literal: 'name', what: 'name' },
  // Mqtt Indexed: "index … must be unique across all EnumValues, Fields, or Telemetries of the same property".
  { member: 'enumValues', literal: 'index', what: 'index' },
  { member: 'fields', literal: 'index', what: 'index' },
  { member: 'contents', literal: 'index', what: 'index' },
];

/** Uniqueness among siblings; `contents` names are checked with inheritance when interfaces are built. */
export function checkUnique(elements: readonly Element[], linker: Linker, sink: ErrorSink): void {
  for (const element of elements) {
    for (const rule of UNIQUE) {
      const values = element.members.get(rule.member);
      if (values === undefined || values.length < 2) continue;
      const seen = new Set<unknown>();
      for (const value of values) {
        const target = linker.target(value);
        if (target?.kind !== 'element') continue;
        const literal = target.element.literals.get(rule.literal);
        if (literal === undefined) continue;
        if (seen.has(literal)) {
          const code = rule.what === 'name' ? 'dtdl.duplicate-name' : 'dtdl.duplicate-value';
          sink.add(
            code,
            `${element.cls} ${element.id}: ${rule.what} ${JSON.stringify(literal)} appears twice in "${rule.member}"; make each one unique.`,
            { elementId: element.anchorId, pointer: target.element.pointer },
          );
        }
        seen.add(literal);
      }
    }
    checkAnnotations(element, linker, sink);
  }
}

/** Annotation v1: "annotates" names a sibling Property or Telemetry that is not itself an annotation. */
function checkAnnotations(element: Element, linker: Linker, sink: ErrorSink): void {
  if (element.cls !== 'Interface') return;
  const siblings: Element[] = [];
  for (const value of element.members.get('contents') ?? []) {
    const target = linker.target(value);
    if (target?.kind === 'element') siblings.push(target.element);
  }
  for (const annotation of siblings) {
    const annotates = annotation.literals.get('annotates');
    if (typeof annotates !== 'string') continue;
    const ok = siblings.some(
      (s) =>
        s.literals.get('name') === annotates &&
        (s.cls === 'Property' || s.cls === 'Telemetry') &&
        !s.cotypes.includes('ValueAnnotation'),
    );
    if (!ok) {
      sink.add(
        'dtdl.unresolved-reference',
        `Interface ${element.id}: "annotates" of "${String(annotation.literals.get('name'))}" names "${annotates}", which is not a Property or Telemetry of this Interface.`,
        { elementId: annotation.anchorId, pointer: annotation.pointer },
      );
    }
  }
}
