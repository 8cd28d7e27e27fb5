import type { Condition, ThresholdCondition } from './rule-types.js';

/** What evaluating a condition reads: current values, recent rates, arrival times, the graph. */
export interface ConditionContext {
  readonly nowMs: number;
  valueOf(twinId: string, path: string): unknown;
  /** Change per minute over about `windowMs`, undefined with fewer than two samples. */
  rateOf(twinId: string, path: string, windowMs: number): number | undefined;
  /** When data last arrived for the path (platform clock), undefined if never. */
  lastReceivedMs(twinId: string, path: string): number | undefined;
  /** Since when the rule watches this twin: silence is counted from here when nothing ever came. */
  readonly watchingSinceMs: number;
  related(twinId: string, name: string, direction: 'in' | 'out', model: string | undefined): readonly string[];
  /**
   * Set by evaluation: the soonest time at which time alone could change the verdict (a
   * staleness deadline); the caller resets it to undefined before each evaluation.
   */
  recheckAtMs: number | undefined;
}

/**
 * Per (rule, twin) memory of the threshold leaves with a hysteresis that are true: keyed by the
 * leaf's position in the condition tree and the twin it was evaluated on (a related twin).
 */
export type HysteresisMemory = Set<string>;

export const DEFAULT_RATE_WINDOW_MS = 60_000;

const formatNumber = (value: number): string => String(Math.round(value * 1_000) / 1_000);

/**
 * Whether `condition` holds for `twinId`. This runs for every value that wakes a rule (hundreds
 * of thousands a second at scale), so it allocates nothing in the common case: no verdict
 * objects, no strings (a hysteresis key only where a hysteresis is set). Why it holds is
 * worked out by explain(), only when an alert is raised or cleared. `at` names the leaf
 * positions ("0.1.0") for the hysteresis memory.
 */
export function holds(
  condition: Condition,
  twinId: string,
  context: ConditionContext,
  memory: HysteresisMemory,
  at = '0',
): boolean {
  if ('all' in condition) {
    let result = true;
    // Every part is evaluated (no short cut): each keeps its hysteresis and deadlines current.
    for (let i = 0; i < condition.all.length; i++)
      result = holds(condition.all[i] as Condition, twinId, context, memory, `${at}.${i}`) && result;
    return result;
  }
  if ('any' in condition) {
    let result = false;
    for (let i = 0; i < condition.any.length; i++)
      result = holds(condition.any[i] as Condition, twinId, context, memory, `${at}.${i}`) || result;
    return result;
  }
  if ('not' in condition) return !holds(condition.not, twinId, context, memory, `${at}.0`);
  if ('related' in condition) {
    const others = context.related(twinId, condition.related, condition.direction, condition.model);
    if (others.length === 0) return false;
    let some = false;
    let every = true;
    for (const other of others) {
      const result = holds(condition.condition, other, context, memory, `${at}.r`);
      some ||= result;
      every &&= result;
    }
    return condition.match === 'any' ? some : every;
  }
  if ('noDataForMs' in condition) {
    const last = context.lastReceivedMs(twinId, condition.path) ?? context.watchingSinceMs;
    if (context.nowMs - last >= condition.noDataForMs) return true;
    const due = last + condition.noDataForMs;
    if (context.recheckAtMs === undefined || due < context.recheckAtMs) context.recheckAtMs = due;
    return false;
  }
  if ('risesFasterThan' in condition || 'fallsFasterThan' in condition) {
    const rate = context.rateOf(twinId, condition.path, condition.windowMs ?? DEFAULT_RATE_WINDOW_MS);
    if (rate === undefined) return false;
    return (
      (condition.risesFasterThan !== undefined && rate > condition.risesFasterThan) ||
      (condition.fallsFasterThan !== undefined && rate < -condition.fallsFasterThan)
    );
  }
  return thresholdHolds(condition, twinId, context, memory, at);
}

function thresholdHolds(
  condition: ThresholdCondition,
  twinId: string,
  context: ConditionContext,
  memory: HysteresisMemory,
  at: string,
): boolean {
  const value = context.valueOf(twinId, condition.path);
  const hysteresis = condition.hysteresis ?? 0;
  if (hysteresis === 0) {
    if (typeof value !== 'number') return false;
    return (
      (condition.above !== undefined && value > condition.above) ||
      (condition.below !== undefined && value < condition.below)
    );
  }
  // Once true, the threshold moves back by the hysteresis: the value must come back past it.
  const key = `${at}|${twinId}`;
  const band = memory.has(key) ? hysteresis : 0;
  const result =
    typeof value === 'number' &&
    ((condition.above !== undefined && value > condition.above - band) ||
      (condition.below !== undefined && value < condition.below + band));
  if (result) memory.add(key);
  else memory.delete(key);
  return result;
}

