import { deversion, isDtmi } from './dtmi.js';

/**
 * The active context of an element (v3 spec, section "Context"): the DTDL version and the language
 * extensions whose terms are defined, combined from the `@context` of the element and of its
 * structural ancestors.
 */
export interface ActiveContext {
  readonly dtdlVersion: 2 | 3;
  /** Known extensions in force, by name ('quantitativeTypes', 'mqtt', …). */
  readonly extensions: ReadonlySet<ExtensionName>;
  /**
   * True when some context is not known to this parser: the model is then "contextually
   * incomplete", and undefined terms may belong to that extension (spec "Model completeness").
   */
  readonly incomplete: boolean;
  /** Deversioned context DTMI → full DTMI, to combine with descendants' contexts. */
  readonly entries: ReadonlyMap<string, string>;
}

export type ExtensionName = 'quantitativeTypes' | 'historization' | 'annotation' | 'overriding' | 'mqtt';

/** The language extensions this parser knows, all "usable in DTDL version 3". */
const EXTENSION_CONTEXTS: ReadonlyMap<string, ExtensionName> = new Map([
  ['dtmi:dtdl:extension:quantitativeTypes;1', 'quantitativeTypes'],
  ['dtmi:dtdl:extension:historization;1', 'historization'],
  ['dtmi:dtdl:extension:annotation;1', 'annotation'],
  ['dtmi:dtdl:extension:overriding;1', 'overriding'],
  ['dtmi:dtdl:extension:mqtt;1', 'mqtt'],
]);

const DTDL_CONTEXT = 'dtmi:dtdl:context';

export type ContextResult = { ok: true; context: ActiveContext } | { ok: false; reasons: string[] };

/**
 * Reads an element's `@context` member on top of its parent's active context (`undefined` for a
 * top-level element). Unknown extension contexts are reported only when `allowUndefined` is false.
 */
export function readContext(value: unknown, parent: ActiveContext | undefined, allowUndefined: boolean): ContextResult {
  const reasons: string[] = [];
  const values = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  if (values === undefined) return { ok: false, reasons: ['"@context" must be a string or an array of strings'] };
  const entries = new Map(parent?.entries ?? []);
  let sawExtension = false;
  for (const item of values) {
    if (typeof item !== 'string') {
      reasons.push(`"@context" values must be strings, not ${JSON.stringify(item)}`);
      continue;
    }
    if (!isDtmi(item) || !item.includes(';')) {
      reasons.push(`"@context" value "${item}" must be a DTMI with a version, such as "dtmi:dtdl:context;3"`);
      continue;
    }
    const key = deversion(item);
    if (key === DTDL_CONTEXT) {
      if (sawExtension) reasons.push(`"dtmi:dtdl:context;3" must come before extension contexts such as "${item}"`);
      if (item !== 'dtmi:dtdl:context;3' && item !== 'dtmi:dtdl:context;2') {
        reasons.push(`DTDL context "${item}" is not supported: use "dtmi:dtdl:context;3" or "dtmi:dtdl:context;2"`);
      }
    } else {
      sawExtension = true;
      if (!EXTENSION_CONTEXTS.has(item) && !allowUndefined) {
        reasons.push(
          `extension context "${item}" is not known; remove it, use a supported extension, or allow undefined extensions`,
        );
      }
    }
    // Later values and deeper elements win for the same deversioned DTMI (spec "Context").
    entries.set(key, item);
  }
  if (reasons.length > 0) return { ok: false, reasons };
  const dtdl = entries.get(DTDL_CONTEXT);
  if (dtdl === undefined) return { ok: false, reasons: ['"@context" must include "dtmi:dtdl:context;3"'] };
  const dtdlVersion = dtdl === 'dtmi:dtdl:context;2' ? 2 : 3;
  const extensions = new Set<ExtensionName>();
  let incomplete = false;
  for (const [key, full] of entries) {
    if (key === DTDL_CONTEXT) continue;
    const name = EXTENSION_CONTEXTS.get(full);
    if (name === undefined || dtdlVersion === 2) incomplete = true;
    else extensions.add(name);
  }
  return { ok: true, context: { dtdlVersion, extensions, incomplete, entries } };
}
