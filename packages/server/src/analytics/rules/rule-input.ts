import type { ErrorDetail } from '@doppel/core';
import { DoppelError } from '@doppel/core';
import type { AlertChannel, AlertRule, AlertRuleSet, Condition, Severity } from './rule-types.js';
import { SEVERITIES } from './rule-types.js';

const ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Nesting of all/any/not/related: deep enough for real rules, bounded for evaluation. */
const CONDITION_DEPTH_MAX = 6;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** Collects what is wrong with an input, each problem at its JSON pointer. */
class Problems {
  readonly details: ErrorDetail[] = [];
  add(pointer: string, message: string): void {
    if (this.details.length < 20) this.details.push({ pointer, message });
  }
}

function parseCondition(value: unknown, at: string, depth: number, problems: Problems, inRelated = false): void {
  if (!isObject(value)) return problems.add(at, 'must be a condition object');
  if (depth > CONDITION_DEPTH_MAX) return problems.add(at, `nests deeper than ${CONDITION_DEPTH_MAX} levels`);
  for (const key of ['all', 'any'] as const) {
    if (key in value) {
      const list = value[key];
      if (!Array.isArray(list) || list.length === 0) return problems.add(`${at}/${key}`, 'must be a non-empty array');
      list.forEach((item, i) => parseCondition(item, `${at}/${key}/${i}`, depth + 1, problems, inRelated));
      return;
    }
  }
  if ('not' in value) return parseCondition(value.not, `${at}/not`, depth + 1, problems, inRelated);
  if ('related' in value) {
    if (inRelated)
      problems.add(at, 'a related condition cannot hold another (one hop: write a rule on the twin between)');
    if (typeof value.related !== 'string' || value.related === '')
      problems.add(`${at}/related`, 'must name a relationship');
    if (value.direction !== 'in' && value.direction !== 'out') problems.add(`${at}/direction`, 'must be "in" or "out"');
    if (value.match !== 'any' && value.match !== 'all') problems.add(`${at}/match`, 'must be "any" or "all"');
    if (value.model !== undefined && typeof value.model !== 'string') problems.add(`${at}/model`, 'must be a DTMI');
    return parseCondition(value.condition, `${at}/condition`, depth + 1, problems, true);
  }
  if (typeof value.path !== 'string' || value.path === '') return problems.add(`${at}/path`, 'must name a property');
  if ('noDataForMs' in value) {
    if (!isNumber(value.noDataForMs) || value.noDataForMs < 1_000 || value.noDataForMs > 30 * 86_400_000)
      problems.add(`${at}/noDataForMs`, 'must be a number of milliseconds from 1000 to 30 days');
    return;
  }
  if ('risesFasterThan' in value || 'fallsFasterThan' in value) {
    for (const key of ['risesFasterThan', 'fallsFasterThan'] as const) {
      if (value[key] !== undefined && !(isNumber(value[key]) && value[key] > 0))
        problems.add(`${at}/${key}`, 'must be a positive number (per minute)');
    }
    if (
      value.windowMs !== undefined &&
      !(isNumber(value.windowMs) && value.windowMs >= 1_000 && value.windowMs <= 86_400_000)
    )
      problems.add(`${at}/windowMs`, 'must be a number of milliseconds from 1000 to one day');
    return;
  }
  if (value.above === undefined && value.below === undefined)
    return problems.add(at, 'needs "above" or "below" (a threshold), a rate, "noDataForMs", or all/any/not/related');
  for (const key of ['above', 'below'] as const) {
    if (value[key] !== undefined && !isNumber(value[key])) problems.add(`${at}/${key}`, 'must be a number');
  }
  if (isNumber(value.above) && isNumber(value.below) && value.below >= value.above)
    problems.add(at, 'with both, "below" must be less than "above" (outside the band is true)');
  if (value.hysteresis !== undefined && !(isNumber(value.hysteresis) && value.hysteresis >= 0))
    problems.add(`${at}/hysteresis`, 'must be a number ≥ 0');
}

const stringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '');

/** Checks a rule as sent; throws `alert.rule-invalid` naming every field to fix. */
export function parseRule(input: unknown, at = ''): AlertRule {
  const problems = new Problems();
  const rule = checkRule(input, at, problems);
  if (problems.details.length > 0 || rule === undefined) throw invalid('alert.rule-invalid', problems);
  return rule;
}