/** Why a condition holds or not, in words, for an alert's message ("temperature 29.4 > 28"). */
export function explain(condition: Condition, twinId: string, context: ConditionContext): string {
  if ('all' in condition || 'any' in condition) {
    const parts = 'all' in condition ? condition.all : condition.any;
    return parts.map((part) => explain(part, twinId, context)).join('all' in condition ? ' and ' : ' or ');
  }
  if ('not' in condition) return `not (${explain(condition.not, twinId, context)})`;
  if ('related' in condition) {
    const others = context.related(twinId, condition.related, condition.direction, condition.model);
    if (others.length === 0) return `no twin related by ${condition.related}`;
    return others.map((other) => `${other}: ${explain(condition.condition, other, context)}`).join('; ');
  }
  if ('noDataForMs' in condition) {
    const received = context.lastReceivedMs(twinId, condition.path);
    const silentS = Math.round((context.nowMs - (received ?? context.watchingSinceMs)) / 1_000);
    return received === undefined
      ? `${condition.path}: never received, nothing for ${silentS} s`
      : `${condition.path}: nothing for ${silentS} s`;
  }
  if ('risesFasterThan' in condition || 'fallsFasterThan' in condition) {
    const rate = context.rateOf(twinId, condition.path, condition.windowMs ?? DEFAULT_RATE_WINDOW_MS);
    return rate === undefined
      ? `${condition.path} has too few samples for a rate`
      : `${condition.path} changes ${formatNumber(rate)} per minute`;
  }
  return explainThreshold(condition as ThresholdCondition, context.valueOf(twinId, condition.path));
}

function explainThreshold(condition: ThresholdCondition, value: unknown): string {
  if (typeof value !== 'number') return `${condition.path} has no numeric value`;
  const shown = formatNumber(value);
  if (condition.above !== undefined && value > condition.above)
    return `${condition.path} ${shown} > ${formatNumber(condition.above)}`;
  if (condition.below !== undefined && value < condition.below)
    return `${condition.path} ${shown} < ${formatNumber(condition.below)}`;
  const bounds = [
    condition.below === undefined ? undefined : `≥ ${formatNumber(condition.below)}`,
    condition.above === undefined ? undefined : `≤ ${formatNumber(condition.above)}`,
  ].filter((part) => part !== undefined);
  return `${condition.path} ${shown} ${bounds.join(' and ')}`;
}

/** The paths a condition reads, with whether it reads them on related twins (for the index). */
export function pathsRead(condition: Condition, related = false, out: { path: string; related: boolean }[] = []) {
  if ('all' in condition) for (const part of condition.all) pathsRead(part, related, out);
  else if ('any' in condition) for (const part of condition.any) pathsRead(part, related, out);
  else if ('not' in condition) pathsRead(condition.not, related, out);
  else if ('related' in condition) pathsRead(condition.condition, true, out);
  else out.push({ path: condition.path, related });
  return out;
}

/** The rate conditions' paths and the longest window each needs. */
export function rateWindows(condition: Condition, out = new Map<string, number>()): Map<string, number> {
  if ('all' in condition) for (const part of condition.all) rateWindows(part, out);
  else if ('any' in condition) for (const part of condition.any) rateWindows(part, out);
  else if ('not' in condition) rateWindows(condition.not, out);
  else if ('related' in condition) rateWindows(condition.condition, out);
  else if ('risesFasterThan' in condition || 'fallsFasterThan' in condition) {
    const windowMs = condition.windowMs ?? DEFAULT_RATE_WINDOW_MS;
    out.set(condition.path, Math.max(out.get(condition.path) ?? 0, windowMs));
  }
  return out;
}

/** Whether a condition uses graph context (its verdict depends on other twins' values). */
export function usesRelated(condition: Condition): boolean {
  if ('all' in condition) return condition.all.some(usesRelated);
  if ('any' in condition) return condition.any.some(usesRelated);
  if ('not' in condition) return usesRelated(condition.not);
  return 'related' in condition;
}
