import type { ActiveContext } from './context.js';
import { readContext } from './context.js';
import type { Element, MemberValue } from './element.js';
import type { ErrorSink } from './errors.js';
import { pointerToken, show } from './errors.js';
import { childId, INTERFACE_ID_LENGTH_MAX, isDtmi, isReservedDtmi, looksLikeDtmi } from './dtmi.js';
import { readLiteral, items, badReferenceReason, single } from './read-member.js';
import type { MemberSite } from './read-member.js';
import type { ClassName, MemberSpec } from './metamodel.js';
import { CLASSES, propertyDtmi, RESERVED_TERMS, standardSchemaFromValue } from './metamodel.js';
import { readTypes } from './read-types.js';
import { ADJUNCTS, unitTerm, unitsOf } from './extensions.js';
import { readRepresentational } from './literals.js';

export interface ReadOptions {
  readonly allowUndefinedExtensions: boolean;
}

/** Where an element sits: what its parent expects and how to name it. */
export interface Placement {
  readonly parent: Element | undefined;
  readonly context: ActiveContext | undefined;
  readonly classes: readonly ClassName[];
  /** Parent member term, for generated ids and special rules ("schemas" needs `@id`). */
  readonly member: string | undefined;
  readonly plural: boolean;
  readonly index: number;
  readonly pointer: string;
  /** Set for EnumValues: the parent Enum's valueSchema. */
  readonly enumValueSchema?: 'integer' | 'string' | undefined;
}

