import { QUALITY_KEY, TIMESTAMP_KEY } from '@doppel/protocol';
import type { CompiledModel } from '../graph/compiled-model.js';
import type { ReportedQuality } from './ingest-types.js';

/**
 * A sample's `$quality`, checked: either one quality for every value of the sample (`all`,
 * undefined when that is `good`) or the qualities other than `good` by value path (`byPath`).
 */
export type SampleQuality =
  | { readonly all: ReportedQuality | undefined; readonly byPath?: undefined }
  | { readonly all?: undefined; readonly byPath: Readonly<Record<string, ReportedQuality>> };

export type QualityResult =
  { readonly ok: true; readonly quality: SampleQuality } | { readonly ok: false; readonly message: string };

const WORDS = '"good", "uncertain" or "bad"';

/**
 * Parses the `$quality` of one sample (README "Topics and payloads"): `"good" | "uncertain" |
 * "bad"` for every value of the sample, or an object of such words keyed by value paths as they
 * appear in the sample (`name`, or `component/name` for a component's contents). A key must name a
 * value the sample carries (valid or not: a value that is dead-lettered takes its quality along);
 * a key naming nothing, a component itself or a reserved key is an error, so a typo never passes
 * silently. Called only for samples that have the key.
 */
export function parseQuality(raw: unknown, sample: Record<string, unknown>, model: CompiledModel): QualityResult {
  if (typeof raw === 'string') {
    const quality = qualityWord(raw);
    if (quality === null) {
      return {
        ok: false,
        message: `"${QUALITY_KEY}" ${JSON.stringify(raw.slice(0, 40))} is not a quality: use ${WORDS}`,
      };
    }
    return { ok: true, quality: { all: quality } };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      message: `"${QUALITY_KEY}" must be ${WORDS} (for every value of the sample) or an object of qualities by value name, such as {"temperature": "bad", "component/name": "uncertain"}; got ${describe(raw)}`,
    };
  }
  const byPath: Record<string, ReportedQuality> = {};
  const entries = raw as Record<string, unknown>;
  for (const path in entries) {
    const word = entries[path];
    const quality = typeof word === 'string' ? qualityWord(word) : null;
    if (quality === null) {
      return {
        ok: false,
        message: `"${QUALITY_KEY}" gives "${path}" the quality ${describe(word)}: use ${WORDS}`,
      };
    }
    const problem = pathProblem(sample, model, path, '');
    if (problem !== undefined) return { ok: false, message: problem };
    if (quality !== undefined) byPath[path] = quality;
  }
  return { ok: true, quality: { byPath } };
}

/** The reported quality of one path of a sample whose `$quality` was parsed (undefined: good). */
export function qualityAt(quality: SampleQuality, path: string): ReportedQuality | undefined {
  return quality.byPath === undefined
    ? quality.all
    : Object.hasOwn(quality.byPath, path)
      ? quality.byPath[path]
      : undefined;
}

/** The qualities of a row's accepted values (SampleRow.quality), or undefined when all are good. */
export function rowQuality(
  quality: SampleQuality,
  values: Readonly<Record<string, unknown>>,
): Readonly<Record<string, ReportedQuality>> | undefined {
  const out: Record<string, ReportedQuality> = {};
  let any = false;
  if (quality.byPath === undefined) {
    if (quality.all === undefined) return undefined;
    for (const path in values) out[path] = quality.all;
    return out;
  }
  for (const path in quality.byPath) {
    // A value that was dead-lettered takes its quality along.
    if (!Object.hasOwn(values, path)) continue;
    out[path] = quality.byPath[path] as ReportedQuality;
    any = true;
  }
  return any ? out : undefined;
}

/** undefined for `good` (the default, not stored), null for a word that is no quality. */
function qualityWord(word: string): ReportedQuality | undefined | null {
  if (word === 'uncertain' || word === 'bad') return word;
  return word === 'good' ? undefined : null;
}

/** Why `path` names no value of `object` (the sample, or a component object inside it), if it does not. */
function pathProblem(
  object: Record<string, unknown>,
  model: CompiledModel,
  path: string,
  prefix: string,
): string | undefined {
  const full = prefix + path;
  if (prefix === '' && (path === TIMESTAMP_KEY || path === QUALITY_KEY)) {
    return `"${QUALITY_KEY}" names "${path}", which is not a value: name the sample's values`;
  }
  if (Object.hasOwn(object, path)) {
    if (model.components.has(path) && isObject(object[path])) {
      return `"${QUALITY_KEY}" names the component "${full}": give the quality of each of its values, as "${full}/<name>"`;
    }
    return undefined;
  }
  const slash = path.indexOf('/');
  if (slash > 0) {
    const name = path.slice(0, slash);
    const component = model.components.get(name);
    const contents = Object.hasOwn(object, name) ? object[name] : undefined;
    if (component !== undefined && isObject(contents)) {
      return pathProblem(contents, component, path.slice(slash + 1), `${prefix}${name}/`);
    }
  }
  return `"${QUALITY_KEY}" names "${full}", which is not a value of this sample: use the names of the values it carries ("component/name" for a component's contents), or drop the entry`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
