import type { Condition, NoDataCondition, RateCondition, RelatedCondition, ThresholdCondition } from './rule-types.js';

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
}

/**
 * Per (rule, twin) memory of the threshold leaves that are true, for hysteresis: keyed by the
 * leaf's position in the condition tree and the twin it was evaluated on (a related twin).
 */
export type HysteresisMemory = Set<string>;

export interface Verdict {
  readonly holds: boolean;
  /** Why, for the alert's message ("temperature 29.4 > 28"). */
  readonly reason: string;
  /** When time alone could change the verdict (a staleness deadline), if ever. */
  readonly recheckAtMs?: number;
}

export const DEFAULT_RATE_WINDOW_MS = 60_000;

const formatNumber = (value: number): string => String(Math.round(value * 1_000) / 1_000);

/** Evaluates `condition` for `twinId`; `at` names the leaf positions ("0.1.0") for hysteresis. */
export function evaluate(
  condition: Condition,
  twinId: string,
  context: ConditionContext,
  memory: HysteresisMemory,
  at = '0',
): Verdict {
  if ('all' in condition || 'any' in condition) {
    const all = 'all' in condition;
    const parts = all ? condition.all : condition.any;
    const verdicts = parts.map((part, i) => evaluate(part, twinId, context, memory, `${at}.${i}`));
    const holds = all ? verdicts.every((v) => v.holds) : verdicts.some((v) => v.holds);
    const deciding = verdicts.filter((v) => v.holds === holds);
    return {
      holds,
      reason: deciding.map((v) => v.reason).join(all === holds ? ' and ' : ' or '),
      ...soonest(verdicts),
    };
  }
  if ('not' in condition) {
    const inner = evaluate(condition.not, twinId, context, memory, `${at}.0`);
    return { holds: !inner.holds, reason: `not (${inner.reason})`, ...soonest([inner]) };
  }
  if ('related' in condition) return evaluateRelated(condition, twinId, context, memory, at);
  if ('noDataForMs' in condition) return evaluateNoData(condition, twinId, context);
  if ('risesFasterThan' in condition || 'fallsFasterThan' in condition) return evaluateRate(condition, twinId, context);
  return evaluateThreshold(condition, twinId, context, memory, at);
}

function soonest(verdicts: readonly Verdict[]): { recheckAtMs?: number } {
  let at: number | undefined;
  for (const verdict of verdicts) {
    if (verdict.recheckAtMs !== undefined && (at === undefined || verdict.recheckAtMs < at)) at = verdict.recheckAtMs;
  }
  return at === undefined ? {} : { recheckAtMs: at };
}

function evaluateThreshold(
  condition: ThresholdCondition,
  twinId: string,
  context: ConditionContext,
  memory: HysteresisMemory,
  at: string,
): Verdict {
  const value = context.valueOf(twinId, condition.path);
  const key = `${at}|${twinId}`;
  if (typeof value !== 'number') {
    memory.delete(key);
    return { holds: false, reason: `${condition.path} has no numeric value` };
  }
  // Once true, the threshold moves back by the hysteresis: the value must come back past it.
  const band = memory.has(key) ? (condition.hysteresis ?? 0) : 0;
  const high = condition.above !== undefined && value > condition.above - band;
  const low = condition.below !== undefined && value < condition.below + band;
  const holds = high || low;
  if (holds) memory.add(key);
  else memory.delete(key);
  const shown = formatNumber(value);
  if (high) return { holds, reason: `${condition.path} ${shown} > ${formatNumber(condition.above as number)}` };
  if (low) return { holds, reason: `${condition.path} ${shown} < ${formatNumber(condition.below as number)}` };
  const bounds = [
    condition.below === undefined ? undefined : `≥ ${formatNumber(condition.below)}`,
    condition.above === undefined ? undefined : `≤ ${formatNumber(condition.above)}`,
  ].filter((part) => part !== undefined);
  return { holds, reason: `${condition.path} ${shown} ${bounds.join(' and ')}` };
}

function evaluateRate(condition: RateCondition, twinId: string, context: ConditionContext): Verdict {
  const rate = context.rateOf(twinId, condition.path, condition.windowMs ?? DEFAULT_RATE_WINDOW_MS);
  if (rate === undefined) return { holds: false, reason: `${condition.path} has too few samples for a rate` };
  const rising = condition.risesFasterThan !== undefined && rate > condition.risesFasterThan;
  const falling = condition.fallsFasterThan !== undefined && rate < -condition.fallsFasterThan;
  return { holds: rising || falling, reason: `${condition.path} changes ${formatNumber(rate)} per minute` };
}

function evaluateNoData(condition: NoDataCondition, twinId: string, context: ConditionContext): Verdict {
  const received = context.lastReceivedMs(twinId, condition.path);
  // Never received: silent since the rule started watching (not an alert the moment it is made).
  const last = received ?? context.watchingSinceMs;
  const silentMs = context.nowMs - last;
  if (silentMs >= condition.noDataForMs) {
    const silence = `nothing for ${Math.round(silentMs / 1_000)} s`;
    return { holds: true, reason: `${condition.path}: ${received === undefined ? 'never received, ' : ''}${silence}` };
  }
  return {
    holds: false,
    reason:
      received === undefined
        ? `${condition.path}: nothing yet`
        : `${condition.path} received ${Math.round(silentMs / 1_000)} s ago`,
    recheckAtMs: last + condition.noDataForMs,
  };
}

function evaluateRelated(
  condition: RelatedCondition,
  twinId: string,
  context: ConditionContext,
  memory: HysteresisMemory,
  at: string,
): Verdict {
  const others = context.related(twinId, condition.related, condition.direction, condition.model);
  if (others.length === 0) return { holds: false, reason: `no twin related by ${condition.related}` };
  const verdicts = others.map((other) => ({
    other,
    verdict: evaluate(condition.condition, other, context, memory, `${at}.r`),
  }));
  const holds =
    condition.match === 'any'
      ? verdicts.some(({ verdict }) => verdict.holds)
      : verdicts.every(({ verdict }) => verdict.holds);
  const deciding = verdicts.find(({ verdict }) => verdict.holds === holds) ?? verdicts[0];
  return {
    holds,
    reason: deciding === undefined ? '' : `${deciding.other}: ${deciding.verdict.reason}`,
    ...soonest(verdicts.map(({ verdict }) => verdict)),
  };
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