/** Reads one DTDL element and its structural descendants, appending each to `out`. */
export function readElement(
  node: Record<string, unknown>,
  at: Placement,
  options: ReadOptions,
  sink: ErrorSink,
  out: Element[],
): Element | undefined {
  const parentId = at.parent?.id;
  const where = { elementId: typeof node['@id'] === 'string' ? node['@id'] : at.parent?.anchorId, pointer: at.pointer };

  // Context (spec "Context"): required at top level, optional and cumulative below.
  let context = at.context;
  if ('@context' in node) {
    const result = readContext(node['@context'], at.context, options.allowUndefinedExtensions);
    if (!result.ok) {
      for (const reason of result.reasons) {
        const code =
          reason.includes('not known') || reason.includes('not supported')
            ? 'dtdl.unknown-context'
            : 'dtdl.invalid-context';
        sink.add(code, `${reason}.`, { ...where, pointer: `${at.pointer}/@context` });
      }
      return undefined;
    }
    context = result.context;
    const member = at.member;
    if (at.context !== undefined && context.dtdlVersion < at.context.dtdlVersion && member !== undefined) {
      if (VERSIONED_RANGE_MEMBERS.has(member)) {
        sink.add(
          'dtdl.invalid-context',
          `"${member}" takes DTDL v${at.context.dtdlVersion} elements only; remove this element's "@context" that switches it to DTDL v${context.dtdlVersion}.`,
          { ...where, pointer: `${at.pointer}/@context` },
        );
        return undefined;
      }
    }
  }
  if (context === undefined) {
    sink.add('dtdl.missing-context', 'A top-level element needs "@context": "dtmi:dtdl:context;3".', where);
    return undefined;
  }
  const version = context.dtdlVersion;

  const types = readTypes(node, at, context, sink, where);
  if (types === undefined) return undefined;
  const { cls, cotypes, informal } = types;
  const spec = CLASSES[version][cls];

  const id = readId(node, cls, at, sink, where);
  if (id === undefined) return undefined;
  const label = elementLabel(cls, node, id.value, parentId);

  const members = new Map<string, MemberValue[]>();
  const literals = new Map<string, unknown>();
  const element: Element = {
    id: id.value,
    explicitId: id.explicit,
    anchorId: id.explicit ? id.value : (at.parent?.anchorId ?? id.value),
    cls,
    cotypes,
    context,
    node,
    pointer: at.pointer,
    topLevel: at.parent === undefined,
    partition: at.parent === undefined || cls === 'Interface' ? id.value : at.parent.partition,
    members,
    literals,
  };
  out.push(element);

  const adjunctMembers = new Map<string, { spec: MemberSpec; dtmi: string }>();
  for (const cotype of cotypes) {
    const adjunct = ADJUNCTS.get(cotype);
    if (adjunct === undefined) continue;
    for (const [term, memberSpec] of Object.entries(adjunct.members)) {
      adjunctMembers.set(term, { spec: memberSpec, dtmi: adjunct.memberDtmis[term] ?? term });
    }
  }

  // Members in the order of the class table, so that valueSchema is known before enumValues.
  const seen = new Set<string>(['@context', '@id', '@type']);
  const allMembers: [string, MemberSpec, string][] = [
    ...Object.entries(spec.members).map(([t, s]): [string, MemberSpec, string] => [t, s, propertyDtmi(t, version)]),
    ...[...adjunctMembers].map(([t, a]): [string, MemberSpec, string] => [t, a.spec, a.dtmi]),
  ];
  for (const [term, memberSpec, dtmi] of allMembers) {
    const hasTerm = Object.hasOwn(node, term);
    const hasDtmi = Object.hasOwn(node, dtmi);
    seen.add(term).add(dtmi);
    if (hasTerm && hasDtmi) {
      sink.add(
        'dtdl.duplicate-property',
        `${label}: "${term}" is given twice, also as "${dtmi}"; keep only "${term}".`,
        where,
      );
      continue;
    }
    const key = hasTerm ? term : dtmi;
    if (!hasTerm && !hasDtmi) {
      if (isRequired(memberSpec)) {
        sink.add('dtdl.missing-property', `${label}: required property "${term}" is missing.`, where);
      }
      continue;
    }
    const site: MemberSite = {
      elementId: element.anchorId,
      label,
      key,
      pointer: `${at.pointer}/${pointerToken(key)}`,
      version,
    };
    readMember(element, term, memberSpec, node[key], site, at, options, sink, out, members, literals);
  }
  // Complex schemas in an Interface's "schemas" are referenced by id, so they need one (spec Enum/Map/Object).
  if (at.member === 'schemas' && !id.explicit) {
    sink.add(
      'dtdl.missing-property',
      `${label}: a schema in "schemas" needs an "@id" so that it can be referenced.`,
      where,
    );
  }

  for (const key of Object.keys(node)) {
    if (seen.has(key)) continue;
    checkUndeclaredMember(key, label, { informal, incomplete: context.incomplete }, sink, {
      ...where,
      pointer: `${at.pointer}/${pointerToken(key)}`,
    });
  }
  checkAdjunctRules(element, label, sink, where);
  return element;
}

function isRequired(spec: MemberSpec): boolean {
  return spec.kind === 'enumValue' || ('required' in spec && spec.required) || spec.kind === 'unit';
}

