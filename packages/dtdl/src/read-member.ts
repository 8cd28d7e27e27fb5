import type { ErrorSink } from './errors.js';
import { pointerToken, show } from './errors.js';
import { isDtmi, looksLikeDtmi } from './dtmi.js';
import { readLocalizable, readRepresentational } from './literals.js';
import type { MemberSpec } from './metamodel.js';
import { NAME_PATTERN } from './metamodel.js';

/** Where a member is, for error messages. */
export interface MemberSite {
  readonly elementId: string;
  /** How the element is named in messages, e.g. `Property "temp" of dtmi:ex:Room;1`. */
  readonly label: string;
  readonly key: string;
  readonly pointer: string;
  readonly version: 2 | 3;
}

function fail(
  sink: ErrorSink,
  site: MemberSite,
  reason: string,
  code: Parameters<ErrorSink['add']>[0] = 'dtdl.invalid-value',
): void {
  sink.add(code, `${site.label}: "${site.key}" ${reason}`, { elementId: site.elementId, pointer: site.pointer });
}

/**
 * Unwraps the single value of a singular member: a bare value or an array of at most one (exactly
 * one when required), as every singular member in the spec allows.
 */
export function single(
  value: unknown,
  required: boolean,
  sink: ErrorSink,
  site: MemberSite,
): { value: unknown; pointer: string } | undefined {
  if (!Array.isArray(value)) return { value, pointer: site.pointer };
  if (value.length > 1) {
    fail(sink, site, `must have a single value, not ${value.length}`);
    return undefined;
  }
  if (value.length === 0) {
    if (required) fail(sink, site, 'must have a value, not an empty array', 'dtdl.missing-property');
    return undefined;
  }
  return { value: value[0], pointer: `${site.pointer}/0` };
}

/** Reads a literal member (string, localizable, integer, boolean, DTMI, term); returns its value. */
export function readLiteral(spec: MemberSpec, raw: unknown, sink: ErrorSink, site: MemberSite): unknown {
  if (spec.kind === 'localizable') {
    const result = readLocalizable(raw);
    if (!result.ok) return fail(sink, site, result.reason);
    for (const [lang, text] of Object.entries(result.value)) {
      if (text.length > spec.maxLength) {
        fail(
          sink,
          site,
          `(${lang}) is ${text.length} characters long; shorten it to at most ${spec.maxLength}`,
          'dtdl.string-too-long',
        );
      }
    }
    return result.value;
  }
  const one = single(raw, 'required' in spec && spec.required === true, sink, site);
  if (one === undefined) return undefined;
  const at: MemberSite = { ...site, pointer: one.pointer };
  switch (spec.kind) {
    case 'string': {
      const result = readRepresentational<string>(one.value, 'string');
      if (!result.ok) return fail(sink, at, result.reason);
      const text = result.value;
      if (text.length > spec.maxLength) {
        return fail(
          sink,
          at,
          `is ${text.length} characters long; shorten it to at most ${spec.maxLength}`,
          'dtdl.string-too-long',
        );
      }
      if (spec.isName === true && !NAME_PATTERN.test(text)) {
        return fail(
          sink,
          at,
          `value ${show(text)} is not a valid name: use letters, digits and underscores, starting with a letter and not ending with an underscore`,
          'dtdl.invalid-name',
        );
      }
      if (spec.pattern !== undefined && !spec.pattern.test(text)) {
        return fail(sink, at, `value ${show(text)} must be ${spec.patternDesc ?? `like ${spec.pattern.source}`}`);
      }
      return text;
    }
    case 'integer': {
      const result = readRepresentational<number>(one.value, 'integer');
      if (!result.ok) return fail(sink, at, result.reason);
      if (spec.min !== undefined && result.value < spec.min)
        return fail(sink, at, `must be at least ${spec.min}, not ${result.value}`);
      if (spec.max !== undefined && result.value > spec.max)
        return fail(sink, at, `must be at most ${spec.max}, not ${result.value}`);
      return result.value;
    }
    case 'boolean': {
      const result = readRepresentational<boolean>(one.value, 'boolean');
      return result.ok ? result.value : fail(sink, at, result.reason);
    }
    case 'dtmi': {
      if (typeof one.value === 'string' && isDtmi(one.value)) return one.value;
      return fail(
        sink,
        at,
        `must be a DTMI such as "dtmi:com:example:Room;1", not ${show(one.value)}`,
        'dtdl.invalid-dtmi',
      );
    }
    case 'term': {
      if (typeof one.value === 'string') {
        for (const term of spec.terms) {
          if (one.value === term) return term;
          for (const v of site.version === 3 ? [3, 2] : [2]) {
            if (one.value === `dtmi:dtdl:${spec.prefix}:${term};${v}`) return term;
          }
        }
      }
      return fail(sink, at, `must be one of ${spec.terms.map((t) => `"${t}"`).join(', ')}, not ${show(one.value)}`);
    }
    case 'unit':
      if (typeof one.value === 'string') return one.value;
      return fail(sink, at, `must be a unit name such as "degreeCelsius", not ${show(one.value)}`);
    case 'enumValue':
    case 'elements':
      throw new Error(`readLiteral called for member kind ${spec.kind}`);
  }
}

/** Splits a plural or singular element member into its items with their pointers. */
export function items(
  spec: MemberSpec & { kind: 'elements' },
  raw: unknown,
  sink: ErrorSink,
  site: MemberSite,
): { value: unknown; pointer: string }[] {
  if (spec.plural) {
    if (!Array.isArray(raw)) return [{ value: raw, pointer: site.pointer }];
    return raw.map((value, index) => ({ value, pointer: `${site.pointer}/${pointerToken(index)}` }));
  }
  const one = single(raw, spec.required, sink, site);
  return one === undefined ? [] : [one];
}

/** Why a string is not acceptable where an element or a reference is expected. */
export function badReferenceReason(value: string, schemaTerms: boolean): string {
  if (looksLikeDtmi(value)) return `value "${value}" is not a valid DTMI`;
  return schemaTerms
    ? `value "${value}" is neither a schema (such as "double") nor a DTMI`
    : `value "${value}" is not a DTMI; refer to an element by its "@id"`;
}
