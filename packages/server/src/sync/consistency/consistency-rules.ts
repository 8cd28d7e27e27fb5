/**
 * Consistency rules (docs/sync.md "Several sources, one value"): several inputs report the same
 * quantity (two sensors, a controller's status and a direct measurement, two gateways), and a rule
 * says how one value is resolved from them. The resolved value is written to the rule's `path`
 * on the twin, a telemetry or property its model declares, like any reported value (log, state,
 * history, live), and the platform remembers which input won and why.
 *
 * ```json
 * { "name": "supply-temperature", "model": "dtmi:acme:Ahu;1", "path": "supplyTemp",
 *   "policy": "measurement", "tolerance": 0.5, "discrepancyAfterMs": 600000,
 *   "inputs": [ { "path": "supplyTempBms", "role": "status", "trust": 0.8 },
 *               { "path": "supplyTempProbe", "role": "measurement" } ] }
 * ```
 */
export type ResolvePolicy = 'priority' | 'freshest' | 'measurement' | 'weighted';
export type InputRole = 'measurement' | 'status' | 'command';

export const POLICIES: readonly ResolvePolicy[] = ['priority', 'freshest', 'measurement', 'weighted'];
export const ROLES: readonly InputRole[] = ['measurement', 'status', 'command'];

export interface ConsistencyInput {
  /** A path of the rule's twin (`component/name` inside a component), or of `twin`. */
  readonly path: string;
  /** Another twin to read it from (two sensor twins in a room): only in a rule that names a `twin`. */
  readonly twin?: string;
  /**
   * Read it from every twin the rule's twin reaches by this relationship (`contains`: a room's
   * sensors), of `model` if given: one input per such twin, in id order.
   */
  readonly related?: string;
  readonly model?: string;
  /** Only values from this source (MQTT client id, HTTP caller): two gateways on one path. */
  readonly source?: string;
  /** What kind of evidence it is (default `measurement`): the `measurement` policy prefers measurements. */
  readonly role?: InputRole;
  /** How much the input is believed, 0–1 (default 1): a factor of its confidence. */
  readonly trust?: number;
}

export interface ConsistencyRule {
  readonly name: string;
  readonly model?: string;
  readonly twin?: string;
  /** Where the resolved value goes: a telemetry or property the model declares, not an input. */
  readonly path: string;
  readonly policy: ResolvePolicy;
  /** Listed in priority order (the `priority` policy, and every tie). */
  readonly inputs: readonly ConsistencyInput[];
  /** Numbers within this of each other agree (default 0: equal). */
  readonly tolerance?: number;
  /** An input older than this is not used (default: the freshness stale deadline of the input). */
  readonly staleAfterMs?: number;
  /** Inputs that disagree for this long raise a discrepancy and a work order (default: never). */
  readonly discrepancyAfterMs?: number;
}

export interface ConsistencyConfig {
  readonly rules: readonly ConsistencyRule[];
  /** Trust per source id (0–1, default 1): a factor of the confidence of every value it sends. */
  readonly trust: Readonly<Record<string, number>>;
}

export const DEFAULT_CONSISTENCY: ConsistencyConfig = { rules: [], trust: {} };

/** The rules that apply to a twin: those naming it, or its model or a model it extends. */
export function rulesFor(
  rules: readonly ConsistencyRule[],
  twinId: string,
  models: readonly string[],
): ConsistencyRule[] {
  return rules.filter(
    (rule) =>
      (rule.twin === undefined || rule.twin === twinId) && (rule.model === undefined || models.includes(rule.model)),
  );
}

const RULE_FIELDS = [
  'name',
  'model',
  'twin',
  'path',
  'policy',
  'inputs',
  'tolerance',
  'staleAfterMs',
  'discrepancyAfterMs',
];
const INPUT_FIELDS = ['path', 'twin', 'related', 'model', 'source', 'role', 'trust'];