function readMember(
  element: Element,
  term: string,
  spec: MemberSpec,
  raw: unknown,
  site: MemberSite,
  at: Placement,
  options: ReadOptions,
  sink: ErrorSink,
  out: Element[],
  members: Map<string, MemberValue[]>,
  literals: Map<string, unknown>,
): void {
  if (spec.kind === 'enumValue') {
    const one = single(raw, true, sink, site);
    if (one === undefined) return;
    const kind = at.enumValueSchema ?? (typeof one.value === 'string' ? 'string' : 'integer');
    const result = readRepresentational<string | number>(one.value, kind);
    if (!result.ok) {
      sink.add(
        'dtdl.invalid-value',
        `${site.label}: "${site.key}" must match the Enum's valueSchema "${kind}": ${result.reason}.`,
        {
          elementId: site.elementId,
          pointer: one.pointer,
        },
      );
      return;
    }
    literals.set(term, result.value);
    return;
  }
  if (spec.kind !== 'elements') {
    const value = readLiteral(spec, raw, sink, site);
    if (value !== undefined) literals.set(term, value);
    return;
  }
  const values: MemberValue[] = [];
  const list = items(spec, raw, sink, site);
  if (spec.required && list.length === 0 && spec.plural) {
    sink.add('dtdl.missing-property', `${site.label}: "${site.key}" needs at least one element.`, {
      elementId: site.elementId,
      pointer: site.pointer,
    });
  }
  list.forEach((item, index) => {
    if (typeof item.value === 'string') {
      const standard = spec.schemaTerms === true ? standardSchemaFromValue(item.value, site.version) : undefined;
      if (standard !== undefined) values.push({ kind: 'standard', name: standard });
      else if (isDtmi(item.value)) values.push({ kind: 'reference', id: item.value, pointer: item.pointer, spec });
      else {
        sink.add(
          looksLikeDtmi(item.value) ? 'dtdl.invalid-dtmi' : 'dtdl.invalid-value',
          `${site.label}: "${site.key}" ${badReferenceReason(item.value, spec.schemaTerms === true)}.`,
          {
            elementId: site.elementId,
            pointer: item.pointer,
          },
        );
      }
      return;
    }
    if (typeof item.value !== 'object' || item.value === null || Array.isArray(item.value)) {
      sink.add(
        'dtdl.invalid-value',
        `${site.label}: "${site.key}" must hold elements (objects) or DTMIs, not ${show(item.value)}.`,
        {
          elementId: site.elementId,
          pointer: item.pointer,
        },
      );
      return;
    }
    const valueSchema = element.literals.get('valueSchema');
    const child = readElement(
      item.value as Record<string, unknown>,
      {
        parent: element,
        context: element.context,
        classes: spec.classes,
        member: term,
        plural: spec.plural,
        index,
        pointer: item.pointer,
        enumValueSchema: valueSchema === 'integer' || valueSchema === 'string' ? valueSchema : undefined,
      },
      options,
      sink,
      out,
    );
    if (child !== undefined) values.push({ kind: 'element', element: child });
  });
  members.set(term, values);
}

function readId(
  node: Record<string, unknown>,
  cls: ClassName,
  at: Placement,
  sink: ErrorSink,
  where: { elementId?: string | undefined; pointer: string },
): { value: string; explicit: boolean } | undefined {
  const raw = node['@id'];
  const pointer = `${at.pointer}/@id`;
  if (raw === undefined) {
    if (cls === 'Interface' || at.parent === undefined) {
      sink.add(
        'dtdl.missing-property',
        `${cls}: required property "@id" is missing; give it a DTMI such as "dtmi:com:example:Thermostat;1".`,
        { pointer: at.pointer },
      );
      return undefined;
    }
    const name = typeof node['name'] === 'string' ? node['name'] : String(at.index);
    return { value: childId(at.parent.id, at.member ?? 'element', at.plural ? name : undefined), explicit: false };
  }
  if (typeof raw !== 'string' || !isDtmi(raw)) {
    sink.add(
      'dtdl.invalid-dtmi',
      `"@id" ${show(raw)} is not a valid DTMI; use the form "dtmi:com:example:Thermostat;1".`,
      { elementId: where.elementId, pointer },
    );
    return undefined;
  }
  if (isReservedDtmi(raw)) {
    sink.add(
      'dtdl.reserved-dtmi',
      `"@id" "${raw}" uses a prefix reserved by DTDL ("dtmi:dtdl:", "dtmi:standard:"); choose your own.`,
      { elementId: raw, pointer },
    );
    return undefined;
  }
  if (cls === 'Interface' && raw.length > INTERFACE_ID_LENGTH_MAX) {
    sink.add(
      'dtdl.dtmi-too-long',
      `Interface "@id" is ${raw.length} characters long; an Interface id may have at most ${INTERFACE_ID_LENGTH_MAX}.`,
      { elementId: raw, pointer },
    );
    return undefined;
  }
  return { value: raw, explicit: true };
}

