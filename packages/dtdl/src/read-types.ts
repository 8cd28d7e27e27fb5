import type { ActiveContext } from './context.js';
import type { ErrorSink } from './errors.js';
import { show } from './errors.js';
import { isDtmi, isReservedDtmi, looksLikeDtmi } from './dtmi.js';
import { ADJUNCTS, adjunctAvailable, adjunctTerm } from './extensions.js';
import type { ClassName } from './metamodel.js';
import { CLASSES, classFromType, RESERVED_TERMS } from './metamodel.js';
import type { Placement } from './read-element.js';

export interface ElementTypes {
  readonly cls: ClassName;
  readonly cotypes: readonly string[];
  /**
   * Co-typed with a term that may belong to an unknown extension context: the element may then
   * carry members this parser cannot check (spec: "informally co-typed").
   */
  readonly informal: boolean;
}

/**
 * Reads `@type` (spec, each class's "@type" member): exactly one material class that the parent
 * member admits, plus adjunct types defined by extensions in the active context.
 */
export function readTypes(
  node: Record<string, unknown>,
  at: Placement,
  context: ActiveContext,
  sink: ErrorSink,
  where: { elementId?: string | undefined; pointer: string },
): ElementTypes | undefined {
  const version = context.dtdlVersion;
  const raw = node['@type'];
  const pointer = `${at.pointer}/@type`;
  const expected = at.classes.join(' or ');
  if (raw === undefined) {
    // Classes such as Field, EnumValue or CommandRequest are implied by the member that holds them.
    const only = at.classes.length === 1 ? at.classes[0] : undefined;
    if (only !== undefined && !CLASSES[version][only].typeRequired) return { cls: only, cotypes: [], informal: false };
    sink.add(
      'dtdl.missing-property',
      `Element needs "@type": "${at.classes[0] ?? 'Interface'}"${at.classes.length > 1 ? ` (or ${expected})` : ''}.`,
      where,
    );
    return undefined;
  }
  const values = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : undefined;
  if (values === undefined || values.some((v) => typeof v !== 'string')) {
    sink.add('dtdl.invalid-type', `"@type" must be a string or an array of strings, not ${show(raw)}.`, {
      ...where,
      pointer,
    });
    return undefined;
  }
  let cls: ClassName | undefined;
  let failed = false;
  let informal = false;
  const cotypes: string[] = [];
  const bad = (code: 'dtdl.invalid-type' | 'dtdl.undefined-type' | 'dtdl.invalid-dtmi', message: string): void => {
    sink.add(code, message, { ...where, pointer });
    failed = true;
  };
  for (const value of values as string[]) {
    const material = classFromType(value, version);
    if (material !== undefined) {
      if (cls !== undefined && cls !== material)
        bad('dtdl.invalid-type', `"@type" names two element classes, ${cls} and ${material}; keep one.`);
      else if (!at.classes.includes(material))
        bad('dtdl.invalid-type', `"@type" is ${material}, but ${expected} is expected here.`);
      else cls = material;
      continue;
    }
    const adjunct = adjunctTerm(value);
    const spec = adjunct === undefined ? undefined : ADJUNCTS.get(adjunct);
    if (adjunct !== undefined && spec !== undefined) {
      if (!adjunctAvailable(spec, version, context.extensions)) {
        if (context.incomplete && version === 3) informal = true;
        else
          bad(
            'dtdl.undefined-type',
            `co-type "${value}" needs extension context "dtmi:dtdl:extension:${spec.extension};1" in "@context".`,
          );
      } else if (!cotypes.includes(adjunct)) cotypes.push(adjunct);
      continue;
    }
    if (looksLikeDtmi(value) && !isDtmi(value))
      bad('dtdl.invalid-dtmi', `"@type" value "${value}" is not a valid DTMI.`);
    else if (!looksLikeDtmi(value) && value.includes(':'))
      bad('dtdl.invalid-type', `"@type" value "${value}" contains ":" but is not a DTMI.`);
    else if (isReservedDtmi(value) || (RESERVED_TERMS.has(value) && !context.incomplete))
      bad('dtdl.invalid-type', `"@type" value "${value}" cannot co-type ${expected}.`);
    // (With an unknown context in scope a DTDL term such as "boolean" may have been redefined by it.)
    else if (context.incomplete) informal = true;
    else
      bad(
        'dtdl.undefined-type',
        `"@type" value "${value}" is not defined; add the extension context that defines it, or remove it.`,
      );
  }
  if (failed) return undefined;
  if (cls === undefined) {
    // An explicit "@type" must name the class even where it could be left out (spec "@type": "MUST include").
    sink.add('dtdl.invalid-type', `"@type" must include ${expected}.`, { ...where, pointer });
    return undefined;
  }
  const host = cls;
  for (const cotype of cotypes) {
    const spec = ADJUNCTS.get(cotype);
    if (spec !== undefined && !spec.hosts.includes(host)) {
      sink.add(
        'dtdl.invalid-type',
        `co-type "${cotype}" cannot be applied to ${host}; it applies to ${spec.hosts.join(', ')}.`,
        { ...where, pointer },
      );
      return undefined;
    }
  }
  return { cls: host, cotypes, informal };
}
