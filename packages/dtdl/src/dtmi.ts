/**
 * Digital Twin Model Identifiers (DTDL v3 spec, "Digital Twin Model Identifier").
 * Model documents may contain only user DTMIs: segments start with a letter.
 */
const USER_DTMI =
  /^dtmi:[A-Za-z](?:[A-Za-z0-9_]*[A-Za-z0-9])?(?::[A-Za-z](?:[A-Za-z0-9_]*[A-Za-z0-9])?)*(?:;[1-9][0-9]{0,8}(?:\.[1-9][0-9]{0,5})?)?$/;

/** Longest user DTMI; an Interface's own `@id` is limited further (INTERFACE_ID_LENGTH_MAX). */
export const DTMI_LENGTH_MAX = 2048;
export const INTERFACE_ID_LENGTH_MAX = 128;

/** Prefixes reserved by the language: no `@id` may start with them. */
const RESERVED_PREFIXES = ['dtmi:dtdl:', 'dtmi:standard:'] as const;

export function isDtmi(value: unknown): value is string {
  return typeof value === 'string' && value.length <= DTMI_LENGTH_MAX && USER_DTMI.test(value);
}

/** True for `dtmi:…` strings with a syntax error (distinguishes "bad DTMI" from "not a DTMI"). */
export function looksLikeDtmi(value: string): boolean {
  return value.startsWith('dtmi:');
}

export function isReservedDtmi(value: string): boolean {
  return RESERVED_PREFIXES.some((prefix) => value.startsWith(prefix));
}

/** The part left of the semicolon: `dtmi:ex:foo;3` → `dtmi:ex:foo` (spec section "Context"). */
export function deversion(dtmi: string): string {
  const semi = dtmi.indexOf(';');
  return semi < 0 ? dtmi : dtmi.slice(0, semi);
}

export function dtmiVersion(dtmi: string): string | undefined {
  const semi = dtmi.indexOf(';');
  return semi < 0 ? undefined : dtmi.slice(semi + 1);
}

/**
 * The identifier assigned to an element without `@id` (spec section "Automatic Identifier
 * Assignment"): the parent's DTMI plus `_property` (and `__name` for plural properties), inserted
 * before the version. These are system DTMIs, so they never collide with user ones.
 */
export function childId(parentId: string, property: string, name?: string): string {
  const semi = parentId.indexOf(';');
  const base = semi < 0 ? parentId : parentId.slice(0, semi);
  const version = semi < 0 ? '' : parentId.slice(semi);
  const suffix = name === undefined ? `:_${property}` : `:_${property}:__${name}`;
  return `${base}${suffix}${version}`;
}