function checkRule(input: unknown, at: string, problems: Problems): AlertRule | undefined {
  if (!isObject(input)) {
    problems.add(at, 'must be a rule object');
    return undefined;
  }
  if (typeof input.id !== 'string' || !ID.test(input.id))
    problems.add(`${at}/id`, 'must be 1–64 letters, digits, ".", "_" or "-"');
  if (typeof input.name !== 'string' || input.name.trim() === '') problems.add(`${at}/name`, 'must be a text');
  if (input.description !== undefined && typeof input.description !== 'string')
    problems.add(`${at}/description`, 'must be a text');
  if (!SEVERITIES.includes(input.severity as Severity))
    problems.add(`${at}/severity`, `must be one of ${SEVERITIES.join(', ')}`);
  if (input.enabled !== undefined && typeof input.enabled !== 'boolean')
    problems.add(`${at}/enabled`, 'must be true or false');
  if (input.models !== undefined && !stringList(input.models)) problems.add(`${at}/models`, 'must be a list of DTMIs');
  if (input.twins !== undefined && !stringList(input.twins)) problems.add(`${at}/twins`, 'must be a list of twin ids');
  if (input.models === undefined && input.twins === undefined)
    problems.add(at, 'needs "models" or "twins": which twins the rule watches');
  parseCondition(input.condition, `${at}/condition`, 0, problems);
  if (input.forMs !== undefined && !(isNumber(input.forMs) && input.forMs >= 0 && input.forMs <= 7 * 86_400_000))
    problems.add(`${at}/forMs`, 'must be a number of milliseconds from 0 to 7 days');
  if (input.channels !== undefined && !stringList(input.channels))
    problems.add(`${at}/channels`, 'must be a list of channel ids');
  if (problems.details.length > 0) return undefined;
  return {
    id: input.id as string,
    name: (input.name as string).trim(),
    ...(input.description === undefined ? {} : { description: input.description as string }),
    severity: input.severity as Severity,
    enabled: (input.enabled as boolean | undefined) ?? true,
    ...(input.models === undefined ? {} : { models: input.models as string[] }),
    ...(input.twins === undefined ? {} : { twins: input.twins as string[] }),
    condition: input.condition as Condition,
    forMs: (input.forMs as number | undefined) ?? 0,
    channels: (input.channels as string[] | undefined) ?? [],
  };
}

/** Checks a notification channel; throws `alert.channel-invalid`. */
export function parseChannel(input: unknown, at = ''): AlertChannel {
  const problems = new Problems();
  if (!isObject(input)) problems.add(at, 'must be a channel object');
  else {
    if (typeof input.id !== 'string' || !ID.test(input.id))
      problems.add(`${at}/id`, 'must be 1–64 letters, digits, ".", "_" or "-"');
    if (input.minSeverity !== undefined && !SEVERITIES.includes(input.minSeverity as Severity))
      problems.add(`${at}/minSeverity`, `must be one of ${SEVERITIES.join(', ')}`);
    if (input.kind === 'webhook') {
      let url: URL | undefined;
      try {
        url = new URL(String(input.url));
      } catch {
        url = undefined;
      }
      if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:'))
        problems.add(`${at}/url`, 'must be an http or https URL');
      if (
        input.headers !== undefined &&
        !(isObject(input.headers) && Object.values(input.headers).every((v) => typeof v === 'string'))
      )
        problems.add(`${at}/headers`, 'must be an object of texts');
    } else if (input.kind === 'mqtt') {
      if (typeof input.topic !== 'string' || input.topic === '' || /[#+]/.test(input.topic))
        problems.add(`${at}/topic`, 'must be a topic prefix without wildcards');
    } else problems.add(`${at}/kind`, 'must be "webhook" or "mqtt"');
  }
  if (problems.details.length > 0) throw invalid('alert.channel-invalid', problems);
  return input as unknown as AlertChannel;
}

/** Checks a whole rule set (import): every rule and channel, unique ids, channels that exist. */
export function parseRuleSet(input: unknown): AlertRuleSet {
  const problems = new Problems();
  if (!isObject(input) || input.version !== 1 || !Array.isArray(input.rules)) {
    problems.add('', 'must be {"version": 1, "channels": [...], "rules": [...]}');
    throw invalid('alert.rule-invalid', problems);
  }
  const channelsIn = Array.isArray(input.channels) ? input.channels : [];
  const channels = channelsIn.map((channel, i) => parseChannel(channel, `/channels/${i}`));
  const rules: AlertRule[] = [];
  input.rules.forEach((rule, i) => {
    const checked = checkRule(rule, `/rules/${i}`, problems);
    if (checked !== undefined) rules.push(checked);
  });
  const seen = new Set<string>();
  rules.forEach((rule, i) => {
    if (seen.has(rule.id)) problems.add(`/rules/${i}/id`, `repeats "${rule.id}"`);
    seen.add(rule.id);
    for (const channel of rule.channels)
      if (!channels.some((c) => c.id === channel))
        problems.add(`/rules/${i}/channels`, `names unknown channel "${channel}"`);
  });
  if (problems.details.length > 0) throw invalid('alert.rule-invalid', problems);
  return { version: 1, channels, rules };
}

function invalid(code: 'alert.rule-invalid' | 'alert.channel-invalid', problems: Problems): DoppelError {
  const detail = problems.details[0];
  const first = detail === undefined ? 'invalid' : `${detail.pointer || '/'} ${detail.message}`;
  const more = problems.details.length > 1 ? ` (and ${problems.details.length - 1} more)` : '';
  return new DoppelError(code, `${first}${more}`, { details: problems.details });
}