function elementLabel(cls: ClassName, node: Record<string, unknown>, id: string, parentId: string | undefined): string {
  const name = node['name'];
  if (typeof name === 'string') return `${cls} "${name}" of ${parentId ?? id}`;
  return `${cls} ${id}`;
}

/**
 * Members whose values are of one concrete class of the element's own DTDL version (EnumValue,
 * MapKey, Field, CommandRequest…, and an Interface's complex schemas): an element there may not
 * switch to an older version with its own "@context". Members whose range is abstract (schema,
 * contents, extends, properties) accept an element of an older version (conformance suite,
 * Requirement-Class…ElementV3).
 */
const VERSIONED_RANGE_MEMBERS: ReadonlySet<string> = new Set([
  'enumValues',
  'mapKey',
  'mapValue',
  'fields',
  'request',
  'response',
  'schemas',
]);

/** Members not defined for the class (spec: "All members other than those explicitly listed…"). */
function checkUndeclaredMember(
  key: string,
  label: string,
  { informal, incomplete }: { readonly informal: boolean; readonly incomplete: boolean },
  sink: ErrorSink,
  where: { elementId?: string | undefined; pointer: string },
): void {
  if (key.startsWith('@')) {
    sink.add(
      'dtdl.unknown-property',
      `${label}: keyword "${key}" is not allowed; only "@context", "@id" and "@type" are.`,
      where,
    );
    return;
  }
  if (looksLikeDtmi(key) && !isDtmi(key)) {
    sink.add('dtdl.invalid-dtmi', `${label}: property "${key}" is not a valid DTMI.`, where);
    return;
  }
  if (!key.startsWith('dtmi:') && key.includes(':')) {
    sink.add(
      'dtdl.unknown-property',
      `${label}: property "${key}" contains ":" but is not a DTMI; remove it or use a term.`,
      where,
    );
    return;
  }
  // An element co-typed with an undefined extension type may carry that extension's properties;
  // when that extension's context is in scope it may even redefine a DTDL term ("boolean"), which
  // this parser cannot know, so it judges only what it knows (spec "Model completeness").
  if (informal && (incomplete || (!RESERVED_TERMS.has(key) && !isReservedDtmi(key)))) return;
  sink.add(
    'dtdl.unknown-property',
    `${label}: property "${key}" is not defined for this element; remove it, or add the co-type and extension context that define it.`,
    where,
  );
}

/** Constraints between co-types and their members (QuantitativeTypes unit, Mqtt Cacheable, …). */
function checkAdjunctRules(
  element: Element,
  label: string,
  sink: ErrorSink,
  where: { elementId?: string | undefined; pointer: string },
): void {
  const semantic = element.cotypes.filter((t) => ADJUNCTS.get(t)?.semantic === true);
  if (semantic.length > 1) {
    sink.add('dtdl.invalid-type', `${label}: at most one semantic type is allowed, not ${semantic.join(', ')}.`, where);
  }
  const unit = element.literals.get('unit');
  const semanticType = semantic[0];
  if (typeof unit === 'string' && semanticType !== undefined) {
    const allowed = unitsOf(semanticType);
    const term = unitTerm(unit);
    if (!allowed.includes(term)) {
      const sample = allowed
        .slice(0, 6)
        .map((u) => `"${u}"`)
        .join(', ');
      sink.add(
        'dtdl.invalid-unit',
        `${label}: unit "${unit}" is not a unit of ${semanticType}; use one of ${sample}${allowed.length > 6 ? ', …' : ''}.`,
        where,
      );
    } else {
      (element.literals as Map<string, unknown>).set('unit', term);
    }
  }
  for (const cotype of element.cotypes) {
    for (const needed of ADJUNCTS.get(cotype)?.requires ?? []) {
      if (!element.cotypes.includes(needed)) {
        sink.add('dtdl.invalid-type', `${label}: co-type "${cotype}" requires co-type "${needed}" as well.`, where);
      }
    }
  }
}
