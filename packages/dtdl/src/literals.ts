/**
 * JSON-LD literal forms that DTDL accepts for plain values (v3 spec, "Representational literal"
 * and "Localizable string"). Each reader returns the value, or a reason string saying what is wrong.
 */

export type LiteralResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const XSD = 'http://www.w3.org/2001/XMLSchema#';

type LiteralKind = 'string' | 'integer' | 'boolean';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function matchesKind(value: unknown, kind: LiteralKind): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
  }
}

/**
 * A bare literal or a value object `{ "@value": v, "@type"?: "xsd:<kind>" }`
 * (spec "Representational string / integer / boolean").
 */
export function readRepresentational<T>(value: unknown, kind: LiteralKind): LiteralResult<T> {
  if (matchesKind(value, kind)) return { ok: true, value: value as T };
  if (!isPlainObject(value)) return { ok: false, reason: `must be ${article(kind)} ${kind}` };
  for (const key of Object.keys(value)) {
    if (key !== '@value' && key !== '@type') {
      return { ok: false, reason: `a value object may only have "@value" and "@type", not "${key}"` };
    }
  }
  if (!('@value' in value)) return { ok: false, reason: 'a value object needs "@value"' };
  if (!matchesKind(value['@value'], kind)) return { ok: false, reason: `"@value" must be ${article(kind)} ${kind}` };
  // JSON-LD allows "@type" as a one-element array too.
  const rawType = value['@type'];
  const type = Array.isArray(rawType) && rawType.length === 1 ? (rawType[0] as unknown) : rawType;
  if (type !== undefined && type !== `xsd:${kind}` && type !== `${XSD}${kind}`) {
    return { ok: false, reason: `"@type" of a ${kind} value object must be "xsd:${kind}"` };
  }
  return { ok: true, value: value['@value'] as T };
}

function article(kind: LiteralKind): string {
  return kind === 'integer' ? 'an' : 'a';
}

/** BCP 47 subset the spec allows as a language tag ("Localizable string"). */
const LANGUAGE_TAG = /^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$/;
/** The default language of DTDL documents (v3 context: `"@language": "en"`). */
const DEFAULT_LANGUAGE = 'en';

/** A string, an array of strings and language-tagged value objects, or a language map. */
export function readLocalizable(value: unknown): LiteralResult<Record<string, string>> {
  if (typeof value === 'string') return { ok: true, value: { [DEFAULT_LANGUAGE]: value } };
  if (Array.isArray(value)) return readLocalizableArray(value);
  if (!isPlainObject(value)) return { ok: false, reason: 'must be a string, a language map or an array' };
  const out: Record<string, string> = {};
  for (const [lang, text] of Object.entries(value)) {
    if (!LANGUAGE_TAG.test(lang))
      return { ok: false, reason: `"${lang}" is not a language tag such as "en" or "en-US"` };
    if (typeof text !== 'string') return { ok: false, reason: `the "${lang}" text must be a string` };
    out[lang] = text;
  }
  return { ok: true, value: out };
}

function readLocalizableArray(values: readonly unknown[]): LiteralResult<Record<string, string>> {
  const out: Record<string, string> = {};
  let defaults = 0;
  for (const item of values) {
    if (typeof item === 'string') {
      defaults += 1;
      out[DEFAULT_LANGUAGE] = item;
      continue;
    }
    if (!isPlainObject(item)) return { ok: false, reason: 'each array element must be a string or an object' };
    for (const key of Object.keys(item)) {
      if (key !== '@value' && key !== '@language') {
        return { ok: false, reason: `a language-tagged value may only have "@value" and "@language", not "${key}"` };
      }
    }
    const text = item['@value'];
    if (typeof text !== 'string') return { ok: false, reason: 'a language-tagged value needs a string "@value"' };
    const lang = item['@language'];
    if (lang === undefined) {
      defaults += 1;
      out[DEFAULT_LANGUAGE] = text;
      continue;
    }
    if (typeof lang !== 'string' || !LANGUAGE_TAG.test(lang)) {
      return { ok: false, reason: `"@language" ${JSON.stringify(lang)} is not a language tag such as "en"` };
    }
    if (lang === DEFAULT_LANGUAGE) defaults += 1;
    else if (lang in out) return { ok: false, reason: `language "${lang}" appears twice` };
    out[lang] = text;
  }
  if (defaults > 1) return { ok: false, reason: 'at most one default-language ("en" or untagged) string is allowed' };
  return { ok: true, value: out };
}
