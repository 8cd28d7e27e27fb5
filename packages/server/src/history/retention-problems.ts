import { isDtmi } from '@doppel/dtdl';
import { RETENTION_TIERS } from './retention-policy.js';

/**
 * Checks a `historyRetention` setting as read from a configuration file (any JSON), so that a
 * typo fails at start-up with its location rather than silently keeping data for the wrong time.
 * Returns one message per problem; none means it is a valid `RetentionPolicy`.
 */

/** DTDL v3 `name` (spec "Name"): a twin path is a name, or `component/name`. */
const DTDL_NAME = '[A-Za-z](?:[A-Za-z0-9_]*[A-Za-z0-9])?';
const TWIN_PATH = new RegExp(`^${DTDL_NAME}(?:/${DTDL_NAME})?$`);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function tierProblems(record: Record<string, unknown>, label: string, required: boolean): string[] {
  const problems: string[] = [];
  for (const tier of RETENTION_TIERS) {
    const keepMs = record[tier];
    if (keepMs === undefined && !required) continue;
    if (keepMs === null || (Number.isSafeInteger(keepMs) && (keepMs as number) >= 0)) continue;
    problems.push(
      `${label}.${tier} must be a whole number of milliseconds ≥ 0, or null (forever); got ${shown(keepMs)}`,
    );
  }
  return problems;
}

function unknownKeys(record: Record<string, unknown>, label: string, allowed: readonly string[]): string[] {
  return Object.keys(record)
    .filter((key) => !allowed.includes(key))
    .map((key) => `${label}.${key} is not a setting; use ${allowed.join(', ')}`);
}

function pathsProblems(value: unknown, label: string): string[] {
  if (!isRecord(value)) return [`${label} must be an object of paths ("name" or "component/name")`];
  return Object.entries(value).flatMap(([path, override]) => {
    const at = `${label}[${JSON.stringify(path)}]`;
    if (!TWIN_PATH.test(path)) return [`${at}: not a twin path; use "name" or "component/name" (DTDL names)`];
    if (!isRecord(override)) return [`${at} must be an object such as { "rawMs": 604800000 }`];
    return [...unknownKeys(override, at, RETENTION_TIERS), ...tierProblems(override, at, false)];
  });
}

function modelsProblems(value: unknown, label: string): string[] {
  if (!isRecord(value)) return [`${label} must be an object keyed by model id`];
  return Object.entries(value).flatMap(([modelId, override]) => {
    const at = `${label}[${JSON.stringify(modelId)}]`;
    if (!isDtmi(modelId)) {
      return [`${at}: not a model id; use "dtmi:…;1" (that version) or "dtmi:…" without version (every version)`];
    }
    if (!isRecord(override)) return [`${at} must be an object such as { "rawMs": 3600000 }`];
    return [
      ...unknownKeys(override, at, [...RETENTION_TIERS, 'paths']),
      ...tierProblems(override, at, false),
      ...(override.paths === undefined ? [] : pathsProblems(override.paths, `${at}.paths`)),
    ];
  });
}

export function retentionProblems(value: unknown, label = 'historyRetention'): string[] {
  if (!isRecord(value)) return [`${label} must be an object`];
  return [
    ...unknownKeys(value, label, [...RETENTION_TIERS, 'models']),
    ...tierProblems(value, label, true),
    ...(value.models === undefined ? [] : modelsProblems(value.models, `${label}.models`)),
  ];
}