/** Checks the configuration's `consistency` section; returns what to fix. */
export function consistencyProblems(config: unknown): string[] {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    return ['consistency must be an object with "rules" and "trust"'];
  }
  const { rules, trust } = config as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof trust !== 'object' || trust === null || Array.isArray(trust)) {
    problems.push('consistency.trust must be an object of source id → trust from 0 to 1');
  } else {
    for (const [source, value] of Object.entries(trust)) {
      if (!isFraction(value)) problems.push(`consistency.trust["${source}"] must be a number from 0 to 1`);
    }
  }
  if (!Array.isArray(rules)) return [...problems, 'consistency.rules must be an array of rules'];
  const names = new Set<string>();
  rules.forEach((rule: unknown, index) => {
    const at = `consistency.rules[${index}]`;
    if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
      problems.push(`${at} must be an object`);
      return;
    }
    const record = rule as Record<string, unknown>;
    problems.push(...unknownFields(record, RULE_FIELDS, at));
    if (typeof record.name !== 'string' || record.name === '') problems.push(`${at}.name must be a non-empty string`);
    else if (names.has(record.name)) problems.push(`${at}.name "${record.name}" is used twice`);
    else names.add(record.name);
    for (const key of ['model', 'twin'] as const) {
      if (record[key] !== undefined && (typeof record[key] !== 'string' || record[key] === '')) {
        problems.push(`${at}.${key} must be a non-empty string`);
      }
    }
    if (record.model === undefined && record.twin === undefined) problems.push(`${at} must name a model or a twin`);
    if (typeof record.path !== 'string' || record.path === '') {
      problems.push(`${at}.path must name where the resolved value goes`);
    }
    if (!POLICIES.includes(record.policy as ResolvePolicy)) {
      problems.push(`${at}.policy must be one of ${POLICIES.join(', ')}`);
    }
    for (const key of ['tolerance', 'staleAfterMs', 'discrepancyAfterMs'] as const) {
      const value = record[key];
      if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
        problems.push(`${at}.${key} must be a number ≥ 0`);
      }
    }
    problems.push(...inputProblems(record.inputs, record.path, record.twin, at));
  });
  return problems;
}

function inputProblems(inputs: unknown, target: unknown, ruleTwin: unknown, at: string): string[] {
  const many =
    Array.isArray(inputs) && inputs.some((input) => (input as { related?: unknown } | null)?.related !== undefined);
  if (!Array.isArray(inputs) || inputs.length < (many ? 1 : 2)) {
    return [
      `${at}.inputs must list at least two inputs ({ "path", "twin"?, "related"?, "source"?, "role"?, "trust"? }), or one "related" input`,
    ];
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  inputs.forEach((input: unknown, index) => {
    const where = `${at}.inputs[${index}]`;
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      problems.push(`${where} must be an object`);
      return;
    }
    const record = input as Record<string, unknown>;
    problems.push(...unknownFields(record, INPUT_FIELDS, where));
    if (typeof record.path !== 'string' || record.path === '') {
      problems.push(`${where}.path must name a path of the twin`);
    } else if (
      record.path === target &&
      record.related === undefined &&
      (record.twin === undefined || record.twin === ruleTwin)
    ) {
      problems.push(
        `${where}.path is the rule's own path "${record.path}": the resolved value needs a path of its own (e.g. report "${record.path}Raw" and resolve into "${record.path}")`,
      );
    }
    if (record.twin !== undefined && (typeof record.twin !== 'string' || record.twin === '')) {
      problems.push(`${where}.twin must be a twin id`);
    } else if (record.twin !== undefined && ruleTwin === undefined) {
      problems.push(`${where}.twin: only a rule that names a twin may read inputs from other twins`);
    }
    for (const key of ['related', 'model'] as const) {
      if (record[key] !== undefined && (typeof record[key] !== 'string' || record[key] === '')) {
        problems.push(`${where}.${key} must be a non-empty string`);
      }
    }
    if (record.related !== undefined && record.twin !== undefined) {
      problems.push(`${where}: name either "twin" or "related", not both`);
    }
    if (record.model !== undefined && record.related === undefined) {
      problems.push(`${where}.model narrows "related" inputs: name the relationship too`);
    }
    if (record.source !== undefined && (typeof record.source !== 'string' || record.source === '')) {
      problems.push(`${where}.source must be a non-empty string`);
    }
    if (record.role !== undefined && !ROLES.includes(record.role as InputRole)) {
      problems.push(`${where}.role must be one of ${ROLES.join(', ')}`);
    }
    if (record.trust !== undefined && !isFraction(record.trust)) problems.push(`${where}.trust must be from 0 to 1`);
    const key = `${String(record.related ?? '')}\u0000${String(record.model ?? '')}\u0000${String(record.twin ?? '')}\u0000${String(record.path)}\u0000${String(record.source ?? '')}`;
    if (seen.has(key)) problems.push(`${where} repeats an earlier input (same path and source)`);
    seen.add(key);
  });
  return problems;
}

function unknownFields(record: Record<string, unknown>, known: readonly string[], at: string): string[] {
  return Object.keys(record)
    .filter((key) => !known.includes(key))
    .map((key) => `${at}.${key} is not a field (${known.join(', ')})`);
}

function isFraction(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
}
